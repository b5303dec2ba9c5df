/**
 * The event-loop turn. Inputs gathered since the last turn (decoded frames, peer messages,
 * ticks, connection changes, fsync completions) are fed to the one core `Server`, after a
 * `clock` input; its outputs are routed in order: frames to connections, messages to peers,
 * appends to the log. At the end of the turn every connection's frames are written, and
 * everything appended in the turn is made durable by ONE log flush, after which `persisted` is
 * fed back (group commit, DESIGN.md §2), on a leader and on its learners alike. Nothing the
 * core asked to be durable is reported before it is.
 *
 * Ensemble storage writes keep their output order on disk: a truncate is ordered with the
 * log's flushes by the log itself; a snapshot install (SNAP) holds back every later log write
 * until the snapshot is durable and the old log gone, so no txn after it can reach the disk
 * while the history it replaces is still there. Epoch files are written apart (the core never
 * relies on their order with the log) and reported as `epoch-persisted`.
 */
import { JuteWriter, encodeConnectResponse, writeReply } from '@paddock/protocol';
import type { ConnId, EpochName, Input, LogRecord, Output, PeerId, PeerMessage, Server, ServerInspection } from '@paddock/core';
import type { Logger } from './logger';
import { WatchEventEncoder } from './watch-event-encoder';

/** Where the core's per-connection outputs go (the client port). */
export interface ConnectionSink {
  /**
   * Queues a frame payload. It is valid only during the call (the driver reuses its encoder's
   * buffer) and may be shared with other connections: copy it, never modify it.
   */
  send(conn: ConnId, payload: Uint8Array): void;
  close(conn: ConnId, reason: string): void;
  throttle(conn: ConnId, paused: boolean): void;
  /** The turn is over: write what each connection was given. */
  endTurn(): void;
}

/** Where the core's storage outputs go (the txn log and snapshot store). */
export interface DurableSink {
  /** Buffers records for the next flush, in order. */
  append(records: readonly LogRecord[]): void;
  /** Makes everything appended so far durable (one write, one fsync). */
  flush(): Promise<void>;
  /** Stores a snapshot of the state at `zxid` in the background. */
  snapshot(zxid: number, chunks: readonly Uint8Array[]): void;
  /** Drops every logged txn after `zxid`, ordered with flushes; resolves once durable. */
  truncate(zxid: number): Promise<void>;
  /** Writes the next piece of a SNAP's snapshot (index 0 starts one); nothing durable yet. */
  stageSnapshotPiece(zxid: number, index: number, bytes: Uint8Array): void;
  /** Drops the SNAP being staged (it was cut before its end). */
  abortStagedSnapshot(): void;
  /** Replaces snapshots and log by the snapshot staged at `zxid`; resolves once durable. */
  installSnapshot(zxid: number): Promise<void>;
  /** Durably records `name` = `epoch`; writes of one name complete in call order. */
  persistEpoch(name: EpochName, epoch: number): Promise<void>;
}

/** last/min/max size of the proposals a leader sent; -1 before any. */
export interface ProposalSizes {
  readonly last: number;
  readonly min: number;
  readonly max: number;
}

/** Where the core's peer messages go (the peer transport); null for a standalone server. */
export interface PeerSink {
  /** Sends if a link to `to` is up; dropped otherwise, as the Zab contract allows. */
  send(to: PeerId, message: PeerMessage): void;
}

/**
 * The core's traces an operator wants without PADDOCK_TRACE: elections, epochs, how each
 * learner was synced (DIFF, TRUNC, SNAP, and in how many chunks a SNAP went), learners lost, up to date: what ZooKeeper logs at INFO.
 */
const ROLE_CHANGES = /^server \d+: (looking: |elected |leader (proposes epoch|syncs |streamed a SNAP |established |lost learner )|learner of \d+ is up to date)/;

/** A write to the log or the snapshots: held back behind a snapshot install. */
type LogWrite = Extract<Output, { type: 'append' | 'truncate' | 'install-snapshot-piece' | 'install-snapshot-abort' | 'install-snapshot' | 'snapshot' }>;

