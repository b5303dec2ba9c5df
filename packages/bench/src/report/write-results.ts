/** Writes a run's results: latest.json (everything), latest.svg (the chart), latest.md (table and notes). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchResults } from './results';
import { renderChart } from './svg-chart';
import { formatMarkdownTable, tableRows } from './table';

/** The files written, by kind. */
export interface WrittenFiles {
  readonly json: string;
  readonly svg: string;
  readonly markdown: string;
}

/** A one-line description of the run for the chart and the Markdown. */
export function runCaption(results: BenchResults): string {
  const { machine, options } = results;
  return `${results.startedAt.slice(0, 10)} · ${machine.cpus} × ${machine.cpuModel.trim()} · ${options.rounds} rounds, medians · ${options.sessions} sessions × ${options.window} in flight${options.quick ? ' · --quick' : ''}`;
}

/** Writes the three files into `outDir`. */
export function writeResults(results: BenchResults, outDir: string): WrittenFiles {
  mkdirSync(outDir, { recursive: true });
  const files = { json: join(outDir, 'latest.json'), svg: join(outDir, 'latest.svg'), markdown: join(outDir, 'latest.md') };
  writeFileSync(files.json, JSON.stringify(results, null, 2) + '\n');
  const chartRows = results.rows.map((row) => ({
    name: row.row,
    opsPerSec: Object.fromEntries(Object.entries(row.median).map(([k, m]) => [k, m.opsPerSec])),
    p99Ms: Object.fromEntries(Object.entries(row.median).map(([k, m]) => [k, m.p99Ms])),
  }));
  writeFileSync(files.svg, renderChart(chartRows, runCaption(results)));
  const notes = results.notes.map((n) => `- ${n}`).join('\n');
  writeFileSync(files.markdown, `${runCaption(results)}\n\n${formatMarkdownTable(tableRows(results))}${notes === '' ? '' : `\nNotes:\n\n${notes}\n`}`);
  return files;
}
