import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../harness/index.js';

// scripts/ci-summary.mjs decides whether CI is green: its line and exit code for each case.

const dir = mkdtempSync(join(tmpdir(), 'ci-summary-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function summarize(report: unknown, status = '0'): { line: string; code: number | null; out: string } {
  const path = join(dir, `r${Math.random().toString(36).slice(2)}.json`);
  if (report !== undefined) writeFileSync(path, JSON.stringify(report));
  const run = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts/ci-summary.mjs'), path, status], { encoding: 'utf8' });
  const lines = run.stdout.trim().split('\n');
  return { line: lines[lines.length - 1]!, code: run.status, out: run.stdout };
}

const file = (name: string, statuses: string[], status = 'passed', message = '') => ({
  name,
  status,
  message,
  assertionResults: statuses.map((s, i) => ({ status: s, title: `t${i}`, fullName: `${name} t${i}` })),
});

describe('ci-summary', () => {
  it('counts passed, failed and skipped tests and fails on any failure', () => {
    const r = summarize({ testResults: [file('a', ['passed', 'passed', 'skipped']), file('b', ['failed', 'pending', 'todo'], 'failed')] }, '1');
    expect(r.line).toBe('2 passed, 1 failed, 3 skipped');
    expect(r.out).toContain('FAILED b: b t0 (failed)');
    expect(r.code).toBe(1);
  });

  it('is green only when everything passed and the command succeeded', () => {
    expect(summarize({ testResults: [file('a', ['passed', 'skipped'])] })).toMatchObject({ line: '1 passed, 0 failed, 1 skipped', code: 0 });
    expect(summarize({ testResults: [file('a', ['passed'])] }, '1')).toMatchObject({ line: '1 passed, 0 failed, 0 skipped', code: 1 });
  });

  it('counts a file that failed to load as a failure', () => {
    const r = summarize({ testResults: [file('broken', [], 'failed', 'SyntaxError: nope\nstack')] }, '1');
    expect(r.line).toBe('0 passed, 1 failed, 0 skipped');
    expect(r.out).toContain('FAILED broken: SyntaxError: nope');
    expect(r.code).toBe(1);
  });

  it('fails when no test ran or the report is missing', () => {
    expect(summarize({ testResults: [file('a', ['skipped'])] })).toMatchObject({ line: '0 passed, 0 failed, 1 skipped', code: 1 });
    expect(summarize(undefined, '1')).toMatchObject({ line: '0 passed, 1 failed, 0 skipped', code: 1 });
  });
});
