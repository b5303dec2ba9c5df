/**
 * `pnpm bench`: runs Paddock and Apache ZooKeeper side by side and prints the comparison table.
 * Progress goes to stderr, the table and notes to stdout; results land in <out>/latest.*.
 * Exit status: 0 when every run succeeded, 1 when a run failed, 2 on bad arguments.
 */
import { onSignalCleanup } from '@paddock/process-kit';
import { parseOptions, type ParsedArgs } from './options';
import { formatTextTable, tableRows } from './report/table';
import { runCaption, writeResults } from './report/write-results';
import { runBench } from './run-bench';

onSignalCleanup((signal, killed) => {
  if (killed > 0) process.stderr.write(`\nbench: ${signal}: killed ${killed} child process(es) and removed temporary data\n`);
});

async function main(argv: readonly string[]): Promise<number> {
  let parsed: ParsedArgs;
  try {
    parsed = parseOptions(argv);
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n(see pnpm bench --help)\n`);
    return 2;
  }
  if (parsed.kind === 'help') {
    process.stdout.write(parsed.text);
    return 0;
  }
  const startMs = performance.now();
  const log = (line: string): void => {
    const elapsed = ((performance.now() - startMs) / 1000).toFixed(1).padStart(6);
    process.stderr.write(`[${elapsed} s] ${line}\n`);
  };
  const results = await runBench(parsed.options, log);
  const files = writeResults(results, parsed.options.outDir);
  process.stdout.write(`\n${runCaption(results)}\n\n${formatTextTable(tableRows(results))}`);
  if (results.notes.length > 0) process.stdout.write(`\nNotes:\n${results.notes.map((n) => `- ${n}`).join('\n')}\n`);
  process.stdout.write(`\nResults: ${files.json}\n         ${files.svg}\n         ${files.markdown}\n`);
  return results.failures.length > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
