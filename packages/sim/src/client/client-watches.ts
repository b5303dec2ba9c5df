/**
 * The watches a client believes it holds, kept as ZooKeeper's client watch manager keeps them:
 * set by successful watching reads and by addWatch, dropped when their event arrives (one-shot
 * ones) or removeWatches succeeds, and sent again with setWatches when a session is resumed on
 * a new connection.
 */
import { AddWatchMode, EventType, OpCode, WatcherType, type Request } from '@paddock/protocol';

export class ClientWatches {
  private readonly data = new Set<string>();
  private readonly exist = new Set<string>();
  private readonly child = new Set<string>();
  private readonly persistent = new Set<string>();
  private readonly recursive = new Set<string>();

  /** Notes what a reply to `request` registered or removed. */
  noteReply(request: Request, err: number): void {
    switch (request.op) {
      case OpCode.exists:
        // A missing node leaves an exists watch, waiting for NodeCreated.
        if (request.watch && err === 0) this.data.add(request.path);
        else if (request.watch) this.exist.add(request.path);
        return;
      case OpCode.getData:
        if (request.watch && err === 0) this.data.add(request.path);
        return;
      case OpCode.getChildren:
      case OpCode.getChildren2:
        if (request.watch && err === 0) this.child.add(request.path);
        return;
      case OpCode.addWatch:
        if (err === 0) (request.mode === AddWatchMode.Persistent ? this.persistent : this.recursive).add(request.path);
        return;
      case OpCode.removeWatches:
        if (err === 0) this.remove(request.path, request.type);
        return;
      default:
        return;
    }
  }

  /** A one-shot watch is gone once its event arrived. */
  noteEvent(type: number, path: string): void {
    if (type === EventType.NodeChildrenChanged || type === EventType.NodeDeleted) this.child.delete(path);
    if (type !== EventType.NodeChildrenChanged) {
      this.data.delete(path);
      this.exist.delete(path);
    }
  }

  clear(): void {
    for (const set of [this.data, this.exist, this.child, this.persistent, this.recursive]) set.clear();
  }

  /** The setWatches (setWatches2 with persistent watches) that re-registers everything; null if nothing to. */
  replay(relativeZxid: bigint): Request | null {
    const list = (set: Set<string>) => [...set].sort();
    const base = { relativeZxid, dataWatches: list(this.data), existWatches: list(this.exist), childWatches: list(this.child) };
    if (this.persistent.size > 0 || this.recursive.size > 0) {
      return { op: OpCode.setWatches2, ...base, persistentWatches: list(this.persistent), persistentRecursiveWatches: list(this.recursive) };
    }
    const any = base.dataWatches.length + base.existWatches.length + base.childWatches.length > 0;
    return any ? { op: OpCode.setWatches, ...base } : null;
  }

  private remove(path: string, type: number): void {
    const sets = {
      [WatcherType.Children]: [this.child],
      [WatcherType.Data]: [this.data, this.exist],
      [WatcherType.Any]: [this.data, this.exist, this.child, this.persistent, this.recursive],
      4: [this.persistent],
      5: [this.recursive],
    }[type] ?? [];
    for (const set of sets) set.delete(path);
  }
}
