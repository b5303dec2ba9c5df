import { describe, expect, it } from 'vitest';
import { ConfigError, parseJavaProperties } from '../../src/config';

function pairs(text: string): [string, string, number][] {
  return parseJavaProperties(text).map((e) => [e.key, e.value, e.line]);
}

describe('parseJavaProperties', () => {
  it('accepts =, : and whitespace separators and trims around them', () => {
    expect(pairs('a=1\n  b : 2  \nc 3\nd\t=\t4\ne=\nf')).toEqual([
      ['a', '1', 1],
      ['b', '2', 2],
      ['c', '3', 3],
      ['d', '4', 4],
      ['e', '', 5],
      ['f', '', 6],
    ]);
  });

  it('keeps the rest of the line, separators included, as the value', () => {
    expect(pairs('server.1=zoo1:2888:3888;2181\nurl = a=b:c')).toEqual([
      ['server.1', 'zoo1:2888:3888;2181', 1],
      ['url', 'a=b:c', 2],
    ]);
  });

  it('skips # and ! comments and blank lines, even indented', () => {
    expect(pairs('# c\n! c\n   # indented\n\n \t \na=1 # not a comment')).toEqual([['a', '1 # not a comment', 6]]);
  });

  it('joins continuation lines, dropping their leading whitespace, and reports the first line', () => {
    const text = 'list = a,\\\n       b,\\\n  # not a comment\\\n  c\nnext=x';
    expect(pairs(text)).toEqual([
      ['list', 'a,b,# not a commentc', 1],
      ['next', 'x', 5],
    ]);
  });

  it('treats an even number of trailing backslashes as escaped backslashes', () => {
    expect(pairs('path=C:\\\\dir\\\\\nnext=1')).toEqual([
      ['path', 'C:\\dir\\', 1],
      ['next', '1', 2],
    ]);
  });

  it('does not continue comment lines, and ends a continuation at end of file', () => {
    expect(pairs('# comment \\\na=1\nb=2\\')).toEqual([
      ['a', '1', 2],
      ['b', '2', 3],
    ]);
  });

  it('decodes escapes in keys and values', () => {
    expect(pairs('a\\=b\\:c\\ d=x\\ty\\u0041\\\\z\\q')).toEqual([['a=b:c d', 'x\tyA\\zq', 1]]);
  });

  it('handles CRLF and CR line ends and a byte-order mark', () => {
    expect(pairs('\uFEFFa=1\r\nb=2\rc=3\r\n')).toEqual([
      ['a', '1', 1],
      ['b', '2', 2],
      ['c', '3', 3],
    ]);
  });

  it('rejects a malformed \\u escape with its line', () => {
    const error = (() => {
      try {
        parseJavaProperties('ok=1\nbad=\\u12G4', 'my.cfg');
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).line).toBe(2);
    expect((error as ConfigError).message).toMatch(/^my\.cfg:2: malformed \\uXXXX escape/);
  });
});
