/**
 * Runs one tiny workload for about a second against a real Apache ZooKeeper, end to end: the
 * server is started with setsid, a generator process is forked, the results are written. Skipped
 * loudly when the `zookeeper` package is missing, except in CI (CI=true), where that fails.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseOptions } from '../src/options';
import { BENCH_ROOT } from '../src/paths';
import { writeResults } from '../src/report/write-results';
import { runBench } from '../src/run-bench';
import { zooKeeperAvailability } from '../src/servers/server-kinds';

const zookeeper = zooKeeperAvailability();
const inCi = process.env.CI === 'true';
if (!zookeeper.available && !inCi) {
  console.warn(`\n*** bench smoke test SKIPPED: ${zookeeper.reason} ***\n`);
}

describe.skipIf(!zookeeper.available && !inCi)('pnpm bench against a real ZooKeeper', () => {
  // The data dir sits next to where the bench keeps it by default: on a disk, not tmpfs.
  const workDir = mkdtempSync(join(BENCH_ROOT, '.data-smoke-'));
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it('measures one workload for about a second and writes its results', async () => {
    if (!zookeeper.available) throw new Error(`CI=true but the reference server is missing: ${zookeeper.reason}`);
    const parsed = parseOptions([
      '--servers', 'zookeeper', '--workloads', 'get', '--rounds', '1', '--warmup-ms', '200', '--duration-ms', '800',
      '--sessions', '4', '--window', '8', '--keys', '50', '--no-capacity',
      '--out', join(workDir, 'out'), '--data-dir', join(workDir, 'data'),
    ]);
    if (parsed.kind !== 'run') throw new Error('options did not parse to a run');
    const lines: string[] = [];
    const results = await runBench(parsed.options, (line) => lines.push(line));

    expect(results.servers.zookeeper.ran).toBe(true);
    expect(results.failures).toEqual([]);
    const get = results.rows.find((r) => r.row === 'get')?.median.zookeeper;
    expect(get).toBeDefined();
    expect(get!.opsPerSec).toBeGreaterThan(100);
    expect(get!.errors).toBe(0);
    expect(get!.p50Ms).toBeGreaterThan(0);
    expect(get!.p99Ms).toBeGreaterThanOrEqual(get!.p50Ms);
    expect(get!.generatorCpuPct).toBeGreaterThan(0);
    expect(lines.some((l) => l.includes('ZooKeeper') && l.includes('serving on 127.0.0.1'))).toBe(true);
    // The run's server data dirs are removed once it ends; only the results remain.
    expect(readdirSync(join(workDir, 'data'))).toEqual([]);
    expect(results.dataDir.filesystem).not.toBe('unknown');

    const files = writeResults(results, parsed.options.outDir);
    const written = JSON.parse(readFileSync(files.json, 'utf8')) as typeof results;
    expect(written.rows[0]?.row).toBe('get');
    expect(readFileSync(files.svg, 'utf8')).toContain('<svg');
    expect(readFileSync(files.markdown, 'utf8')).toContain('| get | ops/s |');
  });
});
