/**
 * `pnpm sim --seed N [--steps S] [--ensemble]` runs one seed; `pnpm sim --seeds A..B [--steps S]
 * [--ensemble]` runs a range and summarizes. Without `--ensemble` a seed drives one standalone
 * server; with it, an ensemble of 3 or 5 voters (and maybe an observer) under faults, its shape
 * drawn from the seed. Prints `SEED=N` first, then the commit and the drawn options. On a broken
 * rule: the rule, its witness, the last trace lines and the command that reproduces it, and exit
 * code 1.
 *
 * `--planted NAME` switches a planted bug on (core `planted-bugs.ts`) and turns the question
 * around: how many seeds catch it, and which first, with the rule it broke. Exit code 0 when
 * some seed caught it, 1 when none did.
 */
import { execFileSync } from 'node:child_process';
import { isPlantedBug, PLANTED_BUG_DESCRIPTIONS, PLANTED_BUGS, type PlantedBug } from '@paddock/core';
import { Violation } from './check/violation';
import { addCounts, COUNTER_NAMES, freshCounts } from './counters';
import { addEnsembleCounts, ENSEMBLE_COUNTER_NAMES, freshEnsembleCounts } from './ensemble/ensemble-counts';
import { describeEnsembleOptions } from './ensemble/ensemble-options';
import { runEnsembleSeed } from './ensemble/run-ensemble';
import { describeOptions, DEFAULT_STEPS } from './options';
import { runSeed } from './run';

interface CliArgs {
  readonly seeds: readonly number[];
  readonly steps: number;
  readonly single: boolean;
  readonly ensemble: boolean;
  readonly planted: PlantedBug | null;
  /** Run every seed twice and fail a seed whose two trace hashes differ. */
  readonly determinism: boolean;
}

/** What the CLI prints of a run, standalone or ensemble alike. */
interface Outcome {
  readonly seed: number;
  readonly header: readonly string[];
  readonly steps: number;
  readonly virtualMs: number;
  readonly traceHash: string;
  readonly counts: Readonly<Record<string, number>>;
  readonly violation: Violation | null;
  readonly traceTail: readonly string[];
}

/** Runs seeds of one kind and sums their counts. */
interface Mode {
  run(seed: number, steps: number, plantedBugs: ReadonlySet<PlantedBug>): Outcome;
  readonly counterNames: readonly string[];
  freshTotal(): Record<string, number>;
  add(total: Record<string, number>, counts: Readonly<Record<string, number>>): void;
}

const STANDALONE: Mode = {
  run(seed, steps, plantedBugs) {
    const r = runSeed(seed, { steps, overrides: { plantedBugs } });
    return { ...r, header: [`options ${describeOptions(r.options)}`] };
  },
  counterNames: COUNTER_NAMES,
  freshTotal: () => freshCounts(),
  add: (total, counts) => addCounts(total as ReturnType<typeof freshCounts>, counts as ReturnType<typeof freshCounts>),
};

const ENSEMBLE: Mode = {
  run(seed, steps, plantedBugs) {
    const r = runEnsembleSeed(seed, { steps, plantedBugs });
    return { ...r, header: [`options ${describeOptions(r.options)}`, `ensemble ${describeEnsembleOptions(r.ensemble)}`] };
  },
  counterNames: ENSEMBLE_COUNTER_NAMES,
  freshTotal: () => freshEnsembleCounts(),
  add: (total, counts) => addEnsembleCounts(total as ReturnType<typeof freshEnsembleCounts>, counts as ReturnType<typeof freshEnsembleCounts>),
};

const USAGE = [
  'usage: pnpm sim --seed N | --seeds A..B [--steps S] [--ensemble] [--planted NAME] [--determinism]',
  '  --determinism   run every seed twice and fail any seed whose trace hashes differ',
  '  --planted NAME  switch a planted bug on and report which seeds catch it; NAME is one of:',
  ...PLANTED_BUGS.map((b) => `    ${b.padEnd(28)} ${PLANTED_BUG_DESCRIPTIONS[b]}`),
].join('\n');

/** A command line we cannot run: reported with the usage line, never as a stack trace. */
class UsageError extends Error {}

function parseArgs(argv: readonly string[]): CliArgs | 'help' {
  let seeds: number[] | null = null;
  let single = true;
  let steps = DEFAULT_STEPS;
  let ensemble = false;
  let planted: PlantedBug | null = null;
  let determinism = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') continue;
    if (arg === '--help' || arg === '-h') return 'help';
    if (arg === '--ensemble') {
      ensemble = true;
      continue;
    }
    if (arg === '--determinism') {
      determinism = true;
      continue;
    }
    const value = argv[i + 1];
    if (value === undefined) throw new UsageError(`${arg} needs a value`);
    if (arg === '--seed') {
      seeds = [parseSeed(value)];
    } else if (arg === '--seeds') {
      const m = /^(\d+)\.\.(\d+)$/.exec(value);
      if (!m) throw new UsageError(`--seeds takes A..B, got ${value}`);
      const [a, b] = [parseSeed(m[1]!), parseSeed(m[2]!)];
      if (b < a) throw new UsageError(`empty seed range ${value}`);
      seeds = Array.from({ length: b - a + 1 }, (_, k) => a + k);
      single = false;
    } else if (arg === '--steps') {
      steps = parseSeed(value);
    } else if (arg === '--planted') {
      if (!isPlantedBug(value)) throw new UsageError(`unknown planted bug ${value}; the planted bugs are ${PLANTED_BUGS.join(', ')}`);
      planted = value;
    } else {
      throw new UsageError(`unknown argument ${arg}`);
    }
    i++;
  }
  if (!seeds) throw new UsageError('give --seed N or --seeds A..B');
  return { seeds, steps, single, ensemble, planted, determinism };
}

