/** The body records of successful replies, keyed by the opcode of the request answered. */
import { OpCode } from './constants';
import { JuteDecodeError } from './jute-decode-error';
import type { ClientInfo, MultiResult, Response } from './records';
import type { JuteReader } from './jute-reader';
import type { JuteWriter } from './jute-writer';
import { MULTI_END, readMultiHeader, writeMultiHeader } from './header-codec';
import { readACLVector, readStat, readStringVector, writeACLVector, writeStat, writeStringVector } from './record-codec';

/** The opcode of the request a `Response` answers. */
export type ResponseOp = Response['op'];

const RESPONSE_OPS: ReadonlySet<number> = new Set<ResponseOp>([
  OpCode.create, OpCode.create2, OpCode.createContainer, OpCode.createTTL, OpCode.exists,
  OpCode.setData, OpCode.setACL, OpCode.getData, OpCode.getACL, OpCode.getChildren,
  OpCode.getChildren2, OpCode.sync, OpCode.multi, OpCode.multiRead, OpCode.reconfig,
  OpCode.getEphemerals, OpCode.getAllChildrenNumber, OpCode.addWatch, OpCode.whoAmI, OpCode.sasl,
  OpCode.delete, OpCode.check, OpCode.ping, OpCode.auth, OpCode.setWatches, OpCode.setWatches2,
  OpCode.checkWatches, OpCode.removeWatches, OpCode.closeSession,
]);

/** Whether a reply to a request of type `op` has a defined body shape. */
export function isResponseOp(op: number): op is ResponseOp {
  return RESPONSE_OPS.has(op);
}

function writeClientInfos(w: JuteWriter, infos: readonly ClientInfo[]): void {
  w.int(infos.length);
  for (const info of infos) w.ustring(info.authScheme).ustring(info.user);
}

function readClientInfos(r: JuteReader): ClientInfo[] {
  const n = r.vectorCount(8);
  const out: ClientInfo[] = [];
  for (let i = 0; i < n; i++) {
    const authScheme = r.requiredUstring('ClientInfo.authScheme');
    out.push({ authScheme, user: r.requiredUstring('ClientInfo.user') });
  }
  return out;
}

/** Writes the body of a successful reply (nothing for header-only replies). */
export function writeResponseBody(w: JuteWriter, res: Response): void {
  switch (res.op) {
    case OpCode.create:
    case OpCode.sync:
      w.ustring(res.path);
      return;
    case OpCode.create2:
    case OpCode.createContainer:
    case OpCode.createTTL:
      w.ustring(res.path);
      writeStat(w, res.stat);
      return;
    case OpCode.exists:
    case OpCode.setData:
    case OpCode.setACL:
      writeStat(w, res.stat);
      return;
    case OpCode.getData:
    case OpCode.reconfig:
      w.buffer(res.data);
      writeStat(w, res.stat);
      return;
    case OpCode.getACL:
      writeACLVector(w, res.acl);
      writeStat(w, res.stat);
      return;
    case OpCode.getChildren:
      writeStringVector(w, res.children);
      return;
    case OpCode.getChildren2:
      writeStringVector(w, res.children);
      writeStat(w, res.stat);
      return;
    case OpCode.multi:
    case OpCode.multiRead:
      writeMultiResults(w, res.results);
      return;
    case OpCode.getEphemerals:
      writeStringVector(w, res.ephemerals);
      return;
    case OpCode.getAllChildrenNumber:
      w.int(res.totalNumber);
      return;
    case OpCode.addWatch:
      // ZooKeeper answers addWatch with ErrorResponse{err=0}, four bytes.
      w.int(0);
      return;
    case OpCode.whoAmI:
      writeClientInfos(w, res.clientInfo);
      return;
    case OpCode.sasl:
      w.buffer(res.token);
      return;
    case OpCode.delete:
    case OpCode.check:
    case OpCode.ping:
    case OpCode.auth:
    case OpCode.setWatches:
    case OpCode.setWatches2:
    case OpCode.checkWatches:
    case OpCode.removeWatches:
    case OpCode.closeSession:
      return;
  }
}

