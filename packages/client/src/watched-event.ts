/** What a watcher receives. */
import { EventType } from '@paddock/protocol';
import type { TerminalState } from './session/index';

export type WatchEventType =
  | 'NodeCreated'
  | 'NodeDeleted'
  | 'NodeDataChanged'
  | 'NodeChildrenChanged'
  | 'DataWatchRemoved'
  | 'ChildWatchRemoved'
  | 'PersistentWatchRemoved'
  /** The session ended (`state` says how): the watch will never fire. */
  | 'None';

/**
 * One watch notification. `path` is a client path (chroot stripped). `zxid` is the change's
 * zxid where the server sends it (ZooKeeper 3.9+), else -1.
 */
export interface WatchedEvent {
  readonly type: WatchEventType;
  readonly path: string;
  readonly state: 'SyncConnected' | TerminalState;
  readonly zxid: bigint;
}

/** Receives watch events. Exceptions it throws are reported as uncaught, not swallowed. */
export type WatchListener = (event: WatchedEvent) => void;

const NAMES = new Map<number, WatchEventType>([
  [EventType.NodeCreated, 'NodeCreated'],
  [EventType.NodeDeleted, 'NodeDeleted'],
  [EventType.NodeDataChanged, 'NodeDataChanged'],
  [EventType.NodeChildrenChanged, 'NodeChildrenChanged'],
  [EventType.DataWatchRemoved, 'DataWatchRemoved'],
  [EventType.ChildWatchRemoved, 'ChildWatchRemoved'],
  [EventType.PersistentWatchRemoved, 'PersistentWatchRemoved'],
]);

export function eventTypeName(type: number): WatchEventType {
  return NAMES.get(type) ?? 'None';
}
