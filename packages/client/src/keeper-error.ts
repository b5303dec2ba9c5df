/** ZooKeeper's operation errors as one error class, named after the code (`NoNode`, ...). */
import { ErrorCode, errorCodeName, type ErrorCodeName } from '@paddock/protocol';

export interface KeeperErrorOptions {
  /** The client path the failing operation was about. */
  readonly path?: string;
  /** Why the client produced this error itself (ConnectionLoss, RequestTimeout, ...). */
  readonly reason?: string;
  /** For a failed multi: every op's code (0 before the failing op, -2 after it). */
  readonly opErrors?: readonly number[];
}

/**
 * An operation failed with ZooKeeper error `code`. `name` is the code's ZooKeeper name
 * (`NoNode`, `BadVersion`, `ConnectionLoss`, ...), so `catch (e) { if (e.name === 'NoNode') }`
 * reads as it does in ZooKeeper's own documentation.
 */
export class KeeperError extends Error {
  override readonly name: string;
  readonly code: number;
  readonly path: string | undefined;
  readonly opErrors: readonly number[] | undefined;

  constructor(code: number, options: KeeperErrorOptions = {}) {
    const name = errorCodeName(code);
    const where = options.path === undefined ? '' : ` for ${options.path}`;
    const why = options.reason === undefined ? '' : ` (${options.reason})`;
    super(`KeeperErrorCode = ${name}${where}${why}`);
    this.name = name;
    this.code = code;
    this.path = options.path;
    this.opErrors = options.opErrors;
  }

  /** Whether `error` is a KeeperError with the given code name. */
  static is(error: unknown, name: ErrorCodeName): error is KeeperError {
    return error instanceof KeeperError && error.code === ErrorCode[name];
  }
}

/** Errors after which the operation may or may not have happened: only safe to retry if idempotent. */
export function isConnectivityError(error: unknown): error is KeeperError {
  return (
    error instanceof KeeperError &&
    (error.code === ErrorCode.ConnectionLoss || error.code === ErrorCode.OperationTimeout || error.code === ErrorCode.RequestTimeout)
  );
}
