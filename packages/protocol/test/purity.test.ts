/**
 * packages/protocol must run unchanged in browsers, Deno, Bun and workers (DESIGN.md §1):
 * no Node modules, no ambient clock, randomness, timers or text codecs in its sources.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const SRC = new URL('../src/', import.meta.url);
const FORBIDDEN: readonly [string, RegExp][] = [
  ['node: import', /from\s+['"]node:/],
  ['Buffer', /\bBuffer\b/],
  ['Date', /\bDate\b/],
  ['Math.random', /\bMath\.random\b/],
  ['timers', /\b(setTimeout|setInterval|setImmediate|queueMicrotask)\b/],
  ['process', /\bprocess\b/],
  ['performance', /\bperformance\b/],
  ['crypto', /\bcrypto\b/],
  ['WeakRef', /\bWeakRef\b/],
  ['TextEncoder/TextDecoder', /\bText(En|De)coder\b/],
];

describe('protocol sources are pure', () => {
  for (const file of readdirSync(SRC).filter((f) => f.endsWith('.ts'))) {
    it(file, () => {
      // Comments may name what the code avoids; only code counts.
      const code = readFileSync(new URL(file, SRC), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      for (const [what, pattern] of FORBIDDEN) expect(pattern.test(code), `${file} uses ${what}`).toBe(false);
    });
  }
});
