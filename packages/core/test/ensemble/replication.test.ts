import { describe, expect, it } from 'vitest';
import { ErrorCode } from '@paddock/protocol';
import { create } from '../driver';
import { Ensemble, OpCode } from './ensemble';

describe('ensemble: election and broadcast', () => {
  it('elects a leader and replicates writes to every server', () => {
    const e = new Ensemble([1, 2, 3]);
    const leader = e.elect();
    expect(leader).toBe(3);
    for (const id of [1, 2]) expect(e.inspect(id).role).toBe('follower');
    const follower = 1;
    const { conn, response } = e.connect(follower);
    expect(response?.sessionId).toBeDefined();
    expect(e.call(follower, conn, create('/a', 'one')).err).toBe(ErrorCode.OK);
    expect(e.call(follower, conn, { op: OpCode.setData, path: '/a', data: new TextEncoder().encode('two'), version: -1 }).err).toBe(ErrorCode.OK);
    for (const id of [1, 2, 3]) expect(e.read(id, '/a')).toBe('two');
    const digests = new Set([1, 2, 3].map((id) => e.inspect(id).digest));
    expect(digests.size).toBe(1);
  });
});
