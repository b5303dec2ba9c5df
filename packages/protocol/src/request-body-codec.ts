/**
 * The body records of every request except multi and multiRead, keyed by opcode. multi and
 * multiRead reuse these for their sub-ops (`multi-codec.ts`).
 */
import { OpCode } from './constants';
import type { CreateRequest, Request } from './records';
import type { JuteReader } from './jute-reader';
import type { JuteWriter } from './jute-writer';
import { readACLVector, readStringVector, writeACLVector, writeStringVector } from './record-codec';

/** A request that is not a multi or multiRead. */
export type SingleRequest = Exclude<Request, { readonly op: typeof OpCode.multi | typeof OpCode.multiRead }>;
/** The opcode of a `SingleRequest`. */
export type SingleRequestOp = SingleRequest['op'];

const SINGLE_REQUEST_OPS: ReadonlySet<number> = new Set<SingleRequestOp>([
  OpCode.create, OpCode.create2, OpCode.createContainer, OpCode.createTTL, OpCode.delete,
  OpCode.exists, OpCode.getData, OpCode.getChildren, OpCode.getChildren2, OpCode.setData,
  OpCode.getACL, OpCode.sync, OpCode.getAllChildrenNumber, OpCode.deleteContainer, OpCode.setACL,
  OpCode.check, OpCode.reconfig, OpCode.checkWatches, OpCode.removeWatches, OpCode.auth,
  OpCode.setWatches, OpCode.setWatches2, OpCode.getEphemerals, OpCode.addWatch, OpCode.sasl,
  OpCode.ping, OpCode.closeSession, OpCode.whoAmI,
]);

/** Whether `type` is an opcode whose request body `readSingleRequestBody` understands. */
export function isSingleRequestOp(type: number): type is SingleRequestOp {
  return SINGLE_REQUEST_OPS.has(type);
}

function writeCreate(w: JuteWriter, req: CreateRequest): void {
  w.ustring(req.path).buffer(req.data);
  writeACLVector(w, req.acl);
  w.int(req.flags);
}

function readCreate(r: JuteReader): CreateRequest {
  const path = r.requiredUstring('path');
  const data = r.buffer();
  const acl = readACLVector(r);
  const flags = r.int();
  return { path, data, acl, flags };
}

/** Writes the body record of `req` (nothing for header-only requests). */
export function writeSingleRequestBody(w: JuteWriter, req: SingleRequest): void {
  switch (req.op) {
    case OpCode.create:
    case OpCode.create2:
    case OpCode.createContainer:
      writeCreate(w, req);
      return;
    case OpCode.createTTL:
      writeCreate(w, req);
      w.long(req.ttl);
      return;
    case OpCode.delete:
    case OpCode.check:
      w.ustring(req.path).int(req.version);
      return;
    case OpCode.exists:
    case OpCode.getData:
    case OpCode.getChildren:
    case OpCode.getChildren2:
      w.ustring(req.path).bool(req.watch);
      return;
    case OpCode.setData:
      w.ustring(req.path).buffer(req.data).int(req.version);
      return;
    case OpCode.getACL:
    case OpCode.sync:
    case OpCode.getAllChildrenNumber:
    case OpCode.deleteContainer:
      w.ustring(req.path);
      return;
    case OpCode.setACL:
      w.ustring(req.path);
      writeACLVector(w, req.acl);
      w.int(req.version);
      return;
    case OpCode.reconfig:
      w.ustring(req.joiningServers).ustring(req.leavingServers).ustring(req.newMembers).long(req.curConfigId);
      return;
    case OpCode.checkWatches:
    case OpCode.removeWatches:
      w.ustring(req.path).int(req.type);
      return;
    case OpCode.auth:
      w.int(req.type).ustring(req.scheme).buffer(req.auth);
      return;
    case OpCode.setWatches:
      w.long(req.relativeZxid);
      writeStringVector(w, req.dataWatches);
      writeStringVector(w, req.existWatches);
      writeStringVector(w, req.childWatches);
      return;
    case OpCode.setWatches2:
      w.long(req.relativeZxid);
      writeStringVector(w, req.dataWatches);
      writeStringVector(w, req.existWatches);
      writeStringVector(w, req.childWatches);
      writeStringVector(w, req.persistentWatches);
      writeStringVector(w, req.persistentRecursiveWatches);
      return;
    case OpCode.getEphemerals:
      w.ustring(req.prefixPath);
      return;
    case OpCode.addWatch:
      w.ustring(req.path).int(req.mode);
      return;
    case OpCode.sasl:
      w.buffer(req.token);
      return;
    case OpCode.ping:
    case OpCode.closeSession:
    case OpCode.whoAmI:
      return;
  }
}

