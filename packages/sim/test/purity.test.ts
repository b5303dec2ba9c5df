import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The simulator's library must be a function of its seed: no ambient time, randomness or I/O. */
const FORBIDDEN: ReadonlyArray<readonly [string, RegExp]> = [
  ['Math.random', /\bMath\.random\b/],
  ['Date', /\bDate\b/],
  ['performance', /\bperformance\./],
  ['process', /\bprocess\./],
  ['timers', /\b(setTimeout|setInterval|setImmediate)\b/],
  ['node: imports', /from\s+['"]node:/],
];

const SRC = join(__dirname, '..', 'src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('sim library purity', () => {
  it('uses no ambient time, randomness, timers or node modules outside the CLI', () => {
    const offences: string[] = [];
    for (const file of sources(SRC)) {
      const rel = relative(SRC, file);
      if (rel === 'cli.ts') continue;
      const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      for (const [name, re] of FORBIDDEN) if (re.test(code)) offences.push(`${rel}: ${name}`);
    }
    expect(offences).toEqual([]);
  });
});
