/**
 * The peer transport: one checked, FIFO TCP connection per pair of ensemble members, carrying
 * the core's {@link PeerMessage}s as the core's Zab README asks ("Contract for whoever carries
 * the inputs and outputs").
 *
 * Who dials: ZooKeeper's rule (`QuorumCnxManager`): of two servers, the one with the larger id
 * keeps the connection it initiates; a connection initiated by the smaller id is dropped. Here
 * the smaller id never dials at all: each server listens on its quorum port, dials every member
 * with a smaller id and accepts only members with a larger id, so two servers can never race
 * to open crossing connections. The election port is not used: the core runs election and Zab
 * over the same connection.
 *
 * Links: a connection becomes a link once the handshake ({@link encodeHello}) succeeds. Each
 * link has an incarnation number, agreed by both ends and larger than any earlier link between
 * them (even across a restart of either end: the acceptor takes the larger of the dialer's
 * proposal and its own last one plus one). `onConnected(id, n)` opens incarnation n and
 * `onDisconnected(id, n)` closes it, always in that order, never twice; messages arrive
 * between the two, in the order they were sent, and a message sent while no link is up is
 * dropped, as the contract allows.
 *
 * Failures: a link that breaks (socket error or close, a bad frame or checksum, a message that
 * does not decode, a send queue over its bound, an accepted connection from the same member
 * that replaces it) is reported down and, on the dialing side, redialed after a capped
 * exponential backoff. Nothing grows without bound: frames, queues and handshakes are limited.
 */
