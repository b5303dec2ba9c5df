/**
 * A job is one generator process's share of a load phase, as plain data so that it can cross
 * process boundaries: it opens its sessions, runs the phase, closes its sessions (untimed) and
 * returns what it measured.
 */
import { runChurn } from './churn';
import { runClosedLoop } from './closed-loop';
import { closeCrowd } from './crowd';
import { runFanOut } from './fan-out';
import type { LoadPhase, PhaseResult } from './measurement';
import { payload } from './requests';
import { BenchSession, type SessionOptions } from './session';
import { makeSource, type SourceSpec } from './sources';

/** The server a job talks to. */
export interface Target {
  readonly host: string;
  readonly port: number;
  readonly sessionTimeoutMs: number;
  readonly connectTimeoutMs: number;
  /** An ensemble's client ports: session i of a job connects to `ports[i % length]` instead of `port`. */
  readonly ports?: readonly number[];
}

/** One generator process's share of a phase. */
export type Job =
  | { readonly kind: 'requests'; readonly target: Target; readonly sessions: number; readonly window: number; readonly source: SourceSpec; readonly phase: LoadPhase }
  | { readonly kind: 'fan-out'; readonly target: Target; readonly watchers: number; readonly path: string; readonly dataBytes: number; readonly phase: LoadPhase }
  | { readonly kind: 'churn'; readonly target: Target; readonly parallel: number; readonly phase: LoadPhase };

/** What a job measured, plus how many requests each of its sessions issued (closed loop only). */
export interface JobResult {
  readonly phase: PhaseResult;
  readonly issued: readonly number[];
}

/** How many sessions are closed at once after a phase. */
const CLOSE_PARALLEL = 64;

/** Runs `job` in this process. */
export async function runJob(job: Job): Promise<JobResult> {
  switch (job.kind) {
    case 'requests': {
      const sessions = await openSessions(job.target, job.sessions, job.window);
      try {
        const { issued, ...phase } = await runClosedLoop(sessions, job.window, makeSource(job.source, sessions.length), job.phase);
        return { phase, issued };
      } finally {
        await closeCrowd(sessions, CLOSE_PARALLEL);
      }
    }
    case 'fan-out': {
      const sessions = await openSessions(job.target, job.watchers + 1, 1);
      try {
        const [writer, ...watchers] = sessions;
        const phase = await runFanOut(writer!, watchers, job.path, payload(job.dataBytes), job.phase);
        return { phase, issued: [] };
      } finally {
        await closeCrowd(sessions, CLOSE_PARALLEL);
      }
    }
    case 'churn':
      return { phase: await runChurn(sessionOptions(job.target, 1), job.parallel, job.phase), issued: [] };
  }
}

function sessionOptions(target: Target, maxInFlight: number, index = 0): SessionOptions {
  const { ports, ...rest } = target;
  return { ...rest, port: ports === undefined ? target.port : ports[index % ports.length]!, maxInFlight };
}

/** Opens `count` sessions indexed 0..count-1; if any fails, aborts the others and throws. */
async function openSessions(target: Target, count: number, window: number): Promise<BenchSession[]> {
  const settled = await Promise.allSettled(Array.from({ length: count }, (_, i) => BenchSession.open(sessionOptions(target, window, i), i)));
  const sessions = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failure !== undefined) {
    for (const session of sessions) session.abort('another session failed to open');
    throw new Error(`could not open ${count} sessions: ${(failure.reason as Error).message}`);
  }
  return sessions;
}
