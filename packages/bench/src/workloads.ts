/**
 * The workloads of issue 6 and the result rows they produce. `create` yields two rows: the
 * timed creates, then the timed deletes of everything it created.
 */

/** Workloads, in the order they run and are reported. */
export const WORKLOAD_NAMES = [
  'create', 'set', 'get', 'exists', 'mixed', 'multi', 'fan-out', 'churn', 'serial-get', 'serial-set',
  'ensemble-set', 'ensemble-mixed',
] as const;
export type WorkloadName = (typeof WORKLOAD_NAMES)[number];

/** Result rows, in report order. */
export const ROW_NAMES = [
  'create', 'delete', 'set', 'get', 'exists', 'mixed', 'multi', 'fan-out', 'churn', 'serial-get', 'serial-set',
  'ensemble-set', 'ensemble-mixed',
] as const;
export type RowName = (typeof ROW_NAMES)[number];

/** What each row measures, for --help, the results file and the README. */
export const ROW_DESCRIPTIONS: Readonly<Record<RowName, string>> = {
  create: 'create of unique persistent znodes with 100-byte data; every session pipelines a window of requests',
  delete: 'delete of every znode the create row made, same sessions and window (runs until all are gone)',
  set: 'setData of 100 bytes on random keys among N existing znodes',
  get: 'getData on random keys among N existing znodes',
  exists: 'exists on random keys among N existing znodes',
  mixed: '90 % getData / 10 % setData on random keys among N existing znodes',
  multi: 'multi of 10 creates of unique znodes (one op = one multi = 10 znodes)',
  'fan-out': 'watchers each hold a data watch on one znode; one session sets it; one op = one notification, latency from setData sent to notification received',
  churn: 'parallel loops of connect + handshake + closeSession; one op = one whole session life',
  'serial-get': 'one session, one getData at a time: the latency floor of a read',
  'serial-set': 'one session, one setData at a time: the latency floor of a durable write',
  'ensemble-set': 'set on a 3-member ensemble of the same server on this machine, sessions spread over the members',
  'ensemble-mixed': 'mixed on a 3-member ensemble, sessions spread over the members (reads are answered by the member, writes go through the leader)',
};

/** Workloads run against a local 3-member ensemble of each server rather than a standalone one. */
export const ENSEMBLE_WORKLOADS: ReadonlySet<WorkloadName> = new Set(['ensemble-set', 'ensemble-mixed']);
