/** Create modes, and the create request each one becomes. */
import { CreateFlag, ErrorCode, OpCode, type ACL, type Request } from '@paddock/protocol';
import { KeeperError } from './keeper-error';

export type CreateMode =
  | 'persistent'
  | 'ephemeral'
  | 'persistentSequential'
  | 'ephemeralSequential'
  /** Deleted by the server once its last child is gone (after having had one). */
  | 'container'
  /** Deleted by the server when unmodified and childless for `ttlMs`; needs extendedTypesEnabled. */
  | 'persistentWithTtl'
  | 'persistentSequentialWithTtl';

const FLAGS: Record<CreateMode, number> = {
  persistent: CreateFlag.Persistent,
  ephemeral: CreateFlag.Ephemeral,
  persistentSequential: CreateFlag.PersistentSequential,
  ephemeralSequential: CreateFlag.EphemeralSequential,
  container: CreateFlag.Container,
  persistentWithTtl: CreateFlag.PersistentWithTtl,
  persistentSequentialWithTtl: CreateFlag.PersistentSequentialWithTtl,
};

/** ZooKeeper's TTL limit (`EphemeralType.TTL.maxValue()`): 2^40 - 1 ms. */
export const MAX_TTL_MS = 0xff_ffff_ffff;

export function isSequential(mode: CreateMode): boolean {
  return mode === 'persistentSequential' || mode === 'ephemeralSequential' || mode === 'persistentSequentialWithTtl';
}

function isTtl(mode: CreateMode): boolean {
  return mode === 'persistentWithTtl' || mode === 'persistentSequentialWithTtl';
}

/**
 * The create request for `mode`: create2 (which returns the Stat), createContainer or
 * createTTL, as the Java client chooses.
 *
 * @throws KeeperError BadArguments for a TTL mode without a valid `ttlMs`, or a `ttlMs` with
 *   another mode; InvalidACL for an empty ACL.
 */
export function createRequest(path: string, data: Uint8Array | null, acl: readonly ACL[], mode: CreateMode, ttlMs?: number): Request {
  if (acl.length === 0) throw new KeeperError(ErrorCode.InvalidACL, { path, reason: 'missing ACL list' });
  const flags = FLAGS[mode];
  if (isTtl(mode)) {
    if (ttlMs === undefined || !Number.isInteger(ttlMs) || ttlMs <= 0 || ttlMs > MAX_TTL_MS) {
      throw new KeeperError(ErrorCode.BadArguments, { path, reason: `ttlMs must be an integer in 1..${MAX_TTL_MS}` });
    }
    return { op: OpCode.createTTL, path, data, acl, flags, ttl: BigInt(ttlMs) };
  }
  if (ttlMs !== undefined) throw new KeeperError(ErrorCode.BadArguments, { path, reason: `ttlMs needs a TTL mode, not ${mode}` });
  if (mode === 'container') return { op: OpCode.createContainer, path, data, acl, flags };
  return { op: OpCode.create2, path, data, acl, flags };
}
