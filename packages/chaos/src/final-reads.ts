import { createClient, KeeperError, type Stat, type ZooKeeperClient } from '@paddock/client';
import type { NodeState } from './workload/history.js';
import { CHAOS_ROOT } from './workload/op-chooser.js';

/** One member's copy of the run's subtree: nodes by path, and a canonical dump to compare. */
export interface MemberTree {
  readonly nodes: ReadonlyMap<string, NodeState>;
  /** One line per node, sorted by path: path, value and every Stat field. */
  readonly lines: readonly string[];
}

/**
 * Reads the run's subtree from one member alone (its client port only, after a sync, so a
 * follower has applied everything its leader committed). Undefined when the member cannot be
 * read within `timeoutMs`.
 */
export async function readMemberTree(clientPort: number, timeoutMs: number): Promise<MemberTree | undefined> {
  const client = createClient(`127.0.0.1:${clientPort}`, { sessionTimeoutMs: 10_000, requestTimeoutMs: 5000 });
  const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), timeoutMs).unref());
  try {
    return await Promise.race([readTree(client), timeout]);
  } catch {
    return undefined;
  } finally {
    await Promise.race([client.close().catch(() => {}), new Promise((r) => setTimeout(r, 3000).unref())]);
  }
}

async function readTree(client: ZooKeeperClient): Promise<MemberTree> {
  await client.waitForConnected(10_000);
  await client.sync(CHAOS_ROOT);
  const nodes = new Map<string, NodeState>();
  const lines: string[] = [];
  const pending = [CHAOS_ROOT];
  while (pending.length > 0) {
    const path = pending.pop()!;
    let read: { data: Uint8Array | null; stat: Stat };
    let children: string[];
    try {
      read = (await client.getData(path)) as { data: Uint8Array | null; stat: Stat };
      children = ((await client.getChildren(path)) as { children: string[] }).children;
    } catch (error) {
      // Deleted between listing and reading: only ephemerals of ending sessions can do that.
      if (KeeperError.is(error, 'NoNode')) continue;
      throw error;
    }
    const value = read.data === null ? '' : Buffer.from(read.data).toString('utf8');
    const s = read.stat;
    nodes.set(path, { version: s.version, czxid: Number(s.czxid), mzxid: Number(s.mzxid), ephemeralOwner: s.ephemeralOwner.toString(16), value });
    lines.push(
      `${path} ${JSON.stringify(value)} czxid=${s.czxid} mzxid=${s.mzxid} pzxid=${s.pzxid} ctime=${s.ctime} mtime=${s.mtime} ` +
        `version=${s.version} cversion=${s.cversion} aversion=${s.aversion} owner=${s.ephemeralOwner} children=${s.numChildren}`,
    );
    for (const child of children) pending.push(`${path}/${child}`);
  }
  lines.sort();
  return { nodes, lines };
}
