/**
 * Structural comparison of plain reply data (numbers, bigints, strings, byte arrays, arrays,
 * records) that names the first field where two values differ, for violation witnesses.
 */
import { canon } from '../describe';

/** `null` when `expected` and `actual` are equal, else `field: expected X, got Y`. */
export function firstDifference(expected: unknown, actual: unknown, at = ''): string | null {
  const here = at === '' ? '(root)' : at;
  if (expected === actual) return null;
  if (expected === null || actual === null || typeof expected !== 'object' || typeof actual !== 'object') {
    return `${here}: expected ${canon(expected)}, got ${canon(actual)}`;
  }
  if (expected instanceof Uint8Array || actual instanceof Uint8Array) {
    const same = expected instanceof Uint8Array && actual instanceof Uint8Array && expected.length === actual.length && expected.every((b, i) => b === actual[i]);
    return same ? null : `${here}: expected ${canon(expected)}, got ${canon(actual)}`;
  }
  if (Array.isArray(expected) || Array.isArray(actual)) {
    if (!Array.isArray(expected) || !Array.isArray(actual) || expected.length !== actual.length) {
      return `${here}: expected ${canon(expected)}, got ${canon(actual)}`;
    }
    for (let i = 0; i < expected.length; i++) {
      const d = firstDifference(expected[i], actual[i], `${at}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  const e = expected as Record<string, unknown>;
  const a = actual as Record<string, unknown>;
  const keys = new Set([...Object.keys(e), ...Object.keys(a)].filter((k) => e[k] !== undefined || a[k] !== undefined));
  for (const k of keys) {
    const d = firstDifference(e[k], a[k], at === '' ? k : `${at}.${k}`);
    if (d) return d;
  }
  return null;
}