import { createServer, connect, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import { decodePeerMessage, encodePeerMessage, type PeerId, type PeerMessage } from '@paddock/core';
import { JuteWriter } from '@paddock/protocol';
import type { QuorumServerEntry } from '../config/server-entry';
import type { Logger } from '../logger';
import { maxTxnPayloadBytes } from '../storage/index';
import { Backoff } from './backoff';
import { PeerConnection } from './peer-connection';
import { encodePeerFrame } from './peer-frame';
import { decodeHello, decodeHelloReply, encodeAccept, encodeHello, encodeReject, ensembleDigest, PEER_PROTOCOL_VERSION } from './peer-handshake';

/** What the transport tells its owner (paddock-server feeds them to the core as `peer-*` inputs). */
export interface PeerTransportEvents {
  /** Link `incarnation` to `peer` is up: messages may be sent to it and arrive from it. */
  onConnected(peer: PeerId, incarnation: number): void;
  /** Link `incarnation` to `peer` broke or was dropped: messages on it may have been lost. */
  onDisconnected(peer: PeerId, incarnation: number): void;
  /** The next message from `peer`, on the link last reported connected. */
  onMessage(peer: PeerId, message: PeerMessage): void;
}

export interface PeerTransportLimits {
  /**
   * The largest encoded message: a proposal's txn or a forwarded request at most (see
   * {@link peerFrameLimit}); a SNAP streams as `snap-chunk`s far below it.
   */
  readonly maxFrameBytes: number;
  /** Unsent bytes per link at most; a send past it drops the link (the peer resyncs). */
  readonly maxQueuedBytes: number;
  /** A connection that has not completed its handshake by then is closed. */
  readonly handshakeTimeoutMs: number;
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
}

export const DEFAULT_PEER_TRANSPORT_LIMITS: PeerTransportLimits = {
  maxFrameBytes: 4 * 1024 * 1024,
  maxQueuedBytes: 256 * 1024 * 1024,
  // ZooKeeper's cnxTimeout default.
  handshakeTimeoutMs: 5000,
  initialBackoffMs: 100,
  maxBackoffMs: 5000,
};

/** Room for a message's fields around its txn or request bytes. */
const FRAME_FIELDS_BYTES = 64 * 1024;

/**
 * `maxFrameBytes` for a server whose clients may send requests of `juteMaxBuffer` bytes: a
 * proposal carries a txn of up to twice that (as the log accepts), never less than the default.
 */
export function peerFrameLimit(juteMaxBuffer: number): number {
  return Math.max(DEFAULT_PEER_TRANSPORT_LIMITS.maxFrameBytes, maxTxnPayloadBytes(juteMaxBuffer) + FRAME_FIELDS_BYTES);
}

export interface PeerTransportOptions {
  /** This server's id (`myid`); must be one of `members`. */
  readonly myId: PeerId;
  /** Every `server.N` entry, this server's included: addresses to dial and to listen on. */
  readonly members: readonly QuorumServerEntry[];
  /** What peers must present to be accepted; default {@link ensembleDigest} of `members`. */
  readonly ensembleDigest?: string;
  /**
   * Where to dial some members instead of their `server.N` quorum address (zoo.cfg
   * `paddock.peerDial.N`: a proxy or NAT in between). The handshake still names the member.
   */
  readonly dialAddresses?: ReadonlyMap<PeerId, { readonly host: string; readonly port: number }>;
  /** Address to bind the quorum port; default this server's host from `members`. */
  readonly listenHost?: string;
  readonly limits?: Partial<PeerTransportLimits>;
  readonly logger: Logger;
}

/** A link that completed its handshake. */
interface Link {
  readonly conn: PeerConnection;
  readonly incarnation: number;
}

/**
 * The links from one server to every other member. `start` listens and dials; `send` and
 * `disconnect` act on links; events arrive through {@link PeerTransportEvents}; `close` ends all.
 */
export class PeerTransport {
  private readonly myId: PeerId;
  private readonly members: ReadonlyMap<PeerId, QuorumServerEntry>;
  private readonly dialAddresses: ReadonlyMap<PeerId, { readonly host: string; readonly port: number }>;
  private readonly digest: string;
  private readonly limits: PeerTransportLimits;
  private readonly logger: Logger;
  private readonly server: NetServer;
  private readonly listenAddress: { readonly host: string; readonly port: number };
  private readonly links = new Map<PeerId, Link>();
  /** The last incarnation used with each peer, so the next one is larger. */
  private readonly incarnations = new Map<PeerId, number>();
  /** Dialing side: the connection being opened and the timer of the next attempt, per peer. */
  private readonly dialing = new Map<PeerId, PeerConnection>();
  private readonly redialTimers = new Map<PeerId, NodeJS.Timeout>();
  private readonly backoffs = new Map<PeerId, Backoff>();
  /** Every socket not yet closed, handshaking or linked, so `close` leaves none behind. */
  private readonly sockets = new Set<Socket>();
  private readonly writer = new JuteWriter(4096);
  /** The last proposal sent and its frame, reused while the leader sends it to each follower. */
  private lastProposal: { readonly zxid: number; readonly txn: Uint8Array; readonly frame: Uint8Array } | null = null;
  private started = false;
  private closed = false;

  constructor(
    options: PeerTransportOptions,
    private readonly events: PeerTransportEvents,
  ) {
    this.myId = options.myId;
    this.members = new Map(options.members.map((m) => [m.id, m]));
    if (this.members.size !== options.members.length) throw new RangeError('duplicate server id in members');
    const self = this.members.get(this.myId);
    if (self === undefined) throw new RangeError(`server ${this.myId} is not among the members`);
    this.digest = options.ensembleDigest ?? ensembleDigest(options.members);
    this.dialAddresses = options.dialAddresses ?? new Map();
    this.limits = { ...DEFAULT_PEER_TRANSPORT_LIMITS, ...options.limits };
    if (this.limits.maxQueuedBytes < this.limits.maxFrameBytes + 8) {
      throw new RangeError('maxQueuedBytes must hold at least one frame of maxFrameBytes');
    }
    this.logger = options.logger;
    this.server = createServer({ noDelay: true }, (socket) => this.accept(socket));
    this.listenAddress = { host: options.listenHost ?? self.host, port: self.quorumPort };
  }

  /** Listens on the quorum port, then starts dialing the members with smaller ids. */
  async start(): Promise<AddressInfo> {
    if (this.started) throw new Error('peer transport already started');
    this.started = true;
    const address = await new Promise<AddressInfo>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen({ host: this.listenAddress.host, port: this.listenAddress.port }, () => {
        this.server.off('error', reject);
        this.server.on('error', (e) => this.logger.error(`quorum port: ${e.message}`));
        resolve(this.server.address() as AddressInfo);
      });
    });
    for (const id of this.members.keys()) if (id < this.myId) this.dial(id);
    return address;
  }

  /** Ids with a link up now. */
  connectedPeers(): PeerId[] {
    return [...this.links.keys()];
  }

  /** The incarnation of the link up to `peer`, if any. */
  incarnation(peer: PeerId): number | undefined {
    return this.links.get(peer)?.incarnation;
  }

  /**
   * Sends `message` on the link to `peer`. Returns false when it was not queued: no link
   * (dropped, as the contract allows), or the link had to be dropped because the message is
   * larger than `maxFrameBytes` or its queue would pass `maxQueuedBytes`. A dropped link is
   * reported by `onDisconnected` after this call returns, never inside it.
   */
  send(peer: PeerId, message: PeerMessage): boolean {
    const link = this.links.get(peer);
    if (link === undefined) return false;
    const refusal = link.conn.writeFramed(this.frameOf(message));
    if (refusal === null) return true;
    const why = refusal === 'too-large'
      ? `a ${message.type} message over maxFrameBytes (${this.limits.maxFrameBytes})`
      : `the send queue is over maxQueuedBytes (${this.limits.maxQueuedBytes})`;
    this.logger.warn(`dropping the link to server ${peer}: ${why}`);
    this.dropLink(peer, link);
    return false;
  }

  /**
   * `message` encoded and framed. The leader sends each proposal to every follower as its own
   * object with the same txn bytes; those are encoded and checksummed once.
   */
  private frameOf(message: PeerMessage): Uint8Array {
    const last = this.lastProposal;
    if (message.type === 'proposal' && last !== null && last.zxid === message.zxid && last.txn === message.txn) return last.frame;
    const frame = encodePeerFrame(encodePeerMessage(message, this.writer));
    if (message.type === 'proposal') this.lastProposal = { zxid: message.zxid, txn: message.txn, frame };
    return frame;
  }

  /**
   * Drops the link to `peer` (reported after this call returns); it comes back as a new
   * incarnation, redialed by whichever end has the larger id.
   */
  disconnect(peer: PeerId): void {
    const link = this.links.get(peer);
    if (link !== undefined) this.dropLink(peer, link);
  }

  /** Stops listening and dialing and closes every socket. No event is reported after this. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const timer of this.redialTimers.values()) clearTimeout(timer);
    this.redialTimers.clear();
    this.links.clear();
    this.dialing.clear();
    const closing = [...this.sockets].map((socket) => new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.destroy();
    }));
    if (this.started) closing.push(new Promise<void>((resolve) => this.server.close(() => resolve())));
    await Promise.all(closing);
  }

  /** Sockets not yet closed (handshaking, linked or being refused); 0 once `close` resolves. */
  get openSockets(): number {
    return this.sockets.size;
  }

  /** Called from a user's call: the report waits for a microtask so it never re-enters them. */
  private dropLink(peer: PeerId, link: Link): void {
    this.links.delete(peer);
    link.conn.close();
    queueMicrotask(() => {
      if (!this.closed) this.events.onDisconnected(peer, link.incarnation);
      this.scheduleDial(peer);
    });
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
  }

  private dial(peer: PeerId): void {
    this.redialTimers.delete(peer);
    if (this.closed) return;
    const member = this.members.get(peer)!;
    const target = this.dialAddresses.get(peer) ?? { host: member.host, port: member.quorumPort };
    const socket = connect({ host: target.host, port: target.port });
    this.track(socket);
    const proposed = (this.incarnations.get(peer) ?? 0) + 1;
    const timer = setTimeout(() => conn.abort(`no handshake within ${this.limits.handshakeTimeoutMs} ms`), this.limits.handshakeTimeoutMs);
    const conn = new PeerConnection(socket, this.limits);
    conn.onLost((reason) => {
      clearTimeout(timer);
      if (this.dialing.get(peer) === conn) {
        this.dialing.delete(peer);
        this.logger.info(`could not connect to server ${peer} at ${target.host}:${target.port}: ${reason}`);
        this.scheduleDial(peer);
      }
    });
    this.dialing.set(peer, conn);
    conn.onFrame((payload) => {
      clearTimeout(timer);
      this.dialing.delete(peer);
      const verdict = this.checkReply(payload, peer);
      if (typeof verdict === 'string') {
        this.logger.warn(`server ${peer} at ${target.host}:${target.port}: ${verdict}`);
        conn.close();
        this.scheduleDial(peer);
        return;
      }
      this.backoffFor(peer).reset();
      this.establish(peer, conn, verdict);
    });
    // Node queues writes until the connection is up, so the hello goes out first.
    conn.write(encodeHello({ ensembleDigest: this.digest, fromId: this.myId, toId: peer, incarnation: proposed }));
  }

  /** The agreed incarnation, or why the reply is not acceptable. */
  private checkReply(payload: Uint8Array, peer: PeerId): number | string {
    let reply;
    try {
      reply = decodeHelloReply(payload);
    } catch (e) {
      return `bad handshake reply: ${(e as Error).message}`;
    }
    if (reply.version !== PEER_PROTOCOL_VERSION) return `speaks peer protocol version ${reply.version}, not ${PEER_PROTOCOL_VERSION}`;
    if (!reply.accepted) return `refused the connection: ${reply.reason}`;
    if (reply.serverId !== peer) return `answered as server ${reply.serverId}`;
    if (reply.incarnation <= (this.incarnations.get(peer) ?? 0)) return `answered with a stale link incarnation ${reply.incarnation}`;
    return reply.incarnation;
  }

  private scheduleDial(peer: PeerId): void {
    if (this.closed || peer > this.myId || this.redialTimers.has(peer) || this.dialing.has(peer) || this.links.has(peer)) return;
    this.redialTimers.set(peer, setTimeout(() => this.dial(peer), this.backoffFor(peer).next()));
  }

  private backoffFor(peer: PeerId): Backoff {
    let b = this.backoffs.get(peer);
    if (b === undefined) {
      b = new Backoff({ initialMs: this.limits.initialBackoffMs, maxMs: this.limits.maxBackoffMs });
      this.backoffs.set(peer, b);
    }
    return b;
  }

  private accept(socket: Socket): void {
    if (this.closed) {
      socket.destroy();
      return;
    }
    this.track(socket);
    const from = `${socket.remoteAddress}:${socket.remotePort}`;
    const timer = setTimeout(() => conn.abort('no handshake in time'), this.limits.handshakeTimeoutMs);
    const conn = new PeerConnection(socket, this.limits);
    let refused = false;
    conn.onLost((reason) => {
      clearTimeout(timer);
      if (!refused) this.logger.info(`peer connection from ${from} ended before its handshake: ${reason}`);
    });
    conn.onFrame((payload) => {
      // Anything after the hello, before the link takes over, is the peer breaking protocol.
      conn.onFrame(() => conn.abort('frame before the handshake completed'));
      const verdict = this.checkHello(payload);
      if (typeof verdict === 'string') {
        this.logger.warn(`refused a peer connection from ${from}: ${verdict}`);
        refused = true;
        // The timer still runs: it closes the socket if the dialer never does.
        conn.endWith(encodeReject(verdict));
        return;
      }
      clearTimeout(timer);
      const { peer, incarnation } = verdict;
      const old = this.links.get(peer);
      if (old !== undefined) {
        // The dialer only dials when it has lost its link, so ours is dead and not yet noticed.
        this.links.delete(peer);
        old.conn.close();
        this.events.onDisconnected(peer, old.incarnation);
      }
      conn.write(encodeAccept(this.myId, incarnation));
      this.establish(peer, conn, incarnation);
    });
  }

  /** The member and agreed incarnation of a valid hello, or why it is refused. */
  private checkHello(payload: Uint8Array): { peer: PeerId; incarnation: number } | string {
    let hello;
    try {
      hello = decodeHello(payload);
    } catch (e) {
      return `bad handshake: ${(e as Error).message}`;
    }
    if (hello.version !== PEER_PROTOCOL_VERSION) return `peer protocol version ${hello.version}, expected ${PEER_PROTOCOL_VERSION}`;
    if (hello.ensembleDigest !== this.digest) return `server ${hello.fromId} belongs to another ensemble (config digest ${hello.ensembleDigest.slice(0, 16)}…, ours ${this.digest.slice(0, 16)}…)`;
    if (hello.toId !== this.myId) return `it wanted server ${hello.toId}, this is server ${this.myId}`;
    if (!this.members.has(hello.fromId)) return `server ${hello.fromId} is not a member`;
    if (hello.fromId <= this.myId) return `server ${hello.fromId} must wait for server ${this.myId} to dial it (the larger id dials)`;
    const incarnation = Math.max(hello.incarnation, (this.incarnations.get(hello.fromId) ?? 0) + 1);
    return { peer: hello.fromId, incarnation };
  }

  private establish(peer: PeerId, conn: PeerConnection, incarnation: number): void {
    this.incarnations.set(peer, incarnation);
    const link: Link = { conn, incarnation };
    this.links.set(peer, link);
    // Called from a socket's own events: the report can go out at once, in order.
    conn.onLost((reason) => {
      if (this.links.get(peer) !== link) return;
      this.links.delete(peer);
      this.logger.info(`link ${incarnation} to server ${peer} lost: ${reason}`);
      this.events.onDisconnected(peer, incarnation);
      this.scheduleDial(peer);
    });
    conn.onFrame((payload) => {
      let message: PeerMessage;
      try {
        message = decodePeerMessage(payload);
      } catch (e) {
        conn.abort(`undecodable message: ${(e as Error).message}`);
        return;
      }
      this.events.onMessage(peer, message);
    });
    this.logger.info(`link ${incarnation} to server ${peer} up`);
    this.events.onConnected(peer, incarnation);
  }
}
