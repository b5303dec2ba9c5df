/** Locations the bench needs, resolved from this file so any working directory works. */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** packages/bench */
export const BENCH_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The monorepo root, from which Paddock and the generator processes are started (tsx resolves there). */
export const REPO_ROOT = resolve(BENCH_ROOT, '../..');
/** Paddock's command-line entry. */
export const PADDOCK_CLI = join(REPO_ROOT, 'packages/node-adapter/src/cli.ts');
