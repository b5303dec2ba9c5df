/**
 * The client port: a TCP listener whose accepted sockets become {@link ClientConnection}s, each
 * with a server-lifetime-unique id. It routes the core's per-connection outputs to the sockets
 * and writes each connection's frames for a turn in one go. It listens before the data is
 * recovered; {@link ClientPort.route} then hands the connections accepted from there on to the core.
 */
import { createServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import type { ConnId } from '@paddock/core';
import { ClientConnection, type ConnectionEvents, type ConnectionLimits } from './connection';
import type { Logger } from './logger';

export interface ClientPortOptions {
  /** The address to bind (zoo.cfg clientPortAddress); null binds every interface. */
  readonly host: string | null;
  /** 0 picks an ephemeral port. */
  readonly port: number;
  /** Pending-connection queue length (zoo.cfg clientPortListenBacklog); -1 for the OS default. */
  readonly listenBacklog: number;
  /** Open connections at most (zoo.cfg maxCnxns; explicit even when zoo.cfg says unlimited). */
  readonly maxConnections: number;
  readonly limits: ConnectionLimits;
}

/** What the port tells the server beyond the decoded events of each connection. */
export interface ClientPortEvents extends ConnectionEvents {
  accepted(conn: ClientConnection): void;
}

export class ClientPort {
  private readonly server: NetServer;
  private readonly connections = new Map<ConnId, ClientConnection>();
  /** Connections given output this turn, to flush at its end. */
  private readonly touched = new Set<ClientConnection>();
  private nextId = 1;

  constructor(
    private readonly options: ClientPortOptions,
    private events: ClientPortEvents,
    private readonly logger: Logger,
  ) {
    // Half-open allowed: `echo ruok | nc` sends its FIN with the word, and the answer must still go out.
    this.server = createServer({ noDelay: true, allowHalfOpen: true }, (socket) => this.accept(socket));
    this.server.maxConnections = options.maxConnections;
    this.server.on('drop', (data) => {
      this.logger.warn(`refused a connection from ${data?.remoteAddress ?? 'an unknown peer'}: ${options.maxConnections} connections are open (maxCnxns)`);
    });
  }

  /** Starts listening; resolves with the bound address (the real port when 0 was asked). */
  listen(): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      const backlog = this.options.listenBacklog > 0 ? this.options.listenBacklog : undefined;
      this.server.listen({ host: this.options.host ?? undefined, port: this.options.port, backlog }, () => {
        this.server.off('error', reject);
        this.server.on('error', (error) => this.logger.error(`client port: ${error.message}`));
        resolve(this.server.address() as AddressInfo);
      });
    });
  }

  /**
   * Where the connections accepted from now on report. Those already open keep reporting where
   * they did: the server listens while it recovers, and what it accepts then never reaches the core.
   */
  route(events: ClientPortEvents): void {
    this.events = events;
  }

  get(id: ConnId): ClientConnection | undefined {
    return this.connections.get(id);
  }

  get size(): number {
    return this.connections.size;
  }

  /** Queues a frame payload for a connection; a connection already gone is skipped. */
  send(id: ConnId, payload: Uint8Array): void {
    const conn = this.connections.get(id);
    if (!conn) return;
    conn.send(payload);
    this.touched.add(conn);
  }

  /** Closes a connection after what is queued for it. */
  close(id: ConnId, reason: string): void {
    const conn = this.connections.get(id);
    if (!conn) return;
    conn.close(reason);
    this.touched.add(conn);
  }

  throttle(id: ConnId, paused: boolean): void {
    this.connections.get(id)?.throttle(paused);
  }

  /** Writes every connection's frames of this turn, one write per connection. */
  endTurn(): void {
    for (const conn of this.touched) conn.flush();
    this.touched.clear();
  }

  /** Stops accepting; open connections are left alone. */
  stopAccepting(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.server.listening) return resolve();
      this.server.close(() => resolve());
    });
  }

  /** Drops every open connection (shutdown). */
  abortAll(reason: string): void {
    for (const conn of this.connections.values()) conn.abort(reason, 'info');
  }

  private accept(socket: Socket): void {
    const events = this.events;
    const conn = new ClientConnection(this.nextId++, socket, this.options.limits, {
      handshake: (c, request) => events.handshake(c, request),
      request: (c, request) => events.request(c, request),
      fourLetterWord: (c, word, mask) => events.fourLetterWord(c, word, mask),
      closed: (c) => {
        this.connections.delete(c.id);
        this.touched.delete(c);
        events.closed(c);
      },
    }, this.logger);
    this.connections.set(conn.id, conn);
    events.accepted(conn);
  }
}
