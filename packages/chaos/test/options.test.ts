import { describe, expect, it } from 'vitest';
import { parseOptions } from '../src/options.js';

describe('pnpm chaos arguments', () => {
  it('defaults to a minute of faults on 5 Paddock members with a random seed', () => {
    const parsed = parseOptions([]);
    expect(parsed).toMatchObject({ command: 'chaos', minutes: 1, servers: 'paddock', members: 5 });
  });

  it('takes minutes, servers, members and seed', () => {
    expect(parseOptions(['--minutes', '0.5', '--servers', 'zookeeper', '--members', '3', '--seed', '42'])).toEqual({
      command: 'chaos', minutes: 0.5, servers: 'zookeeper', members: 3, seed: 42,
    });
  });

  it('runs the failover timing on 3 members by default', () => {
    expect(parseOptions(['--failover'])).toEqual({ command: 'failover', members: 3 });
  });

  it('refuses bad input with a readable message', () => {
    expect(() => parseOptions(['--servers', 'etcd'])).toThrow('--servers: "etcd" is not paddock or zookeeper');
    expect(() => parseOptions(['--members', '2'])).toThrow('--members: an integer from 3 to 9');
    expect(() => parseOptions(['--minutes'])).toThrow('--minutes needs a value');
    expect(() => parseOptions(['--minutes', 'x'])).toThrow('--minutes: "x" is not a non-negative number');
    expect(() => parseOptions(['--seed', '1.5'])).toThrow('--seed: an integer');
    expect(() => parseOptions(['--bogus'])).toThrow('unknown argument "--bogus"');
  });
});
