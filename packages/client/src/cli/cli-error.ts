/**
 * Errors a command ends with, worded as zkCli words them (`CliWrapperException`,
 * `KeeperException.getMessage`, `PathUtils`), with zkCli's exit codes.
 */
import { ErrorCode } from '@paddock/protocol';
import { KeeperError } from '../keeper-error';

/** A failed command: `message` goes to stderr, `exitCode` becomes the process's. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}

/** The short messages zkCli gives the codes scripts most often meet. */
const WRAPPED: ReadonlyMap<number, string> = new Map([
  [ErrorCode.NoNode, 'Node does not exist: '],
  [ErrorCode.NoChildrenForEphemerals, 'Ephemerals cannot have children: '],
  [ErrorCode.NodeExists, 'Node already exists: '],
  [ErrorCode.NotEmpty, 'Node not empty: '],
  [ErrorCode.NotReadOnly, 'Not a read-only call: '],
  [ErrorCode.InvalidACL, 'Acl is not valid : '],
  [ErrorCode.NoAuth, 'Insufficient permission : '],
  [ErrorCode.BadArguments, 'Arguments are not valid : '],
  [ErrorCode.BadVersion, 'version No is not valid : '],
  [ErrorCode.QuotaExceeded, 'Quota has exceeded : '],
]);

/** `KeeperException.getCodeMessage` where it differs from the code's name. */
const JAVA_CODE_TEXT: ReadonlyMap<number, string> = new Map([
  [ErrorCode.NotEmpty, 'Directory not empty'],
  [ErrorCode.SessionExpired, 'Session expired'],
  [ErrorCode.InvalidCallback, 'Invalid callback'],
  [ErrorCode.SessionMoved, 'Session moved'],
  [ErrorCode.NotReadOnly, 'Not a read-only call'],
  [ErrorCode.EphemeralOnLocalSession, 'Ephemeral node on local session'],
  [ErrorCode.NoWatcher, 'No such watcher'],
  [ErrorCode.ReconfigDisabled, 'Reconfig is disabled'],
  [ErrorCode.SessionClosedRequireSaslAuth, 'Session closed because client failed to authenticate'],
  [ErrorCode.QuotaExceeded, 'Quota has exceeded'],
  [ErrorCode.ThrottledOp, 'Op throttled due to high load'],
]);

/** `KeeperException.getMessage()`: `KeeperErrorCode = NoNode for /a`. */
export function keeperMessage(error: KeeperError): string {
  const text = JAVA_CODE_TEXT.get(error.code) ?? error.name;
  return error.path === undefined || error.path === '' ? `KeeperErrorCode = ${text}` : `KeeperErrorCode = ${text} for ${error.path}`;
}

/** The line zkCli prints for a failed operation (`CliWrapperException`). */
export function wrappedMessage(error: KeeperError): string {
  const prefix = WRAPPED.get(error.code);
  return prefix === undefined ? keeperMessage(error) : prefix + (error.path ?? 'null');
}

/** Turns an operation's failure into the CliError zkCli would report; rethrows anything else. */
export function asCliError(error: unknown): never {
  if (error instanceof KeeperError) throw new CliError(wrappedMessage(error));
  throw error;
}

/**
 * Java's `PathUtils.validatePath` message for an invalid path, or undefined. zkCli prints it
 * instead of sending the request; a sequential create validates `path + "1"`.
 */
export function javaPathProblem(path: string): string | undefined {
  if (path.length === 0) return 'Path length must be > 0';
  if (path[0] !== '/') return 'Path must start with / character';
  if (path.length === 1) return undefined;
  if (path.endsWith('/')) return 'Path must not end with / character';
  let reason: string | undefined;
  for (let i = 1; i < path.length && reason === undefined; i++) {
    const c = path.charCodeAt(i);
    const last = path[i - 1];
    const endsSegment = i + 1 === path.length || path[i + 1] === '/';
    if (c === 0) reason = `null character not allowed @${i}`;
    else if (path[i] === '/' && last === '/') reason = `empty node name specified @${i}`;
    else if (path[i] === '.' && last === '.' && path[i - 2] === '/' && endsSegment) reason = `relative paths not allowed @${i}`;
    else if (path[i] === '.' && last === '/' && endsSegment) reason = `relative paths not allowed @${i}`;
    else if ((c > 0 && c <= 0x1f) || (c >= 0x7f && c <= 0x9f) || (c >= 0xd800 && c <= 0xf8ff) || c >= 0xfff0) reason = `invalid character @${i}`;
  }
  return reason === undefined ? undefined : `Invalid path string "${path}" caused by ${reason}`;
}

/** Throws zkCli's MalformedPathException message when `path` is invalid. */
export function checkPath(path: string, sequential = false): void {
  const problem = javaPathProblem(sequential ? `${path}1` : path);
  if (problem !== undefined) throw new CliError(problem);
}
