/**
 * Entry point of a generator process: runs the jobs the coordinator sends over IPC, one at a
 * time, and exits with its parent.
 */
import { runJob, type Job, type JobResult } from './jobs';

/** Coordinator to generator. */
export interface JobMessage {
  readonly id: number;
  readonly job: Job;
}

/** Generator to coordinator. */
export type GeneratorMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'done'; readonly id: number; readonly result: JobResult }
  | { readonly type: 'failed'; readonly id: number; readonly error: string };

const send = process.send?.bind(process);
if (send === undefined) {
  process.stderr.write('generator-main is started by the bench coordinator (it needs an IPC channel)\n');
  process.exit(2);
}
const reply = (message: GeneratorMessage): void => {
  send(message);
};

process.on('message', (message: JobMessage) => {
  runJob(message.job).then(
    (result) => reply({ type: 'done', id: message.id, result }),
    (error: unknown) => reply({ type: 'failed', id: message.id, error: (error as Error).message }),
  );
});
// The coordinator is gone (crashed or killed): nothing is left to report to.
process.on('disconnect', () => process.exit(0));
reply({ type: 'ready' });
