import { describe, expect, it } from 'vitest';
import { ErrorCode, OpCode } from '@paddock/protocol';
import { defaultCoreConfig, generateDigest } from '../src/index';
import { Driver, enc } from './driver';

const auth = (cred: string) => ({ op: OpCode.auth, type: 0, scheme: 'digest', auth: enc(cred) }) as const;

describe('ACLs and auth', () => {
  it('computes ZooKeeper\'s digest', () => {
    expect(generateDigest('alice:secret')).toBe('alice:aYXlLOpEooaV1cRAvUL1fp9Qt7E=');
  });

  it('enforces digest ACLs, redacts hashes without ADMIN, and expands the auth scheme', () => {
    const d = new Driver();
    const alice = d.connect().conn;
    const anon = d.connect().conn;
    expect(d.call(alice, { op: OpCode.create, path: '/x', data: null, acl: [{ perms: 31, id: { scheme: 'auth', id: '' } }], flags: 0 }).err).toBe(ErrorCode.InvalidACL);
    expect(d.call(alice, auth('alice:secret')).err).toBe(0);
    expect(d.call(alice, { op: OpCode.create, path: '/x', data: null, acl: [{ perms: 31, id: { scheme: 'auth', id: '' } }, { perms: 1, id: { scheme: 'world', id: 'anyone' } }], flags: 0 }).err).toBe(0);
    expect(d.call(anon, { op: OpCode.getData, path: '/x', watch: false }).err).toBe(0);
    expect(d.call(anon, { op: OpCode.setData, path: '/x', data: null, version: -1 }).err).toBe(ErrorCode.NoAuth);
    expect(d.call(anon, { op: OpCode.getACL, path: '/x' }).body).toMatchObject({ acl: [{ perms: 31, id: { scheme: 'digest', id: 'alice:x' } }, { perms: 1 }] });
    expect(d.call(alice, { op: OpCode.getACL, path: '/x' }).body).toMatchObject({ acl: [{ id: { id: 'alice:aYXlLOpEooaV1cRAvUL1fp9Qt7E=' } }, { perms: 1 }] });
    expect(d.call(alice, { op: OpCode.setData, path: '/x', data: null, version: -1 }).err).toBe(0);
    expect(d.call(alice, { op: OpCode.whoAmI }).body).toEqual({ op: OpCode.whoAmI, clientInfo: [{ authScheme: 'digest', user: 'alice' }, { authScheme: 'ip', user: '127.0.0.1' }] });
  });

  it('rejects malformed ACLs and unknown schemes with InvalidACL, and bad auth with AuthFailed', () => {
    const d = new Driver();
    const c = d.connect().conn;
    expect(d.call(c, { op: OpCode.create, path: '/y', data: null, acl: [{ perms: 31, id: { scheme: 'nope', id: 'x' } }], flags: 0 }).err).toBe(ErrorCode.InvalidACL);
    expect(d.call(c, { op: OpCode.create, path: '/y', data: null, acl: [{ perms: 31, id: { scheme: 'ip', id: '1.2.3' } }], flags: 0 }).err).toBe(ErrorCode.InvalidACL);
    expect(d.call(c, { op: OpCode.create, path: '/y', data: null, acl: [{ perms: 31, id: { scheme: 'ip', id: '127.0.0.0/8' } }], flags: 0 }).err).toBe(0);
    expect(d.call(c, { op: OpCode.setData, path: '/y', data: null, version: -1 }).err).toBe(0);
    expect(d.call(c, { op: OpCode.auth, type: 0, scheme: 'kerberos', auth: enc('x') }).err).toBe(ErrorCode.AuthFailed);
    expect(d.take(c)).toEqual([expect.objectContaining({ kind: 'closed' })]);
  });

  it('lets the super digest through every ACL', () => {
    const d = new Driver(defaultCoreConfig({ superDigest: generateDigest('super:pw') }));
    const owner = d.connect().conn;
    d.call(owner, auth('bob:b'));
    d.call(owner, { op: OpCode.create, path: '/s', data: null, acl: [{ perms: 31, id: { scheme: 'auth', id: '' } }], flags: 0 });
    const root = d.connect().conn;
    expect(d.call(root, { op: OpCode.getData, path: '/s', watch: false }).err).toBe(ErrorCode.NoAuth);
    d.call(root, auth('super:pw'));
    expect(d.call(root, { op: OpCode.delete, path: '/s', version: -1 }).err).toBe(0);
  });

  it('checks setACL against the aversion', () => {
    const d = new Driver();
    const c = d.connect().conn;
    d.call(c, { op: OpCode.create, path: '/a', data: null, acl: [{ perms: 31, id: { scheme: 'world', id: 'anyone' } }], flags: 0 });
    const acl = [{ perms: 1, id: { scheme: 'world', id: 'anyone' } }];
    expect(d.call(c, { op: OpCode.setACL, path: '/a', acl, version: 1 }).err).toBe(ErrorCode.BadVersion);
    expect(d.call(c, { op: OpCode.setACL, path: '/a', acl, version: 0 }).body).toMatchObject({ stat: { aversion: 1, version: 0 } });
    expect(d.call(c, { op: OpCode.setData, path: '/a', data: null, version: -1 }).err).toBe(ErrorCode.NoAuth);
  });
});
