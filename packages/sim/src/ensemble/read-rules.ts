/**
 * Reads in an ensemble run, judged during the commit-order replay: a read's reply names the zxid
 * of the state its server served it from (the server's last applied txn), so it must be what the
 * standalone model answers at exactly that point of the committed history (`read-state`, with
 * the part that differs). Together with the live `read-your-writes` and
 * `session-zxid-regressed` rules this holds every session to reads that never go back past what
 * it has seen or written, and that show a state the ensemble really committed.
 */
import { OpCode, type Request } from '@paddock/protocol';
import { compareReply } from '../check/reply-compare';
import { Violation, violation } from '../check/violation';
import type { ZkModel } from '../model/zk-model';
import type { ObservedRequest } from './client-observations';
import type { ReplayObserver } from './commit-order-model';

/** Reads whose answer depends on the tree alone (plus, for getEphemerals, the session). */
export const JUDGED_READS: ReadonlySet<number> = new Set([
  OpCode.exists, OpCode.getData, OpCode.getChildren, OpCode.getChildren2, OpCode.getAllChildrenNumber, OpCode.getEphemerals,
]);

/** A connection id no client has: watches the replayed reads would set land nowhere. */
const READ_CONN = -2;

const hex = (n: bigint | number): string => `0x${n.toString(16)}`;

/** Judges every answered read at its reply's zxid, as the replay passes it. */
export class ReadRules implements ReplayObserver {
  private readonly reads: ObservedRequest[];
  private next = 0;
  checked = 0;

  constructor(requests: readonly ObservedRequest[]) {
    this.reads = requests.filter((r) => r.reply !== null && JUDGED_READS.has(r.request.op)).sort((a, b) => a.reply!.zxid - b.reply!.zxid);
  }

  /** Judges the reads served at a zxid below `zxid`: the model holds the state they saw. */
  before(zxid: number, model: ZkModel): void {
    while (this.next < this.reads.length && this.reads[this.next]!.reply!.zxid < zxid) this.judge(this.reads[this.next++]!, model);
  }

  after(): void {}

  private judge(r: ObservedRequest, model: ZkModel): void {
    const reply = r.reply!;
    const { reply: expected } = model.read(withoutWatch(r.request), READ_CONN, r.sessionId);
    const where = `session ${hex(r.sessionId)} xid ${r.xid} on c${r.conn}, served at ${hex(reply.zxid)} (model at ${hex(model.lastZxid)})`;
    try {
      compareReply(r.request, expected, reply.err, reply.body, where);
    } catch (e) {
      if (e instanceof Violation) violation('read-state', `${e.rule}: ${e.witness}`);
      throw e;
    }
    this.checked++;
  }
}

function withoutWatch(r: Request): Request {
  return 'watch' in r ? { ...r, watch: false } : r;
}
