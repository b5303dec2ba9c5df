/**
 * `multi`: several writes applied atomically as one txn, built with a typed builder whose
 * `commit()` resolves to a tuple of per-op results in the order the ops were added.
 */
import { ErrorCode, OpCode, type ACL, type MultiOp, type MultiResult, type Stat } from '@paddock/protocol';
import { OPEN_ACL_UNSAFE } from './acl';
import { createRequest, isSequential, type CreateMode } from './create-mode';
import { toBytes, type NodeData } from './data';
import { KeeperError } from './keeper-error';
import { validatePath } from './paths';
import type { ReplyOutcome } from './session-driver';

export interface CreateOpResult {
  readonly type: 'create';
  /** The created path (with the sequence number for sequential modes). */
  readonly path: string;
  /**
   * The new node's Stat where the server reports it: ZooKeeper does for container and TTL
   * creates in a multi, not for the others (null then), as in the Java client's CreateResult.
   */
  readonly stat: Stat | null;
}
export interface DeleteOpResult {
  readonly type: 'delete';
}
export interface SetDataOpResult {
  readonly type: 'setData';
  readonly stat: Stat;
}
export interface CheckOpResult {
  readonly type: 'check';
}
export type OpResult = CreateOpResult | DeleteOpResult | SetDataOpResult | CheckOpResult;

/** Options of a create, in a transaction or on its own. */
export interface CreateOptions {
  /** Default `persistent`. */
  readonly mode?: CreateMode;
  /** Default {@link OPEN_ACL_UNSAFE}. */
  readonly acl?: readonly ACL[];
  /** Required for the TTL modes, refused for the others. */
  readonly ttlMs?: number;
}

/** Builds the create op or request for `path`; validates like the Java client. */
export function buildCreate(path: string, data: NodeData | undefined, options: CreateOptions = {}) {
  const mode = options.mode ?? 'persistent';
  validatePath(path, isSequential(mode));
  return createRequest(path, toBytes(data), options.acl ?? OPEN_ACL_UNSAFE, mode, options.ttlMs);
}

function resultOf(result: MultiResult): OpResult {
  switch (result.op) {
    case OpCode.create:
      return { type: 'create', path: result.path, stat: null };
    case OpCode.create2:
    case OpCode.createContainer:
    case OpCode.createTTL:
      return { type: 'create', path: result.path, stat: result.stat };
    case OpCode.delete:
      return { type: 'delete' };
    case OpCode.check:
      return { type: 'check' };
    case OpCode.setData:
      return { type: 'setData', stat: result.stat };
    default:
      throw new KeeperError(ErrorCode.MarshallingError, { reason: `unexpected multi result op ${result.op}` });
  }
}

/**
 * Turns a multi reply into per-op results, or throws the error of the first failing op (with
 * its path, and every op's code in `opErrors`), as the Java client does.
 */
export function multiResults(ops: readonly MultiOp[], outcome: ReplyOutcome): OpResult[] {
  const body = outcome.body;
  if (body === null || body.op !== OpCode.multi) {
    throw new KeeperError(outcome.err === 0 ? ErrorCode.MarshallingError : outcome.err, { reason: outcome.reason ?? 'multi failed' });
  }
  const errors = body.results.map((r) => (r.op === OpCode.error ? r.err : 0));
  const failed = errors.findIndex((e) => e !== 0);
  if (failed !== -1) throw new KeeperError(errors[failed]!, { path: ops[failed]?.path, opErrors: errors });
  if (outcome.err !== 0) throw new KeeperError(outcome.err, { reason: outcome.reason });
  if (body.results.length !== ops.length) {
    throw new KeeperError(ErrorCode.MarshallingError, { reason: `${ops.length} ops, ${body.results.length} results` });
  }
  return body.results.map(resultOf);
}

/**
 * A multi under construction. Each method validates its op and appends it; `commit()` sends
 * them all as one request. Either every op applies or none does.
 *
 * ```ts
 * const [created, , stat] = await client.transaction()
 *   .create('/app/lock-', 'me', { mode: 'ephemeralSequential' })
 *   .check('/app', 3)
 *   .setData('/app/state', 'locked')
 *   .commit();
 * ```
 */
export class Transaction<R extends readonly OpResult[] = []> {
  private readonly ops: MultiOp[] = [];

  constructor(private readonly run: (ops: readonly MultiOp[]) => Promise<OpResult[]>) {}

  create(path: string, data?: NodeData, options?: CreateOptions): Transaction<[...R, CreateOpResult]> {
    const request = buildCreate(path, data, options);
    // Inside a multi the Java client sends a plain create (1), not create2: ZooKeeper answers
    // create2 there without a Stat anyway.
    this.ops.push((request.op === OpCode.create2 ? { ...request, op: OpCode.create } : request) as MultiOp);
    return this as unknown as Transaction<[...R, CreateOpResult]>;
  }

  /** Deletes `path` if its version is `version` (-1: any). */
  delete(path: string, version = -1): Transaction<[...R, DeleteOpResult]> {
    validatePath(path);
    this.ops.push({ op: OpCode.delete, path, version });
    return this as unknown as Transaction<[...R, DeleteOpResult]>;
  }

  setData(path: string, data: NodeData, version = -1): Transaction<[...R, SetDataOpResult]> {
    validatePath(path);
    this.ops.push({ op: OpCode.setData, path, data: toBytes(data), version });
    return this as unknown as Transaction<[...R, SetDataOpResult]>;
  }

  /** Fails the whole transaction unless `path` has version `version`. */
  check(path: string, version: number): Transaction<[...R, CheckOpResult]> {
    validatePath(path);
    this.ops.push({ op: OpCode.check, path, version });
    return this as unknown as Transaction<[...R, CheckOpResult]>;
  }

  /** The number of ops added so far. */
  get size(): number {
    return this.ops.length;
  }

  /**
   * Applies every op atomically. Not retried on ConnectionLoss: the transaction may have been
   * applied, so the caller decides (a `check` op makes a retry safe to detect).
   *
   * @throws KeeperError of the first failing op, with `path` and `opErrors`.
   */
  async commit(): Promise<R> {
    return (await this.run([...this.ops])) as unknown as R;
  }
}
