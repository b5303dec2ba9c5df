import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { test } from 'vitest';

/**
 * Gate a suite on a real client being installed. Call it while tests are being collected (top
 * level or inside a describe). `check` returns true when the tool works, or a reason it does not.
 *
 * Missing on CI (`CI=true`): a failing test is registered, because a compatibility suite that
 * silently skips on CI proves nothing. Missing locally: the suite is skipped with a loud note.
 */
export function requireTool(name: string, check: () => true | string): boolean {
  let verdict: true | string;
  try {
    verdict = check();
  } catch (error) {
    verdict = String(error);
  }
  if (verdict === true) return true;
  const message = `required client "${name}" is not usable: ${verdict}`;
  if (process.env.CI === 'true') {
    test(`${name} is installed (CI requires every real client)`, () => {
      throw new Error(message);
    });
  } else {
    console.warn(`\n!!!!!!!!!! SKIPPING: ${message} !!!!!!!!!!\n`);
    test.skip(`${name}: ${message}`, () => {});
  }
  return false;
}

/** True when `command args...` runs and exits 0 within a few seconds; otherwise why not. */
export function commandSucceeds(command: string, args: string[]): true | string {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 20_000 });
  if (result.error) return `${command}: ${result.error.message}`;
  if (result.status !== 0) return `${command} ${args.join(' ')} exited ${result.status}: ${result.stderr.trim().slice(-300)}`;
  return true;
}

export function fileExists(path: string): true | string {
  return existsSync(path) ? true : `${path} does not exist`;
}
