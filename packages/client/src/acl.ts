/** The ACLs ZooKeeper predefines (`ZooDefs.Ids`). */
import { Perms, type ACL } from '@paddock/protocol';

/** Anyone may do anything. */
export const OPEN_ACL_UNSAFE: readonly ACL[] = [{ perms: Perms.ALL, id: { scheme: 'world', id: 'anyone' } }];

/** Anyone may read. */
export const READ_ACL_UNSAFE: readonly ACL[] = [{ perms: Perms.READ, id: { scheme: 'world', id: 'anyone' } }];

/** Everything for the identities the creating session authenticated with (`auth` scheme). */
export const CREATOR_ALL_ACL: readonly ACL[] = [{ perms: Perms.ALL, id: { scheme: 'auth', id: '' } }];
