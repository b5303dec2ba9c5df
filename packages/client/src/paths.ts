/** Client-side path validation, as the Java client's `PathUtils.validatePath` does it. */
import { ErrorCode } from '@paddock/protocol';
import { KeeperError } from './keeper-error';

/** Why `path` is not a valid znode path, or undefined when it is. */
export function pathProblem(path: string, sequential = false): string | undefined {
  if (path.length === 0) return 'path must not be empty';
  if (path[0] !== '/') return 'path must start with /';
  if (path.length === 1) return undefined;
  // A sequential create appends a counter, so `/queue/` names `/queue/0000000001`.
  if (path.endsWith('/') && !sequential) return 'path must not end with /';
  const segments = path.slice(1).split('/');
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    if (segment === '' && !(sequential && i === segments.length - 1)) return 'empty node name';
    if (segment === '.' || segment === '..') return 'relative paths are not allowed';
  }
  for (let i = 0; i < path.length; i++) {
    const c = path.charCodeAt(i);
    if (c === 0) return `null character at ${i}`;
    if (c <= 0x1f || (c >= 0x7f && c <= 0x9f) || (c >= 0xd800 && c <= 0xf8ff) || c >= 0xfff0) {
      return `invalid character \\u${c.toString(16).padStart(4, '0')} at ${i}`;
    }
  }
  return undefined;
}

/** @throws KeeperError BadArguments when `path` is invalid. */
export function validatePath(path: string, sequential = false): void {
  const problem = pathProblem(path, sequential);
  if (problem !== undefined) throw new KeeperError(ErrorCode.BadArguments, { path, reason: problem });
}

/** The parent of an absolute path (`/` for a top-level node). */
export function parentOf(path: string): string {
  const cut = path.lastIndexOf('/');
  return cut <= 0 ? '/' : path.slice(0, cut);
}

/** `parent` joined with a child name. */
export function joinPath(parent: string, child: string): string {
  return parent === '/' ? `/${child}` : `${parent}/${child}`;
}
