/**
 * What limits a run's figures, in sentences for the report: servers that did not run, a
 * generator near a full core, error replies, capped tests, a busy or small machine, tmpfs.
 */
import { errorCount } from '../row-run';
import { SERVER_KINDS, SERVER_LABEL } from '../servers/server-kinds';
import type { BenchResults } from './results';

/** A generator process above this share of one core may be what limits throughput. */
const GENERATOR_BUSY_PCT = 85;

/** The notes for `results` (whose own `notes` are ignored). */
export function collectNotes(results: Omit<BenchResults, 'notes'>): string[] {
  const notes: string[] = [];
  for (const kind of SERVER_KINDS) {
    const status = results.servers[kind];
    if (!status.ran && status.problem !== null) notes.push(`${SERVER_LABEL[kind]} did not run: ${status.problem}`);
  }
  for (const f of results.failures) notes.push(`${f.what} failed on ${SERVER_LABEL[f.server]}: ${f.error}`);
  const busy = results.rows.flatMap((row) => row.rounds
    .filter((r) => r.run.generatorCpuPct >= GENERATOR_BUSY_PCT)
    .map((r) => `${row.row}/${SERVER_LABEL[r.server]} r${r.round + 1} ${r.run.generatorCpuPct.toFixed(0)} %`));
  if (busy.length > 0) {
    notes.push(`a generator process used ≥ ${GENERATOR_BUSY_PCT} % of a core in: ${busy.join(', ')}; those throughputs may be the generator's limit, not the server's (try --generators 2 on a machine with cores to spare)`);
  }
  for (const row of results.rows) {
    for (const r of row.rounds) {
      if (errorCount(r.run) > 0) notes.push(`${row.row} on ${SERVER_LABEL[r.server]} (round ${r.round + 1}) got error replies ${JSON.stringify(r.run.errors)}: its figures are suspect`);
    }
  }
  for (const kind of SERVER_KINDS) {
    for (const level of results.capacity[kind]?.sessions ?? []) {
      if (level.cappedBy !== null) notes.push(`${SERVER_LABEL[kind]}: the ${level.requested}-session test was capped at ${level.attempted} by ${level.cappedBy}`);
      const failed = Object.entries(level.failures);
      if (failed.length > 0) notes.push(`${SERVER_LABEL[kind]}: ${level.requested}-session test handshake failures ${JSON.stringify(Object.fromEntries(failed.slice(0, 3)))}`);
    }
  }
  const { cpus, loadAverage } = results.machine;
  if (cpus <= 2) notes.push(`only ${cpus} CPUs: the generator and the server under test share them, so every figure includes that contention (equally for both servers)`);
  if ((loadAverage[0] ?? 0) > cpus / 2) notes.push(`the machine was busy when the run started (1-minute load average ${loadAverage[0]!.toFixed(2)} on ${cpus} CPUs): expect noise between rounds`);
  if (results.dataDir.filesystem === 'tmpfs') notes.push('the data dirs are on tmpfs, where fsync costs nothing: durability is not what a disk would give; use --data-dir on a disk');
  return notes;
}
