/**
 * The model's watch registry, per connection, with ZooKeeper's trigger matrix (PROTOCOL.md §1.7):
 * one-shot data/exists and child watches, and addWatch's persistent and persistent-recursive
 * ones. A connection gets at most one event per trigger however many of its watches match
 * (WatchManager collects watchers into a set). Watch kinds on one path are independent, as in
 * ZooKeeper 3.9 (ZOOKEEPER-4466).
 */
import { EventType, WatcherType } from '@paddock/protocol';
import { isAtOrBelow } from './model-paths';
import type { Trigger } from './model-tree';

/** One-shot data/exists and child watches, and addWatch's two persistent modes. */
export type ModelWatchKind = 'data' | 'child' | 'persistent' | 'recursive';

/** An event the model says a connection must receive. */
export interface ModelEvent {
  readonly conn: number;
  readonly type: number;
  readonly path: string;
}

type ConnWatches = Record<ModelWatchKind, Set<string>>;

/** removeWatches' WatcherType 4 and 5 (Persistent, PersistentRecursive), beyond §1.7's 1–3. */
const PERSISTENT_TYPE = 4;
const RECURSIVE_TYPE = 5;

/** Watch registrations per connection, and the events a trigger owes. */
export class ModelWatches {
  private readonly byConn = new Map<number, ConnWatches>();

  add(conn: number, path: string, kind: ModelWatchKind): void {
    let mine = this.byConn.get(conn);
    if (!mine) this.byConn.set(conn, (mine = { data: new Set(), child: new Set(), persistent: new Set(), recursive: new Set() }));
    mine[kind].add(path);
  }

  /** removeWatches: drops the kinds `watcherType` names; false when none were there. */
  remove(conn: number, path: string, watcherType: number): boolean {
    const mine = this.byConn.get(conn);
    if (!mine) return false;
    let removed = false;
    for (const kind of kindsOf(watcherType)) removed = mine[kind].delete(path) || removed;
    return removed;
  }

  /** Forgets a closed connection's watches. */
  dropConnection(conn: number): void {
    this.byConn.delete(conn);
  }

  /** A readable list of a connection's watches, for failure witnesses. */
  describe(conn: number): string {
    const mine = this.byConn.get(conn);
    if (!mine) return 'none';
    return (['data', 'child', 'persistent', 'recursive'] as const).map((k) => `${k}=[${[...mine[k]].sort().join(',')}]`).join(' ');
  }

  /** The events `trigger` causes, one per connection at most, consuming one-shot watches. */
  fire(trigger: Trigger): ModelEvent[] {
    const events: ModelEvent[] = [];
    const conns = [...this.byConn.keys()].sort((a, b) => a - b);
    for (const conn of conns) {
      if (this.hit(this.byConn.get(conn)!, trigger)) events.push({ conn, type: trigger.type, path: trigger.path });
    }
    return events;
  }

  private hit(w: ConnWatches, { path, type }: Trigger): boolean {
    if (type === EventType.NodeChildrenChanged) {
      const child = w.child.delete(path);
      return child || w.persistent.has(path);
    }
    const data = w.data.delete(path);
    const child = type === EventType.NodeDeleted && w.child.delete(path);
    if (data || child || w.persistent.has(path)) return true;
    for (const base of w.recursive) if (isAtOrBelow(path, base)) return true;
    return false;
  }
}

function kindsOf(watcherType: number): readonly ModelWatchKind[] {
  switch (watcherType) {
    case WatcherType.Children: return ['child'];
    case WatcherType.Data: return ['data'];
    case WatcherType.Any: return ['data', 'child', 'persistent', 'recursive'];
    case PERSISTENT_TYPE: return ['persistent'];
    case RECURSIVE_TYPE: return ['recursive'];
    default: return [];
  }
}
