import { failoverSound, formatFailover, runFailover } from './failover/run-failover.js';
import { kazooProblem } from './workload/kazoo-executor.js';
import { killEverything, onSignalCleanup } from '@paddock/process-kit';
import { parseOptions, USAGE, type CliCommand } from './options.js';
import { exitCodeOf, formatReport } from './report.js';
import { runChaos } from './run-chaos.js';

/** Time allowed beyond the fault phase: startup, heal, session expiry, final reads, shutdown. */
const OVERHEAD_MS = 4 * 60_000;

async function main(): Promise<number> {
  let command: CliCommand;
  try {
    command = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`chaos: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (command.command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const problem = kazooProblem();
  if (problem !== undefined) {
    process.stderr.write(`chaos: ${problem}\n`);
    return 2;
  }
  const log = (line: string): void => void process.stdout.write(`${line}\n`);
  if (command.command === 'failover') {
    armHardDeadline(6 * 60_000);
    const results = await runFailover({ members: command.members, log });
    log(formatFailover(results));
    return failoverSound(results) ? 0 : 1;
  }
  const faultPhaseMs = Math.round(command.minutes * 60_000);
  armHardDeadline(faultPhaseMs + OVERHEAD_MS);
  log(`seed ${command.seed}`);
  const report = await runChaos({
    servers: command.servers,
    members: command.members,
    seed: command.seed,
    faultPhaseMs,
    tickTime: 500,
    paddockWorkers: 4,
    kazooWorkers: 1,
    log,
  });
  log(formatReport(report));
  return exitCodeOf(report);
}

onSignalCleanup((signal, killed) => {
  if (killed > 0) process.stderr.write(`\nchaos: ${signal}: killed ${killed} process group(s) and removed temporary data\n`);
});

/** Whatever happens, the run ends by itself: past the deadline everything is killed. */
function armHardDeadline(ms: number): void {
  setTimeout(() => {
    process.stderr.write(`chaos: hard deadline of ${Math.round(ms / 1000)} s reached; killing everything\n`);
    killEverything();
    process.exit(4);
  }, ms).unref();
}

main().then(
  (code) => {
    killEverything();
    process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(`chaos: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    killEverything();
    process.exit(1);
  },
);
