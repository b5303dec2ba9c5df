/**
 * Interns ACL lists so that the many znodes sharing one list hold a small integer each
 * (ZooKeeper's ReferenceCountedACLCache). References are counted so unused lists are freed.
 */
import type { ACL } from '@paddock/protocol';
import { invariant } from '../util/assert';

interface Entry {
  readonly acl: readonly ACL[];
  refs: number;
}

export class AclCache {
  private readonly byKey = new Map<string, number>();
  private readonly byRef = new Map<number, Entry>();
  private nextRef = 1;

  /** The ref of `acl`, taking one reference on it. */
  acquire(acl: readonly ACL[]): number {
    const key = aclKey(acl);
    let ref = this.byKey.get(key);
    if (ref === undefined) {
      ref = this.nextRef++;
      this.byKey.set(key, ref);
      this.byRef.set(ref, { acl: acl.map(copyAcl), refs: 0 });
    }
    this.byRef.get(ref)!.refs++;
    return ref;
  }

  /** Takes one more reference on a list already held by `ref` (no key to build: a snapshot load's hot path). */
  retain(ref: number): void {
    const entry = this.byRef.get(ref);
    invariant(entry !== undefined && entry.refs > 0, () => `ACL ref ${ref} retained while not held`);
    entry.refs++;
  }

  /** Drops one reference taken by {@link acquire}. */
  release(ref: number): void {
    const entry = this.byRef.get(ref);
    invariant(entry !== undefined && entry.refs > 0, () => `ACL ref ${ref} released more often than acquired`);
    entry.refs--;
    if (entry.refs === 0) {
      this.byRef.delete(ref);
      this.byKey.delete(aclKey(entry.acl));
    }
  }

  get(ref: number): readonly ACL[] {
    const entry = this.byRef.get(ref);
    invariant(entry !== undefined, () => `unknown ACL ref ${ref}`);
    return entry.acl;
  }

  /** Every list in use with its ref, in ref order (for snapshots). */
  entries(): Array<[number, readonly ACL[]]> {
    return [...this.byRef.entries()].sort((a, b) => a[0] - b[0]).map(([ref, e]) => [ref, e.acl]);
  }

  get size(): number {
    return this.byRef.size;
  }
}

function copyAcl(a: ACL): ACL {
  return { perms: a.perms, id: { scheme: a.id.scheme, id: a.id.id } };
}

function aclKey(acl: readonly ACL[]): string {
  return acl.map((a) => `${a.perms}\u0000${a.id.scheme}\u0000${a.id.id}`).join('\u0001');
}
