/**
 * Live sessions and their expiry. Expiry is counted in ticks and bucketed per tick, as
 * ZooKeeper's ExpiryQueue buckets by tickTime: a session touched during tick k with a timeout
 * of t ms expires at tick k + ceil(t / tickTime) + 1, i.e. after at least t ms of silence.
 */
import { invariant } from '../util/assert';

export interface Session {
  readonly id: bigint;
  timeoutMs: number;
  expiresAtTick: number;
  /** A closeSession txn is on its way: the session accepts no more requests. */
  closing: boolean;
}

export class SessionTable {
  private readonly sessions = new Map<bigint, Session>();
  private readonly buckets = new Map<number, Set<bigint>>();
  private tick: number;

  /** `startTick` keeps the tick count running when a table is rebuilt (a learner's SNAP). */
  constructor(private readonly tickTimeMs: number, startTick = 0) {
    this.tick = startTick;
  }

  get currentTick(): number {
    return this.tick;
  }

  get size(): number {
    return this.sessions.size;
  }

  get(id: bigint): Session | undefined {
    return this.sessions.get(id);
  }

  /** All sessions, ordered by id (deterministic for snapshots and dumps). */
  all(): Session[] {
    return [...this.sessions.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  add(id: bigint, timeoutMs: number): Session {
    invariant(!this.sessions.has(id), () => `session 0x${id.toString(16)} created twice`);
    const session: Session = { id, timeoutMs, expiresAtTick: 0, closing: false };
    this.sessions.set(id, session);
    this.touch(session);
    return session;
  }

  /** Restarts the session's expiry countdown (every packet from its client does this). */
  touch(session: Session, timeoutMs = session.timeoutMs): void {
    session.timeoutMs = timeoutMs;
    const at = this.tick + Math.ceil(timeoutMs / this.tickTimeMs) + 1;
    if (at === session.expiresAtTick) return;
    this.buckets.get(session.expiresAtTick)?.delete(session.id);
    session.expiresAtTick = at;
    let bucket = this.buckets.get(at);
    if (!bucket) this.buckets.set(at, (bucket = new Set()));
    bucket.add(session.id);
  }

  /**
   * Forgets every `closing` mark: the closeSession txns behind them were dropped with the role
   * that prepared them. Such sessions get a fresh countdown, as ZooKeeper's new leader gives every
   * session it rebuilds from its database.
   */
  abandonClosing(): void {
    for (const session of this.sessions.values()) {
      if (!session.closing) continue;
      session.closing = false;
      // Its bucket was consumed when it expired: force touch() to file it in a new one.
      session.expiresAtTick = -1;
      this.touch(session);
    }
  }

  remove(id: bigint): void {
    const session = this.sessions.get(id);
    if (!session) return;
    this.buckets.get(session.expiresAtTick)?.delete(id);
    this.sessions.delete(id);
  }

  /** Advances one tick and returns the sessions that expired, in id order. */
  advance(): Session[] {
    this.tick++;
    const bucket = this.buckets.get(this.tick);
    if (!bucket) return [];
    this.buckets.delete(this.tick);
    const expired: Session[] = [];
    for (const id of bucket) {
      const s = this.sessions.get(id);
      if (s && !s.closing) expired.push(s);
    }
    return expired.sort((a, b) => (a.id < b.id ? -1 : 1));
  }
}
