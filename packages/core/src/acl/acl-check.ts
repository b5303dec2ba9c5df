/** ACL decisions: may these identities do `perm`, and what does a requested ACL list become. */
import { ErrorCode, type ACL, type Id } from '@paddock/protocol';
import { idMatches, isAuthenticatedScheme, isValidAclId } from './auth-providers';

/** ZooKeeper's `checkACL`: super passes, an empty list passes, otherwise one entry must grant `perm`. */
export function aclAllows(acl: readonly ACL[], perm: number, authInfo: readonly Id[], skipACL: boolean): boolean {
  if (skipACL) return true;
  for (const id of authInfo) if (id.scheme === 'super') return true;
  if (acl.length === 0) return true;
  for (const entry of acl) {
    if ((entry.perms & perm) === 0) continue;
    if (entry.id.scheme === 'world' && entry.id.id === 'anyone') return true;
    for (const id of authInfo) if (idMatches(id, entry.id)) return true;
  }
  return false;
}

/**
 * ZooKeeper's `fixupACL`: expands `auth` entries to the caller's authenticated identities,
 * checks every other entry's scheme and id, and drops duplicates. InvalidACL when the list is
 * empty, an entry is malformed, or `auth` finds no authenticated identity.
 */
export function fixupAcl(requested: readonly ACL[], authInfo: readonly Id[]): { acl: ACL[] } | { err: number } {
  if (requested.length === 0) return { err: ErrorCode.InvalidACL };
  // Nearly every create names one plain entry (world:anyone): no duplicates to drop.
  if (requested.length === 1 && requested[0]!.id.scheme !== 'auth') {
    const only = requested[0]!;
    if (!isValidAclId(only.id)) return { err: ErrorCode.InvalidACL };
    return { acl: [{ perms: only.perms, id: { scheme: only.id.scheme, id: only.id.id } }] };
  }
  const out: ACL[] = [];
  const seen = new Set<string>();
  const push = (a: ACL) => {
    const key = `${a.perms}|${a.id.scheme}|${a.id.id}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push({ perms: a.perms, id: { scheme: a.id.scheme, id: a.id.id } });
    }
  };
  for (const entry of requested) {
    if (entry.id.scheme === 'auth') {
      let added = false;
      for (const id of authInfo) {
        if (isAuthenticatedScheme(id.scheme)) {
          push({ perms: entry.perms, id });
          added = true;
        }
      }
      if (!added) return { err: ErrorCode.InvalidACL };
    } else {
      if (!isValidAclId(entry.id)) return { err: ErrorCode.InvalidACL };
      push(entry);
    }
  }
  return { acl: out };
}