/** Reads the body of a successful reply to a request of type `op`. */
export function readResponseBody(r: JuteReader, op: ResponseOp): Response {
  switch (op) {
    case OpCode.create:
    case OpCode.sync:
      return { op, path: r.requiredUstring('path') };
    case OpCode.create2:
    case OpCode.createContainer:
    case OpCode.createTTL: {
      const path = r.requiredUstring('path');
      return { op, path, stat: readStat(r) };
    }
    case OpCode.exists:
    case OpCode.setData:
    case OpCode.setACL:
      return { op, stat: readStat(r) };
    case OpCode.getData:
    case OpCode.reconfig: {
      const data = r.buffer();
      return { op, data, stat: readStat(r) };
    }
    case OpCode.getACL: {
      const acl = readACLVector(r);
      return { op, acl, stat: readStat(r) };
    }
    case OpCode.getChildren:
      return { op, children: readStringVector(r, 'children') };
    case OpCode.getChildren2: {
      const children = readStringVector(r, 'children');
      return { op, children, stat: readStat(r) };
    }
    case OpCode.multi:
    case OpCode.multiRead:
      return { op, results: readMultiResults(r) };
    case OpCode.getEphemerals:
      return { op, ephemerals: readStringVector(r, 'ephemerals') };
    case OpCode.getAllChildrenNumber:
      return { op, totalNumber: r.int() };
    case OpCode.addWatch: {
      // The ErrorResponse repeats the header's code, which is 0 on success.
      const err = r.int();
      if (err !== 0) throw new JuteDecodeError(`addWatch success carries ErrorResponse ${err}`);
      return { op };
    }
    case OpCode.whoAmI:
      return { op, clientInfo: readClientInfos(r) };
    case OpCode.sasl:
      return { op, token: r.buffer() };
    case OpCode.delete:
    case OpCode.check:
    case OpCode.ping:
    case OpCode.auth:
    case OpCode.setWatches:
    case OpCode.setWatches2:
    case OpCode.checkWatches:
    case OpCode.removeWatches:
    case OpCode.closeSession:
      return { op };
  }
}

/** Result types a multi or multiRead reply may carry besides errors. */
const MULTI_RESULT_OPS: ReadonlySet<number> = new Set<Exclude<MultiResult, { op: typeof OpCode.error }>['op']>([
  OpCode.create, OpCode.create2, OpCode.createContainer, OpCode.createTTL, OpCode.delete, OpCode.check,
  OpCode.setData, OpCode.getData, OpCode.getChildren,
]);

/**
 * Writes the results of a multi or multiRead reply. A success is `MultiHeader{op, false, 0}` +
 * the op's own response record; an error is `MultiHeader{-1, false, err}` + `ErrorResponse{err}`.
 */
function writeMultiResults(w: JuteWriter, results: readonly MultiResult[]): void {
  for (const res of results) {
    if (res.op === OpCode.error) {
      writeMultiHeader(w, { type: OpCode.error, done: false, err: res.err });
      w.int(res.err);
      continue;
    }
    writeMultiHeader(w, { type: res.op, done: false, err: 0 });
    writeResponseBody(w, res);
  }
  writeMultiHeader(w, MULTI_END);
}

/** Reads the results of a multi or multiRead reply, up to the end header. */
function readMultiResults(r: JuteReader): MultiResult[] {
  const results: MultiResult[] = [];
  for (let h = readMultiHeader(r); !h.done; h = readMultiHeader(r)) {
    // The Java client takes an error's code from the ErrorResponse body, not the header.
    if (h.type === OpCode.error) results.push({ op: OpCode.error, err: r.int() });
    else if (MULTI_RESULT_OPS.has(h.type)) results.push(readResponseBody(r, h.type as ResponseOp) as MultiResult);
    else throw new JuteDecodeError(`unknown multi result type ${h.type}`);
  }
  return results;
}
