import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../src/cli.ts', import.meta.url));

function sim(...args: string[]): { status: number | null; stdout: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout };
}

describe('pnpm sim --determinism', () => {
  it('runs one seed twice and reports the same trace hash', () => {
    const r = sim('--seed', '3', '--steps', '400', '--ensemble', '--determinism');
    expect(r.stdout).toContain('determinism: the same trace hash on a second run');
    expect(r.stdout).toContain('PASS');
    expect(r.status).toBe(0);
  });

  it('runs a range of seeds twice each, with no seed flagged nondeterministic', () => {
    const r = sim('--seeds', '1..4', '--steps', '400', '--determinism');
    expect(r.stdout).toMatch(/ran 4 seeds in .* 0 failed/);
    expect(r.stdout).not.toContain('nondeterministic');
    expect(r.status).toBe(0);
  });

  it('prints the trace hash a second plain run reproduces', () => {
    const hashOf = (out: string) => /trace hash ([0-9a-f]{16})/.exec(out)?.[1];
    const first = hashOf(sim('--seed', '9', '--steps', '300').stdout);
    expect(first).toMatch(/^[0-9a-f]{16}$/);
    expect(hashOf(sim('--seed', '9', '--steps', '300').stdout)).toBe(first);
  });
});
