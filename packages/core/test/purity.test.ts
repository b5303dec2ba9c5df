import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** DESIGN §1: the core and the codec never touch I/O, the clock, randomness or the environment. */
const FORBIDDEN: Array<[string, RegExp]> = [
  ['node: import', /from\s+['"]node:|require\(\s*['"]node:/],
  ['Buffer', /\bBuffer\b/],
  ['Date', /\bDate\b/],
  ['Math.random', /Math\.random/],
  ['timers', /\b(setTimeout|setInterval|setImmediate|queueMicrotask)\b/],
  ['process', /\bprocess\./],
  ['performance', /\bperformance\b/],
  ['crypto', /\bcrypto\b/],
  ['WeakRef', /\bWeakRef\b/],
  ['TextEncoder/TextDecoder', /\bText(En|De)coder\b/],
  ['async', /\basync\s+(function|\(|[a-zA-Z_$][\w$]*\s*\()|\bawait\b/],
];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('purity of core and protocol', () => {
  const root = join(__dirname, '..', '..');
  const files = [...sources(join(root, 'core', 'src')), ...sources(join(root, 'protocol', 'src'))];

  it('finds the sources', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files.map((f) => [f.slice(root.length + 1), f]))('%s uses nothing forbidden', (_name, file) => {
    const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    const hits = FORBIDDEN.filter(([, re]) => re.test(code)).map(([what]) => what);
    expect(hits).toEqual([]);
  });
});