export interface CoreDriverOptions {
  /** Wall-clock ms for the `clock` input of each turn. */
  readonly now: () => number;
  readonly logger: Logger;
  /** The server cannot go on (a broken invariant in the core, a failed fsync). */
  readonly onFatal: (error: Error) => void;
}

export class CoreDriver {
  private inbox: Input[] = [];
  private turnScheduled = false;
  private stopped = false;
  /** Highest zxid handed to the log; a turn's flush covers through here. */
  private appendedZxid = -1;
  /** Highest zxid reported `persisted` (flushes resolve in order, but may share one fsync). */
  private persistedZxid = -1;
  private proposals: ProposalSizes = { last: -1, min: -1, max: -1 };
  private lastProposedZxid = -1;
  /** Disk operations started and not yet finished, which `stop` waits for. */
  private inFlightFlushes = new Set<Promise<void>>();
  /** A snapshot install not yet durable: log writes wait in `heldWrites` until it is. */
  private installing: Promise<void> | null = null;
  private heldWrites: LogWrite[] = [];
  private readonly writer = new JuteWriter(4096);
  private readonly watchEvents = new WatchEventEncoder();

  constructor(
    private readonly server: Server,
    private readonly connections: ConnectionSink,
    private readonly storage: DurableSink,
    private readonly options: CoreDriverOptions,
    private readonly peers: PeerSink | null = null,
  ) {}

  /** Queues an input for the next turn. */
  submit(input: Input): void {
    if (this.stopped) return;
    this.inbox.push(input);
    if (this.turnScheduled) return;
    this.turnScheduled = true;
    // setImmediate runs after the I/O callbacks of this loop iteration: all frames that
    // arrived together become one turn, and so one fsync.
    setImmediate(() => this.turn());
  }

  /**
   * Sizes in bytes of the txns this leader proposed (each counted once, however many learners
   * it went to; the older txns a sync sends again are not counted), -1 before the first: what
   * ZooKeeper's srvr and mntr report as proposal sizes.
   */
  get proposalSizes(): ProposalSizes {
    return this.proposals;
  }

  /** The core's read-only view, for four-letter words and embedders. */
  inspect(): ServerInspection {
    return this.server.inspect();
  }

  /** Takes no more inputs; resolves once every flush already started has finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.inbox = [];
    await Promise.allSettled([...this.inFlightFlushes]);
  }

  /** The server cannot go on: stop taking inputs and tell the owner, once. */
  private fail(error: unknown): void {
    if (this.stopped) return;
    this.stopped = true;
    this.options.onFatal(error instanceof Error ? error : new Error(String(error)));
  }

  /** Tracks a disk operation so that `stop` waits for it; a failure is fatal. */
  private track(operation: Promise<void>): void {
    const tracked = operation.catch((error: unknown) => this.fail(error));
    this.inFlightFlushes.add(tracked);
    void tracked.finally(() => this.inFlightFlushes.delete(tracked));
  }

  private turn(): void {
    this.turnScheduled = false;
    if (this.stopped) return;
    const inputs = this.inbox;
    this.inbox = [];
    const appendedBefore = this.appendedZxid;
    try {
      this.route(this.server.step({ type: 'clock', wallMs: this.options.now() }));
      for (const input of inputs) this.route(this.server.step(input));
    } catch (error) {
      this.fail(error);
      return;
    } finally {
      this.connections.endTurn();
    }
    if (this.appendedZxid > appendedBefore && this.installing === null) this.flushThrough(this.appendedZxid);
    // A snapshot is written a slice per turn, so client work interleaves with it.
    if (this.server.snapshotPending) this.submit({ type: 'snapshot-slice' });
  }

