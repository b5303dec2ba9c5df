/**
 * Watches, per connection (as ZooKeeper registers them on the server connection): one-shot data
 * and child watches, and persistent / persistent-recursive ones from addWatch. Turns tree
 * triggers into the events each connection must receive, each connection at most once per trigger.
 */
import { EventType, WatcherType, type EventTypeValue } from '@paddock/protocol';
import type { ConnId } from '../io';
import type { WatchTrigger } from '../tree/data-tree';
import { parentOf } from '../tree/path';

export type WatchKind = 'data' | 'child' | 'persistent' | 'recursive';

export interface WatchEventTarget {
  readonly conn: ConnId;
  readonly type: EventTypeValue;
  readonly path: string;
}

/** WatcherType values beyond ZooKeeper's 1–3 that its 3.6+ clients send for persistent watches. */
export const PERSISTENT_WATCHER_TYPE = 4;
export const PERSISTENT_RECURSIVE_WATCHER_TYPE = 5;

const KINDS: readonly WatchKind[] = ['data', 'child', 'persistent', 'recursive'];

export class WatchManager {
  private readonly byPath: Record<WatchKind, Map<string, Set<ConnId>>> = {
    data: new Map(), child: new Map(), persistent: new Map(), recursive: new Map(),
  };
  private readonly byConn = new Map<ConnId, Record<WatchKind, Set<string>>>();
  private total = 0;

  add(conn: ConnId, path: string, kind: WatchKind): void {
    let paths = this.byPath[kind].get(path);
    if (!paths) this.byPath[kind].set(path, (paths = new Set()));
    if (paths.has(conn)) return;
    paths.add(conn);
    let mine = this.byConn.get(conn);
    if (!mine) this.byConn.set(conn, (mine = { data: new Set(), child: new Set(), persistent: new Set(), recursive: new Set() }));
    mine[kind].add(path);
    this.total++;
  }

  /** The events a trigger causes, in a deterministic order; one-shot watches it fires are gone. */
  fire(trigger: WatchTrigger): WatchEventTarget[] {
    const { path, type } = trigger;
    const hit = new Set<ConnId>();
    const collect = (kind: WatchKind, at: string, consume: boolean) => {
      const conns = this.byPath[kind].get(at);
      if (!conns) return;
      for (const conn of conns) hit.add(conn);
      if (consume) for (const conn of [...conns]) this.drop(conn, at, kind);
    };
    if (type === EventType.NodeChildrenChanged) {
      collect('child', path, true);
      collect('persistent', path, false);
    } else {
      collect('data', path, true);
      if (type === EventType.NodeDeleted) collect('child', path, true);
      collect('persistent', path, false);
      if (this.byPath.recursive.size > 0) {
        for (let at = path; ; at = parentOf(at)) {
          collect('recursive', at, false);
          if (at === '/') break;
        }
      }
    }
    return [...hit].sort((a, b) => a - b).map((conn) => ({ conn, type, path }));
  }

  /** Whether `conn` has a watch of WatcherType `type` on `path` (checkWatches). */
  has(conn: ConnId, path: string, type: number): boolean {
    return this.kindsFor(type).some((kind) => this.byPath[kind].get(path)?.has(conn) === true);
  }

  /** Removes `conn`'s watches of WatcherType `type` on `path`; false when there were none. */
  remove(conn: ConnId, path: string, type: number): boolean {
    let removed = false;
    for (const kind of this.kindsFor(type)) {
      if (this.byPath[kind].get(path)?.has(conn)) {
        this.drop(conn, path, kind);
        removed = true;
      }
    }
    return removed;
  }

  /** Forgets every watch of a closed connection. */
  removeConnection(conn: ConnId): void {
    const mine = this.byConn.get(conn);
    if (!mine) return;
    for (const kind of KINDS) for (const path of [...mine[kind]]) this.drop(conn, path, kind);
    this.byConn.delete(conn);
  }

  get count(): number {
    return this.total;
  }

  /** Distinct watched paths. */
  get pathCount(): number {
    const paths = new Set<string>();
    for (const kind of KINDS) for (const p of this.byPath[kind].keys()) paths.add(p);
    return paths.size;
  }

  /** Watched paths per connection (wchc), sorted. */
  byConnection(): Array<[ConnId, string[]]> {
    return [...this.byConn.entries()]
      .map(([conn, mine]): [ConnId, string[]] => [conn, [...new Set(KINDS.flatMap((k) => [...mine[k]]))].sort()])
      .filter(([, paths]) => paths.length > 0)
      .sort((a, b) => a[0] - b[0]);
  }

  /** Watching connections per path (wchp), sorted. */
  byPathSummary(): Array<[string, ConnId[]]> {
    const out = new Map<string, Set<ConnId>>();
    for (const kind of KINDS) {
      for (const [path, conns] of this.byPath[kind]) {
        let set = out.get(path);
        if (!set) out.set(path, (set = new Set()));
        for (const c of conns) set.add(c);
      }
    }
    return [...out.entries()].map(([p, s]): [string, ConnId[]] => [p, [...s].sort((a, b) => a - b)]).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  }

  private kindsFor(type: number): WatchKind[] {
    switch (type) {
      case WatcherType.Children: return ['child'];
      case WatcherType.Data: return ['data'];
      case WatcherType.Any: return [...KINDS];
      case PERSISTENT_WATCHER_TYPE: return ['persistent'];
      case PERSISTENT_RECURSIVE_WATCHER_TYPE: return ['recursive'];
      default: return [];
    }
  }

  private drop(conn: ConnId, path: string, kind: WatchKind): void {
    const conns = this.byPath[kind].get(path);
    if (!conns?.delete(conn)) return;
    if (conns.size === 0) this.byPath[kind].delete(path);
    this.byConn.get(conn)?.[kind].delete(path);
    this.total--;
  }
}
