/**
 * `pnpm sim --seed N [--steps S]` runs one seed; `pnpm sim --seeds A..B [--steps S]` runs a
 * range and summarizes. Prints `SEED=N` first, then the commit and the drawn options. On a
 * broken rule: the rule, its witness, the last trace lines and the command that reproduces it,
 * and exit code 1.
 */
import { execFileSync } from 'node:child_process';
import { addCounts, COUNTER_NAMES, freshCounts, type Counts } from './counters';
import { describeOptions, DEFAULT_STEPS } from './options';
import { runSeed, type RunResult } from './run';

interface CliArgs {
  readonly seeds: readonly number[];
  readonly steps: number;
  readonly single: boolean;
}

function parseArgs(argv: readonly string[]): CliArgs {
  let seeds: number[] | null = null;
  let single = true;
  let steps = DEFAULT_STEPS;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = argv[i + 1];
    if (arg === '--') continue;
    if (value === undefined) throw new Error(`${arg} needs a value`);
    if (arg === '--seed') {
      seeds = [parseSeed(value)];
    } else if (arg === '--seeds') {
      const m = /^(\d+)\.\.(\d+)$/.exec(value);
      if (!m) throw new Error(`--seeds takes A..B, got ${value}`);
      const [a, b] = [parseSeed(m[1]!), parseSeed(m[2]!)];
      if (b < a) throw new Error(`empty seed range ${value}`);
      seeds = Array.from({ length: b - a + 1 }, (_, k) => a + k);
      single = false;
    } else if (arg === '--steps') {
      steps = parseSeed(value);
    } else {
      throw new Error(`unknown argument ${arg}`);
    }
    i++;
  }
  if (!seeds) throw new Error('usage: pnpm sim --seed N | --seeds A..B [--steps S]');
  return { seeds, steps, single };
}

function parseSeed(s: string): number {
  const n = Number(s);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`not a non-negative integer: ${s}`);
  return n;
}

function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

function formatCounts(c: Counts): string {
  return COUNTER_NAMES.map((n) => `${n}=${c[n]}`).join(' ');
}

function tallyRules(failures: readonly RunResult[]): string {
  const byRule = new Map<string, number[]>();
  for (const f of failures) {
    const rule = f.violation!.rule;
    byRule.set(rule, [...(byRule.get(rule) ?? []), f.seed]);
  }
  return [...byRule].map(([rule, seeds]) => `${rule} ×${seeds.length} (seeds ${seeds.join(',')})`).join('; ');
}

function reportFailure(r: RunResult, steps: number): void {
  const v = r.violation!;
  console.log(`FAIL seed=${r.seed} rule=${v.rule}`);
  console.log(`witness: ${v.witness}`);
  console.log(`last ${r.traceTail.length} trace lines:`);
  for (const line of r.traceTail) console.log(`  ${line}`);
  console.log(`reproduce: pnpm sim --seed ${r.seed} --steps ${steps}`);
}

function main(): number {
  const args = parseArgs(process.argv.slice(2));
  const head = args.seeds[0]!;
  console.log(args.single ? `SEED=${head}` : `SEEDS=${head}..${args.seeds[args.seeds.length - 1]}`);
  console.log(`commit ${commit()}`);
  if (args.single) {
    const r = runSeed(head, { steps: args.steps });
    console.log(`options ${describeOptions(r.options)}`);
    console.log(`events=${r.steps} (busy phase ${r.options.steps}, then the quiet phase) virtualMs=${r.virtualMs}`);
    console.log(`counts ${formatCounts(r.counts)}`);
    console.log(`trace hash ${r.traceHash}`);
    if (r.violation) {
      reportFailure(r, args.steps);
      return 1;
    }
    console.log('PASS');
    return 0;
  }
  const total = freshCounts();
  const failures: RunResult[] = [];
  const started = performance.now();
  for (const seed of args.seeds) {
    const r = runSeed(seed, { steps: args.steps });
    addCounts(total, r.counts);
    if (r.violation) {
      failures.push(r);
      console.log(`seed ${seed} FAIL ${r.violation.rule}: ${r.violation.witness}`);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(`ran ${args.seeds.length} seeds in ${seconds.toFixed(1)} s (${(args.seeds.length / seconds).toFixed(1)} seeds/s), ${failures.length} failed`);
  if (failures.length > 0) console.log(`failures by rule: ${tallyRules(failures)}`);
  console.log(`counts ${formatCounts(total)}`);
  if (failures.length === 0) return 0;
  reportFailure(failures[0]!, args.steps);
  return 1;
}

process.exitCode = main();
