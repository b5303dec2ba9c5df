import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '@paddock/protocol';
import { create } from '../driver';
import { Ensemble } from './ensemble';

/**
 * Random fault schedules against an ensemble of three or five voters, sometimes with an observer. After every action: at most one
 * serving leader per epoch, and replicas at the same applied zxid have the same digest. At the
 * end everything heals, and every acknowledged write must be on every server. Knobs drawn per
 * run make SNAP (a short committed log) and zxid rollover (a tiny counter) reachable.
 */
type Action =
  | { kind: 'write'; server: number }
  | { kind: 'tick'; n: number }
  | { kind: 'crash'; server: number }
  | { kind: 'restart'; server: number }
  | { kind: 'isolate'; server: number }
  | { kind: 'heal' }
  | { kind: 'hold-disk'; server: number }
  | { kind: 'release-disk'; server: number }
  | { kind: 'steps'; n: number }
  /** Every message in flight is lost: each link it was on resets. */
  | { kind: 'drop' }
  /** Messages from `server` to `to` wait until the next heal (a slow link, one direction). */
  | { kind: 'slow'; server: number; to: number };

/** Actions name a member by index; the run maps it onto its ensemble's ids. */
const server = fc.integer({ min: 0, max: 5 });
const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 5, arbitrary: server.map((s) => ({ kind: 'write', server: s }) as const) },
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 8 }).map((n) => ({ kind: 'tick', n }) as const) },
  { weight: 1, arbitrary: server.map((s) => ({ kind: 'crash', server: s }) as const) },
  { weight: 2, arbitrary: server.map((s) => ({ kind: 'restart', server: s }) as const) },
  { weight: 1, arbitrary: server.map((s) => ({ kind: 'isolate', server: s }) as const) },
  { weight: 2, arbitrary: fc.constant({ kind: 'heal' } as const) },
  { weight: 1, arbitrary: server.map((s) => ({ kind: 'hold-disk', server: s }) as const) },
  { weight: 2, arbitrary: server.map((s) => ({ kind: 'release-disk', server: s }) as const) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 30 }).map((n) => ({ kind: 'steps', n }) as const) },
  { weight: 1, arbitrary: fc.constant({ kind: 'drop' } as const) },
  { weight: 1, arbitrary: fc.tuple(server, server).map(([s, t]) => ({ kind: 'slow', server: s, to: t }) as const) },
);

interface Knobs {
  readonly voters: number;
  readonly observers: number;
  readonly committedLogCount: number;
  readonly zxidCounterMax: number;
}

const knobs: fc.Arbitrary<Knobs> = fc.record({
  voters: fc.constantFrom(3, 3, 5),
  observers: fc.constantFrom(0, 0, 1),
  committedLogCount: fc.constantFrom(1, 3, 500),
  zxidCounterMax: fc.constantFrom(6, 0xffff_ffff),
});

class Run {
  readonly e: Ensemble;
  readonly acked = new Set<string>();
  private readonly sent = new Map<string, string>();
  private readonly conns = new Map<number, number>();
  private readonly sessionOf = new Map<number, bigint>();
  private readonly ephemeralOwner = new Map<string, bigint>();
  private n = 0;

  readonly ids: number[];
  /** Each live server's last applied zxid: it may only grow until the server restarts. */
  private readonly applied = new Map<number, number>();

  constructor(k: Knobs) {
    const voters = Array.from({ length: k.voters }, (_, i) => i + 1);
    const observers = Array.from({ length: k.observers }, (_, i) => 10 + i);
    this.e = new Ensemble(voters, { committedLogCount: k.committedLogCount, zxidCounterMax: k.zxidCounterMax }, observers);
    this.ids = [...voters, ...observers];
  }

  apply(raw: Action): void {
    const e = this.e;
    const a = 'server' in raw ? { ...raw, server: this.ids[raw.server % this.ids.length]! } : raw;
    if (a.kind === 'restart') this.applied.delete(a.server);
    switch (a.kind) {
      case 'write': {
        const node = e.node(a.server);
        if (!node.server || !node.server.inspect().serving) return;
        let conn = this.conns.get(a.server);
        if (conn === undefined || !node.server.inspect().connections.some((c) => c.id === conn)) {
          const c = e.connect(a.server);
          if (!c.response) return;
          conn = c.conn;
          this.conns.set(a.server, conn);
          this.sessionOf.set(conn, c.response.sessionId);
        }
        const path = `/w${this.n}`;
        // Every third write is ephemeral: it must live exactly as long as its session.
        const ephemeral = this.n++ % 3 === 0;
        if (ephemeral) this.ephemeralOwner.set(path, this.sessionOf.get(conn)!);
        const xid = e.send(a.server, conn, create(path, '', ephemeral ? 1 : 0));
        this.sent.set(`${a.server}/${conn}/${xid}`, path);
        break;
      }
      case 'tick':
        for (let i = 0; i < a.n; i++) {
          for (const node of e.nodes.values()) if (node.server) node.inbox.push({ type: 'tick' });
          this.stepAll(200);
        }
        break;
      case 'crash':
        if (e.node(a.server).server) e.crash(a.server);
        break;
      case 'restart':
        if (!e.node(a.server).server) e.restart(a.server);
        break;
      case 'isolate':
        e.partition([a.server], this.ids.filter((s) => s !== a.server));
        break;
      case 'heal':
        e.heal();
        break;
      case 'hold-disk':
        e.node(a.server).diskHeld = true;
        break;
      case 'release-disk':
        e.node(a.server).diskHeld = false;
        break;
      case 'steps':
        this.stepAll(a.n);
        break;
      case 'drop':
        e.network.resetAll();
        break;
      case 'slow': {
        const to = this.ids[a.to % this.ids.length]!;
        if (to !== a.server) e.network.hold(a.server, to);
        break;
      }
    }
    this.collectReplies();
    this.check();
  }