/** Reads the body record of a request of type `op`. Throws `JuteDecodeError` on bad input. */
export function readSingleRequestBody(r: JuteReader, op: SingleRequestOp): SingleRequest {
  switch (op) {
    case OpCode.create:
    case OpCode.create2:
    case OpCode.createContainer:
      return { op, ...readCreate(r) };
    case OpCode.createTTL: {
      const create = readCreate(r);
      return { op, ...create, ttl: r.long() };
    }
    case OpCode.delete:
    case OpCode.check: {
      const path = r.requiredUstring('path');
      return { op, path, version: r.int() };
    }
    case OpCode.exists:
    case OpCode.getData:
    case OpCode.getChildren:
    case OpCode.getChildren2: {
      const path = r.requiredUstring('path');
      return { op, path, watch: r.bool() };
    }
    case OpCode.setData: {
      const path = r.requiredUstring('path');
      const data = r.buffer();
      return { op, path, data, version: r.int() };
    }
    case OpCode.getACL:
    case OpCode.sync:
    case OpCode.getAllChildrenNumber:
    case OpCode.deleteContainer:
      return { op, path: r.requiredUstring('path') };
    case OpCode.setACL: {
      const path = r.requiredUstring('path');
      const acl = readACLVector(r);
      return { op, path, acl, version: r.int() };
    }
    case OpCode.reconfig: {
      const joiningServers = r.ustring();
      const leavingServers = r.ustring();
      const newMembers = r.ustring();
      return { op, joiningServers, leavingServers, newMembers, curConfigId: r.long() };
    }
    case OpCode.checkWatches:
    case OpCode.removeWatches: {
      const path = r.requiredUstring('path');
      return { op, path, type: r.int() };
    }
    case OpCode.auth: {
      const type = r.int();
      const scheme = r.requiredUstring('scheme');
      return { op, type, scheme, auth: r.buffer() };
    }
    case OpCode.setWatches: {
      const relativeZxid = r.long();
      const dataWatches = readStringVector(r, 'dataWatches');
      const existWatches = readStringVector(r, 'existWatches');
      const childWatches = readStringVector(r, 'childWatches');
      return { op, relativeZxid, dataWatches, existWatches, childWatches };
    }
    case OpCode.setWatches2: {
      const relativeZxid = r.long();
      const dataWatches = readStringVector(r, 'dataWatches');
      const existWatches = readStringVector(r, 'existWatches');
      const childWatches = readStringVector(r, 'childWatches');
      const persistentWatches = readStringVector(r, 'persistentWatches');
      const persistentRecursiveWatches = readStringVector(r, 'persistentRecursiveWatches');
      return {
        op, relativeZxid, dataWatches, existWatches, childWatches, persistentWatches, persistentRecursiveWatches,
      };
    }
    case OpCode.getEphemerals:
      return { op, prefixPath: r.requiredUstring('prefixPath') };
    case OpCode.addWatch: {
      const path = r.requiredUstring('path');
      return { op, path, mode: r.int() };
    }
    case OpCode.sasl:
      return { op, token: r.buffer() };
    case OpCode.ping:
    case OpCode.closeSession:
    case OpCode.whoAmI:
      return { op };
  }
}
