/**
 * The results chart, written as SVG text by hand: per workload, horizontal bars for each server's
 * throughput (left panel) and p99 latency (right panel). Both axes are logarithmic, because the
 * workloads span orders of magnitude (sessions/s of churn against reads/s of get).
 */
import { SERVER_KINDS, SERVER_LABEL, type ServerKind } from '../servers/server-kinds';

/** One workload's bars. */
export interface ChartRow {
  readonly name: string;
  readonly opsPerSec: Partial<Record<ServerKind, number>>;
  readonly p99Ms: Partial<Record<ServerKind, number>>;
}

const COLOR: Readonly<Record<ServerKind, string>> = { paddock: '#d95f02', zookeeper: '#1b7fb3' };
const WIDTH = 960;
const LABEL_WIDTH = 100;
const PANEL_GAP = 30;
const VALUE_ROOM = 64;
const BAR_HEIGHT = 10;
const ROW_HEIGHT = SERVER_KINDS.length * BAR_HEIGHT + 12;
const TOP = 100;

/** Escapes text for an SVG text node or attribute. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function compact(value: number): string {
  if (value >= 1e6) return `${trim(value / 1e6)}M`;
  if (value >= 1e3) return `${trim(value / 1e3)}k`;
  return trim(value);
}

function trim(value: number): string {
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value >= 1 ? value.toFixed(2) : value.toPrecision(2);
}

interface LogScale {
  readonly lo: number;
  readonly hi: number;
}

function logScale(values: readonly number[]): LogScale {
  const positive = values.filter((v) => Number.isFinite(v) && v > 0);
  if (positive.length === 0) return { lo: 1, hi: 10 };
  const lo = 10 ** Math.floor(Math.log10(Math.min(...positive)));
  const hi = 10 ** Math.ceil(Math.log10(Math.max(...positive)));
  return { lo, hi: hi > lo ? hi : lo * 10 };
}

function panel(rows: readonly ChartRow[], pick: (r: ChartRow) => Partial<Record<ServerKind, number>>, x0: number, width: number, title: string): string[] {
  const plot = width - VALUE_ROOM;
  const scale = logScale(rows.flatMap((r) => Object.values(pick(r))));
  const xOf = (v: number): number => x0 + (plot * Math.log10(Math.max(v, scale.lo) / scale.lo)) / Math.log10(scale.hi / scale.lo);
  const bottom = TOP + rows.length * ROW_HEIGHT;
  const out = [`<text x="${x0}" y="${TOP - 12}" class="panel">${escapeXml(title)}</text>`];
  for (let decade = scale.lo; decade <= scale.hi * 1.0001; decade *= 10) {
    const x = xOf(decade).toFixed(1);
    out.push(`<line x1="${x}" y1="${TOP}" x2="${x}" y2="${bottom}" class="grid"/>`);
    out.push(`<text x="${x}" y="${bottom + 14}" class="tick">${escapeXml(compact(decade))}</text>`);
  }
  rows.forEach((row, i) => {
    SERVER_KINDS.forEach((kind, k) => {
      const value = pick(row)[kind];
      const y = TOP + i * ROW_HEIGHT + 6 + k * BAR_HEIGHT;
      if (value === undefined || !Number.isFinite(value) || value <= 0) {
        out.push(`<text x="${x0 + 2}" y="${y + BAR_HEIGHT - 2}" class="value">n/a</text>`);
        return;
      }
      const x1 = xOf(value);
      out.push(`<rect x="${x0}" y="${y}" width="${Math.max(1, x1 - x0).toFixed(1)}" height="${BAR_HEIGHT - 1}" fill="${COLOR[kind]}"/>`);
      out.push(`<text x="${(x1 + 3).toFixed(1)}" y="${y + BAR_HEIGHT - 2}" class="value">${escapeXml(compact(value))}</text>`);
    });
  });
  return out;
}

/** The chart as a standalone SVG document. */
export function renderChart(rows: readonly ChartRow[], subtitle: string): string {
  const panelWidth = (WIDTH - LABEL_WIDTH - PANEL_GAP - 20) / 2;
  const height = TOP + rows.length * ROW_HEIGHT + 30;
  const legend = SERVER_KINDS.map((kind, k) => {
    const x = LABEL_WIDTH + k * 120;
    return `<rect x="${x}" y="52" width="12" height="12" fill="${COLOR[kind]}"/><text x="${x + 16}" y="62" class="legend">${escapeXml(SERVER_LABEL[kind])}</text>`;
  });
  const labels = rows.map((row, i) =>
    `<text x="${LABEL_WIDTH - 8}" y="${TOP + i * ROW_HEIGHT + 6 + BAR_HEIGHT + 2}" class="label">${escapeXml(row.name)}</text>`);
  const body = [
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    `<text x="${LABEL_WIDTH}" y="24" class="title">Paddock and Apache ZooKeeper, same machine, same run</text>`,
    `<text x="${LABEL_WIDTH}" y="42" class="subtitle">${escapeXml(subtitle)}</text>`,
    ...legend,
    ...labels,
    ...panel(rows, (r) => r.opsPerSec, LABEL_WIDTH, panelWidth, 'Throughput, ops/s (log scale, longer is better)'),
    ...panel(rows, (r) => r.p99Ms, LABEL_WIDTH + panelWidth + PANEL_GAP, panelWidth, 'p99 latency, ms (log scale, shorter is better)'),
  ];
  const style = [
    'text { font-family: sans-serif; fill: #222; }',
    '.title { font-size: 16px; font-weight: bold; }',
    '.subtitle, .legend, .panel { font-size: 12px; }',
    '.label { font-size: 12px; text-anchor: end; }',
    '.tick { font-size: 10px; text-anchor: middle; fill: #666; }',
    '.value { font-size: 10px; }',
    '.grid { stroke: #ddd; stroke-width: 1; }',
  ].join(' ');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}">`,
    `<style>${style}</style>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}
