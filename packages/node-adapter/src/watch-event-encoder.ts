/**
 * Encodes watch notifications once per change. One setData on a znode with N watchers makes
 * the core emit N `watch-event` outputs that differ only in the connection, back to back;
 * encoding each would cost N identical encodes and N allocations. The last encoding is kept
 * and handed out again while (zxid, type, state, path) repeat. Its bytes are shared, so every
 * receiver must treat them as read-only (connections copy them into their write buffer).
 */
import { encodeWatcherEvent, JuteWriter, type WatcherEvent } from '@paddock/protocol';

export class WatchEventEncoder {
  private readonly writer = new JuteWriter(256);
  private lastZxid = 0n;
  private lastType = 0;
  private lastState = 0;
  private lastPath: string | null = null;
  private lastBytes: Uint8Array = new Uint8Array(0);

  /** The frame payload of `event` at `zxid`; the same array for a repeat of the last event. */
  encode(zxid: bigint, event: WatcherEvent): Uint8Array {
    if (
      event.path !== this.lastPath || event.type !== this.lastType ||
      event.state !== this.lastState || zxid !== this.lastZxid
    ) {
      this.lastBytes = encodeWatcherEvent(zxid, event, this.writer);
      this.lastZxid = zxid;
      this.lastType = event.type;
      this.lastState = event.state;
      this.lastPath = event.path;
    }
    return this.lastBytes;
  }
}
