import type { ChildNames } from './child-names';

/** One znode as the tree holds it. Fields are mutable: only the data tree's apply changes them. */
export interface ZNode {
  data: Uint8Array | null;
  /** A ref into the tree's {@link AclCache}. */
  acl: number;
  czxid: number;
  mzxid: number;
  /** Zxid of the last create or delete of a child. */
  pzxid: number;
  ctime: number;
  mtime: number;
  version: number;
  /** The number of creates ever made below this node: the sequential-name counter. */
  cversion: number;
  aversion: number;
  /** Internal encoding: a session id, {@link CONTAINER_OWNER}, a TTL encoding, or 0. */
  ephemeralOwner: bigint;
  /** Child names in creation order; null until the first child. */
  children: ChildNames | null;
}

/** ephemeralOwner marking a container (`EphemeralType.CONTAINER`, Long.MIN_VALUE). */
export const CONTAINER_OWNER = -0x8000000000000000n;
/** ephemeralOwner bits marking a TTL node; the TTL in ms sits in the low 40 bits. */
export const TTL_OWNER_MASK = -0x100000000000000n;
/** The largest TTL ZooKeeper can encode (`EphemeralType.MAX_TTL`). */
export const MAX_TTL_MS = 0xffffffffffn;

export type NodeKind = 'persistent' | 'ephemeral' | 'container' | 'ttl';

export function nodeKind(owner: bigint): NodeKind {
  if (owner === 0n) return 'persistent';
  if (owner === CONTAINER_OWNER) return 'container';
  if ((owner & TTL_OWNER_MASK) === TTL_OWNER_MASK) return 'ttl';
  return 'ephemeral';
}

/** The ephemeralOwner encoding of a TTL node. */
export function ttlOwner(ttlMs: bigint): bigint {
  return TTL_OWNER_MASK | ttlMs;
}

/** The TTL in ms of a TTL node's ephemeralOwner. */
export function ttlOf(owner: bigint): number {
  return Number(owner & MAX_TTL_MS);
}
