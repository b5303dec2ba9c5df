/**
 * The checker's view of the txn log: every appended record, decoded, with the wall time of the
 * step that prepared it. Records are looked up by zxid (commit order) and by the (session, xid)
 * of the request they carry, which is how write replies are matched to their txns.
 */
import { decodeTxnEntry, type LogRecord, type TxnEntry } from '@paddock/core';
import { violation } from './violation';

/** One appended txn, decoded, with when it was prepared. */
export interface LoggedTxn {
  readonly zxid: number;
  readonly entry: TxnEntry;
  /** The server's wall clock in the step that prepared it: ctime/mtime must equal this. */
  readonly preparedWallMs: number;
  /** The last durable zxid when it was prepared. */
  readonly committedAtPrep: number;
}

const key = (sessionId: bigint, cxid: number): string => `${sessionId}:${cxid}`;

/** Appended txns by zxid and by the request they carry. */
export class LogIndex {
  private readonly byZxid = new Map<number, LoggedTxn>();
  private readonly byRequest = new Map<string, number>();
  private readonly createSessionZxid = new Map<bigint, number>();
  private readonly closeSessionZxid = new Map<bigint, number>();
  /** The zxid of the last record appended. */
  lastAppended = 0;

  /** Indexes one appended record; zxids must run on without gaps. */
  add(zxid: number, payload: Uint8Array, preparedWallMs: number, committedAtPrep: number): LoggedTxn {
    if (zxid !== this.lastAppended + 1) violation('log-order', `appended zxid ${zxid} after ${this.lastAppended}`);
    const entry = decodeTxnEntry(payload);
    if (entry.header.zxid !== zxid) violation('log-order', `record ${zxid} decodes with header zxid ${entry.header.zxid}`);
    const logged: LoggedTxn = { zxid, entry, preparedWallMs, committedAtPrep };
    this.byZxid.set(zxid, logged);
    this.lastAppended = zxid;
    const { sessionId, cxid } = entry.header;
    if (entry.txn.type === 'createSession') this.createSessionZxid.set(sessionId, zxid);
    else if (entry.txn.type === 'closeSession') this.closeSessionZxid.set(sessionId, zxid);
    if (cxid !== 0) {
      const k = key(sessionId, cxid);
      if (this.byRequest.has(k)) violation('log-order', `two txns carry session 0x${sessionId.toString(16)} xid ${cxid}`);
      this.byRequest.set(k, zxid);
    }
    return logged;
  }

  get(zxid: number): LoggedTxn | undefined {
    return this.byZxid.get(zxid);
  }

  /** The zxid of the txn carrying request `xid` of `sessionId`. */
  zxidOf(sessionId: bigint, xid: number): number | undefined {
    return this.byRequest.get(key(sessionId, xid));
  }

  createSessionOf(sessionId: bigint): number | undefined {
    return this.createSessionZxid.get(sessionId);
  }

  closeSessionOf(sessionId: bigint): number | undefined {
    return this.closeSessionZxid.get(sessionId);
  }
}
