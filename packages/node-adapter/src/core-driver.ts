/**
 * The event-loop turn. Inputs gathered since the last turn (decoded frames, ticks, connection
 * changes, fsync completions) are fed to the one core `Server`, after a `clock` input; its
 * outputs are routed in order: frames to connections, appends to the log. At the end of the
 * turn every connection's frames are written, and everything appended in the turn is made
 * durable by ONE log flush, after which `persisted` is fed back (group commit, DESIGN.md §2).
 * Nothing the core asked to be durable is acknowledged before that flush resolves.
 */
import { JuteWriter, encodeConnectResponse, writeReply } from '@paddock/protocol';
import type { ConnId, Input, LogRecord, Output, Server, ServerInspection } from '@paddock/core';
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
}

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
  private inFlightFlushes = new Set<Promise<void>>();
  private readonly writer = new JuteWriter(4096);
  private readonly watchEvents = new WatchEventEncoder();

  constructor(
    private readonly server: Server,
    private readonly connections: ConnectionSink,
    private readonly storage: DurableSink,
    private readonly options: CoreDriverOptions,
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
      this.stopped = true;
      this.options.onFatal(error instanceof Error ? error : new Error(String(error)));
      return;
    } finally {
      this.connections.endTurn();
    }
    if (this.appendedZxid > appendedBefore) this.flushThrough(this.appendedZxid);
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
          if (output.records.length === 0) break;
          this.storage.append(output.records);
          this.appendedZxid = output.records[output.records.length - 1]!.zxid;
          break;
        case 'snapshot':
          this.storage.snapshot(output.zxid, output.chunks);
          break;
        case 'trace':
          this.options.logger.trace(output.message);
          break;
      }
    }
  }

  /** One flush for the turn; `persisted` follows only once it resolved. */
  private flushThrough(zxid: number): void {
    const flush = this.storage.flush().then(
      () => {
        if (zxid <= this.persistedZxid) return;
        this.persistedZxid = zxid;
        this.submit({ type: 'persisted', zxid });
      },
      (error: unknown) => {
        if (this.stopped) return;
        this.stopped = true;
        this.options.onFatal(error instanceof Error ? error : new Error(String(error)));
      },
    );
    this.inFlightFlushes.add(flush);
    void flush.finally(() => this.inFlightFlushes.delete(flush));
  }
}
