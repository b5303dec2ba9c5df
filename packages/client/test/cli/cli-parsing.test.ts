/** The CLI's pure parts: zkCli's tokenizer, commons-cli option parsing, ACL and Stat formats, path messages. */
import { describe, expect, it } from 'vitest';
import { aclLines, parseAcl, permString } from '../../src/cli/acl-format';
import { javaPathProblem } from '../../src/cli/cli-error';
import { clientConfigString } from '../../src/cli/client-config';
import { parseLaunchArgs } from '../../src/cli/launch-args';
import { CliParseError, parseOptions } from '../../src/cli/option-parser';
import { javaDate, javaHex, statLines } from '../../src/cli/stat-format';
import { tokenize } from '../../src/cli/tokenize';

describe('tokenize', () => {
  it('splits on whitespace and strips one level of quotes', () => {
    expect(tokenize('  create /a  "hello world" \'x y\'  ')).toEqual(['create', '/a', 'hello world', 'x y']);
    expect(tokenize('set /a ""')).toEqual(['set', '/a', '']);
    expect(tokenize('ls')).toEqual(['ls']);
  });
});

describe('parseOptions (commons-cli DefaultParser)', () => {
  const spec = { flags: 'sec', valued: 'tv' };
  it('takes options anywhere, joined flags, attached and negative values, and --', () => {
    const p = parseOptions(['create', '-es', '/a', '-t', '5', 'data', '-v-1', '--', '-c'], spec);
    expect(p.args).toEqual(['create', '/a', 'data', '-c']);
    expect([...p.flags].sort()).toEqual(['e', 's']);
    expect(Object.fromEntries(p.values)).toEqual({ t: '5', v: '-1' });
    expect(parseOptions(['set', '-v', '-1', '/a', 'x'], spec).values.get('v')).toBe('-1');
  });
  it('words its errors as zkCli prints them', () => {
    expect(() => parseOptions(['ls', '-x', '/'], spec)).toThrow(new CliParseError('org.apache.commons.cli.UnrecognizedOptionException: Unrecognized option: -x'));
    expect(() => parseOptions(['ls', '-sx', '/'], spec)).toThrow('Unrecognized option: -sx');
    expect(() => parseOptions(['ls', '--long', '/'], spec)).toThrow('Unrecognized option: --long');
    expect(() => parseOptions(['set', '/a', 'x', '-v'], spec)).toThrow('org.apache.commons.cli.MissingArgumentException: Missing argument for option: v');
    expect(() => parseOptions(['set', '-v', '-s', '/a'], spec)).toThrow('Missing argument for option: v');
  });
});

describe('formats', () => {
  it('ACLs: parse, perm letters in ZooKeeper order, jute Id strings', () => {
    const warnings: string[] = [];
    const acl = parseAcl('world:anyone:rw,bad,digest:u:h=:cdrwaz', (w) => warnings.push(w));
    expect(acl).toEqual([{ perms: 3, id: { scheme: 'world', id: 'anyone' } }, { perms: 31, id: { scheme: 'digest', id: 'u:h=' } }]);
    expect(warnings).toEqual(['bad does not have the form scheme:id:perm', 'Unknown perm type: z']);
    expect(permString(31)).toBe('cdrwa');
    expect(aclLines({ perms: 1, id: { scheme: 'ip', id: '10.0.0.1,%}' } })).toEqual(["'ip,'10.0.0.1%2C%25%7D", ': r']);
  });
  it('Stat: hex zxids (two\'s complement), Java dates', () => {
    expect(javaHex(-1n)).toBe('ffffffffffffffff');
    expect(javaDate(0n)).toMatch(/^(Thu|Wed) (Jan|Dec) \d\d \d\d:\d\d:\d\d \S+ (1970|1969)$/);
    const lines = statLines({ czxid: 16n, mzxid: 17n, ctime: 0n, mtime: 0n, version: 2, cversion: 3, aversion: 4, ephemeralOwner: 0x1000n, dataLength: 5, numChildren: 6, pzxid: 18n });
    expect(lines.filter((l) => !/time = /.test(l))).toEqual([
      'cZxid = 0x10', 'mZxid = 0x11', 'pZxid = 0x12', 'cversion = 3', 'dataVersion = 2', 'aclVersion = 4', 'ephemeralOwner = 0x1000', 'dataLength = 5', 'numChildren = 6',
    ]);
  });
  it('path problems in PathUtils\' words', () => {
    expect(javaPathProblem('/')).toBeUndefined();
    expect(javaPathProblem('/a/b.c/..d')).toBeUndefined();
    expect(javaPathProblem('')).toBe('Path length must be > 0');
    expect(javaPathProblem('a')).toBe('Path must start with / character');
    expect(javaPathProblem('/a/')).toBe('Path must not end with / character');
    expect(javaPathProblem('/a//b')).toBe('Invalid path string "/a//b" caused by empty node name specified @3');
    expect(javaPathProblem('/a/../b')).toBe('Invalid path string "/a/../b" caused by relative paths not allowed @4');
    expect(javaPathProblem('/a/./b')).toBe('Invalid path string "/a/./b" caused by relative paths not allowed @3');
    expect(javaPathProblem('/a\u0001')).toBe('Invalid path string "/a\u0001" caused by invalid character @2');
  });
});

describe('config -c', () => {
  it('lists the client addresses by server id after the version', () => {
    const config = [
      'server.2=10.0.0.2:2888:3888:participant;10.0.0.2:2181',
      'server.1=10.0.0.1:2888:3888:participant;2181',
      'server.3=10.0.0.3:2888:3888:observer;[::1]:2182',
      'version=100000003',
    ].join('\n');
    expect(clientConfigString(config)).toBe('100000003 0.0.0.0:2181,10.0.0.2:2181,::1:2182');
    expect(clientConfigString('')).toBe(' ');
  });
});

describe('launch arguments', () => {
  it('reads options until the first word that is not one, which starts the command', () => {
    expect(parseLaunchArgs(['-server', 'h:1/app', '-timeout', '5000', '-r', 'ls', '-s', '/'])).toEqual({
      server: 'h:1/app', timeoutMs: 5000, readOnly: true, waitForConnection: false, command: ['ls', '-s', '/'],
    });
    expect(parseLaunchArgs([])).toMatchObject({ server: 'localhost:2181', timeoutMs: 30_000, command: undefined });
    expect(() => parseLaunchArgs(['-server'])).toThrow('Error: no argument found for option -server');
  });
});
