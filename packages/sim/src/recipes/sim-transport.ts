/**
 * The client's `Transport` over the simulated network: one link per connection, FIFO in each
 * direction with a drawn latency per message (and rare long delays), refused while the server
 * is down. A link can be cut (a fault): both ends learn it, and whatever was in flight is lost.
 */
import type { ConnId } from '@paddock/core';
import { frame } from '@paddock/protocol';
import type { Transport, TransportHandlers } from '@paddock/client';
import type { Prng } from '../prng';
import type { Trace } from '../trace';
import type { HostPort } from '@paddock/client';
import type { ServerSideLink } from './client-ends';
import type { Agenda, VirtualProcess } from './virtual-process';

/** Message latency: usually `baseMs`, with probability `spikeChance` a delay in `spikeMs`. */
export interface LatencyOptions {
  readonly baseMs: readonly [number, number];
  readonly spikeChance: number;
  readonly spikeMs: readonly [number, number];
}

class Link {
  /** Neither end has closed it and it was not cut. */
  up = true;
  conn: ConnId | undefined;
  /** Messages to the client numbered from 1; those numbered above this are never delivered. */
  private deliverUpTo = Infinity;
  private sentToClient = 0;
  private clientClosed = false;
  private lastToServer = 0;
  private lastToClient = 0;

  constructor(
    readonly id: number,
    readonly process: VirtualProcess,
    private readonly handlers: TransportHandlers,
    private readonly net: SimNetwork,
  ) {}

  /** Arrival time of the next client-to-server message (FIFO). */
  arrivalAtServer(): number {
    this.lastToServer = Math.max(this.lastToServer, this.net.agenda.nowMs + this.net.latency());
    return this.lastToServer;
  }

  arrivalAtClient(): number {
    this.lastToClient = Math.max(this.lastToClient, this.net.agenda.nowMs + this.net.latency());
    return this.lastToClient;
  }

  /**
   * Ends the link; the client end hears `reason` after a latency. With `flush`, what was sent to
   * the client before still arrives first (an orderly close); without, it is lost (a cut).
   */
  end(reason: string, flush: boolean): void {
    this.up = false;
    this.deliverUpTo = flush ? this.sentToClient : 0;
    this.process.at(this.arrivalAtClient(), () => {
      if (!this.clientClosed) this.handlers.onClose(reason);
    });
  }

  /** The client end closed it: nothing more reaches the client's handlers. */
  closedByClient(): void {
    this.up = false;
    this.clientClosed = true;
  }

  toClient(run: (handlers: TransportHandlers) => void): void {
    const n = ++this.sentToClient;
    this.process.at(this.arrivalAtClient(), () => {
      if (!this.clientClosed && n <= this.deliverUpTo) run(this.handlers);
    });
  }
}

/** The servers' client ports, as the network reaches them. */
export interface ClientPorts {
  /** A new connection to `host`; undefined when no server listens there now (refused). */
  accept(host: HostPort, link: ServerSideLink, remotePort: number): ConnId | undefined;
  /** Bytes from the client of `conn`, in order. */
  receive(conn: ConnId, bytes: Uint8Array): void;
  /** The client end of `conn` went away. */
  hangUp(conn: ConnId): void;
}

export class SimNetwork {
  private readonly links = new Map<number, Link>();
  private nextLink = 1;

  constructor(
    readonly agenda: Agenda,
    private readonly server: ClientPorts,
    private readonly rng: Prng,
    private readonly options: LatencyOptions,
    private readonly trace: Trace,
  ) {}

  latency(): number {
    const o = this.options;
    const [lo, hi] = this.rng.chance(o.spikeChance) ? o.spikeMs : o.baseMs;
    return this.rng.int(lo, hi);
  }

  /** The transport `process` connects through. */
  transportFor(process: VirtualProcess): Transport {
    return (host, handlers) => {
      const link = new Link(this.nextLink++, process, handlers, this);
      this.links.set(link.id, link);
      this.agenda.at(link.arrivalAtServer(), () => this.open(link, host));
      return {
        send: (bytes) => {
          if (!link.up) return;
          const copy = bytes.slice();
          this.agenda.at(link.arrivalAtServer(), () => {
            if (link.up && link.conn !== undefined) this.server.receive(link.conn, copy);
          });
        },
        close: () => {
          const wasUp = link.up;
          link.closedByClient();
          if (!wasUp) return;
          this.links.delete(link.id);
          this.agenda.at(link.arrivalAtServer(), () => {
            if (link.conn !== undefined) this.server.hangUp(link.conn);
          });
        },
      };
    };
  }

  /** Open links, in creation order (faults pick among them). */
  openLinks(): number[] {
    return [...this.links.keys()];
  }

  /** Breaks a link at once: the server hears of it now, the client after a latency; in-flight bytes are lost. */
  cut(linkId: number): void {
    const link = this.links.get(linkId);
    if (link === undefined) return;
    this.trace.record(`${this.agenda.nowMs} fault cut link ${linkId} (process ${link.process.id}, conn ${link.conn ?? '-'})`);
    this.drop(link, 'connection reset', false);
    if (link.conn !== undefined) this.server.hangUp(link.conn);
  }

  private open(link: Link, host: HostPort): void {
    if (!link.up) return;
    const conn = this.server.accept(host, {
      toClient: (payload) => link.toClient((h) => h.onData(frame(payload))),
      closedByServer: (reason) => this.drop(link, reason, true),
    }, 30_000 + link.id);
    if (conn === undefined) {
      this.drop(link, 'connection refused', true);
      return;
    }
    link.conn = conn;
    link.toClient((h) => h.onOpen());
  }

  private drop(link: Link, reason: string, flush: boolean): void {
    if (!link.up) return;
    this.links.delete(link.id);
    link.end(reason, flush);
  }
}
