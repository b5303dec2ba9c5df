#!/usr/bin/env node
// Prints the plain closing line CI reads, `N passed, M failed, K skipped`, from vitest's JSON
// report, and exits non-zero when anything failed, when the test command itself failed (its
// exit status is the second argument), or when no test ran at all.
// Usage: node scripts/ci-summary.mjs [test-results/vitest.json] [test-command-exit-status]
import { existsSync, readFileSync } from 'node:fs';

const reportPath = process.argv[2] ?? 'test-results/vitest.json';
const commandStatus = Number(process.argv[3] ?? '0');

if (!existsSync(reportPath)) {
  console.log(`no test report at ${reportPath} (test command exit status ${commandStatus})`);
  console.log('0 passed, 1 failed, 0 skipped');
  process.exit(1);
}

const report = JSON.parse(readFileSync(reportPath, 'utf8'));
const SKIPPED = new Set(['skipped', 'pending', 'todo', 'disabled']);
let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];

for (const file of report.testResults ?? []) {
  const tests = file.assertionResults ?? [];
  for (const test of tests) {
    if (test.status === 'passed') passed += 1;
    else if (SKIPPED.has(test.status)) skipped += 1;
    else {
      failed += 1;
      failures.push(`${file.name}: ${test.fullName ?? test.title} (${test.status})`);
    }
  }
  // A file that failed to load or whose hooks failed has no failing test of its own: count it.
  if (file.status === 'failed' && !tests.some((t) => t.status === 'failed')) {
    failed += 1;
    failures.push(`${file.name}: ${String(file.message ?? 'suite failed').split('\n')[0]}`);
  }
}

for (const line of failures) console.log(`FAILED ${line}`);
if (commandStatus !== 0) console.log(`test command exited with status ${commandStatus}`);
if (passed + failed === 0) console.log('no test ran');
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || commandStatus !== 0 || passed + failed === 0 ? 1 : 0);
