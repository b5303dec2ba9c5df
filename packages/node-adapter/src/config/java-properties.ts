/**
 * Reads the Java `.properties` syntax zoo.cfg is written in (java.util.Properties#load):
 * `key=value`, `key: value` or `key value`; `#` and `!` start comment lines; a line ending in
 * an odd number of backslashes continues on the next one, whose leading whitespace is
 * dropped; `\t \n \r \f \uXXXX` escapes, and a backslash before any other character keeps
 * that character. Keys and values are then trimmed, as ZooKeeper's QuorumPeerConfig does.
 * The text is read as UTF-8 (Java uses ISO-8859-1; they agree on ASCII, which is what
 * zoo.cfg files contain).
 */

import { ConfigError } from './config-error';

/** One `key=value` setting and the line it starts on. */
export interface PropertyEntry {
  readonly key: string;
  readonly value: string;
  /** 1-based line number of the setting's first line. */
  readonly line: number;
}

const WHITESPACE = new Set([' ', '\t', '\f']);

/** Parses properties text into entries in file order (duplicates kept; the caller decides). */
export function parseJavaProperties(text: string, source: string | null = null): PropertyEntry[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const entries: PropertyEntry[] = [];
  for (let i = 0; i < lines.length; i++) {
    const first = skipWhitespace(lines[i]!);
    if (first === '' || first.startsWith('#') || first.startsWith('!')) continue;
    const line = i + 1;
    let logical = first;
    while (endsWithOddBackslashes(logical)) {
      logical = logical.slice(0, -1);
      if (i + 1 >= lines.length) break;
      i += 1;
      logical += skipWhitespace(lines[i]!);
    }
    const [rawKey, rawValue] = splitKeyValue(logical);
    const key = unescape(rawKey, line, source).trim();
    entries.push({ key, value: unescape(rawValue, line, source).trim(), line });
  }
  return entries;
}

function skipWhitespace(s: string): string {
  let i = 0;
  while (i < s.length && WHITESPACE.has(s[i]!)) i++;
  return s.slice(i);
}

function endsWithOddBackslashes(s: string): boolean {
  let count = 0;
  for (let i = s.length - 1; i >= 0 && s[i] === '\\'; i--) count++;
  return count % 2 === 1;
}

/** Splits at the first unescaped `=`, `:` or whitespace, then one optional `=`/`:` separator. */
function splitKeyValue(logical: string): [string, string] {
  let i = 0;
  for (; i < logical.length; i++) {
    const c = logical[i]!;
    if (c === '\\') i++;
    else if (c === '=' || c === ':' || WHITESPACE.has(c)) break;
  }
  const key = logical.slice(0, i);
  let rest = skipWhitespace(logical.slice(i));
  if (rest.startsWith('=') || rest.startsWith(':')) rest = skipWhitespace(rest.slice(1));
  return [key, rest];
}

function unescape(s: string, line: number, source: string | null): string {
  if (!s.includes('\\')) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== '\\' || i + 1 >= s.length) {
      out += c;
      continue;
    }
    const next = s[++i]!;
    if (next === 'u') {
      const hex = s.slice(i + 1, i + 5);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
        throw new ConfigError('malformed \\uXXXX escape', null, s, line, source);
      }
      out += String.fromCharCode(parseInt(hex, 16));
      i += 4;
    } else {
      out += ({ t: '\t', n: '\n', r: '\r', f: '\f' } as Record<string, string>)[next] ?? next;
    }
  }
  return out;
}
