/**
 * The core's snapshot: sessions, the ACL lists in use, and every znode (parents first), as of
 * one applied zxid. The adapter stores the bytes as they are (wrapped in its own checksummed
 * file); replaying the log after that zxid rebuilds the state.
 */
import { JuteReader, JuteWriter, readACLVector, writeACLVector, type ACL } from '@paddock/protocol';
import { DataTree } from '../tree/data-tree';
import { childPath } from '../tree/path';
import { DataSlab } from './data-slab';
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

/**
 * Serializes the state of one zxid in slices of a bounded number of znodes, so a large tree
 * never stalls its server for a whole snapshot. Sessions and ACLs are written at once (they
 * are few); znodes are walked parents first through `nodeAt`, which must answer the records of
 * that zxid for as long as the writer runs (the live tree when it runs to the end at once, or
 * the tree's frozen view while txns apply between slices; see {@link DataTree.freeze}).
 */
export class SnapshotWriter {
  private readonly chunks: Uint8Array[] = [];
  private readonly w = new JuteWriter(64 * 1024);
  /** Paths whose children are still to be written, each with the rest of its child names. */
  private readonly stack: Array<{ readonly path: string; readonly names: Iterator<string> }> = [];
  private written = 0;

  constructor(
    /** The zxid whose state is written. */
    readonly zxid: number,
    sessions: readonly SnapshotSession[],
    acls: ReadonlyArray<readonly [number, readonly ACL[]]>,
    private readonly nodeCount: number,
    private readonly nodeAt: (path: string) => ZNode | undefined,
  ) {
    const w = this.w;
    w.int(FORMAT_VERSION).long(BigInt(zxid));
    w.int(sessions.length);
    for (const s of sessions) w.long(s.id).int(s.timeoutMs);
    w.int(acls.length);
    for (const [ref, acl] of acls) {
      w.int(ref);
      writeACLVector(w, acl);
    }
    w.int(nodeCount);
    this.writeNode('/');
  }

  /** Writes up to `maxNodes` more znodes; true once every znode is written. */
  slice(maxNodes: number): boolean {
    let budget = maxNodes;
    while (budget > 0 && this.stack.length > 0) {
      const top = this.stack[this.stack.length - 1]!;
      const next = top.names.next();
      if (next.done) {
        this.stack.pop();
        continue;
      }
      this.writeNode(childPath(top.path, next.value));
      budget--;
    }
    const done = this.stack.length === 0;
    if (done) {
      invariant(this.written === this.nodeCount, () => `snapshot at ${this.zxid} wrote ${this.written} of ${this.nodeCount} znodes`);
      this.cut(true);
    }
    return done;
  }

  /** The chunks cut so far, in order (a SNAP streams them to a learner as they come). */
  get chunksSoFar(): readonly Uint8Array[] {
    return this.chunks;
  }

  /** The serialized snapshot, once {@link slice} returned true. */
  finish(): Uint8Array[] {
    invariant(this.stack.length === 0, 'snapshot taken before it was fully written');
    return this.chunks;
  }

  private writeNode(path: string): void {
    const n = this.nodeAt(path);
    invariant(n !== undefined, () => `snapshot at ${this.zxid}: ${path} vanished`);
    const w = this.w;
    w.ustring(path).buffer(n.data).int(n.acl);
    w.long(BigInt(n.czxid)).long(BigInt(n.mzxid)).long(BigInt(n.pzxid));
    w.long(BigInt(n.ctime)).long(BigInt(n.mtime));
    w.int(n.version).int(n.cversion).int(n.aversion).long(n.ephemeralOwner);
    this.written++;
    if (n.children && n.children.size > 0) this.stack.push({ path, names: n.children.values() });
    this.cut(false);
  }

  private cut(force: boolean): void {
    if (this.w.length > 0 && (force || this.w.length >= CHUNK_BYTES)) {
      this.chunks.push(this.w.finish());
      this.w.reset();
    }
  }
}

/** The whole snapshot of the tree as it is now, in one go. */
export function encodeSnapshot(tree: DataTree, sessions: readonly SnapshotSession[]): Uint8Array[] {
  const writer = new SnapshotWriter(tree.lastZxid, sessions, tree.acls.entries(), tree.nodeCount, (path) => tree.get(path));
  writer.slice(Number.POSITIVE_INFINITY);
  return writer.finish();
}

export function decodeSnapshot(bytes: Uint8Array): SnapshotContents {
  const r = new JuteReader(bytes);
  const version = r.int();
  if (version !== FORMAT_VERSION) throw new Error(`unsupported snapshot format ${version}`);
  const zxid = r.longNumber();
  const sessions: SnapshotSession[] = [];
  for (let i = r.vectorCount(12); i > 0; i--) sessions.push({ id: r.long(), timeoutMs: r.int() });
  const tree = new DataTree();
  // Each list is interned once; its nodes then only take references on it.
  const localRef = new Map<number, number>();
  for (let i = r.vectorCount(8); i > 0; i--) {
    const ref = r.int();
    localRef.set(ref, tree.acls.acquire(readACLVector(r)));
  }
  const slab = new DataSlab();
  tree.beginRestore();
  for (let i = r.vectorCount(8); i > 0; i--) {
    const path = r.requiredUstring('path');
    const data = slab.copy(r.bufferView());
    const aclRef = r.int();
    const acl = localRef.get(aclRef);
    invariant(acl !== undefined, () => `snapshot node ${path} names unknown ACL ${aclRef}`);
    tree.acls.retain(acl);
    const node: ZNode = {
      data,
      acl,
      czxid: r.longNumber(),
      mzxid: r.longNumber(),
      pzxid: r.longNumber(),
      ctime: r.longNumber(),
      mtime: r.longNumber(),
      version: r.int(),
      cversion: r.int(),
      aversion: r.int(),
      ephemeralOwner: readOwner(r),
      children: null,
    };
    tree.restoreNode(path, node);
  }
  for (const ref of localRef.values()) tree.acls.release(ref);
  tree.endRestore();
  r.expectEnd('snapshot');
  tree.lastZxid = zxid;
  return { zxid, sessions, tree };
}

/** ephemeralOwner: 0 for nearly every node, so that case makes no BigInt. */
function readOwner(r: JuteReader): bigint {
  const hi = r.int();
  const lo = r.int();
  return hi === 0 && lo === 0 ? 0n : BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo >>> 0));
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
