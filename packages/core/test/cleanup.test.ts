import { describe, expect, it } from 'vitest';
import { ErrorCode, OpCode } from '@paddock/protocol';
import { defaultCoreConfig } from '../src/index';
import { create, Driver, OPEN } from './driver';

describe('container and TTL cleanup', () => {
  const config = defaultCoreConfig({ startWallMs: 1_700_000_000_000, extendedTypesEnabled: true, containerCheckIntervalMs: 2000 });

  it('deletes a container once its last child is gone, never one that never had children', () => {
    const d = new Driver(config);
    const c = d.connect({ timeOut: 100000 }).conn;
    expect(d.call(c, create('/c', '', 4, 19)).body).toMatchObject({ stat: { ephemeralOwner: 0n } });
    // The opcode decides: createContainer makes a container even with flags 0.
    expect(d.call(c, create('/never', '', 0, 19)).err).toBe(0);
    // ...and a plain create with the container flag makes a persistent node.
    d.call(c, create('/flag-only', '', 4, 15));
    d.call(c, create('/flag-only/x'));
    d.call(c, { op: OpCode.delete, path: '/flag-only/x', version: -1 });
    d.call(c, create('/c/x'));
    d.tick(2);
    expect(d.call(c, { op: OpCode.exists, path: '/c', watch: false }).err).toBe(0);
    d.call(c, { op: OpCode.delete, path: '/c/x', version: -1 });
    d.tick(1);
    expect(d.call(c, { op: OpCode.exists, path: '/c', watch: false }).err).toBe(ErrorCode.NoNode);
    expect(d.call(c, { op: OpCode.exists, path: '/never', watch: false }).err).toBe(0);
    expect(d.call(c, { op: OpCode.exists, path: '/flag-only', watch: false }).err).toBe(0);
  });

  it('deletes a childless TTL node once idle past its TTL; setData extends it', () => {
    const d = new Driver(config);
    const c = d.connect({ timeOut: 100000 }).conn;
    expect(d.call(c, { op: OpCode.createTTL, path: '/t', data: null, acl: OPEN, flags: 5, ttl: 5000n }).body).toMatchObject({ path: '/t', stat: { ephemeralOwner: 0n } });
    expect(d.call(c, { op: OpCode.createTTL, path: '/bad', data: null, acl: OPEN, flags: 0, ttl: 5000n }).err).toBe(ErrorCode.BadArguments);
    d.advanceClock(4000);
    d.call(c, { op: OpCode.setData, path: '/t', data: null, version: -1 });
    d.advanceClock(4000);
    d.tick(1);
    expect(d.call(c, { op: OpCode.exists, path: '/t', watch: false }).err).toBe(0);
    d.advanceClock(2000);
    d.tick(1);
    expect(d.call(c, { op: OpCode.exists, path: '/t', watch: false }).err).toBe(ErrorCode.NoNode);
  });
});

describe('never-used containers', () => {
  it('are deleted once older than znode.container.maxNeverUsedIntervalMs, and only then', () => {
    const d = new Driver(defaultCoreConfig({ startWallMs: 1_700_000_000_000, containerCheckIntervalMs: 2000, containerMaxNeverUsedIntervalMs: 5000 }));
    const c = d.connect({ timeOut: 100000 }).conn;
    d.call(c, create('/idle', '', 0, 19));
    d.advanceClock(4000);
    d.tick(1);
    expect(d.call(c, { op: OpCode.exists, path: '/idle', watch: false }).err).toBe(0);
    d.advanceClock(2000);
    d.tick(1);
    expect(d.call(c, { op: OpCode.exists, path: '/idle', watch: false }).err).toBe(ErrorCode.NoNode);
  });
});

describe('cleanup racing a pending create', () => {
  it('skips a container whose new child is not yet durable, without leaving a hole in the zxids', () => {
    const d = new Driver(defaultCoreConfig({ startWallMs: 1_700_000_000_000, containerCheckIntervalMs: 2000 }));
    const c = d.connect({ timeOut: 100000 }).conn;
    d.call(c, create('/c', '', 0, 19));
    d.call(c, create('/c/x'));
    d.call(c, { op: OpCode.delete, path: '/c/x', version: -1 });
    d.autoPersist = false;
    const pendingCreate = d.send(c, create('/c/y'));
    d.tick(1);
    d.persistAll();
    expect(d.take(c)).toEqual([expect.objectContaining({ kind: 'reply', xid: pendingCreate, err: 0 })]);
    const zxids = d.log.map((r) => r.zxid);
    expect(zxids).toEqual(zxids.map((_, i) => zxids[0]! + i));
    d.autoPersist = true;
    expect(d.call(c, create('/c/z')).err).toBe(0);
    expect(d.call(c, { op: OpCode.getChildren, path: '/c', watch: false }).body).toMatchObject({ children: ['y', 'z'] });
  });
});
