/**
 * The comparison table: one line per figure with Paddock's value, ZooKeeper's, and the ratio
 * Paddock/ZooKeeper, marked ✓ where it meets issue 6's target (throughput ≥ 1.0×, latency,
 * memory and time ≤ 1.0×) and ✗ where it does not. Printed as aligned text and as Markdown.
 */
import type { CapacityResult } from '../capacity-phase';
import { SERVER_KINDS, SERVER_LABEL, type ServerKind } from '../servers/server-kinds';
import type { BenchResults, RowFigures } from './results';

/** How a figure is printed. */
export type Unit = 'rate' | 'ms' | 'pct' | 'mib' | 'bytes' | 'count';

/** One line of the table. */
export interface TableRow {
  /** The workload or capacity test the figure belongs to. */
  readonly group: string;
  readonly figure: string;
  readonly values: Partial<Record<ServerKind, number>>;
  /** Which direction is better for Paddock; null for context figures with no target. */
  readonly better: 'higher' | 'lower' | null;
  readonly unit: Unit;
}

/** Formats a value for the table. */
export function formatValue(value: number | undefined, unit: Unit): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  switch (unit) {
    case 'rate':
    case 'count':
    case 'bytes':
      return Math.round(value).toLocaleString('en-US');
    case 'ms':
      return value < 1 ? value.toFixed(3) : value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : Math.round(value).toLocaleString('en-US');
    case 'pct':
      return `${value.toFixed(0)} %`;
    case 'mib':
      return (value / 2 ** 20).toFixed(1);
  }
}

/** The ratio Paddock/ZooKeeper with its target mark, or '–' when either side is missing. */
export function formatRatio(row: TableRow): string {
  const p = row.values.paddock;
  const z = row.values.zookeeper;
  if (p === undefined || z === undefined || !Number.isFinite(p) || !Number.isFinite(z) || z === 0) return '–';
  const ratio = p / z;
  const text = `${ratio >= 10 ? ratio.toFixed(1) : ratio.toFixed(2)}×`;
  if (row.better === null) return text;
  const meets = row.better === 'higher' ? ratio >= 1 : ratio <= 1;
  return `${text} ${meets ? '✓' : '✗'}`;
}

const HEADERS = ['Workload', 'Figure', ...SERVER_KINDS.map((k) => SERVER_LABEL[k]), 'Paddock/ZooKeeper'];

function cells(rows: readonly TableRow[]): string[][] {
  return rows.map((row, i) => [
    i > 0 && rows[i - 1]!.group === row.group ? '' : row.group,
    row.figure,
    ...SERVER_KINDS.map((k) => formatValue(row.values[k], row.unit)),
    formatRatio(row),
  ]);
}

/** The table as aligned plain text (numbers right-aligned). */
export function formatTextTable(rows: readonly TableRow[]): string {
  const body = cells(rows);
  const widths = HEADERS.map((h, c) => Math.max(h.length, ...body.map((r) => r[c]!.length)));
  const line = (r: readonly string[]): string =>
    r.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(HEADERS), rule, ...body.map(line)].join('\n') + '\n';
}

/** The table as GitHub Markdown. */
export function formatMarkdownTable(rows: readonly TableRow[]): string {
  const line = (r: readonly string[]): string => `| ${r.join(' | ')} |`;
  const align = HEADERS.map((_, c) => (c < 2 ? ':--' : '--:'));
  return [line(HEADERS), line(align), ...cells(rows).map(line)].join('\n') + '\n';
}

