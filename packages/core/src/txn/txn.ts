/**
 * Txns: every state change, decided once by prep and applied identically on every replica.
 * Apply never re-validates; prep never mutates the tree.
 */
import type { ACL } from '@paddock/protocol';

export type Txn =
  | {
      readonly type: 'create';
      readonly path: string;
      readonly data: Uint8Array | null;
      readonly acl: readonly ACL[];
      /** Internal encoding: session id, container marker, TTL encoding or 0. */
      readonly ephemeralOwner: bigint;
      /** The parent's create counter after this create. */
      readonly parentCVersion: number;
    }
  | { readonly type: 'delete'; readonly path: string }
  | { readonly type: 'setData'; readonly path: string; readonly data: Uint8Array | null; readonly version: number }
  | { readonly type: 'setACL'; readonly path: string; readonly acl: readonly ACL[]; readonly version: number }
  /** A version check that passed; changes nothing. */
  | { readonly type: 'check'; readonly path: string }
  | { readonly type: 'createSession'; readonly timeoutMs: number }
  /** Ends the header's session and deletes its ephemerals. */
  | { readonly type: 'closeSession' }
  /** A request that failed at prep; recorded so replies stay in zxid order (as ZooKeeper's ErrorTxn). */
  | { readonly type: 'error'; readonly err: number }
  /** All-or-nothing: either every sub-txn is a real change, or every one is an `error`. */
  | { readonly type: 'multi'; readonly txns: readonly Txn[] };

export interface TxnHeader {
  /** The session the txn acts for (0 for the server's own cleanup). */
  readonly sessionId: bigint;
  /** The client's xid, or 0. */
  readonly cxid: number;
  readonly zxid: number;
  /** The deciding server's wall clock in ms: ctime and mtime come from here. */
  readonly time: number;
}

export interface TxnEntry {
  readonly header: TxnHeader;
  readonly txn: Txn;
}
