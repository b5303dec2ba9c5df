/**
 * The simulator's teeth: every bug that can be planted in the core (core `planted-bugs.ts`) is
 * caught within its budget (`src/planted-budgets.ts`), and without the bug the same seeds pass,
 * so the catch is the planted bug's doing. A bug with no budget row fails here.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PLANTED_BUGS, type PlantedBug } from '@paddock/core';
import type { Violation } from '../src/check/violation';
import { runEnsembleSeed } from '../src/ensemble/run-ensemble';
import { PLANTED_BUDGETS, type PlantedBudget } from '../src/planted-budgets';
import { runSeed } from '../src/run';

function violationOf(budget: PlantedBudget, seed: number, plantedBugs: ReadonlySet<PlantedBug>): Violation | null {
  return budget.mode === 'ensemble'
    ? runEnsembleSeed(seed, { steps: budget.steps, plantedBugs }).violation
    : runSeed(seed, { steps: budget.steps, overrides: { plantedBugs } }).violation;
}

/** The first seed in 1..budget.seeds that breaks a rule with `bug` planted, and the rule. */
function firstCatch(bug: PlantedBug, budget: PlantedBudget): { seed: number; rule: string } | null {
  const planted = new Set([bug]);
  for (let seed = 1; seed <= budget.seeds; seed++) {
    const v = violationOf(budget, seed, planted);
    if (v) return { seed, rule: v.rule };
  }
  return null;
}

const CLI = fileURLToPath(new URL('../src/cli.ts', import.meta.url));

/** `pnpm sim ARGS`, as a child process: its exit code and output. */
function sim(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('pnpm sim --planted', () => {
  it('reports how many seeds caught the bug and the first with its rule, and exits 0', () => {
    const r = sim('--planted', 'commit-before-quorum', '--seeds', '1..2', '--ensemble', '--steps', '300');
    expect(r.stdout).toContain('planted commit-before-quorum: caught by 2 of 2 seeds; first seed 1 broke committed-without-quorum');
    expect(r.stdout).toContain('reproduce: pnpm sim --seed 1 --steps 300 --ensemble --planted commit-before-quorum');
    expect(r.status).toBe(0);
  });

  it('refuses an unknown name with the list of names, and --help describes every bug', () => {
    const bad = sim('--planted', 'no-such-bug', '--seeds', '1..2');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain(`unknown planted bug no-such-bug; the planted bugs are ${PLANTED_BUGS.join(', ')}`);
    const help = sim('--help');
    expect(help.status).toBe(0);
    for (const bug of PLANTED_BUGS) expect(help.stdout).toContain(bug);
  });
});

describe('planted bugs', () => {
  for (const bug of PLANTED_BUGS) {
    it(`${bug} is caught within its budget`, () => {
      const budget = PLANTED_BUDGETS[bug];
      expect(budget, `${bug} has no row in planted-budgets.ts`).toBeDefined();
      const caught = firstCatch(bug, budget!);
      expect(caught, `${bug}: no seed of 1..${budget!.seeds} (${budget!.mode}, ${budget!.steps} steps) caught it`).not.toBeNull();
    });
  }

  it('has no budget row for a bug that does not exist', () => {
    expect(Object.keys(PLANTED_BUDGETS).filter((name) => !(PLANTED_BUGS as readonly string[]).includes(name))).toEqual([]);
  });

  it('passes the same seeds with no bug planted', () => {
    // One clean run per (mode, steps, seed) that some budget covers.
    const widest = new Map<string, PlantedBudget>();
    for (const budget of Object.values(PLANTED_BUDGETS)) {
      const key = `${budget.mode}/${budget.steps}`;
      if ((widest.get(key)?.seeds ?? 0) < budget.seeds) widest.set(key, budget);
    }
    const none = new Set<PlantedBug>();
    for (const budget of widest.values()) {
      for (let seed = 1; seed <= budget.seeds; seed++) {
        expect(violationOf(budget, seed, none), `${budget.mode} seed ${seed} (${budget.steps} steps)`).toBeNull();
      }
    }
  });
});