/** Every table line for `results`: the workloads' figures, then memory, recovery and sessions. */
export function tableRows(results: BenchResults): TableRow[] {
  const rows: TableRow[] = [];
  for (const r of results.rows) {
    const of = (f: (m: RowFigures) => number): Partial<Record<ServerKind, number>> => pickEach(r.median, f);
    const add = (figure: string, unit: Unit, better: TableRow['better'], f: (m: RowFigures) => number): void => {
      rows.push({ group: r.row, figure, values: of(f), unit, better });
    };
    add('ops/s', 'rate', 'higher', (m) => m.opsPerSec);
    add('p50 ms', 'ms', 'lower', (m) => m.p50Ms);
    add('p90 ms', 'ms', 'lower', (m) => m.p90Ms);
    add('p99 ms', 'ms', 'lower', (m) => m.p99Ms);
    add('p99.9 ms', 'ms', 'lower', (m) => m.p999Ms);
    add('generator CPU', 'pct', null, (m) => m.generatorCpuPct);
    add('server CPU', 'pct', null, (m) => m.serverCpuPct);
    if (Object.values(r.median).some((m) => m.errors > 0)) add('error replies', 'count', 'lower', (m) => m.errors);
  }
  rows.push(...capacityRows(results.capacity));
  return rows;
}

function capacityRows(capacity: BenchResults['capacity']): TableRow[] {
  if (Object.keys(capacity).length === 0) return [];
  const rows: TableRow[] = [];
  const each = (f: (c: CapacityResult) => number | undefined): Partial<Record<ServerKind, number>> => pickEach(capacity, f);
  rows.push({ group: 'memory', figure: 'idle RSS MiB', values: each((c) => c.idleRssBytes), unit: 'mib', better: 'lower' });
  const levels = [...new Set(Object.values(capacity).flatMap((c) => c.memory.map((m) => m.znodes)))].sort((a, b) => a - b);
  for (const znodes of levels) {
    const group = `${znodes.toLocaleString('en-US')} znodes`;
    const at = (f: (m: CapacityResult['memory'][number]) => number) => each((c) => {
      const level = c.memory.find((m) => m.znodes === znodes);
      return level === undefined ? undefined : f(level);
    });
    rows.push({ group, figure: 'RSS MiB', values: at((m) => m.rssBytes), unit: 'mib', better: 'lower' });
    rows.push({ group, figure: 'bytes/znode', values: at((m) => m.bytesPerZnode), unit: 'bytes', better: 'lower' });
    rows.push({ group, figure: 'load creates/s', values: at((m) => m.loadOpsPerSec), unit: 'rate', better: 'higher' });
    rows.push({ group, figure: 'data dir MiB', values: at((m) => m.dataDirBytes), unit: 'mib', better: null });
    rows.push({ group, figure: 'restart: ruok ms', values: at((m) => m.restart.ruokMs), unit: 'ms', better: 'lower' });
    rows.push({ group, figure: 'restart: serving ms', values: at((m) => m.restart.servingMs), unit: 'ms', better: 'lower' });
  }
  const counts = [...new Set(Object.values(capacity).flatMap((c) => c.sessions.map((s) => s.requested)))].sort((a, b) => a - b);
  for (const requested of counts) {
    const group = `${requested.toLocaleString('en-US')} sessions`;
    const at = (f: (s: CapacityResult['sessions'][number]) => number) => each((c) => {
      const level = c.sessions.find((s) => s.requested === requested);
      return level === undefined ? undefined : f(level);
    });
    rows.push({ group, figure: 'held', values: at((s) => s.held), unit: 'count', better: 'higher' });
    rows.push({ group, figure: 'open all ms', values: at((s) => s.openMs), unit: 'ms', better: 'lower' });
    rows.push({ group, figure: 'RSS MiB', values: at((s) => s.rssBytes), unit: 'mib', better: 'lower' });
  }
  return rows;
}

function pickEach<T>(byServer: Partial<Record<ServerKind, T>>, f: (t: T) => number | undefined): Partial<Record<ServerKind, number>> {
  const values: Partial<Record<ServerKind, number>> = {};
  for (const kind of SERVER_KINDS) {
    const item = byServer[kind];
    const value = item === undefined ? undefined : f(item);
    if (value !== undefined) values[kind] = value;
  }
  return values;
}
