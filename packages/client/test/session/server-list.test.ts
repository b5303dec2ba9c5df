import { describe, expect, it } from 'vitest';
import { HostList, seededRandom, type HostPort } from '../../src/session/index';
import { ofType, ScriptedSession } from './scripted-server';

const host = (name: string, port = 2181): HostPort => ({ host: name, port });
const A = host('a', 1);
const B = host('b', 2);
const C = host('c', 3);
const D = host('d', 4);

/** The host of the connection the machine is on now. */
function currentHost(s: ScriptedSession): HostPort {
  const opens = ofType(s.log, 'open');
  return opens[opens.length - 1]!.host;
}

describe('HostList.update (StaticHostProvider.updateServerList)', () => {
  it('grown list, our server kept: moves to a new server with probability 1 - old/new', () => {
    let moved = 0;
    const runs = 2_000;
    for (let seed = 1; seed <= runs; seed++) {
      const list = new HostList([A, B], seededRandom(seed));
      const mine = list.next();
      list.connected();
      if (list.update([A, B, C, D], mine)) {
        moved++;
        // A move goes to one of the added servers.
        expect([C, D]).toContainEqual(list.next());
      }
    }
    // Expected 1 - 2/4 = 0.5.
    expect(moved / runs).toBeGreaterThan(0.45);
    expect(moved / runs).toBeLessThan(0.55);
  });

  it('our server removed: always moves, to the added servers when the list grew', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const list = new HostList([A], seededRandom(seed));
      list.connected();
      expect(list.update([B, C], A)).toBe(true);
      expect([B, C]).toContainEqual(list.next());
    }
  });

  it('shrunk list, our server kept: stays; removed: moves to the rest in even shares', () => {
    const list = new HostList([A, B, C], seededRandom(3));
    const mine = list.next();
    list.connected();
    expect(list.update([A, B, C].filter((h) => h !== (mine.host === 'c' ? A : C)), mine)).toBe(false);
    expect(list.rebalancing).toBe(false);
    const counts = new Map<string, number>();
    for (let seed = 1; seed <= 300; seed++) {
      const l = new HostList([A, B, C], seededRandom(seed));
      expect(l.update([A, B], C)).toBe(true);
      const to = l.next().host;
      counts.set(to, (counts.get(to) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual(['a', 'b']);
  });

  it('after trying every host of the move it goes back to round-robin over the new list', () => {
    const list = new HostList([A], seededRandom(1));
    list.connected();
    list.update([B, C], A);
    const tried = [list.next(), list.next()].map((h) => h.host).sort();
    expect(tried).toEqual(['b', 'c']);
    expect(['b', 'c']).toContain(list.next().host);
    expect(list.rebalancing).toBe(false);
  });
});

describe('updateServerList in the session machine', () => {
  it('keeps the connection when the update does not ask it to move', () => {
    const s = new ScriptedSession({ hosts: [A, B, C] });
    s.connect();
    const mine = currentHost(s);
    const effects = s.step({ type: 'update-hosts', hosts: [A, B, C].filter((h) => h === mine || h === A || h === B) });
    expect(ofType(effects, 'close-socket')).toEqual([]);
    expect(s.machine.state).toBe('Connected');
  });

  it('moves off a removed server and resumes the same session on the new one (Disconnected, Reconnected)', () => {
    const s = new ScriptedSession({ hosts: [A], reconnectJitterMs: 0 });
    const first = s.connect();
    const effects = s.step({ type: 'update-hosts', hosts: [B, C] });
    expect(ofType(effects, 'close-socket')).toEqual([{ type: 'close-socket', connection: first }]);
    expect(ofType(effects, 'state').map((e) => e.state)).toEqual(['Disconnected']);
    const next = s.openNext();
    expect(['b', 'c']).toContain(currentHost(s).host);
    const hello = s.open(next);
    expect(hello.sessionId).toBe(s.machine.sessionId);
    expect(ofType(s.accept(next), 'state').map((e) => e.state)).toEqual(['Reconnected']);
  });
});

describe('finding a read/write server again after ReadOnly (ClientCnxn.pingRwServer)', () => {
  function readOnlySession(): { s: ScriptedSession; connection: number } {
    const s = new ScriptedSession({ hosts: [A, B, C], canBeReadOnly: true, reconnectJitterMs: 0 });
    const connection = s.openNext();
    expect(s.open(connection).sessionId).toBe(0n);
    expect(ofType(s.accept(connection, { readOnly: true }), 'state').map((e) => e.state)).toEqual(['ReadOnly']);
    return { s, connection };
  }

  it('probes the other hosts with isro, backing off 100 ms, 200 ms, 400 ms ...', () => {
    const { s } = readOnlySession();
    const t0 = s.now;
    const probeTimes: number[] = [];
    for (let i = 0; i < 4; i++) {
      const at = s.machine.wakeAtMs()!;
      const effects = s.advanceTo(at);
      const probes = ofType(effects, 'probe-rw');
      if (probes.length === 0) continue;
      probeTimes.push(s.now - t0);
      s.step({ type: 'probe-result', probe: probes[0]!.probe, readWrite: false });
    }
    expect(probeTimes.slice(0, 3)).toEqual([100, 300, 700]);
    expect(s.machine.state).toBe('ReadOnly');
  });

  it('gives up a probe that gets no answer within the connect timeout', () => {
    const { s } = readOnlySession();
    const [probe] = ofType(s.advance(100), 'probe-rw');
    expect(probe).toBeDefined();
    const effects = s.advance(10_000);
    expect(ofType(effects, 'cancel-probe')).toContainEqual({ type: 'cancel-probe', probe: probe!.probe });
  });

  it('on a read/write answer: drops the read-only server, connects to that host with a new session (Connected)', () => {
    const { s, connection } = readOnlySession();
    const [probe] = ofType(s.advance(100), 'probe-rw');
    const effects = s.step({ type: 'probe-result', probe: probe!.probe, readWrite: true });
    expect(ofType(effects, 'close-socket')).toEqual([{ type: 'close-socket', connection }]);
    expect(ofType(effects, 'state').map((e) => e.state)).toEqual(['Disconnected']);
    const next = s.openNext();
    expect(currentHost(s)).toEqual(probe!.host);
    // A read-only server's session is unknown to a read/write one: ask for a new session.
    expect(s.open(next).sessionId).toBe(0n);
    expect(ofType(s.accept(next, { sessionId: 0x77n }), 'state').map((e) => e.state)).toEqual(['Connected']);
    expect(s.machine.sessionId).toBe(0x77n);
    expect(s.machine.wakeAtMs()).toBeLessThan(s.now + 60_000);
    expect(ofType(s.advance(60_000), 'probe-rw')).toEqual([]);
  });

  it('after a read/write server was seen, a read-only reconnect resumes the session and a later r/w one too', () => {
    const s = new ScriptedSession({ hosts: [A, B], canBeReadOnly: true, reconnectJitterMs: 0 });
    const first = s.connect();
    s.step({ type: 'socket-closed', connection: first, reason: 'reset' });
    const second = s.openNext();
    expect(s.open(second).sessionId).toBe(s.machine.sessionId);
    expect(ofType(s.accept(second, { readOnly: true }), 'state').map((e) => e.state)).toEqual(['ReadOnly']);
    const [probe] = ofType(s.advance(100), 'probe-rw');
    s.step({ type: 'probe-result', probe: probe!.probe, readWrite: true });
    const third = s.openNext();
    expect(s.open(third).sessionId).toBe(s.machine.sessionId);
    expect(ofType(s.accept(third), 'state').map((e) => e.state)).toEqual(['Reconnected']);
  });

  it('a stale probe result (the session already moved on) changes nothing', () => {
    const { s, connection } = readOnlySession();
    const [probe] = ofType(s.advance(100), 'probe-rw');
    const lost = s.step({ type: 'socket-closed', connection, reason: 'reset' });
    expect(ofType(lost, 'cancel-probe')).toEqual([{ type: 'cancel-probe', probe: probe!.probe }]);
    expect(ofType(s.step({ type: 'probe-result', probe: probe!.probe, readWrite: true }), 'close-socket')).toEqual([]);
  });
});
