/**
 * `paddock-server --ensemble N`: runs an ensemble of N members on this machine, one
 * `paddock-server` process per member on 127.0.0.1, for development. Each member's log lines
 * go to stderr prefixed with its id; SIGINT or SIGTERM stops every member cleanly.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../logger';
import { writeLocalEnsemble, type LocalMember } from './local-ensemble';

/** The executable that runs one member (it registers the TypeScript loader itself). */
const SERVER_BIN = fileURLToPath(new URL('../../bin/paddock-server.mjs', import.meta.url));

/**
 * Ticks of 500 ms, so that elections (a notification round per tick) settle in a second or
 * two; the limits and session timeouts are those of ZooKeeper's tickTime=2000 sample in
 * seconds (initLimit 10 s, syncLimit 5 s, sessions 4 s to 40 s).
 */
const DEV_TIMING = {
  tickTimeMs: 500,
  initLimit: 20,
  syncLimit: 10,
  extraConfig: { minSessionTimeout: '4000', maxSessionTimeout: '40000' },
} as const;

export interface EnsembleLaunchOptions {
  /** Participants; 3 or 5 make sense (an even count tolerates no more failures than one fewer). */
  readonly size: number;
  /** Parent of the members' directories; default a new directory under the OS temp dir. */
  readonly dir: string | undefined;
  readonly logger: Logger;
}

/** Writes the members' files, starts them and resolves with the exit code once all have stopped. */
export async function runLocalEnsemble(options: EnsembleLaunchOptions): Promise<number> {
  const { logger } = options;
  const dir = options.dir === undefined ? await mkdtemp(join(tmpdir(), 'paddock-ensemble-')) : resolve(options.dir);
  const ensemble = await writeLocalEnsemble({ voters: options.size, dir, ...DEV_TIMING });
  logger.info(`ensemble of ${options.size} in ${dir}`);
  const children = ensemble.members.map((m) => startMember(m, logger));
  process.stdout.write(`${ensemble.connectString}\n`);
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal} received; stopping every member`);
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // Members run in their own process groups: if this process dies unexpectedly, take them along.
  process.once('exit', () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const codes = await Promise.all(children.map((child, i) => new Promise<number>((done) => {
    child.once('exit', (code, signal) => {
      const id = ensemble.members[i]!.id;
      if (!stopping) logger.warn(`server ${id} exited (${signal ?? `code ${code}`}); the others go on`);
      done(code ?? 1);
    });
  })));
  logger.info(`every member stopped; data left in ${dir}`);
  return stopping && codes.every((c) => c === 0) ? 0 : 1;
}

function startMember(m: LocalMember, logger: Logger): ChildProcess {
  // A member ignores the terminal's Ctrl-C (its own process group): the launcher stops it,
  // so that every member gets exactly one SIGTERM.
  const child = spawn(process.execPath, [SERVER_BIN, m.configPath], { stdio: ['ignore', 'inherit', 'pipe'], detached: true });
  const prefix = `[server.${m.id}] `;
  createInterface({ input: child.stderr! }).on('line', (line) => process.stderr.write(`${prefix}${line}\n`));
  logger.info(`server ${m.id}: pid ${child.pid}, clients on 127.0.0.1:${m.clientPort}, quorum port ${m.quorumPort}, config ${m.configPath}`);
  return child;
}
