/**
 * The log's encoding of a txn (our own format, jute primitives): the header, a type tag, then
 * the txn's fields. Replaying decoded txns must rebuild the identical tree.
 */
import { JuteReader, JuteWriter, OpCode, readACLVector, writeACLVector } from '@paddock/protocol';
import type { Txn, TxnEntry } from './txn';

const TAG = {
  create: OpCode.create,
  delete: OpCode.delete,
  setData: OpCode.setData,
  setACL: OpCode.setACL,
  check: OpCode.check,
  multi: OpCode.multi,
  createSession: OpCode.createSession,
  closeSession: OpCode.closeSession,
  error: OpCode.error,
} as const satisfies Record<Txn['type'], number>;

export function encodeTxnEntry(entry: TxnEntry, w: JuteWriter = new JuteWriter()): Uint8Array {
  w.reset();
  const { header } = entry;
  w.long(header.sessionId).int(header.cxid).long(BigInt(header.zxid)).long(BigInt(header.time));
  writeTxn(w, entry.txn);
  return w.finish();
}

export function decodeTxnEntry(bytes: Uint8Array): TxnEntry {
  const r = new JuteReader(bytes);
  const header = { sessionId: r.long(), cxid: r.int(), zxid: Number(r.long()), time: Number(r.long()) };
  const txn = readTxn(r, true);
  r.expectEnd('txn');
  return { header, txn };
}

function writeTxn(w: JuteWriter, txn: Txn): void {
  w.int(TAG[txn.type]);
  switch (txn.type) {
    case 'create':
      w.ustring(txn.path).buffer(txn.data);
      writeACLVector(w, txn.acl);
      w.long(txn.ephemeralOwner).int(txn.parentCVersion);
      return;
    case 'delete':
    case 'check':
      w.ustring(txn.path);
      return;
    case 'setData':
      w.ustring(txn.path).buffer(txn.data).int(txn.version);
      return;
    case 'setACL':
      w.ustring(txn.path);
      writeACLVector(w, txn.acl);
      w.int(txn.version);
      return;
    case 'createSession':
      w.int(txn.timeoutMs);
      return;
    case 'closeSession':
      return;
    case 'error':
      w.int(txn.err);
      return;
    case 'multi':
      w.int(txn.txns.length);
      for (const sub of txn.txns) writeTxn(w, sub);
      return;
  }
}

function readTxn(r: JuteReader, allowMulti: boolean): Txn {
  const tag = r.int();
  switch (tag) {
    case TAG.create: {
      const path = r.requiredUstring('path');
      const data = r.buffer();
      const acl = readACLVector(r);
      return { type: 'create', path, data, acl, ephemeralOwner: r.long(), parentCVersion: r.int() };
    }
    case TAG.delete:
      return { type: 'delete', path: r.requiredUstring('path') };
    case TAG.check:
      return { type: 'check', path: r.requiredUstring('path') };
    case TAG.setData:
      return { type: 'setData', path: r.requiredUstring('path'), data: r.buffer(), version: r.int() };
    case TAG.setACL:
      return { type: 'setACL', path: r.requiredUstring('path'), acl: readACLVector(r), version: r.int() };
    case TAG.createSession:
      return { type: 'createSession', timeoutMs: r.int() };
    case TAG.closeSession:
      return { type: 'closeSession' };
    case TAG.error:
      return { type: 'error', err: r.int() };
    case TAG.multi: {
      if (!allowMulti) throw new Error('nested multi txn in log record');
      const n = r.vectorCount(4);
      const txns: Txn[] = [];
      for (let i = 0; i < n; i++) txns.push(readTxn(r, false));
      return { type: 'multi', txns };
    }
    default:
      throw new Error(`unknown txn type ${tag} in log record`);
  }
}
