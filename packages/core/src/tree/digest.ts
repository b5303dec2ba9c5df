/**
 * A node's contribution to the tree digest: FNV-1a over its path, data and persisted Stat.
 * The tree digest is the sum of these mod 2^32, so it is order-independent and can be kept
 * incrementally (as ZooKeeper's digest.enabled does), letting checkers compare replicas.
 */
import type { ZNode } from './znode';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

export function nodeHash(path: string, node: ZNode): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < path.length; i++) h = Math.imul(h ^ path.charCodeAt(i), FNV_PRIME);
  const data = node.data;
  if (data) for (let i = 0; i < data.length; i++) h = Math.imul(h ^ data[i]!, FNV_PRIME);
  h = mixInt(h, node.czxid);
  h = mixInt(h, node.mzxid);
  h = mixInt(h, node.pzxid);
  h = mixInt(h, node.ctime);
  h = mixInt(h, node.mtime);
  h = mixInt(h, node.version);
  h = mixInt(h, node.cversion);
  h = mixInt(h, node.aversion);
  h = mixInt(h, Number(BigInt.asIntN(32, node.ephemeralOwner ^ (node.ephemeralOwner >> 32n))));
  return h >>> 0;
}

function mixInt(h: number, v: number): number {
  const lo = v | 0;
  const hi = Math.floor(v / 0x100000000) | 0;
  h = Math.imul(h ^ lo, FNV_PRIME);
  return Math.imul(h ^ hi, FNV_PRIME);
}
