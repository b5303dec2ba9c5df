import { describe, expect, it } from 'vitest';
import { ErrorCode, EventType, OpCode, type Stat } from '@paddock/protocol';
import { MAX_XID } from '../../src/session/index';
import { ofType, PASSWD, ScriptedSession, SESSION_ID } from './scripted-server';

const STAT: Stat = {
  czxid: 1n, mzxid: 2n, ctime: 3n, mtime: 4n, version: 5, cversion: 6, aversion: 7,
  ephemeralOwner: 0n, dataLength: 1, numChildren: 0, pzxid: 8n,
};

function getData(path: string) {
  return { op: OpCode.getData, path, watch: false } as const;
}

describe('handshake', () => {
  it('sends a fresh ConnectRequest, then nothing until the response, then the queued requests', () => {
    const s = new ScriptedSession();
    const connection = s.openNext();
    s.step({ type: 'submit', request: 1, body: getData('/a') });
    expect(s.open(connection)).toEqual({
      protocolVersion: 0, lastZxidSeen: 0n, timeOut: 30_000, sessionId: 0n, passwd: new Uint8Array(16), readOnly: false,
    });
    const more = s.step({ type: 'submit', request: 2, body: getData('/b') });
    expect(ofType(more, 'send')).toEqual([]);
    const effects = s.accept(connection, { timeOut: 12_000 });
    expect(s.requests(effects).map((r) => [r.xid, r.type])).toEqual([[1, OpCode.getData], [2, OpCode.getData]]);
    expect(ofType(effects, 'state')).toEqual([{ type: 'state', state: 'Connected', sessionId: SESSION_ID }]);
    expect(s.machine.negotiatedSessionTimeoutMs).toBe(12_000);
    expect(s.machine.sessionId).toBe(SESSION_ID);
    expect(s.machine.sessionPasswd).toEqual(PASSWD);
  });

  it('asks for read-only and reports ReadOnly when the server is read-only', () => {
    const s = new ScriptedSession({ canBeReadOnly: true });
    const connection = s.openNext();
    expect(s.open(connection).readOnly).toBe(true);
    expect(ofType(s.accept(connection, { readOnly: true }), 'state').map((e) => e.state)).toEqual(['ReadOnly']);
  });

  it('reports Expired on the expired handshake (timeOut 0) and fails everything with SessionExpired', () => {
    const s = new ScriptedSession({ sessionId: SESSION_ID, sessionPasswd: PASSWD });
    const connection = s.openNext();
    const hello = s.open(connection);
    expect(hello.sessionId).toBe(SESSION_ID);
    expect(hello.passwd).toEqual(PASSWD);
    s.step({ type: 'submit', request: 1, body: getData('/a') });
    const effects = s.accept(connection, { timeOut: 0, sessionId: 0n });
    expect(ofType(effects, 'reply')).toMatchObject([{ request: 1, err: ErrorCode.SessionExpired }]);
    expect(ofType(effects, 'close-socket')).toEqual([{ type: 'close-socket', connection }]);
    expect(ofType(effects, 'state').map((e) => e.state)).toEqual(['Expired']);
    expect(s.machine.wakeAtMs()).toBeUndefined();
    const later = s.step({ type: 'submit', request: 2, body: getData('/a') });
    expect(ofType(later, 'reply')).toMatchObject([{ request: 2, err: ErrorCode.SessionExpired }]);
  });

  it('gives up on a host after connectTimeout = timeout / hosts and tries the next one', () => {
    const s = new ScriptedSession({ sessionTimeoutMs: 30_000 });
    const first = s.openNext();
    const firstOpen = s.log.find((e) => e.type === 'open');
    expect(s.machine.wakeAtMs()).toBe(s.now + 10_000);
    const effects = s.advance(10_000);
    expect(ofType(effects, 'close-socket')).toEqual([{ type: 'close-socket', connection: first }]);
    const second = s.openNext();
    const opens = ofType(s.log, 'open');
    expect(second).toBe(first + 1);
    expect(opens[1]!.host).not.toEqual(firstOpen?.type === 'open' ? firstOpen.host : undefined);
    expect(opens.map((o) => o.host)).toEqual(s.machine.hostOrder.slice(0, 2));
  });
});

