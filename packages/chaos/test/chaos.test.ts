import { describe, expect, it } from 'vitest';
import { requireTool } from '../../../tests/harness/require-tool.js';
import { liveProcessCount } from '@paddock/process-kit';
import { exitCodeOf, formatReport } from '../src/report.js';
import { runChaos } from '../src/run-chaos.js';
import { kazooProblem } from '../src/workload/kazoo-executor.js';

// The short version of `pnpm chaos`: five real paddock-server processes, proxies between every
// pair, our client and kazoo writing, and a seeded nemesis for 40 s. Any anomaly, or any
// checker that could not decide, fails the test with the run's report.
const FAULT_PHASE_MS = 40_000;

describe('chaos: 5 Paddock members under faults', () => {
  if (!requireTool('kazoo (python3-kazoo)', () => kazooProblem() ?? true)) return;

  it('keeps every checked guarantee, and leaves no process behind', async () => {
    const seed = Number(process.env.PADDOCK_CHAOS_SEED ?? Math.floor(Math.random() * 1_000_000));
    const log: string[] = [];
    const report = await runChaos({
      servers: 'paddock',
      members: 5,
      seed,
      faultPhaseMs: FAULT_PHASE_MS,
      tickTime: 500,
      paddockWorkers: 3,
      kazooWorkers: 1,
      log: (line) => log.push(line),
    });
    const summary = `${formatReport(report)}\n--- run log ---\n${log.join('\n')}`;
    expect(report.faults.length, summary).toBeGreaterThan(2);
    expect(report.ops.ok, summary).toBeGreaterThan(200);
    expect(exitCodeOf(report), summary).toBe(0);
    expect(liveProcessCount()).toBe(0);
  }, FAULT_PHASE_MS + 200_000);
});
