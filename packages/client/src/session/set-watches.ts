/**
 * Re-registering watches after a reconnect, as the Java client's `primeConnection` does:
 * every watched path goes out in SetWatches requests (xid -8) carrying `relativeZxid` = the last
 * zxid the client saw, so the server fires at once whatever changed while the client was away.
 * A batch that holds no persistent watch uses the old SetWatches (101), so servers older than
 * 3.6 understand it; otherwise SetWatches2 (105).
 */
import { javaUtf8Length, OpCode, type SetWatches, type SetWatches2 } from '@paddock/protocol';
import { WATCH_KINDS, type WatchKind, type WatchRegistry } from './watch-registry';

/**
 * The most path bytes one batch carries: 128 KiB, well under the server's 1 MB jute.maxbuffer
 * (ZOOKEEPER-706).
 */
export const SET_WATCHES_MAX_BYTES = 128 * 1024;

export type SetWatchesRequest =
  | ({ readonly op: typeof OpCode.setWatches } & SetWatches)
  | ({ readonly op: typeof OpCode.setWatches2 } & SetWatches2);

type Lists = Record<WatchKind, string[]>;

function emptyLists(): Lists {
  return { data: [], exist: [], child: [], persistent: [], persistentRecursive: [] };
}

function toRequest(relativeZxid: bigint, lists: Lists): SetWatchesRequest {
  const base = {
    relativeZxid,
    dataWatches: lists.data,
    existWatches: lists.exist,
    childWatches: lists.child,
  };
  if (lists.persistent.length === 0 && lists.persistentRecursive.length === 0) {
    return { op: OpCode.setWatches, ...base };
  }
  return {
    op: OpCode.setWatches2,
    ...base,
    persistentWatches: lists.persistent,
    persistentRecursiveWatches: lists.persistentRecursive,
  };
}

/**
 * The SetWatches requests that re-register every watch in `registry`, in the Java client's
 * order (data, exist, child, persistent, persistent-recursive). Each batch holds at most
 * `maxBytes` of path bytes unless a single path is larger, which then travels alone.
 */
export function setWatchesBatches(
  registry: WatchRegistry,
  relativeZxid: bigint,
  maxBytes: number = SET_WATCHES_MAX_BYTES,
): SetWatchesRequest[] {
  const batches: SetWatchesRequest[] = [];
  let lists = emptyLists();
  let bytes = 0;
  let count = 0;
  for (const kind of WATCH_KINDS) {
    for (const path of registry.paths(kind)) {
      const length = javaUtf8Length(path);
      if (count > 0 && bytes + length > maxBytes) {
        batches.push(toRequest(relativeZxid, lists));
        lists = emptyLists();
        bytes = 0;
        count = 0;
      }
      lists[kind].push(path);
      bytes += length;
      count += 1;
    }
  }
  if (count > 0) batches.push(toRequest(relativeZxid, lists));
  return batches;
}
