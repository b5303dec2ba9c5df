import { describe, expect, it } from 'vitest';
import type { BenchResults } from '../src/report/results';
import { formatMarkdownTable, formatRatio, formatTextTable, formatValue, tableRows, type TableRow } from '../src/report/table';

const row = (values: TableRow['values'], better: TableRow['better'], unit: TableRow['unit'] = 'rate'): TableRow =>
  ({ group: 'get', figure: 'ops/s', values, better, unit });

describe('formatRatio', () => {
  it('divides Paddock by ZooKeeper and marks the target by direction', () => {
    expect(formatRatio(row({ paddock: 300, zookeeper: 100 }, 'higher'))).toBe('3.00× ✓');
    expect(formatRatio(row({ paddock: 50, zookeeper: 100 }, 'higher'))).toBe('0.50× ✗');
    expect(formatRatio(row({ paddock: 2, zookeeper: 4 }, 'lower', 'ms'))).toBe('0.50× ✓');
    expect(formatRatio(row({ paddock: 4, zookeeper: 4 }, 'lower', 'ms'))).toBe('1.00× ✓');
    expect(formatRatio(row({ paddock: 41, zookeeper: 2 }, 'lower', 'ms'))).toBe('20.5× ✗');
    expect(formatRatio(row({ paddock: 10, zookeeper: 20 }, null, 'pct'))).toBe('0.50×');
  });

  it('gives no ratio when a side is missing or zero', () => {
    expect(formatRatio(row({ zookeeper: 100 }, 'higher'))).toBe('–');
    expect(formatRatio(row({ paddock: 100 }, 'higher'))).toBe('–');
    expect(formatRatio(row({ paddock: 1, zookeeper: 0 }, 'higher'))).toBe('–');
    expect(formatRatio(row({ paddock: Number.NaN, zookeeper: 1 }, 'higher'))).toBe('–');
  });
});

describe('formatValue', () => {
  it('prints each unit readably', () => {
    expect(formatValue(123456.7, 'rate')).toBe('123,457');
    expect(formatValue(0.0816, 'ms')).toBe('0.082');
    expect(formatValue(4.567, 'ms')).toBe('4.57');
    expect(formatValue(45.67, 'ms')).toBe('45.7');
    expect(formatValue(1234.5, 'ms')).toBe('1,235');
    expect(formatValue(87.4, 'pct')).toBe('87 %');
    expect(formatValue(3 * 2 ** 20, 'mib')).toBe('3.0');
    expect(formatValue(undefined, 'ms')).toBe('–');
  });
});

const figures = (opsPerSec: number, p99Ms: number) => ({
  rounds: 2, opsPerSec, p50Ms: p99Ms / 4, p90Ms: p99Ms / 2, p99Ms, p999Ms: p99Ms * 2, generatorCpuPct: 20, serverCpuPct: 80, errors: 0,
});

const results = {
  rows: [
    { row: 'get', description: '', rounds: [], median: { paddock: figures(200_000, 2), zookeeper: figures(100_000, 4) } },
    { row: 'churn', description: '', rounds: [], median: { zookeeper: figures(2000, 20) } },
  ],
  capacity: {
    paddock: {
      idleRssBytes: 80 * 2 ** 20,
      memory: [{ znodes: 100_000, loadOpsPerSec: 40_000, rssBytes: 120 * 2 ** 20, bytesPerZnode: 400, dataDirBytes: 2 ** 20, stopMs: 10, restart: { ruokMs: 300, servingMs: 310 }, rssAfterRestartBytes: 110 * 2 ** 20 }],
      sessions: [{ requested: 1000, attempted: 1000, cappedBy: null, opened: 1000, held: 1000, failures: {}, openMs: 200, rssBytes: 130 * 2 ** 20 }],
    },
  },
} as unknown as BenchResults;

describe('tables', () => {
  it('lists each figure per workload, then capacity, with ratios', () => {
    const rows = tableRows(results);
    const get = rows.filter((r) => r.group === 'get');
    expect(get.map((r) => r.figure)).toEqual(['ops/s', 'p50 ms', 'p90 ms', 'p99 ms', 'p99.9 ms', 'generator CPU', 'server CPU']);
    expect(formatRatio(get[0]!)).toBe('2.00× ✓');
    expect(formatRatio(get.find((r) => r.figure === 'p99 ms')!)).toBe('0.50× ✓');
    expect(formatRatio(rows.find((r) => r.group === 'churn')!)).toBe('–');
    expect(rows.find((r) => r.figure === 'bytes/znode')!.values).toEqual({ paddock: 400 });
    expect(rows.find((r) => r.group === '1,000 sessions' && r.figure === 'held')!.values).toEqual({ paddock: 1000 });
  });

  it('aligns the text table and names each group once', () => {
    const text = formatTextTable(tableRows(results));
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^Workload\s+Figure\s+Paddock\s+ZooKeeper\s+Paddock\/ZooKeeper$/);
    expect(lines[1]).toMatch(/^-+( +-+){4}$/);
    expect(lines.filter((l) => l.startsWith('get '))).toHaveLength(1);
    const opsLine = lines.find((l) => l.startsWith('get '))!;
    expect(opsLine).toMatch(/200,000\s+100,000\s+2\.00× ✓$/);
    // Right-aligned numbers end in the same column as their header.
    const zkEnd = lines[0]!.indexOf('ZooKeeper') + 'ZooKeeper'.length;
    expect(opsLine.slice(0, zkEnd).endsWith('100,000')).toBe(true);
  });

  it('writes a Markdown table with one line per figure', () => {
    const md = formatMarkdownTable(tableRows(results)).trimEnd().split('\n');
    expect(md[0]).toBe('| Workload | Figure | Paddock | ZooKeeper | Paddock/ZooKeeper |');
    expect(md[1]).toBe('| :-- | :-- | --: | --: | --: |');
    expect(md).toHaveLength(2 + tableRows(results).length);
    expect(md.every((l) => l.startsWith('| ') && l.endsWith(' |'))).toBe(true);
  });
});
