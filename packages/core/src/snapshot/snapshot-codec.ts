/**
 * The core's snapshot: sessions, the ACL lists in use, and every znode (parents first), as of
 * one applied zxid. The adapter stores the bytes as they are (wrapped in its own checksummed
 * file); replaying the log after that zxid rebuilds the state.
 */
import { JuteReader, JuteWriter, readACLVector, writeACLVector } from '@paddock/protocol';
import { DataTree } from '../tree/data-tree';
import type { ZNode } from '../tree/znode';
import { invariant } from '../util/assert';

const FORMAT_VERSION = 1;
/** Chunks are cut at about this size so no single buffer holds a large tree. */
const CHUNK_BYTES = 1 << 20;

export interface SnapshotSession {
  readonly id: bigint;
  readonly timeoutMs: number;
}

export interface SnapshotContents {
  readonly zxid: number;
  readonly sessions: readonly SnapshotSession[];
  readonly tree: DataTree;
}

export function encodeSnapshot(tree: DataTree, sessions: readonly SnapshotSession[]): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  const w = new JuteWriter(64 * 1024);
  const cut = (force: boolean) => {
    if (w.length > 0 && (force || w.length >= CHUNK_BYTES)) {
      chunks.push(w.finish());
      w.reset();
    }
  };
  w.int(FORMAT_VERSION).long(BigInt(tree.lastZxid));
  w.int(sessions.length);
  for (const s of sessions) w.long(s.id).int(s.timeoutMs);
  const acls = tree.acls.entries();
  w.int(acls.length);
  for (const [ref, acl] of acls) {
    w.int(ref);
    writeACLVector(w, acl);
  }
  w.int(tree.nodeCount);
  for (const path of tree.paths()) {
    const n = tree.get(path)!;
    w.ustring(path).buffer(n.data).int(n.acl);
    w.long(BigInt(n.czxid)).long(BigInt(n.mzxid)).long(BigInt(n.pzxid));
    w.long(BigInt(n.ctime)).long(BigInt(n.mtime));
    w.int(n.version).int(n.cversion).int(n.aversion).long(n.ephemeralOwner);
    cut(false);
  }
  cut(true);
  return chunks;
}

export function decodeSnapshot(bytes: Uint8Array): SnapshotContents {
  const r = new JuteReader(bytes);
  const version = r.int();
  if (version !== FORMAT_VERSION) throw new Error(`unsupported snapshot format ${version}`);
  const zxid = Number(r.long());
  const sessions: SnapshotSession[] = [];
  for (let i = r.vectorCount(12); i > 0; i--) sessions.push({ id: r.long(), timeoutMs: r.int() });
  const aclByRef = new Map<number, ReturnType<typeof readACLVector>>();
  for (let i = r.vectorCount(8); i > 0; i--) {
    const ref = r.int();
    aclByRef.set(ref, readACLVector(r));
  }
  const tree = new DataTree();
  tree.beginRestore();
  for (let i = r.vectorCount(8); i > 0; i--) {
    const path = r.requiredUstring('path');
    const data = r.buffer();
    const aclRef = r.int();
    const acl = aclByRef.get(aclRef);
    invariant(acl !== undefined, () => `snapshot node ${path} names unknown ACL ${aclRef}`);
    const node: ZNode = {
      data,
      acl: tree.acls.acquire(acl),
      czxid: Number(r.long()),
      mzxid: Number(r.long()),
      pzxid: Number(r.long()),
      ctime: Number(r.long()),
      mtime: Number(r.long()),
      version: r.int(),
      cversion: r.int(),
      aversion: r.int(),
      ephemeralOwner: r.long(),
      children: null,
    };
    tree.restoreNode(path, node);
  }
  tree.endRestore();
  r.expectEnd('snapshot');
  tree.lastZxid = zxid;
  return { zxid, sessions, tree };
}

/** Joins snapshot chunks back into one buffer. */
export function joinChunks(chunks: readonly Uint8Array[]): Uint8Array {
  let size = 0;
  for (const c of chunks) size += c.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
