/** ZooKeeper's znode path rules (`PathUtils.validatePath`). */

/** Why a path is invalid, or null when it is valid. */
export function pathError(path: string, isSequential = false): string | null {
  // A sequential create's path is checked as if its suffix were already there.
  if (isSequential) return pathError(`${path}1`);
  if (path.length === 0) return 'Path length must be > 0';
  if (path.charCodeAt(0) !== 0x2f) return 'Path must start with / character';
  if (path.length === 1) return null;
  if (path.charCodeAt(path.length - 1) === 0x2f) return 'Path must not end with / character';
  let segmentStart = 1;
  for (let i = 1; i <= path.length; i++) {
    const c = i < path.length ? path.charCodeAt(i) : 0x2f;
    if (c === 0x2f) {
      const segment = path.slice(segmentStart, i);
      if (segment.length === 0) return `empty node name specified @${i}`;
      if (segment === '.' || segment === '..') return `relative paths not allowed @${i}`;
      segmentStart = i + 1;
      continue;
    }
    if (c === 0) return `null character not allowed @${i}`;
    if ((c > 0x00 && c <= 0x1f) || (c >= 0x7f && c <= 0x9f) || (c >= 0xd800 && c <= 0xf8ff) || (c >= 0xfff0 && c <= 0xffff)) {
      return `invalid character @${i}`;
    }
  }
  return null;
}

/** The parent of a valid non-root path (`/a/b` → `/a`, `/a` → `/`). */
export function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

/** The last segment of a valid non-root path. */
export function nameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Joins a parent path and a child name. */
export function childPath(parent: string, name: string): string {
  return parent === '/' ? `/${name}` : `${parent}/${name}`;
}

/** True when `path` is `ancestor` or lies below it. */
export function isUnder(path: string, ancestor: string): boolean {
  if (ancestor === '/') return true;
  return path === ancestor || (path.startsWith(ancestor) && path.charCodeAt(ancestor.length) === 0x2f);
}
