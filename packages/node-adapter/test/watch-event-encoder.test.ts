import { describe, expect, it } from 'vitest';
import { decodeWatcherEvent, encodeWatcherEvent, EventType, KeeperState } from '@paddock/protocol';
import { WatchEventEncoder } from '../src/watch-event-encoder';

const changed = { type: EventType.NodeDataChanged, state: KeeperState.SyncConnected, path: '/a' };

describe('WatchEventEncoder', () => {
  it('encodes exactly as encodeWatcherEvent', () => {
    const encoder = new WatchEventEncoder();
    expect(encoder.encode(7n, changed)).toEqual(encodeWatcherEvent(7n, changed));
    expect(decodeWatcherEvent(encoder.encode(7n, changed)).event).toEqual(changed);
  });

  it('hands out the same bytes while the event repeats, for every watcher of one change', () => {
    const encoder = new WatchEventEncoder();
    const first = encoder.encode(7n, { ...changed });
    expect(encoder.encode(7n, { ...changed })).toBe(first);
  });

  it('encodes afresh when any of zxid, type, state or path differs, without touching earlier bytes', () => {
    const encoder = new WatchEventEncoder();
    const first = encoder.encode(7n, changed);
    const kept = Uint8Array.from(first);
    const variants = [
      encoder.encode(8n, changed),
      encoder.encode(8n, { ...changed, type: EventType.NodeDeleted }),
      encoder.encode(8n, { ...changed, type: EventType.NodeDeleted, path: '/b' }),
      encoder.encode(8n, { ...changed, type: EventType.NodeDeleted, path: '/b', state: KeeperState.Expired }),
    ];
    expect(variants[0]).toEqual(encodeWatcherEvent(8n, changed));
    expect(decodeWatcherEvent(variants[3]!).event).toEqual({ type: EventType.NodeDeleted, state: KeeperState.Expired, path: '/b' });
    expect(new Set(variants).size).toBe(4);
    expect(first).toEqual(kept);
  });
});
