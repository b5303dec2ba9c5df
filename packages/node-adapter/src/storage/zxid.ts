/**
 * zxid helpers shared by the log and the snapshot store. A zxid is ZooKeeper's 64-bit
 * transaction id, `epoch << 32 | counter`, stored as a signed big-endian long (jute `long`),
 * so valid values are 0 .. 2^63-1.
 */

/** The largest zxid a signed 64-bit field can hold. */
export const MAX_ZXID = (1n << 63n) - 1n;

/** Throws a RangeError unless `zxid` fits a non-negative signed 64-bit field. */
export function assertZxid(zxid: bigint, what: string): void {
  if (typeof zxid !== 'bigint' || zxid < 0n || zxid > MAX_ZXID) {
    throw new RangeError(`${what}: zxid ${String(zxid)} is outside 0 .. 2^63-1`);
  }
}

/** `0x…` lowercase hex, as ZooKeeper prints zxids in logs and four-letter words. */
export function formatZxid(zxid: bigint): string {
  return `0x${zxid.toString(16)}`;
}

/**
 * The file-name form of a zxid: lowercase hex without prefix or padding, like ZooKeeper's
 * `Long.toHexString` in `log.<zxid>` and `snapshot.<zxid>`.
 */
export function zxidFileSuffix(zxid: bigint): string {
  return zxid.toString(16);
}

/** Parses the hex suffix of `<prefix><hex>` file names; null when the name does not match. */
export function parseZxidFileName(name: string, prefix: string): bigint | null {
  if (!name.startsWith(prefix)) return null;
  const hex = name.slice(prefix.length);
  if (!/^[0-9a-fA-F]{1,16}$/.test(hex)) return null;
  const zxid = BigInt(`0x${hex}`);
  return zxid <= MAX_ZXID ? zxid : null;
}
