/**
 * Session passwords, derived from the session id exactly as ZooKeeper does
 * (`java.util.Random(sessionId ^ 0xB3415C00).nextBytes(16)`), so any replica can check one
 * without shared secrets, and a session moved between Paddock and ZooKeeper tooling agrees.
 */
const MULTIPLIER = 0x5deece66dn;
const MASK_48 = (1n << 48n) - 1n;
const SESSION_SALT = 0xb3415c00n;

export const PASSWORD_LENGTH = 16;

export function sessionPassword(sessionId: bigint): Uint8Array {
  let seed = (BigInt.asIntN(64, sessionId ^ SESSION_SALT) ^ MULTIPLIER) & MASK_48;
  const out = new Uint8Array(PASSWORD_LENGTH);
  for (let i = 0; i < PASSWORD_LENGTH; ) {
    seed = (seed * MULTIPLIER + 0xbn) & MASK_48;
    let rnd = Number(BigInt.asIntN(32, seed >> 16n));
    for (let n = Math.min(PASSWORD_LENGTH - i, 4); n-- > 0; rnd >>= 8) out[i++] = rnd & 0xff;
  }
  return out;
}

/** Constant-time comparison of a presented password with the expected one. */
export function passwordMatches(sessionId: bigint, presented: Uint8Array): boolean {
  const expected = sessionPassword(sessionId);
  if (presented.length !== expected.length) return false;
  let diff = 0;
  for (let i = 0; i < expected.length; i++) diff |= expected[i]! ^ presented[i]!;
  return diff === 0;
}