  private route(outputs: readonly Output[]): void {
    for (const output of outputs) {
      switch (output.type) {
        case 'handshake-reply':
          this.connections.send(output.conn, encodeConnectResponse(output.response));
          break;
        case 'reply':
          this.connections.send(output.conn, writeReply(this.writer, output.header, output.body).written());
          break;
        case 'watch-event':
          this.connections.send(output.conn, this.watchEvents.encode(output.zxid, output.event));
          break;
        case 'close':
          this.connections.close(output.conn, output.reason);
          break;
        case 'throttle':
          this.connections.throttle(output.conn, output.paused);
          break;
        case 'append':
        case 'truncate':
        case 'install-snapshot-piece':
        case 'install-snapshot-abort':
        case 'install-snapshot':
        case 'snapshot':
          this.write(output);
          break;
        case 'persist-epoch': {
          const { name, epoch } = output;
          this.track(this.storage.persistEpoch(name, epoch).then(() => this.submit({ type: 'epoch-persisted', name, epoch })));
          break;
        }
        case 'peer-send':
          if (this.peers === null) throw new Error(`a standalone server was asked to send ${output.message.type} to server ${output.to}`);
          if (output.message.type === 'proposal') this.countProposal(output.message.zxid, output.message.txn.length);
          this.peers.send(output.to, output.message);
          break;
        case 'trace':
          if (ROLE_CHANGES.test(output.message)) this.options.logger.info(output.message);
          else this.options.logger.trace(output.message);
          break;
      }
    }
  }

  private countProposal(zxid: number, bytes: number): void {
    if (zxid <= this.lastProposedZxid) return;
    this.lastProposedZxid = zxid;
    const p = this.proposals;
    this.proposals = { last: bytes, min: p.min < 0 ? bytes : Math.min(p.min, bytes), max: Math.max(p.max, bytes) };
  }

  /** A log write, now or, behind a snapshot install still in progress, once it is durable. */
  private write(output: LogWrite): void {
    if (this.installing !== null) {
      this.heldWrites.push(output);
      return;
    }
    switch (output.type) {
      case 'append':
        if (output.records.length === 0) return;
        this.storage.append(output.records);
        this.appendedZxid = output.records[output.records.length - 1]!.zxid;
        return;
      case 'snapshot':
        this.storage.snapshot(output.zxid, output.chunks);
        return;
      case 'install-snapshot-piece':
        this.storage.stageSnapshotPiece(output.zxid, output.index, output.bytes);
        return;
      case 'install-snapshot-abort':
        this.storage.abortStagedSnapshot();
        return;
      case 'truncate': {
        const { zxid } = output;
        this.appendedZxid = Math.min(this.appendedZxid, zxid);
        this.track(this.storage.truncate(zxid).then(() => this.reportOwn(zxid)));
        return;
      }
      case 'install-snapshot': {
        const { zxid } = output;
        this.appendedZxid = zxid;
        const installing = this.storage.installSnapshot(zxid).then(() => {
          this.installing = null;
          this.reportOwn(zxid);
          this.releaseHeldWrites();
        });
        this.installing = installing;
        this.track(installing);
        return;
      }
    }
  }

  /** A truncate or install is durable: report it on its own, at its zxid. */
  private reportOwn(zxid: number): void {
    this.persistedZxid = zxid;
    this.submit({ type: 'persisted', zxid });
  }

  /** Replays the writes held behind an install, in order, until the next install holds them again. */
  private releaseHeldWrites(): void {
    if (this.stopped) return;
    const held = this.heldWrites;
    this.heldWrites = [];
    const appendedBefore = this.appendedZxid;
    for (let i = 0; i < held.length; i++) {
      this.write(held[i]!);
      if (this.installing !== null) {
        this.heldWrites = [...held.slice(i + 1), ...this.heldWrites];
        break;
      }
    }
    if (this.appendedZxid > appendedBefore && this.installing === null) this.flushThrough(this.appendedZxid);
  }

  /** One flush for the turn; `persisted` follows only once it resolved. */
  private flushThrough(zxid: number): void {
    this.track(this.storage.flush().then(() => {
      if (zxid <= this.persistedZxid) return;
      this.persistedZxid = zxid;
      this.submit({ type: 'persisted', zxid });
    }));
  }
}
