/**
 * Number, id and date renderings the way ZooKeeper's Java code prints them, so that tools
 * parsing four-letter-word output read ours unchanged.
 */

/** `Long.toHexString`: the two's-complement 64-bit value in lowercase hex, no padding. */
export function longToHex(value: bigint | number): string {
  return BigInt.asUintN(64, BigInt(value)).toString(16);
}

/** Java's `Double.toString`: `3.0` for integral values, `1.0E-4` below 10^-3 and from 10^7 up. */
export function javaDouble(value: number): string {
  const magnitude = Math.abs(value);
  if (value !== 0 && (magnitude < 1e-3 || magnitude >= 1e7)) {
    const [mantissa = '0', exponent = '0'] = value.toExponential().split('e');
    return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
  }
  return Number.isInteger(value) ? `${value}.0` : String(value);
}

/** An average as ZooKeeper's latency counters report it: rounded to 4 decimal places. */
export function roundedAverage(total: number, count: number): number {
  return count === 0 ? 0 : Math.round((total / count) * 10_000) / 10_000;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `java.util.Date.toString()` in UTC: `Sat Nov 28 18:09:19 UTC 2026`. */
export function javaDateUtc(epochMs: number): string {
  const d = new Date(epochMs);
  const two = (n: number) => String(n).padStart(2, '0');
  const time = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${two(d.getUTCDate())} ${time} UTC ${d.getUTCFullYear()}`;
}
