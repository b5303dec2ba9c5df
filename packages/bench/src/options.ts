/** Command-line options of `pnpm bench`, their defaults, and the usage text. */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_ROOT } from './paths';
import { SERVER_KINDS, type ServerKind } from './servers/server-kinds';
import { ROW_DESCRIPTIONS, ROW_NAMES, WORKLOAD_NAMES, type WorkloadName } from './workloads';

/** Everything a bench run is configured by (recorded in the results file). */
export interface BenchOptions {
  readonly quick: boolean;
  readonly big: boolean;
  /** A B rounds per workload; figures are medians over rounds. */
  readonly rounds: number;
  readonly warmupMs: number;
  readonly durationMs: number;
  readonly workloads: readonly WorkloadName[];
  readonly servers: readonly ServerKind[];
  /** Generator processes; sessions are spread over them. */
  readonly generators: number;
  /** Sessions of the pipelined workloads. */
  readonly sessions: number;
  /** Requests in flight per session in the pipelined workloads. */
  readonly window: number;
  /** Existing znodes for set/get/exists/mixed. */
  readonly keys: number;
  readonly dataBytes: number;
  /** Sessions watching the one znode in fan-out. */
  readonly watchers: number;
  /** Parallel connect/close loops in churn. */
  readonly churnParallel: number;
  /** Whether to measure memory, recovery and concurrent sessions. */
  readonly capacity: boolean;
  /** Znode counts at which memory and recovery are measured. */
  readonly znodeCounts: readonly number[];
  /** Concurrent session counts to hold. */
  readonly sessionCounts: readonly number[];
  /** Where latest.json, latest.svg and latest.md go. */
  readonly outDir: string;
  /** Where the servers' data dirs go (both on the same disk). */
  readonly dataDir: string;
  /** Paddock runs with `node --cpu-prof` writing its profiles here; null for no profiling. */
  readonly paddockCpuProfileDir: string | null;
}

/** The result of parsing argv: options to run with, or text to print and exit with. */
export type ParsedArgs = { readonly kind: 'run'; readonly options: BenchOptions } | { readonly kind: 'help'; readonly text: string };

const DEFAULT_OUT_DIR = join(BENCH_ROOT, 'bench-results');
const DEFAULT_DATA_DIR = join(BENCH_ROOT, '.data');

/** Usage text for --help. */
export function usage(): string {
  const rows = ROW_NAMES.map((row) => `  ${row.padEnd(11)} ${ROW_DESCRIPTIONS[row]}`).join('\n');
  return `usage: pnpm bench [options]

Runs Paddock and Apache ZooKeeper side by side on this machine and prints each figure for both
with the ratio Paddock/ZooKeeper. Writes <out>/latest.json, latest.svg and latest.md.

  --quick               about a minute: short phases, fewer znodes and sessions
  --big                 also measure memory and recovery at 1M znodes
  --rounds N            A B rounds per workload, medians reported (default 2)
  --warmup-ms N         warm-up per phase (default 1000; quick 250)
  --duration-ms N       measured time per phase (default 5000; quick 750)
  --workloads a,b       among ${WORKLOAD_NAMES.join(', ')}
  --servers a,b         among ${SERVER_KINDS.join(', ')} (default both)
  --generators N        load generator processes (default 1)
  --sessions N          sessions of the pipelined workloads (default 16)
  --window N            requests in flight per session (default 16)
  --keys N              existing znodes for set/get/exists/mixed (default 1000)
  --watchers N          sessions watching one znode in fan-out (default 128)
  --churn N             parallel connect/close loops in churn (default 16)
  --znodes a,b          znode counts for memory and recovery (default 100000; quick 20000)
  --session-counts a,b  concurrent sessions to hold (default 1000,10000; quick 1000)
  --no-capacity         skip memory, recovery and concurrent sessions
  --out DIR             results directory (default packages/bench/bench-results)
  --data-dir DIR        servers' data directories (default packages/bench/.data)
  --paddock-cpu-prof DIR  run Paddock under node --cpu-prof, one .cpuprofile per server process in DIR

Rows:
${rows}
`;
}

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} wants a positive integer, got ${JSON.stringify(raw)}`);
  return n;
}

function intList(name: string, raw: string | undefined, fallback: readonly number[]): readonly number[] {
  if (raw === undefined) return fallback;
  const list = raw.split(',').map((item) => positiveInt(name, item.trim(), 0));
  return [...list].sort((a, b) => a - b);
}

function choiceList<T extends string>(name: string, raw: string | undefined, allowed: readonly T[]): readonly T[] {
  if (raw === undefined) return allowed;
  const chosen = raw.split(',').map((item) => item.trim()).filter((item) => item !== '');
  for (const item of chosen) {
    if (!(allowed as readonly string[]).includes(item)) {
      throw new Error(`--${name}: unknown ${JSON.stringify(item)} (choose among ${allowed.join(', ')})`);
    }
  }
  // Keep the canonical order, whatever order they were given in.
  return allowed.filter((item) => chosen.includes(item));
}

/** Parses `argv` (without node and script); throws with a readable message on bad input. */
export function parseOptions(argv: readonly string[]): ParsedArgs {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      help: { type: 'boolean', short: 'h' },
      quick: { type: 'boolean' },
      big: { type: 'boolean' },
      rounds: { type: 'string' },
      'warmup-ms': { type: 'string' },
      'duration-ms': { type: 'string' },
      workloads: { type: 'string' },
      servers: { type: 'string' },
      generators: { type: 'string' },
      sessions: { type: 'string' },
      window: { type: 'string' },
      keys: { type: 'string' },
      watchers: { type: 'string' },
      churn: { type: 'string' },
      znodes: { type: 'string' },
      'session-counts': { type: 'string' },
      'no-capacity': { type: 'boolean' },
      out: { type: 'string' },
      'data-dir': { type: 'string' },
      'paddock-cpu-prof': { type: 'string' },
    },
  });
  if (values.help === true) return { kind: 'help', text: usage() };
  const quick = values.quick === true;
  const big = values.big === true;
  const defaultZnodes = quick ? [20_000] : [100_000];
  const znodeCounts = intList('znodes', values.znodes, big ? [...defaultZnodes, 1_000_000] : defaultZnodes);
  return {
    kind: 'run',
    options: {
      quick,
      big,
      rounds: positiveInt('rounds', values.rounds, 2),
      warmupMs: positiveInt('warmup-ms', values['warmup-ms'], quick ? 250 : 1000),
      durationMs: positiveInt('duration-ms', values['duration-ms'], quick ? 750 : 5000),
      workloads: choiceList('workloads', values.workloads, WORKLOAD_NAMES),
      servers: choiceList('servers', values.servers, SERVER_KINDS),
      generators: positiveInt('generators', values.generators, 1),
      sessions: positiveInt('sessions', values.sessions, 16),
      window: positiveInt('window', values.window, 16),
      keys: positiveInt('keys', values.keys, 1000),
      dataBytes: 100,
      watchers: positiveInt('watchers', values.watchers, 128),
      churnParallel: positiveInt('churn', values.churn, 16),
      capacity: values['no-capacity'] !== true,
      znodeCounts,
      sessionCounts: intList('session-counts', values['session-counts'], quick ? [1000] : [1000, 10_000]),
      outDir: values.out ?? DEFAULT_OUT_DIR,
      dataDir: values['data-dir'] ?? DEFAULT_DATA_DIR,
      paddockCpuProfileDir: values['paddock-cpu-prof'] ?? null,
    },
  };
}
