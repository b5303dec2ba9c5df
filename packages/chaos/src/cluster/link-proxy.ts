import { connect, createServer, type Server, type Socket } from 'node:net';

/** Which way bytes flow through a proxied connection: from the dialer to the target, or back. */
export type Direction = 'forward' | 'backward';

/**
 * A loopback TCP relay that one member dials to reach another, so the nemesis can fail the
 * network between them without touching either process:
 * - `cut()` resets every relayed connection (RST, as a crashed peer or a firewall reject looks)
 *   and resets new ones until `heal()`;
 * - `hold(direction)` stops relaying bytes one way: they wait in the kernel's buffers (and the
 *   sender eventually blocks), as on a link that silently drops packets, until `heal()`;
 * - `heal()` lets everything through again, releasing held bytes in order.
 */
export class LinkProxy {
  private readonly pairs = new Set<RelayedPair>();
  private cutNow = false;
  private readonly held: Record<Direction, boolean> = { forward: false, backward: false };
  private server: Server | undefined;
  private listenPort = 0;
  private relayedCount = 0;

  constructor(
    readonly targetPort: number,
    readonly label: string,
  ) {}

  /** Listens on an ephemeral loopback port; `port` is valid afterwards. */
  async start(): Promise<void> {
    const server = createServer((downstream) => this.accept(downstream));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error(`proxy ${this.label} has no port`);
    this.listenPort = address.port;
    this.server = server;
  }

  get port(): number {
    return this.listenPort;
  }

  /** How many connections were relayed so far (refused ones not counted). */
  get relayed(): number {
    return this.relayedCount;
  }

  get isCut(): boolean {
    return this.cutNow;
  }

  isHeld(direction: Direction): boolean {
    return this.held[direction];
  }

  cut(): void {
    this.cutNow = true;
    for (const pair of this.pairs) pair.reset();
    this.pairs.clear();
  }

  hold(direction: Direction): void {
    this.held[direction] = true;
    for (const pair of this.pairs) pair.pause(direction);
  }

  heal(): void {
    this.cutNow = false;
    this.held.forward = false;
    this.held.backward = false;
    for (const pair of this.pairs) pair.resumeBoth();
  }

  /** Closes the listener and every relayed connection. */
  async close(): Promise<void> {
    this.cut();
    const server = this.server;
    this.server = undefined;
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private accept(downstream: Socket): void {
    if (this.cutNow || this.server === undefined) {
      downstream.on('error', () => {});
      downstream.resetAndDestroy();
      return;
    }
    this.relayedCount += 1;
    const upstream = connect({ host: '127.0.0.1', port: this.targetPort });
    const pair = new RelayedPair(downstream, upstream, () => this.pairs.delete(pair));
    this.pairs.add(pair);
    if (this.held.forward) pair.pause('forward');
    if (this.held.backward) pair.pause('backward');
  }
}

/** One relayed connection: the dialer's socket and ours to the target, torn down together. */
class RelayedPair {
  private done = false;
  private readonly held: Record<Direction, boolean> = { forward: false, backward: false };
  private readonly blocked: Record<Direction, boolean> = { forward: false, backward: false };

  constructor(
    private readonly downstream: Socket,
    private readonly upstream: Socket,
    private readonly onDone: () => void,
  ) {
    const teardown = (): void => this.teardown(false);
    downstream.on('error', teardown).on('close', teardown);
    upstream.on('error', teardown).on('close', teardown);
    // A hand-made relay rather than pipe(): pipe() resumes a source on the sink's 'drain',
    // which would undo a hold.
    this.relay('forward', downstream, upstream);
    this.relay('backward', upstream, downstream);
  }

  pause(direction: Direction): void {
    this.held[direction] = true;
    this.source(direction).pause();
  }

  resumeBoth(): void {
    this.held.forward = false;
    this.held.backward = false;
    if (this.done) return;
    for (const direction of ['forward', 'backward'] as const) {
      if (!this.blocked[direction]) this.source(direction).resume();
    }
  }

  reset(): void {
    this.teardown(true);
  }

  private relay(direction: Direction, from: Socket, to: Socket): void {
    from.on('data', (chunk: Buffer) => {
      if (to.write(chunk)) return;
      this.blocked[direction] = true;
      from.pause();
    });
    to.on('drain', () => {
      this.blocked[direction] = false;
      if (!this.held[direction] && !this.done) from.resume();
    });
    from.on('end', () => to.end());
  }

  private source(direction: Direction): Socket {
    return direction === 'forward' ? this.downstream : this.upstream;
  }

  private teardown(rst: boolean): void {
    if (this.done) return;
    this.done = true;
    this.onDone();
    for (const socket of [this.downstream, this.upstream]) {
      if (rst && !socket.destroyed) socket.resetAndDestroy();
      else socket.destroy();
    }
  }
}
