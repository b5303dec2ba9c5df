/**
 * An in-memory network for an ensemble: one connection per pair of servers, FIFO per
 * direction (as TCP), delivered in global send order. Cutting a link drops what is in flight on
 * it and tells both ends `peer-disconnected`; restoring it tells both `peer-connected`. There is
 * no other loss: a lost message is always a broken connection, which is what Zab assumes.
 */
import type { Input, PeerMessage } from '../../src/index';

export interface InFlight {
  readonly from: number;
  readonly to: number;
  readonly message: PeerMessage;
}

const linkKey = (a: number, b: number) => (a < b ? `${a}-${b}` : `${b}-${a}`);

export class Network {
  private readonly down = new Set<string>();
  private queue: InFlight[] = [];
  /** Every message delivered, for assertions on the protocol's exchanges. */
  readonly delivered: InFlight[] = [];

  constructor(private readonly notify: (server: number, input: Input) => void) {}

  isUp(a: number, b: number): boolean {
    return !this.down.has(linkKey(a, b));
  }

  send(from: number, to: number, message: PeerMessage): void {
    if (this.isUp(from, to)) this.queue.push({ from, to, message });
  }

  get inFlight(): number {
    return this.queue.length;
  }

  /** Directions whose messages wait (a slow link): `${from}>${to}`. */
  private readonly held = new Set<string>();

  /** Messages from `from` to `to` wait, in order, until {@link release}. */
  hold(from: number, to: number): void {
    this.held.add(`${from}>${to}`);
  }

  release(from: number, to: number): void {
    this.held.delete(`${from}>${to}`);
  }

  releaseAll(): void {
    this.held.clear();
  }

  /** Takes the next message to deliver (skipping held directions), or null. */
  next(): InFlight | null {
    const i = this.held.size === 0 ? 0 : this.queue.findIndex((m) => !this.held.has(`${m.from}>${m.to}`));
    if (i < 0 || i >= this.queue.length) return null;
    const [m] = this.queue.splice(i, 1);
    this.delivered.push(m!);
    return m!;
  }

  cut(a: number, b: number): void {
    const key = linkKey(a, b);
    if (this.down.has(key)) return;
    this.down.add(key);
    this.queue = this.queue.filter((m) => linkKey(m.from, m.to) !== key);
    this.notify(a, { type: 'peer-disconnected', peer: b });
    this.notify(b, { type: 'peer-disconnected', peer: a });
  }

  restore(a: number, b: number): void {
    const key = linkKey(a, b);
    if (!this.down.has(key)) return;
    this.down.delete(key);
    this.notify(a, { type: 'peer-connected', peer: b });
    this.notify(b, { type: 'peer-connected', peer: a });
  }

  /** Drops every message in flight (each affected link is cut and restored: a reset). */
  resetAll(): void {
    const links = new Map<string, [number, number]>();
    for (const m of this.queue) links.set(linkKey(m.from, m.to), [m.from, m.to]);
    for (const [a, b] of links.values()) {
      this.cut(a, b);
      this.restore(a, b);
    }
  }
}
