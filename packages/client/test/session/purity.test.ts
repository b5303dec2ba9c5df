import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The session machine must run anywhere the simulator runs it: no I/O, no clock, no timers,
 * no global randomness, no environment (DESIGN §1, as for the server core).
 */
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
  ['async', /\basync\s+(function|\(|[a-zA-Z_$][\w$]*\s*\()|\bawait\b/],
  ['import outside session/ and @paddock/protocol', /from\s+['"](?!\.\/|@paddock\/protocol['"])/],
];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('purity of the session machine', () => {
  const dir = join(__dirname, '..', '..', 'src', 'session');
  const files = sources(dir);

  it('finds the sources', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  it.each(files.map((f) => [f.slice(dir.length + 1), f]))('%s uses nothing forbidden', (_name, file) => {
    const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    const hits = FORBIDDEN.filter(([, re]) => re.test(code)).map(([what]) => what);
    expect(hits).toEqual([]);
  });
});