  private stepAll(n: number): void {
    for (let i = 0; i < n && this.e.step(); i++);
  }

  /** Per connection, the highest zxid a reply carried: a client never goes back in time. */
  private readonly seenZxid = new Map<string, bigint>();

  private collectReplies(): void {
    for (const [key, box] of this.e.clients) {
      for (const r of box.splice(0, box.length)) {
        if (r.kind !== 'reply') continue;
        const seen = this.seenZxid.get(key) ?? -1n;
        expect(r.zxid, `replies on ${key} go back in time`).toBeGreaterThanOrEqual(seen);
        this.seenZxid.set(key, r.zxid);
        const path = this.sent.get(`${key}/${r.xid}`);
        if (path && r.err === ErrorCode.OK) this.acked.add(path);
      }
    }
  }

  check(): void {
    const live = [...this.e.nodes.values()].filter((n) => n.server).map((n) => n.server!.inspect());
    const leadersByEpoch = new Map<number, number>();
    for (const s of live) {
      if (s.role === 'leader' && s.serving) leadersByEpoch.set(s.currentEpoch, (leadersByEpoch.get(s.currentEpoch) ?? 0) + 1);
    }
    for (const [epoch, count] of leadersByEpoch) expect(count, `serving leaders in epoch ${epoch}`).toBe(1);
    // Ephemerals exist only for sessions the replica knows alive (PROTOCOL §3.6).
    for (const s of live) {
      const sessions = new Set(s.sessions.map((x) => x.id));
      for (const [owner] of s.ephemerals) expect(sessions.has(owner), `ephemeral of dead session 0x${owner.toString(16)}`).toBe(true);
    }
    const byZxid = new Map<number, number>();
    for (const s of live) {
      const d = byZxid.get(s.lastZxid);
      if (d === undefined) byZxid.set(s.lastZxid, s.digest);
      else expect(s.digest, `digest at zxid ${s.lastZxid}`).toBe(d);
    }
    for (const node of this.e.nodes.values()) {
      if (!node.server) continue;
      const zxid = node.server.inspect().lastZxid;
      expect(zxid, `server ${node.id} applied zxids go back`).toBeGreaterThanOrEqual(this.applied.get(node.id) ?? -1);
      this.applied.set(node.id, zxid);
    }
    this.checkCommittedLogsAgree();
  }

  /** Any zxid two servers both logged durably and both know committed is the same txn. */
  private checkCommittedLogsAgree(): void {
    const committed = new Map<number, Uint8Array>();
    for (const node of this.e.nodes.values()) {
      if (!node.server) continue;
      const upTo = node.server.inspect().committedZxid;
      for (const r of node.disk.records) {
        if (r.zxid > upTo) break;
        const other = committed.get(r.zxid);
        if (other) expect(r.payload, `txn ${r.zxid} differs on server ${node.id}`).toEqual(other);
        else committed.set(r.zxid, r.payload);
      }
    }
  }

  /** Heal everything, restart everyone, elect, and demand every acknowledged write everywhere. */
  finish(): void {
    const e = this.e;
    e.heal();
    for (const node of e.nodes.values()) {
      node.diskHeld = false;
      if (!node.server) e.restart(node.id);
    }
    e.elect(200);
    this.collectReplies();
    for (const path of this.acked) {
      for (const id of this.ids) {
        const owner = this.ephemeralOwner.get(path);
        const alive = owner === undefined || e.inspect(id).sessions.some((x) => x.id === owner);
        expect(e.server(id).readNode(path) !== null, `${path} on ${id} (session alive: ${alive})`).toBe(alive);
      }
    }
    const digests = new Set(this.ids.map((id) => `${e.inspect(id).lastZxid}/${e.inspect(id).digest}`));
    expect(digests.size).toBe(1);
  }
}

describe('ensemble under random faults', () => {
  it('keeps one serving leader per epoch, equal digests at equal zxids, and every acknowledged write', () => {
    fc.assert(
      fc.property(knobs, fc.array(action, { minLength: 5, maxLength: 40 }), (k, actions) => {
        const run = new Run(k);
        run.e.elect();
        for (const a of actions) run.apply(a);
        run.finish();
      }),
      // A longer campaign: PADDOCK_ZAB_RUNS=5000 PADDOCK_ZAB_SEED=7 pnpm vitest run packages/core/test/ensemble/faults
      { numRuns: Number(process.env.PADDOCK_ZAB_RUNS ?? 150), seed: Number(process.env.PADDOCK_ZAB_SEED ?? 20261128) },
    );
  });
});
