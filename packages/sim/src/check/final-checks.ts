/**
 * Checks at the end of a run. After the quiet phase every session must have expired and every
 * due container or TTL node must be gone (liveness); and the durable state on the simulated
 * disk must rebuild the live server exactly, both from the whole log and from the last
 * snapshot plus the log after it.
 */
import { joinChunks, Server, type CoreConfig, type LogRecord } from '@paddock/core';
import type { SnapshotFile } from '../disk';
import type { ZkModel } from '../model/zk-model';
import { cleanupOverdue } from './cleanup-rules';
import { serverTreeDifference, type TreeView } from './tree-compare';
import { violation } from './violation';

/** The live server as the replay check sees it. */
export interface ReplayedServer extends TreeView {
  inspect(): { readonly lastZxid: number; readonly digest: number; readonly sessions: ReadonlyArray<{ readonly id: bigint }> };
}

/** After the quiet phase: no session left, no container or TTL node overdue for cleanup. */
export function checkQuiesced(model: ZkModel, wallMs: number, tickTimeMs: number): void {
  const live = model.liveSessions();
  if (live.length > 0) violation('session-not-expired', `sessions ${live.map((s) => `0x${s.toString(16)}`).join(',')} outlived the quiet phase`);
  for (const [path, node] of model.tree.entries()) {
    if (cleanupOverdue(node, wallMs, 2 * tickTimeMs)) {
      violation('cleanup-missed', `${path} (${node.kind}, ${node.creates} creates, mtime ${node.mtime}, ttl ${node.ttlMs}) is still there at ${wallMs}`);
    }
  }
}

/** The durable log (and the last snapshot plus the log after it) must rebuild `live`. */
export function checkReplay(
  config: CoreConfig, disk: { readonly log: readonly LogRecord[]; readonly snapshot: SnapshotFile | null }, live: ReplayedServer,
): void {
  const applied = live.inspect().lastZxid;
  const durable = disk.log.filter((r) => r.zxid <= applied);
  const fromLog = Server.recover(config, { snapshot: null, txns: durable.map((r) => r.payload) });
  compareRecovered(live, fromLog, 'replay-digest', 'the whole log', true);
  if (disk.snapshot) checkSnapshot(config, disk.snapshot, durable, live, true);
}

/** `snapshot` plus the durable log after it must rebuild `live` (checked at every snapshot). */
export function checkSnapshot(
  config: CoreConfig, snapshot: SnapshotFile, log: readonly LogRecord[], live: ReplayedServer, thorough = false,
): void {
  const applied = live.inspect().lastZxid;
  const tail = log.filter((r) => r.zxid > snapshot.zxid && r.zxid <= applied).map((r) => r.payload);
  const recovered = Server.recover(config, { snapshot: joinChunks(snapshot.chunks), txns: tail });
  compareRecovered(live, recovered, 'snapshot-replay-digest', `the snapshot at ${snapshot.zxid} and ${tail.length} later txns`, thorough);
}

/**
 * Compares zxid, digest and sessions; `thorough` also compares every node (mid-run snapshot
 * checks skip that unless the digests already differ, to name the node).
 */
function compareRecovered(live: ReplayedServer, recovered: ReplayedServer, rule: string, source: string, thorough: boolean): void {
  const a = live.inspect();
  const b = recovered.inspect();
  const sameDigest = a.lastZxid === b.lastZxid && a.digest === b.digest;
  const diff = thorough || !sameDigest ? serverTreeDifference(live, recovered) : null;
  if (diff) violation(rule, `recovered from ${source}: ${diff}`);
  if (!sameDigest) {
    violation(rule, `live server: zxid ${a.lastZxid} digest ${a.digest}; recovered from ${source}: zxid ${b.lastZxid} digest ${b.digest}`);
  }
  const sa = a.sessions.map((s) => s.id).join(',');
  const sb = b.sessions.map((s) => s.id).join(',');
  if (sa !== sb) violation(rule, `sessions live [${sa}], recovered from ${source} [${sb}]`);
}
