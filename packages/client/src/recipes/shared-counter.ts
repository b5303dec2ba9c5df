/**
 * A shared counter updated by versioned compare-and-set, stored as an 8-byte big-endian signed
 * integer (the format of Curator's DistributedAtomicLong).
 *
 * Guarantees:
 * - Linearizable updates: each `add` reads the value and writes value+delta only if the node's
 *   version is unchanged, retrying on BadVersion, so no concurrent update is lost.
 * - On ConnectionLoss during the write the outcome is unknown; the error is thrown rather than
 *   guessed (a blind retry could add twice).
 */
import { ErrorCode } from '@paddock/protocol';
import { KeeperError } from '../keeper-error';
import { parentOf } from '../paths';
import type { ZooKeeperClient } from '../zookeeper-client';

const MIN = -(2n ** 63n);
const MAX = 2n ** 63n - 1n;

export function encodeCounter(value: bigint): Uint8Array {
  if (value < MIN || value > MAX) throw new RangeError(`counter value ${value} is outside int64`);
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigInt64(0, value);
  return bytes;
}

export function decodeCounter(data: Uint8Array | null, path: string): bigint {
  if (data === null || data.length === 0) return 0n;
  if (data.length !== 8) throw new KeeperError(ErrorCode.MarshallingError, { path, reason: `counter data has ${data.length} bytes, expected 8` });
  return new DataView(data.buffer, data.byteOffset, 8).getBigInt64(0);
}

export class SharedCounter {
  private ready: Promise<void> | undefined;

  constructor(
    private readonly client: ZooKeeperClient,
    readonly path: string,
    private readonly initial: bigint = 0n,
  ) {}

  async get(): Promise<bigint> {
    await this.ensure();
    return decodeCounter((await this.client.getData(this.path)).data, this.path);
  }

  /** Adds `delta` atomically; returns the new value. */
  async add(delta: bigint): Promise<bigint> {
    await this.ensure();
    for (;;) {
      const { data, stat } = await this.client.getData(this.path);
      const next = decodeCounter(data, this.path) + delta;
      try {
        await this.client.setData(this.path, encodeCounter(next), stat.version);
        return next;
      } catch (error) {
        if (!KeeperError.is(error, 'BadVersion')) throw error;
      }
    }
  }

  increment(): Promise<bigint> {
    return this.add(1n);
  }

  decrement(): Promise<bigint> {
    return this.add(-1n);
  }

  /** Sets `next` if the value is `expected`; returns whether it did. */
  async compareAndSet(expected: bigint, next: bigint): Promise<boolean> {
    await this.ensure();
    for (;;) {
      const { data, stat } = await this.client.getData(this.path);
      if (decodeCounter(data, this.path) !== expected) return false;
      try {
        await this.client.setData(this.path, encodeCounter(next), stat.version);
        return true;
      } catch (error) {
        if (!KeeperError.is(error, 'BadVersion')) throw error;
      }
    }
  }

  private ensure(): Promise<void> {
    this.ready ??= (async () => {
      await this.client.mkdirp(parentOf(this.path));
      await this.client.createIfMissing(this.path, encodeCounter(this.initial));
    })().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }
}
