/**
 * The committed history as the watch rules need it, gathered during the commit-order replay:
 * every watch trigger per path in zxid order, and when each path existed.
 */
import { EventType } from '@paddock/protocol';
import { isAtOrBelow } from '../model/model-paths';
import type { Trigger } from '../model/model-tree';
import type { ZkModel } from '../model/zk-model';
import type { ReplayObserver } from './commit-order-model';

/** A trigger at its zxid. */
export interface TimedTrigger {
  readonly zxid: number;
  readonly type: number;
  readonly path: string;
}

/** Per path: its triggers, and its creations and deletions. */
export class CommittedTimeline implements ReplayObserver {
  private readonly triggers = new Map<string, TimedTrigger[]>();
  private readonly existence = new Map<string, Array<{ zxid: number; exists: boolean }>>();
  /** The paths of the fresh tree (`/`, `/zookeeper`, ...), taken before the first txn. */
  private initial: ReadonlySet<string> | null = null;

  before(_zxid: number, model: ZkModel): void {
    this.initial ??= new Set(model.tree.paths());
  }

  after(zxid: number, _entry: unknown, triggers: readonly Trigger[]): void {
    for (const t of triggers) {
      push(this.triggers, t.path, { zxid, type: t.type, path: t.path });
      if (t.type === EventType.NodeCreated) push(this.existence, t.path, { zxid, exists: true });
      if (t.type === EventType.NodeDeleted) push(this.existence, t.path, { zxid, exists: false });
    }
  }

  /**
   * The first trigger after `after` of one of `types`, on `path` itself or, when `recursive`,
   * anywhere at or below it.
   */
  firstTrigger(path: string, types: ReadonlySet<number>, after: number, recursive: boolean): TimedTrigger | null {
    let best: TimedTrigger | null = null;
    const paths = recursive ? [...this.triggers.keys()].filter((p) => isAtOrBelow(p, path)) : [path];
    for (const p of paths) {
      const list = this.triggers.get(p) ?? [];
      for (let i = firstAbove(list, after); i < list.length; i++) {
        const t = list[i]!;
        if (best && t.zxid >= best.zxid) break;
        if (types.has(t.type)) {
          best = t;
          break;
        }
      }
    }
    return best;
  }

  /** Whether `path` existed once txn `zxid` was applied. */
  existsAt(path: string, zxid: number): boolean {
    const list = this.existence.get(path) ?? [];
    let state = this.initial?.has(path) ?? false;
    for (const change of list) {
      if (change.zxid > zxid) break;
      state = change.exists;
    }
    return state;
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  list.push(value);
}

/** The index of the first entry with a zxid above `zxid` (entries ascend). */
function firstAbove(list: readonly { zxid: number }[], zxid: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.zxid <= zxid) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
