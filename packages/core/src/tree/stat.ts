import type { Stat } from '@paddock/protocol';
import { nodeKind, type ZNode } from './znode';

/**
 * The Stat a client sees for a node. cversion is reported as ZooKeeper's `DataNode.copyStat`
 * does (creates + deletes of children, i.e. 2 × creates − live children), and containers and
 * TTL nodes report ephemeralOwner 0.
 */
export function toStat(node: ZNode): Stat {
  const numChildren = node.children?.size ?? 0;
  return {
    czxid: BigInt(node.czxid),
    mzxid: BigInt(node.mzxid),
    ctime: BigInt(node.ctime),
    mtime: BigInt(node.mtime),
    version: node.version,
    cversion: (node.cversion * 2 - numChildren) | 0,
    aversion: node.aversion,
    ephemeralOwner: nodeKind(node.ephemeralOwner) === 'ephemeral' ? node.ephemeralOwner : 0n,
    dataLength: node.data?.length ?? 0,
    numChildren,
    pzxid: BigInt(node.pzxid),
  };
}
