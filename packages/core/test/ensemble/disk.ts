/**
 * A server's disk: writes wait until `flush`, which makes them durable in order and reports
 * each back (appends coalesced into one `persisted`, as group commit does); a crash loses
 * whatever was not flushed. Every durable write is recorded in `journal`, so tests can assert
 * the order things became durable in (ZOOKEEPER-4643). A SNAP's pieces are staged as they come
 * and lost by a crash; its `install-snapshot` takes them as one pending write.
 */
import { joinChunks, type DurableState, type Input, type LogRecord, type Output } from '../../src/index';

export type DiskOutput = Extract<Output, {
  type: 'append' | 'truncate' | 'install-snapshot-piece' | 'install-snapshot-abort' | 'install-snapshot' | 'persist-epoch' | 'snapshot';
}>;
type Write =
  | Extract<Output, { type: 'append' | 'truncate' | 'persist-epoch' | 'snapshot' }>
  | { readonly type: 'install-snapshot'; readonly zxid: number; readonly bytes: Uint8Array };

export type JournalEntry =
  | { readonly kind: 'txn'; readonly zxid: number }
  | { readonly kind: 'truncate'; readonly zxid: number }
  | { readonly kind: 'snap'; readonly zxid: number }
  | { readonly kind: 'acceptedEpoch' | 'currentEpoch'; readonly epoch: number };

export class Disk {
  private snapshot: { zxid: number; bytes: Uint8Array } | null = null;
  private log: LogRecord[] = [];
  private acceptedEpoch: number | undefined;
  private currentEpoch: number | undefined;
  private pending: Write[] = [];
  /** The SNAP being staged: its zxid and pieces so far. */
  private staged: { readonly zxid: number; readonly pieces: Uint8Array[] } | null = null;
  readonly journal: JournalEntry[] = [];
  /** SNAP pieces staged so far, over this disk's life (tests check SNAPs came in several). */
  piecesStaged = 0;

  write(output: DiskOutput): void {
    switch (output.type) {
      case 'install-snapshot-piece':
        if (output.index === 0) this.staged = { zxid: output.zxid, pieces: [] };
        if (this.staged?.zxid !== output.zxid || this.staged.pieces.length !== output.index) {
          throw new Error(`SNAP piece ${output.index} of ${output.zxid} out of order`);
        }
        this.staged.pieces.push(output.bytes);
        this.piecesStaged++;
        return;
      case 'install-snapshot-abort':
        this.staged = null;
        return;
      case 'install-snapshot': {
        if (this.staged?.zxid !== output.zxid) throw new Error(`install of a SNAP at ${output.zxid} that was not staged`);
        this.pending.push({ type: 'install-snapshot', zxid: output.zxid, bytes: joinChunks(this.staged.pieces) });
        this.staged = null;
        return;
      }
      default:
        this.pending.push(output);
    }
  }

  /** True while a SNAP's pieces are staged and not yet installed. */
  get snapStaged(): boolean {
    return this.staged !== null;
  }

  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  get hasPendingEpoch(): boolean {
    return this.pending.some((w) => w.type === 'persist-epoch');
  }

  /**
   * Makes the pending epoch writes durable and leaves the log's waiting: the epoch files are
   * not the log, and a slow log device must not be able to hide an ordering bug.
   */
  flushEpochs(): Input[] {
    const epochs = this.pending.filter((w) => w.type === 'persist-epoch');
    const rest = this.pending.filter((w) => w.type !== 'persist-epoch');
    this.pending = epochs;
    const inputs = this.flush();
    this.pending = rest;
    return inputs;
  }

  /** Makes every pending write durable, in order; returns the inputs reporting it. */
  flush(): Input[] {
    const inputs: Input[] = [];
    let appended: number | null = null;
    const report = () => {
      if (appended !== null) inputs.push({ type: 'persisted', zxid: appended });
      appended = null;
    };
    for (const w of this.pending) {
      switch (w.type) {
        case 'append':
          for (const r of w.records) {
            this.log.push(r);
            this.journal.push({ kind: 'txn', zxid: r.zxid });
          }
          appended = w.records[w.records.length - 1]!.zxid;
          break;
        case 'truncate':
          report();
          this.log = this.log.filter((r) => r.zxid <= w.zxid);
          this.journal.push({ kind: 'truncate', zxid: w.zxid });
          inputs.push({ type: 'persisted', zxid: w.zxid });
          break;
        case 'install-snapshot':
          report();
          this.snapshot = { zxid: w.zxid, bytes: w.bytes };
          this.log = [];
          this.journal.push({ kind: 'snap', zxid: w.zxid });
          inputs.push({ type: 'persisted', zxid: w.zxid });
          break;
        case 'snapshot':
          // A background snapshot of committed state; it reports nothing.
          this.snapshot = { zxid: w.zxid, bytes: joinChunks(w.chunks) };
          break;
        case 'persist-epoch':
          report();
          if (w.name === 'acceptedEpoch') this.acceptedEpoch = w.epoch;
          else this.currentEpoch = w.epoch;
          this.journal.push({ kind: w.name, epoch: w.epoch });
          inputs.push({ type: 'epoch-persisted', name: w.name, epoch: w.epoch });
          break;
      }
    }
    report();
    this.pending = [];
    return inputs;
  }

  /** The power went out: nothing pending survives. */
  crash(): void {
    this.pending = [];
    this.staged = null;
  }

  /** Loses everything, as if the data directory were wiped. */
  wipe(): void {
    this.crash();
    this.snapshot = null;
    this.log = [];
    this.acceptedEpoch = undefined;
    this.currentEpoch = undefined;
  }

  durable(): DurableState {
    return {
      snapshot: this.snapshot?.bytes ?? null,
      txns: this.log.map((r) => r.payload),
      ...(this.acceptedEpoch !== undefined ? { acceptedEpoch: this.acceptedEpoch } : {}),
      ...(this.currentEpoch !== undefined ? { currentEpoch: this.currentEpoch } : {}),
    };
  }

  get loggedZxids(): number[] {
    return this.log.map((r) => r.zxid);
  }

  /** The durable log's records, in order. */
  get records(): readonly LogRecord[] {
    return this.log;
  }
}
