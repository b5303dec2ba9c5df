/**
 * Whole-tree comparisons: the server's committed tree against the model (after every step that
 * committed something), and one server against another (live against recovered from disk).
 */
import type { Stat } from '@paddock/protocol';
import { statOf, type ModelNode } from '../model/model-node';
import type { ZkModel } from '../model/zk-model';
import { firstDifference } from './first-difference';

/** The read-only tree access checkers use (`Server.readNode` and `Server.paths`). */
export interface TreeView {
  readNode(path: string): { data: Uint8Array | null; stat: Stat; children: string[] } | null;
  paths(): string[];
}

/** The first way the server's tree differs from the model's, as a rule and witness; null if none. */
export function treeDifference(server: TreeView, model: ZkModel): { rule: string; witness: string } | null {
  const paths = server.paths();
  // Checked first so a leftover ephemeral is reported as what it is, not as a stray node.
  for (const p of paths) {
    const owner = server.readNode(p)!.stat.ephemeralOwner;
    if (owner !== 0n && !model.isLive(owner)) {
      return { rule: 'ephemeral-outlived-session', witness: `${p} is owned by session 0x${owner.toString(16)}, which is closed` };
    }
  }
  const seen = new Set(paths);
  for (const p of model.tree.paths()) {
    if (!seen.has(p)) return { rule: 'tree-matches-model', witness: `the model has ${p}, the server does not` };
  }
  for (const p of paths) {
    const m = model.tree.get(p);
    if (!m) return { rule: 'tree-matches-model', witness: `the server has ${p}, the model does not` };
    const n = server.readNode(p)!;
    if (sameNode(m, n)) continue;
    const diff = firstDifference(
      { stat: statOf(m), data: m.data, children: [...m.children].sort() },
      { stat: n.stat, data: n.data, children: [...n.children].sort() },
    );
    if (diff) return { rule: 'tree-matches-model', witness: `${p} ${diff}` };
  }
  return null;
}

/** The common case, fast: the server's node is exactly the model's (checked field by field). */
function sameNode(m: ModelNode, n: { data: Uint8Array | null; stat: Stat; children: string[] }): boolean {
  const s = n.stat;
  const numChildren = m.children.size;
  const ok = s.version === m.version && s.aversion === m.aversion && s.numChildren === numChildren
    && s.cversion === ((2 * m.creates - numChildren) | 0) && s.czxid === BigInt(m.czxid) && s.mzxid === BigInt(m.mzxid)
    && s.pzxid === BigInt(m.pzxid) && s.ctime === BigInt(m.ctime) && s.mtime === BigInt(m.mtime)
    && s.ephemeralOwner === (m.kind === 'ephemeral' ? m.owner : 0n) && s.dataLength === (m.data?.length ?? 0)
    && n.children.length === numChildren && n.children.every((c) => m.children.has(c));
  if (!ok || (m.data === null) !== (n.data === null)) return false;
  return m.data === null || m.data.every((b, i) => b === n.data![i]);
}

/** The first difference between two servers' trees (`a` as expected), or null. */
export function serverTreeDifference(a: TreeView, b: TreeView): string | null {
  const pa = [...a.paths()].sort();
  const pb = [...b.paths()].sort();
  const pathDiff = firstDifference(pa, pb, 'paths');
  if (pathDiff) return pathDiff;
  for (const p of pa) {
    const diff = firstDifference(sortedNode(a, p), sortedNode(b, p), p);
    if (diff) return diff;
  }
  return null;
}

function sortedNode(t: TreeView, path: string): unknown {
  const n = t.readNode(path);
  return n && { ...n, children: [...n.children].sort() };
}
