/**
 * One znode as the model holds it, and the Stat a client must see for it (PROTOCOL.md §1.9):
 * cversion is reported as 2 × creates − live children, and containers and TTL nodes report
 * ephemeralOwner 0.
 */
import type { Stat } from '@paddock/protocol';

/** What a node is, as its creation mode decided. */
export type ModelNodeKind = 'persistent' | 'ephemeral' | 'container' | 'ttl';

/** A znode: data, the persisted Stat fields and its children's names. */
export interface ModelNode {
  data: Uint8Array | null;
  czxid: number;
  mzxid: number;
  /** Zxid of the last create or delete of a child. */
  pzxid: number;
  ctime: number;
  mtime: number;
  version: number;
  aversion: number;
  /** Children ever created here: ZooKeeper's internal cversion, the sequential-name counter. */
  creates: number;
  children: Set<string>;
  kind: ModelNodeKind;
  /** The owning session of an ephemeral; 0n otherwise. */
  owner: bigint;
  /** The TTL of a TTL node; 0 otherwise. */
  ttlMs: number;
}

/** A fresh node created by txn `zxid` at wall time `timeMs`. */
export function freshNode(data: Uint8Array | null, zxid: number, timeMs: number, kind: ModelNodeKind, owner: bigint, ttlMs: number): ModelNode {
  return {
    data, czxid: zxid, mzxid: zxid, pzxid: zxid, ctime: timeMs, mtime: timeMs, version: 0, aversion: 0,
    creates: 0, children: new Set(), kind, owner, ttlMs,
  };
}

/** A deep copy (children set included), for all-or-nothing multi application. */
export function copyNode(n: ModelNode): ModelNode {
  return { ...n, children: new Set(n.children) };
}

/** The Stat ZooKeeper reports for `n`. */
export function statOf(n: ModelNode): Stat {
  const numChildren = n.children.size;
  return {
    czxid: BigInt(n.czxid),
    mzxid: BigInt(n.mzxid),
    ctime: BigInt(n.ctime),
    mtime: BigInt(n.mtime),
    version: n.version,
    cversion: (2 * n.creates - numChildren) | 0,
    aversion: n.aversion,
    ephemeralOwner: n.kind === 'ephemeral' ? n.owner : 0n,
    dataLength: n.data?.length ?? 0,
    numChildren,
    pzxid: BigInt(n.pzxid),
  };
}