function parseSeed(s: string): number {
  const n = Number(s);
  if (!Number.isSafeInteger(n) || n < 0) throw new UsageError(`not a non-negative integer: ${s}`);
  return n;
}

function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

function formatCounts(mode: Mode, c: Readonly<Record<string, number>>): string {
  return mode.counterNames.map((n) => `${n}=${c[n]}`).join(' ');
}

function tallyRules(failures: readonly Outcome[]): string {
  const byRule = new Map<string, number[]>();
  for (const f of failures) {
    const rule = f.violation!.rule;
    byRule.set(rule, [...(byRule.get(rule) ?? []), f.seed]);
  }
  return [...byRule].map(([rule, seeds]) => `${rule} ×${seeds.length} (seeds ${seeds.join(',')})`).join('; ');
}

function reportFailure(r: Outcome, args: CliArgs): void {
  const v = r.violation!;
  console.log(`FAIL seed=${r.seed} rule=${v.rule}`);
  console.log(`witness: ${v.witness}`);
  console.log(`last ${r.traceTail.length} trace lines:`);
  for (const line of r.traceTail) console.log(`  ${line}`);
  const planted = args.planted ? ` --planted ${args.planted}` : '';
  console.log(`reproduce: pnpm sim --seed ${r.seed} --steps ${args.steps}${args.ensemble ? ' --ensemble' : ''}${planted}${args.determinism ? ' --determinism' : ''}`);
}

/** With a planted bug, a broken rule is the goal: how many seeds caught it, and the first. */
function reportPlanted(bug: PlantedBug, seeds: number, caught: readonly Outcome[], args: CliArgs): number {
  if (caught.length === 0) {
    console.log(`planted ${bug}: NOT caught by any of ${seeds} seeds`);
    return 1;
  }
  const first = caught[0]!;
  console.log(`planted ${bug}: caught by ${caught.length} of ${seeds} seeds; first seed ${first.seed} broke ${first.violation!.rule}`);
  if (caught.length > 1) console.log(`catches by rule: ${tallyRules(caught)}`);
  reportFailure(first, args);
  return 0;
}

/**
 * Runs a seed; with `--determinism`, runs it again and turns differing trace hashes into the
 * run's violation (a simulator that reads a clock or iterates a hash order it does not own).
 */
function runChecked(mode: Mode, seed: number, args: CliArgs, plantedBugs: ReadonlySet<PlantedBug>): Outcome {
  const r = mode.run(seed, args.steps, plantedBugs);
  if (!args.determinism) return r;
  const again = mode.run(seed, args.steps, plantedBugs);
  if (again.traceHash === r.traceHash) return r;
  const witness = `trace hash ${r.traceHash} on the first run, ${again.traceHash} on the second (events ${r.steps} vs ${again.steps})`;
  return { ...r, violation: new Violation('nondeterministic', witness) };
}

function main(): number {
  let parsed: CliArgs | 'help';
  try {
    parsed = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`pnpm sim: ${error.message}\n${USAGE}`);
    return 2;
  }
  if (parsed === 'help') {
    console.log(USAGE);
    return 0;
  }
  const args = parsed;
  const mode = args.ensemble ? ENSEMBLE : STANDALONE;
  const plantedBugs: ReadonlySet<PlantedBug> = new Set(args.planted ? [args.planted] : []);
  const head = args.seeds[0]!;
  console.log(args.single ? `SEED=${head}` : `SEEDS=${head}..${args.seeds[args.seeds.length - 1]}`);
  console.log(`commit ${commit()}`);
  if (args.planted) console.log(`planted ${args.planted}: ${PLANTED_BUG_DESCRIPTIONS[args.planted]}`);
  if (args.single) {
    const r = runChecked(mode, head, args, plantedBugs);
    for (const line of r.header) console.log(line);
    console.log(`events=${r.steps} (busy phase ${args.steps}, then the ${args.ensemble ? 'liveness and ' : ''}quiet phase) virtualMs=${r.virtualMs}`);
    console.log(`counts ${formatCounts(mode, r.counts)}`);
    console.log(`trace hash ${r.traceHash}`);
    if (args.determinism && r.violation?.rule !== 'nondeterministic') console.log('determinism: the same trace hash on a second run');
    if (args.planted) return reportPlanted(args.planted, 1, r.violation ? [r] : [], args);
    if (r.violation) {
      reportFailure(r, args);
      return 1;
    }
    console.log('PASS');
    return 0;
  }
  const total = mode.freshTotal();
  const failures: Outcome[] = [];
  const started = performance.now();
  for (const seed of args.seeds) {
    const r = runChecked(mode, seed, args, plantedBugs);
    mode.add(total, r.counts);
    if (r.violation) {
      failures.push(r);
      if (!args.planted) console.log(`seed ${seed} FAIL ${r.violation.rule}: ${r.violation.witness}`);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(`ran ${args.seeds.length} seeds in ${seconds.toFixed(1)} s (${(args.seeds.length / seconds).toFixed(1)} seeds/s), ${failures.length} failed`);
  if (args.planted) {
    console.log(`counts ${formatCounts(mode, total)}`);
    return reportPlanted(args.planted, args.seeds.length, failures, args);
  }
  if (failures.length > 0) console.log(`failures by rule: ${tallyRules(failures)}`);
  console.log(`counts ${formatCounts(mode, total)}`);
  if (failures.length === 0) return 0;
  reportFailure(failures[0]!, args);
  return 1;
}

process.exitCode = main();