describe('pings and timeouts', () => {
  it('pings after readTimeout/2 - 1 s of send idleness, and a request postpones the ping', () => {
    const s = new ScriptedSession();
    const connection = s.connect({ timeOut: 30_000 });
    const t0 = s.now;
    // readTimeout = 20 s; ClientCnxn pings when 10 s - idle - 1 s <= 0.
    expect(s.machine.wakeAtMs()).toBe(t0 + 9_000);
    expect(ofType(s.advance(8_999), 'send')).toEqual([]);
    const ping = s.advance(1);
    expect(s.requests(ping).map((r) => [r.xid, r.type])).toEqual([[-2, OpCode.ping]]);
    s.reply(connection, -2, { op: OpCode.ping });
    s.advance(5_000);
    s.step({ type: 'submit', request: 1, body: getData('/a') });
    expect(s.machine.wakeAtMs()).toBe(s.now + 9_000);
  });

  it('pings at readTimeout/2 for short timeouts', () => {
    const s = new ScriptedSession();
    s.connect({ timeOut: 3_000 });
    expect(s.machine.wakeAtMs()).toBe(s.now + 1_000);
  });

  it('drops the connection after readTimeout = 2/3 timeout of silence and reports Disconnected', () => {
    const s = new ScriptedSession();
    const connection = s.connect({ timeOut: 30_000 });
    s.step({ type: 'submit', request: 1, body: getData('/a') });
    const t0 = s.now;
    let effects = s.advanceTo(t0 + 9_000);
    expect(ofType(effects, 'close-socket')).toEqual([]);
    effects = s.advanceTo(t0 + 20_000);
    expect(ofType(effects, 'close-socket')).toEqual([{ type: 'close-socket', connection }]);
    expect(ofType(effects, 'reply')).toMatchObject([{ request: 1, err: ErrorCode.ConnectionLoss }]);
    expect(ofType(effects, 'state').map((e) => e.state)).toEqual(['Disconnected']);
  });

  it('fails a request after its timeout with RequestTimeout and drops the connection (ZOOKEEPER-2251)', () => {
    const s = new ScriptedSession();
    const connection = s.connect();
    s.step({ type: 'submit', request: 1, body: getData('/a'), timeoutMs: 500 });
    s.step({ type: 'submit', request: 2, body: getData('/b') });
    const effects = s.advance(500);
    expect(ofType(effects, 'reply')).toMatchObject([
      { request: 1, err: ErrorCode.RequestTimeout },
      { request: 2, err: ErrorCode.ConnectionLoss },
    ]);
    expect(ofType(effects, 'close-socket')).toEqual([{ type: 'close-socket', connection }]);
  });
});

