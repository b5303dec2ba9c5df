/**
 * The network between ensemble members, as the core's Zab contract demands (zab/README.md):
 * one connection per pair, FIFO in each direction, no duplicates, and a message lost only when
 * its connection breaks, which both ends learn from `peer-disconnected` before anything sent
 * later. Latency is drawn per message, so messages on different links overtake one another.
 * Faults: a pair may be blocked (partitions: the link breaks and stays down until healed) and a
 * direction may be held (an asymmetric partition: TCP keeps the bytes, they arrive when released,
 * unless the connection breaks first).
 */
import type { Input, PeerMessage } from '@paddock/core';
import type { Prng } from '../prng';

/** A message on its way; stale once its link's generation moved on. */
export interface PeerDelivery {
  readonly from: number;
  readonly to: number;
  readonly generation: number;
  readonly message: PeerMessage;
}

/** What the network needs of the world: tell a server something, and schedule a delivery. */
export interface PeerNetworkHost {
  notify(server: number, input: Input): void;
  schedule(atMs: number, delivery: PeerDelivery): void;
}

const pairKey = (a: number, b: number): string => (a < b ? `${a}-${b}` : `${b}-${a}`);
const dirKey = (from: number, to: number): string => `${from}>${to}`;

/** Links between members: up or down, their generations, blocked pairs and held directions. */
export class PeerNetwork {
  private readonly up = new Set<string>();
  private readonly generation = new Map<string, number>();
  private readonly blocked = new Set<string>();
  private readonly held = new Map<string, PeerMessage[]>();
  private readonly lastArrival = new Map<string, number>();
  private readonly alive = new Set<number>();

  constructor(
    readonly members: readonly number[],
    private readonly rng: Prng,
    private readonly latencyMs: readonly [number, number],
    private readonly host: PeerNetworkHost,
  ) {}

  isUp(a: number, b: number): boolean {
    return this.up.has(pairKey(a, b));
  }

  /** Whether `delivery` still rides the connection it was sent on. */
  isCurrent(d: PeerDelivery): boolean {
    return this.isUp(d.from, d.to) && this.generation.get(pairKey(d.from, d.to)) === d.generation;
  }

  /** A server (re)started: it connects to every live member it is not cut off from. */
  serverUp(id: number, nowMs: number): void {
    this.alive.add(id);
    for (const other of this.members) if (other !== id) this.connect(id, other, nowMs);
  }

  /** A server crashed: every connection it had breaks. */
  serverDown(id: number): void {
    this.alive.delete(id);
    for (const other of this.members) if (other !== id) this.breakLink(id, other);
  }

  /** `peer-send`: dropped without a connection, held on a held direction, else scheduled. */
  send(from: number, to: number, message: PeerMessage, nowMs: number): void {
    if (!this.isUp(from, to)) return;
    const queue = this.held.get(dirKey(from, to));
    if (queue) queue.push(message);
    else this.schedule(from, to, message, nowMs);
  }

  /** Cuts the two groups apart (symmetric); a link across stays down until {@link heal}. */
  block(a: readonly number[], b: readonly number[]): void {
    for (const x of a) {
      for (const y of b) {
        if (x === y) continue;
        this.blocked.add(pairKey(x, y));
        this.breakLink(x, y);
      }
    }
  }

  /** Messages from `from` to `to` stop arriving (but are kept) until healed. */
  hold(from: number, to: number): void {
    const k = dirKey(from, to);
    if (this.isUp(from, to) && !this.held.has(k)) this.held.set(k, []);
  }

  /** Messages held from `from` to `to` go on their way, in order; later ones follow them. */
  release(from: number, to: number, nowMs: number): void {
    const k = dirKey(from, to);
    const messages = this.held.get(k);
    if (!messages) return;
    this.held.delete(k);
    for (const m of messages) this.schedule(from, to, m, nowMs);
  }

  /** Breaks a link once (a connection reset); it comes straight back if nothing blocks it. */
  reset(a: number, b: number, nowMs: number): void {
    this.breakLink(a, b);
    this.connect(a, b, nowMs);
  }

  /** Lifts every block and hold, delivers what was held, and reconnects every live pair. */
  heal(nowMs: number): void {
    this.blocked.clear();
    const held = [...this.held].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    this.held.clear();
    for (const [k, messages] of held) {
      const [from, to] = k.split('>').map(Number) as [number, number];
      for (const m of messages) this.schedule(from, to, m, nowMs);
    }
    for (const a of this.members) for (const b of this.members) if (a < b) this.connect(a, b, nowMs);
  }

  /** Whether anything is blocked or held. */
  get faulty(): boolean {
    return this.blocked.size > 0 || this.held.size > 0;
  }

  private schedule(from: number, to: number, message: PeerMessage, nowMs: number): void {
    const k = dirKey(from, to);
    const at = Math.max(nowMs + this.rng.int(this.latencyMs[0], this.latencyMs[1]), this.lastArrival.get(k) ?? 0);
    this.lastArrival.set(k, at);
    this.host.schedule(at, { from, to, generation: this.generation.get(pairKey(from, to))!, message });
  }

  private connect(a: number, b: number, nowMs: number): void {
    const k = pairKey(a, b);
    if (this.up.has(k) || this.blocked.has(k) || !this.alive.has(a) || !this.alive.has(b)) return;
    this.up.add(k);
    this.generation.set(k, (this.generation.get(k) ?? 0) + 1);
    // A new connection's bytes never wait behind an old one's.
    this.lastArrival.set(dirKey(a, b), nowMs);
    this.lastArrival.set(dirKey(b, a), nowMs);
    this.host.notify(a, { type: 'peer-connected', peer: b });
    this.host.notify(b, { type: 'peer-connected', peer: a });
  }

  private breakLink(a: number, b: number): void {
    const k = pairKey(a, b);
    if (!this.up.delete(k)) return;
    this.held.delete(dirKey(a, b));
    this.held.delete(dirKey(b, a));
    if (this.alive.has(a)) this.host.notify(a, { type: 'peer-disconnected', peer: b });
    if (this.alive.has(b)) this.host.notify(b, { type: 'peer-disconnected', peer: a });
  }
}
