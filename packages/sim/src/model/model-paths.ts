/**
 * ZooKeeper's znode path rules and naming, restated from PROTOCOL.md §1.9 (PathUtils) for the
 * model; deliberately not shared with the core, so a mistake in one is not copied into the other.
 */

/** True when `path` passes `PathUtils.validatePath`. */
export function isValidPath(path: string): boolean {
  if (!path.startsWith('/')) return false;
  if (path === '/') return true;
  if (path.endsWith('/')) return false;
  const segments = path.slice(1).split('/');
  for (const s of segments) {
    if (s === '' || s === '.' || s === '..') return false;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      const banned = c === 0 || (c >= 0x01 && c <= 0x1f) || (c >= 0x7f && c <= 0x9f) || (c >= 0xd800 && c <= 0xf8ff) || c >= 0xfff0;
      if (banned) return false;
    }
  }
  return true;
}

/** The parent of a non-root path. */
export function parentPath(path: string): string {
  const i = path.lastIndexOf('/');
  return i === 0 ? '/' : path.slice(0, i);
}

/** The last segment of a non-root path. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** True when `path` is `ancestor` or below it. */
export function isAtOrBelow(path: string, ancestor: string): boolean {
  return ancestor === '/' || path === ancestor || path.startsWith(`${ancestor}/`);
}

/** Java's `String.format("%010d", n)` for a 32-bit int: the sequential-node suffix. */
export function sequenceSuffix(n: number): string {
  return n < 0 ? `-${String(-n).padStart(9, '0')}` : String(n).padStart(10, '0');
}