describe('replies', () => {
  it('matches replies FIFO and tracks lastZxid from replies only', () => {
    const s = new ScriptedSession();
    const connection = s.connect();
    const sent = s.requests([
      ...s.step({ type: 'submit', request: 10, body: getData('/a') }),
      ...s.step({ type: 'submit', request: 11, body: { op: OpCode.exists, path: '/b', watch: false } }),
    ]);
    expect(sent.map((r) => r.xid)).toEqual([1, 2]);
    const first = s.reply(connection, 1, { op: OpCode.getData, data: Uint8Array.of(7), stat: STAT }, { zxid: 0x10n });
    expect(ofType(first, 'reply')).toMatchObject([{ request: 10, err: 0, zxid: 0x10n, body: { op: OpCode.getData, data: Uint8Array.of(7) } }]);
    s.notify(connection, EventType.NodeDataChanged, '/zz', 0x99n);
    expect(s.machine.lastZxid).toBe(0x10n);
    const second = s.reply(connection, 2, null, { zxid: 0x11n, err: ErrorCode.NoNode });
    expect(ofType(second, 'reply')).toMatchObject([{ request: 11, err: ErrorCode.NoNode, body: null }]);
    expect(s.machine.lastZxid).toBe(0x11n);
  });

  it('refuses requests beyond the outstanding limit with ThrottledOp', () => {
    const s = new ScriptedSession({ maxOutstandingRequests: 2 });
    s.connect();
    s.step({ type: 'submit', request: 1, body: getData('/a') });
    s.step({ type: 'submit', request: 2, body: getData('/b') });
    const refused = s.step({ type: 'submit', request: 3, body: getData('/c') });
    expect(ofType(refused, 'reply')).toMatchObject([{ request: 3, err: ErrorCode.ThrottledOp }]);
    expect(ofType(refused, 'send')).toEqual([]);
  });

  it('treats an out-of-order xid as a broken connection', () => {
    const s = new ScriptedSession();
    const connection = s.connect();
    s.step({ type: 'submit', request: 1, body: getData('/a') });
    s.step({ type: 'submit', request: 2, body: getData('/b') });
    const effects = s.reply(connection, 2, null, { err: ErrorCode.NoNode });
    expect(ofType(effects, 'reply')).toMatchObject([
      { request: 1, err: ErrorCode.ConnectionLoss },
      { request: 2, err: ErrorCode.ConnectionLoss },
    ]);
    expect(ofType(effects, 'log').some((l) => l.message.includes('xid out of order'))).toBe(true);
    expect(ofType(effects, 'state').map((e) => e.state)).toEqual(['Disconnected']);
  });

  it('reassembles frames split across socket chunks and handles several frames in one chunk', () => {
    const s = new ScriptedSession();
    const connection = s.connect();
    s.step({ type: 'submit', request: 1, body: getData('/a') });
    s.step({ type: 'submit', request: 2, body: getData('/b') });
    const replies = [replyFrame(1), replyFrame(2)];
    const all = concat(replies);
    const got = [
      ...s.deliver(connection, all.subarray(0, 7)),
      ...s.deliver(connection, all.subarray(7, 30)),
      ...s.deliver(connection, all.subarray(30)),
    ];
    expect(ofType(got, 'reply').map((r) => [r.request, r.err])).toEqual([[1, ErrorCode.NoNode], [2, ErrorCode.NoNode]]);
  });

  it('wraps xids from 2^31-2 back to 1 and keeps matching replies', () => {
    const s = new ScriptedSession({ firstXid: MAX_XID - 1 });
    const connection = s.connect();
    const sent = s.requests([
      ...s.step({ type: 'submit', request: 1, body: getData('/a') }),
      ...s.step({ type: 'submit', request: 2, body: getData('/b') }),
    ]);
    expect(sent.map((r) => r.xid)).toEqual([MAX_XID - 1, 1]);
    const got = [...s.reply(connection, MAX_XID - 1, null, { err: ErrorCode.NoNode }), ...s.reply(connection, 1, null, { err: ErrorCode.NoNode })];
    expect(ofType(got, 'reply').map((r) => r.request)).toEqual([1, 2]);
    expect(s.machine.state).toBe('Connected');
  });
});

