/**
 * DESIGN §1: the parts that must run anywhere (browsers, workers, the simulator) never touch
 * I/O, the clock, randomness, timers or the environment. One table of rules, one scan:
 * the server core and the codec, the client's session machine, and the simulator's library.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

type Rule = readonly [what: string, pattern: RegExp];

const AMBIENT: readonly Rule[] = [
  ['node: import', /from\s+['"]node:|require\(\s*['"]node:/],
  ['Date', /\bDate\b/],
  ['Math.random', /\bMath\.random\b/],
  ['timers', /\b(setTimeout|setInterval|setImmediate|queueMicrotask)\b/],
  // `process.` as a global, not a field named process (`this.process.timers`).
  ['process', /(?<![\w$.])process\./],
  ['performance', /\bperformance\b/],
];

/** Code that also runs outside Node, synchronously: no Node types, no async, no weak refs. */
const PORTABLE: readonly Rule[] = [
  ...AMBIENT,
  ['Buffer', /\bBuffer\b/],
  ['crypto', /\bcrypto\b/],
  ['WeakRef', /\bWeakRef\b/],
  ['TextEncoder/TextDecoder', /\bText(En|De)coder\b/],
  ['async', /\basync\s+(function|\(|[a-zA-Z_$][\w$]*\s*\()|\bawait\b/],
];

const ROOT = join(__dirname, '..', '..');

const SCOPES: ReadonlyArray<{ dir: string; rules: readonly Rule[]; except?: readonly string[] }> = [
  { dir: 'packages/core/src', rules: PORTABLE },
  { dir: 'packages/protocol/src', rules: PORTABLE },
  {
    dir: 'packages/client/src/session',
    rules: [...PORTABLE, ['an import from outside session/ and @paddock/protocol', /from\s+['"](?!\.\/|@paddock\/protocol['"])/]],
  },
  // The simulator's CLI reads argv and git; its library is a function of the seed. The recipe
  // world's settle() waits for promise continuations with setImmediate (see that file).
  { dir: 'packages/sim/src', rules: AMBIENT, except: ['cli.ts', 'recipes/settle.ts'] },
];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe.each(SCOPES)('$dir is pure', ({ dir, rules, except = [] }) => {
  const base = join(ROOT, dir);
  const files = sources(base).filter((f) => !except.includes(relative(base, f)));

  it('has sources to check', () => {
    expect(files.length).toBeGreaterThan(3);
  });

  it.each(files.map((f) => [relative(base, f), f]))('%s uses nothing forbidden', (_name, file) => {
    // Comments may name what the code avoids; only code counts.
    const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    expect(rules.filter(([, re]) => re.test(code)).map(([what]) => what)).toEqual([]);
  });
});
