import { describe, expect, it } from 'vitest';
import { escapeXml, renderChart, type ChartRow } from '../src/report/svg-chart';

/**
 * A strict little XML well-formedness check, enough for the SVG we write: one root element,
 * every tag closed in order, attributes quoted, and no raw `<` or stray `&` in text or values.
 */
function checkWellFormed(xml: string): { root: string; elements: string[] } {
  let rest = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: string[] = [];
  const elements: string[] = [];
  let root = '';
  const entity = /&(amp|lt|gt|quot|#39);/g;
  while (rest.length > 0) {
    const open = rest.indexOf('<');
    const text = open === -1 ? rest : rest.slice(0, open);
    if (text.replace(entity, '').includes('&') || text.includes('>')) throw new Error(`bad text: ${text}`);
    if (text.trim() !== '' && stack.length === 0) throw new Error(`text outside the root: ${text}`);
    if (open === -1) break;
    const close = rest.indexOf('>', open);
    if (close === -1) throw new Error('unterminated tag');
    const tag = rest.slice(open + 1, close);
    rest = rest.slice(close + 1);
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      if (stack.pop() !== name) throw new Error(`</${name}> does not close the open element`);
      continue;
    }
    const selfClosing = tag.endsWith('/');
    const body = selfClosing ? tag.slice(0, -1) : tag;
    const match = /^([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*$/.exec(body);
    if (match === null) throw new Error(`malformed tag <${tag}>`);
    const attributes = match[2] ?? '';
    for (const value of attributes.matchAll(/="([^"]*)"/g)) {
      if (value[1]!.replace(entity, '').includes('&')) throw new Error(`unescaped & in ${value[1]}`);
    }
    const names = [...attributes.matchAll(/\s([\w:-]+)=/g)].map((m) => m[1]);
    if (new Set(names).size !== names.length) throw new Error(`duplicate attribute in <${tag}>`);
    if (stack.length === 0) {
      if (root !== '') throw new Error('more than one root element');
      root = match[1]!;
    }
    elements.push(match[1]!);
    if (!selfClosing) stack.push(match[1]!);
  }
  if (stack.length > 0) throw new Error(`unclosed: ${stack.join(', ')}`);
  return { root, elements };
}

const rows: ChartRow[] = [
  { name: 'get', opsPerSec: { paddock: 250_000, zookeeper: 70_000 }, p99Ms: { paddock: 3.9, zookeeper: 12.9 } },
  { name: 'churn', opsPerSec: { paddock: 3100, zookeeper: 2600 }, p99Ms: { paddock: 17, zookeeper: 26 } },
  { name: 'serial-get', opsPerSec: { zookeeper: 11_000 }, p99Ms: { zookeeper: 0.19 } },
];

describe('renderChart', () => {
  it('writes a well-formed SVG document with a bar per server and workload', () => {
    const svg = renderChart(rows, '2 CPUs · 2 rounds');
    const { root, elements } = checkWellFormed(svg);
    expect(root).toBe('svg');
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
    // 5 values in each of 2 panels, plus the background and 2 legend swatches.
    expect(elements.filter((e) => e === 'rect')).toHaveLength(2 * 5 + 3);
    expect(svg).toContain('>n/a<');
    expect(svg).not.toMatch(/NaN|Infinity|undefined/);
  });

  it('escapes text that is not XML-safe', () => {
    const svg = renderChart([{ name: 'a<b & "c"', opsPerSec: { paddock: 1 }, p99Ms: { paddock: 1 } }], "it's <odd> & ok");
    checkWellFormed(svg);
    expect(svg).toContain('a&lt;b &amp; &quot;c&quot;');
    expect(escapeXml(`<&>"'`)).toBe('&lt;&amp;&gt;&quot;&#39;');
  });

  it('stays well-formed with no rows at all', () => {
    const svg = renderChart([], 'nothing ran');
    expect(checkWellFormed(svg).root).toBe('svg');
    expect(svg).not.toMatch(/NaN|Infinity|undefined/);
  });

  it('rejects what it should (the checker itself)', () => {
    expect(() => checkWellFormed('<svg><g></svg>')).toThrow();
    expect(() => checkWellFormed('<svg><text>a & b</text></svg>')).toThrow();
    expect(() => checkWellFormed('<svg x=1/>')).toThrow();
  });
});
