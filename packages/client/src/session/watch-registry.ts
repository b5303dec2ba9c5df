/**
 * The client's record of the watches it holds on the server, after the Java client's
 * `ZKWatchManager`: five maps from server path to watcher ids. It decides which watchers an
 * event reaches ("materialize"), and what to re-register after a reconnect.
 *
 * Paths are server paths (chroot included), so re-registration sends them unchanged and a watch
 * outside the chroot (getConfig's `/zookeeper/config`) survives a reconnect.
 */
import { EventType } from '@paddock/protocol';

/** An opaque handle the session's owner gives each watcher. */
export type WatcherId = number;

/** The five kinds of watch the client holds. `exist` is an exists-watch on a missing node. */
export type WatchKind = 'data' | 'exist' | 'child' | 'persistent' | 'persistentRecursive';

/** The watch kinds in the order the Java client lists them in SetWatches(2). */
export const WATCH_KINDS: readonly WatchKind[] = ['data', 'exist', 'child', 'persistent', 'persistentRecursive'];

/** What a removeWatches request (WatcherType 1 children, 2 data, 3 any) clears locally. */
export function kindsForWatcherType(watcherType: number): readonly WatchKind[] {
  switch (watcherType) {
    case 1:
      return ['child'];
    case 2:
      return ['data', 'exist'];
    default:
      return WATCH_KINDS;
  }
}

/** The ancestors of `path` and `path` itself, from `path` up to `/`. */
function pathAndAncestors(path: string): string[] {
  const out = [path];
  let p = path;
  while (p !== '/') {
    const cut = p.lastIndexOf('/');
    p = cut <= 0 ? '/' : p.slice(0, cut);
    out.push(p);
  }
  return out;
}

export class WatchRegistry {
  private readonly maps: Record<WatchKind, Map<string, Set<WatcherId>>> = {
    data: new Map(),
    exist: new Map(),
    child: new Map(),
    persistent: new Map(),
    persistentRecursive: new Map(),
  };

  add(kind: WatchKind, path: string, watcher: WatcherId): void {
    const map = this.maps[kind];
    let set = map.get(path);
    if (set === undefined) {
      set = new Set();
      map.set(path, set);
    }
    set.add(watcher);
  }

  /** The server paths holding a watch of `kind`, in registration order. */
  paths(kind: WatchKind): string[] {
    return [...this.maps[kind].keys()];
  }

  isEmpty(): boolean {
    return WATCH_KINDS.every((k) => this.maps[k].size === 0);
  }

  /** Whether any watcher of the given kinds is registered at `path`. */
  has(path: string, kinds: readonly WatchKind[] = WATCH_KINDS): boolean {
    return kinds.some((k) => (this.maps[k].get(path)?.size ?? 0) > 0);
  }

  /**
   * The watchers a node event reaches, removing the one-shot ones it consumes: data and exist
   * watches for created/changed nodes, child watches for child changes, all three for deletes,
   * and persistent watches on the path plus recursive ones on it and its ancestors. Recursive
   * watches get no NodeChildrenChanged (ZooKeeper filters those client-side too).
   */
  materialize(eventType: number, path: string): WatcherId[] {
    const out = new Set<WatcherId>();
    const take = (kind: WatchKind): void => {
      const set = this.maps[kind].get(path);
      if (set === undefined) return;
      this.maps[kind].delete(path);
      for (const id of set) out.add(id);
    };
    switch (eventType) {
      case EventType.NodeCreated:
      case EventType.NodeDataChanged:
        take('data');
        take('exist');
        break;
      case EventType.NodeChildrenChanged:
        take('child');
        break;
      case EventType.NodeDeleted:
        take('data');
        take('exist');
        take('child');
        break;
      default:
        return [];
    }
    for (const id of this.maps.persistent.get(path) ?? []) out.add(id);
    if (eventType !== EventType.NodeChildrenChanged) {
      for (const p of pathAndAncestors(path)) {
        for (const id of this.maps.persistentRecursive.get(p) ?? []) out.add(id);
      }
    }
    return [...out];
  }

  /**
   * Removes watchers of the given kinds at `path`: one watcher if `watcher` is given, else all.
   * Returns the removed ids per kind.
   */
  remove(path: string, kinds: readonly WatchKind[], watcher?: WatcherId): Array<{ kind: WatchKind; watcher: WatcherId }> {
    const removed: Array<{ kind: WatchKind; watcher: WatcherId }> = [];
    for (const kind of kinds) {
      const set = this.maps[kind].get(path);
      if (set === undefined) continue;
      for (const id of [...set]) {
        if (watcher !== undefined && id !== watcher) continue;
        set.delete(id);
        removed.push({ kind, watcher: id });
      }
      if (set.size === 0) this.maps[kind].delete(path);
    }
    return removed;
  }

  /** Every registered watcher, each once; clears the registry. */
  drain(): WatcherId[] {
    const out = new Set<WatcherId>();
    for (const kind of WATCH_KINDS) {
      for (const set of this.maps[kind].values()) for (const id of set) out.add(id);
      this.maps[kind].clear();
    }
    return [...out];
  }
}