/** A NoNode reply frame, built by hand so the test does not trust the encoder it checks against. */
function replyFrame(xid: number): Uint8Array {
  const payload = new Uint8Array(16);
  const view = new DataView(payload.buffer);
  view.setInt32(0, xid);
  view.setBigInt64(4, 5n);
  view.setInt32(12, ErrorCode.NoNode);
  const out = new Uint8Array(20);
  new DataView(out.buffer).setInt32(0, 16);
  out.set(payload, 4);
  return out;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

describe('watches', () => {
  it('registers on success, routes one event per one-shot watch, and keeps persistent ones', () => {
    const s = new ScriptedSession();
    const connection = s.connect();
    s.step({ type: 'submit', request: 1, body: { op: OpCode.getData, path: '/a', watch: true }, watch: { kind: 'data', watcher: 100 } });
    s.step({ type: 'submit', request: 2, body: { op: OpCode.exists, path: '/n', watch: true }, watch: { kind: 'exists', watcher: 101 } });
    s.step({ type: 'submit', request: 3, body: { op: OpCode.getChildren2, path: '/', watch: true }, watch: { kind: 'child', watcher: 102 } });
    s.step({ type: 'submit', request: 4, body: { op: OpCode.addWatch, path: '/', mode: 1 }, watch: { kind: 'persistentRecursive', watcher: 103 } });
    s.step({ type: 'submit', request: 5, body: { op: OpCode.getData, path: '/gone', watch: true }, watch: { kind: 'data', watcher: 104 } });
    const replies = [
      ...s.reply(connection, 1, { op: OpCode.getData, data: null, stat: STAT }),
      ...s.reply(connection, 2, null, { err: ErrorCode.NoNode }),
      ...s.reply(connection, 3, { op: OpCode.getChildren2, children: ['a'], stat: STAT }),
      ...s.reply(connection, 4, { op: OpCode.addWatch }),
      ...s.reply(connection, 5, null, { err: ErrorCode.NoNode }),
    ];
    expect(ofType(replies, 'reply').map((r) => r.registered)).toEqual([true, true, true, true, false]);

    expect(ofType(s.notify(connection, EventType.NodeDataChanged, '/a'), 'watch-event')).toMatchObject([
      { watchers: [100, 103], eventType: EventType.NodeDataChanged, path: '/a' },
    ]);
    expect(ofType(s.notify(connection, EventType.NodeDataChanged, '/a'), 'watch-event')).toMatchObject([{ watchers: [103] }]);
    expect(ofType(s.notify(connection, EventType.NodeCreated, '/n'), 'watch-event')).toMatchObject([{ watchers: [101, 103] }]);
    // Recursive watches get no NodeChildrenChanged; the one-shot child watch does.
    expect(ofType(s.notify(connection, EventType.NodeChildrenChanged, '/'), 'watch-event')).toMatchObject([{ watchers: [102] }]);
    expect(ofType(s.notify(connection, EventType.NodeChildrenChanged, '/'), 'watch-event')).toEqual([]);
    expect(ofType(s.notify(connection, EventType.NodeDeleted, '/deep/x'), 'watch-event')).toMatchObject([{ watchers: [103] }]);
  });

  it('removeWatches: refused locally when no such watch, else removed when the server agrees', () => {
    const s = new ScriptedSession();
    const connection = s.connect();
    const refused = s.step({ type: 'submit', request: 1, body: { op: OpCode.removeWatches, path: '/a', type: 3 } });
    expect(ofType(refused, 'reply')).toMatchObject([{ request: 1, err: ErrorCode.NoWatcher }]);
    expect(ofType(refused, 'send')).toEqual([]);
    s.step({ type: 'submit', request: 2, body: { op: OpCode.getData, path: '/a', watch: true }, watch: { kind: 'data', watcher: 7 } });
    s.reply(connection, 1, { op: OpCode.getData, data: null, stat: STAT });
    const sent = s.requests(s.step({ type: 'submit', request: 3, body: { op: OpCode.removeWatches, path: '/a', type: 2 } }));
    expect(sent.map((r) => r.request)).toEqual([{ op: OpCode.removeWatches, path: '/a', type: 2 }]);
    const effects = s.reply(connection, 2, { op: OpCode.removeWatches });
    expect(ofType(effects, 'watchers-removed')).toEqual([{ type: 'watchers-removed', path: '/a', removed: [{ kind: 'data', watcher: 7 }] }]);
    expect(ofType(s.notify(connection, EventType.NodeDataChanged, '/a'), 'watch-event')).toEqual([]);
  });

  it('forgetting the last watcher at a path tells the server; one still held there keeps it', () => {
    const s = new ScriptedSession();
    const connection = s.connect();
    s.step({ type: 'submit', request: 1, body: { op: OpCode.addWatch, path: '/p', mode: 0 }, watch: { kind: 'persistent', watcher: 1 } });
    s.step({ type: 'submit', request: 2, body: { op: OpCode.addWatch, path: '/p', mode: 0 }, watch: { kind: 'persistent', watcher: 2 } });
    s.reply(connection, 1, { op: OpCode.addWatch });
    s.reply(connection, 2, { op: OpCode.addWatch });
    expect(s.requests(s.step({ type: 'forget-watcher', watcher: 1, path: '/p', kinds: ['persistent'] }))).toEqual([]);
    expect(ofType(s.notify(connection, EventType.NodeDataChanged, '/p'), 'watch-event')).toMatchObject([{ watchers: [2] }]);
    const sent = s.requests(s.step({ type: 'forget-watcher', watcher: 2, path: '/p', kinds: ['persistent'] }));
    expect(sent.map((r) => r.request)).toEqual([{ op: OpCode.removeWatches, path: '/p', type: 3 }]);
    expect(ofType(s.reply(connection, 3, null, { err: ErrorCode.OK }), 'reply')).toEqual([]);
  });
});

describe('reconnect', () => {
  function connectedWithWatches() {
    const s = new ScriptedSession({ reconnectJitterMs: 1000, spinDelayMs: 1000 });
    const connection = s.connect();
    s.step({ type: 'add-auth', request: 50, scheme: 'digest', auth: new TextEncoder().encode('u:p') });
    s.step({ type: 'submit', request: 1, body: { op: OpCode.getData, path: '/d', watch: true }, watch: { kind: 'data', watcher: 1 } });
    s.step({ type: 'submit', request: 2, body: { op: OpCode.exists, path: '/e', watch: true }, watch: { kind: 'exists', watcher: 2 } });
    s.step({ type: 'submit', request: 3, body: { op: OpCode.getChildren2, path: '/c', watch: true }, watch: { kind: 'child', watcher: 3 } });
    s.step({ type: 'submit', request: 4, body: { op: OpCode.addWatch, path: '/r', mode: 1 }, watch: { kind: 'persistentRecursive', watcher: 4 } });
    s.reply(connection, -4, null);
    s.reply(connection, 1, { op: OpCode.getData, data: null, stat: STAT }, { zxid: 0x20n });
    s.reply(connection, 2, null, { zxid: 0x21n, err: ErrorCode.NoNode });
    s.reply(connection, 3, { op: OpCode.getChildren2, children: [], stat: STAT }, { zxid: 0x22n });
    s.reply(connection, 4, { op: OpCode.addWatch }, { zxid: 0x23n });
    return { s, connection };
  }

  it('resumes the session on the next host: lastZxid, id, passwd; then auth, setWatches2, queued requests', () => {
    const { s, connection } = connectedWithWatches();
    const lost = s.step({ type: 'socket-closed', connection, reason: 'reset' });
    expect(ofType(lost, 'state').map((e) => e.state)).toEqual(['Disconnected']);
    const wake = s.machine.wakeAtMs()!;
    expect(wake - s.now).toBeLessThan(1000);
    s.step({ type: 'submit', request: 9, body: getData('/q') });
    const next = s.openNext();
    const hosts = ofType(s.log, 'open').map((o) => o.host);
    expect(hosts[1]).toEqual(s.machine.hostOrder[1]);
    expect(s.open(next)).toEqual({
      protocolVersion: 0, lastZxidSeen: 0x23n, timeOut: 30_000, sessionId: SESSION_ID, passwd: PASSWD, readOnly: false,
    });
    const effects = s.accept(next);
    expect(ofType(effects, 'state').map((e) => e.state)).toEqual(['Reconnected']);
    expect(s.requests(effects).map((r) => ({ xid: r.xid, request: r.request }))).toEqual([
      { xid: -4, request: { op: OpCode.auth, type: 0, scheme: 'digest', auth: new TextEncoder().encode('u:p') } },
      {
        xid: -8,
        request: {
          op: OpCode.setWatches2, relativeZxid: 0x23n, dataWatches: ['/d'], existWatches: ['/e'], childWatches: ['/c'],
          persistentWatches: [], persistentRecursiveWatches: ['/r'],
        },
      },
      { xid: 5, request: getData('/q') },
    ]);
    // The setWatches reply is consumed in FIFO order before the queued request's.
    s.reply(next, -4, null);
    s.reply(next, -8, { op: OpCode.setWatches2 });
    expect(ofType(s.reply(next, 5, null, { err: ErrorCode.NoNode }), 'reply')).toMatchObject([{ request: 9 }]);
    expect(ofType(s.notify(next, EventType.NodeDataChanged, '/d'), 'watch-event')).toMatchObject([{ watchers: [1] }]);
  });

  it('retries the next host at once without jitter, and waits a spin delay after a full round', () => {
    const s = new ScriptedSession({ reconnectJitterMs: 0, spinDelayMs: 1000 });
    let effects = s.step({ type: 'start' });
    for (let i = 0; i < 3; i++) {
      const [open] = ofType(effects, 'open');
      expect(open).toBeDefined();
      effects = s.step({ type: 'socket-closed', connection: open!.connection, reason: 'refused' });
    }
    expect(ofType(effects, 'open')).toEqual([]);
    expect(s.machine.wakeAtMs()).toBe(s.now + 1000);
    expect(ofType(s.advance(1000), 'open').map((o) => o.host)).toEqual([s.machine.hostOrder[0]]);
  });

  it('declares the session expired after 4/3 of the timeout without hearing a server', () => {
    const { s, connection } = connectedWithWatches();
    const heard = s.now;
    s.step({ type: 'socket-closed', connection, reason: 'reset' });
    s.refuseConnectionsUntil(heard + 39_999);
    expect(s.machine.state).toBe('Disconnected');
    s.refuseConnectionsUntil(heard + 40_000);
    expect(s.machine.state).toBe('Expired');
    expect(ofType(s.log, 'watchers-ended')).toEqual([{ type: 'watchers-ended', watchers: [1, 2, 3, 4], state: 'Expired' }]);
  });

  it('reports AuthFailed when the server rejects an auth packet', () => {
    const s = new ScriptedSession();
    const connection = s.connect();
    const sent = s.requests(s.step({ type: 'add-auth', request: 1, scheme: 'nope', auth: new Uint8Array(1) }));
    expect(sent.map((r) => r.xid)).toEqual([-4]);
    const effects = s.reply(connection, -4, null, { err: ErrorCode.AuthFailed });
    expect(ofType(effects, 'reply')).toMatchObject([{ request: 1, err: ErrorCode.AuthFailed }]);
    expect(ofType(effects, 'state').map((e) => e.state)).toEqual(['AuthFailed']);
  });
});

describe('chroot', () => {
  it('prefixes request paths, strips reply and event paths, and re-registers server paths', () => {
    const s = new ScriptedSession({ chroot: '/app' });
    const connection = s.connect();
    const sent = s.requests([
      ...s.step({ type: 'submit', request: 1, body: { op: OpCode.create2, path: '/x', data: null, acl: [], flags: 2 } }),
      ...s.step({ type: 'submit', request: 2, body: { op: OpCode.exists, path: '/', watch: true }, watch: { kind: 'exists', watcher: 5 } }),
      ...s.step({ type: 'submit', request: 3, body: { op: OpCode.getData, path: '/zookeeper/config', watch: true }, watch: { kind: 'data', watcher: 6 }, rawPaths: true }),
    ]);
    expect(sent.map((r) => ('path' in r.request ? r.request.path : ''))).toEqual(['/app/x', '/app', '/zookeeper/config']);
    const created = s.reply(connection, 1, { op: OpCode.create2, path: '/app/x0000000001', stat: STAT });
    expect(ofType(created, 'reply')[0]!.body).toEqual({ op: OpCode.create2, path: '/x0000000001', stat: STAT });
    s.reply(connection, 2, { op: OpCode.exists, stat: STAT });
    s.reply(connection, 3, { op: OpCode.getData, data: null, stat: STAT });
    s.step({ type: 'socket-closed', connection, reason: 'reset' });
    const next = s.openNext();
    s.open(next);
    const prime = s.requests(s.accept(next));
    expect(prime.map((r) => r.request)).toMatchObject([{ op: OpCode.setWatches, dataWatches: ['/app', '/zookeeper/config'] }]);
    expect(ofType(s.notify(next, EventType.NodeDataChanged, '/app'), 'watch-event')).toMatchObject([{ watchers: [5], path: '/' }]);
    expect(ofType(s.notify(next, EventType.NodeDataChanged, '/zookeeper/config'), 'watch-event')).toMatchObject([
      { watchers: [6], path: '/zookeeper/config' },
    ]);
  });
});

describe('close', () => {
  it('sends closeSession and ends Closed on its reply', () => {
    const s = new ScriptedSession();
    const connection = s.connect();
    const sent = s.requests(s.step({ type: 'close' }));
    expect(sent.map((r) => [r.xid, r.type])).toEqual([[1, OpCode.closeSession]]);
    const refused = s.step({ type: 'submit', request: 1, body: getData('/a') });
    expect(ofType(refused, 'reply')).toMatchObject([{ request: 1, err: ErrorCode.ConnectionLoss, reason: 'client is closing' }]);
    const effects = s.reply(connection, 1, { op: OpCode.closeSession });
    expect(ofType(effects, 'state').map((e) => e.state)).toEqual(['Closed']);
    expect(ofType(effects, 'close-socket')).toEqual([{ type: 'close-socket', connection }]);
  });

  it('ends at once when there is no connection', () => {
    const s = new ScriptedSession();
    s.openNext();
    const effects = s.step({ type: 'close' });
    expect(ofType(effects, 'state').map((e) => e.state)).toEqual(['Closed']);
    expect(s.machine.wakeAtMs()).toBeUndefined();
  });

  it('ends Closed when the closeSession reply never comes', () => {
    const s = new ScriptedSession();
    s.connect({ timeOut: 3_000 });
    s.step({ type: 'close' });
    s.advance(1_999);
    expect(s.machine.state).toBe('Connected');
    s.advance(1);
    expect(s.machine.state).toBe('Closed');
  });
});
