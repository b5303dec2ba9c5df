/**
 * The records of ZooKeeper's client protocol (`zookeeper.jute`), as plain readonly data.
 * Jute `long` fields are `bigint`; `int` fields are `number`; `buffer` is `Uint8Array | null`.
 */
import type { OpCode } from './constants';

export interface Id {
  readonly scheme: string;
  readonly id: string;
}

export interface ACL {
  readonly perms: number;
  readonly id: Id;
}

export interface Stat {
  readonly czxid: bigint;
  readonly mzxid: bigint;
  readonly ctime: bigint;
  readonly mtime: bigint;
  readonly version: number;
  readonly cversion: number;
  readonly aversion: number;
  readonly ephemeralOwner: bigint;
  readonly dataLength: number;
  readonly numChildren: number;
  readonly pzxid: bigint;
}

// ---- handshake -------------------------------------------------------------------------------

export interface ConnectRequest {
  readonly protocolVersion: number;
  readonly lastZxidSeen: bigint;
  readonly timeOut: number;
  readonly sessionId: bigint;
  readonly passwd: Uint8Array;
  /** Absent (undefined) when the client is older than 3.4 and did not send the byte. */
  readonly readOnly?: boolean;
}

export interface ConnectResponse {
  readonly protocolVersion: number;
  readonly timeOut: number;
  readonly sessionId: bigint;
  readonly passwd: Uint8Array;
  /** Written only when the client's request carried the readOnly byte. */
  readonly readOnly?: boolean;
}

// ---- headers ---------------------------------------------------------------------------------

export interface RequestHeader {
  readonly xid: number;
  readonly type: number;
}

export interface ReplyHeader {
  readonly xid: number;
  readonly zxid: bigint;
  readonly err: number;
}

export interface MultiHeader {
  readonly type: number;
  readonly done: boolean;
  readonly err: number;
}

// ---- request bodies --------------------------------------------------------------------------

export interface CreateRequest {
  readonly path: string;
  readonly data: Uint8Array | null;
  readonly acl: readonly ACL[];
  readonly flags: number;
}
export interface CreateTTLRequest extends CreateRequest {
  readonly ttl: bigint;
}
export interface DeleteRequest {
  readonly path: string;
  readonly version: number;
}
/** Used for exists, getData, getChildren and getChildren2 alike. */
export interface PathWatchRequest {
  readonly path: string;
  readonly watch: boolean;
}
export interface SetDataRequest {
  readonly path: string;
  readonly data: Uint8Array | null;
  readonly version: number;
}
export interface PathRequest {
  readonly path: string;
}
export interface SetACLRequest {
  readonly path: string;
  readonly acl: readonly ACL[];
  readonly version: number;
}
export interface CheckVersionRequest {
  readonly path: string;
  readonly version: number;
}
export interface ReconfigRequest {
  readonly joiningServers: string | null;
  readonly leavingServers: string | null;
  readonly newMembers: string | null;
  readonly curConfigId: bigint;
}
export interface WatchesRequest {
  readonly path: string;
  /** WatcherType: 1 children, 2 data, 3 any. */
  readonly type: number;
}
export interface AuthPacket {
  readonly type: number;
  readonly scheme: string;
  readonly auth: Uint8Array | null;
}
export interface SetWatches {
  readonly relativeZxid: bigint;
  readonly dataWatches: readonly string[];
  readonly existWatches: readonly string[];
  readonly childWatches: readonly string[];
}
export interface SetWatches2 extends SetWatches {
  readonly persistentWatches: readonly string[];
  readonly persistentRecursiveWatches: readonly string[];
}
export interface GetEphemeralsRequest {
  readonly prefixPath: string;
}
export interface AddWatchRequest {
  readonly path: string;
  /** AddWatchMode: 0 persistent, 1 persistent recursive. */
  readonly mode: number;
}
export interface SaslRequest {
  readonly token: Uint8Array | null;
}

/** One operation inside a `multi` request. */
export type MultiOp =
  | ({ readonly op: typeof OpCode.create | typeof OpCode.create2 | typeof OpCode.createContainer } & CreateRequest)
  | ({ readonly op: typeof OpCode.createTTL } & CreateTTLRequest)
  | ({ readonly op: typeof OpCode.delete } & DeleteRequest)
  | ({ readonly op: typeof OpCode.setData } & SetDataRequest)
  | ({ readonly op: typeof OpCode.check } & CheckVersionRequest);

/** One operation inside a `multiRead` request. */
export type MultiReadOp = { readonly op: typeof OpCode.getData | typeof OpCode.getChildren } & PathWatchRequest;

/** Every client request body the server understands, discriminated by its opcode. */
export type Request =
  | ({ readonly op: typeof OpCode.create | typeof OpCode.create2 | typeof OpCode.createContainer } & CreateRequest)
  | ({ readonly op: typeof OpCode.createTTL } & CreateTTLRequest)
  | ({ readonly op: typeof OpCode.delete } & DeleteRequest)
  | ({ readonly op: typeof OpCode.exists | typeof OpCode.getData | typeof OpCode.getChildren | typeof OpCode.getChildren2 } & PathWatchRequest)
  | ({ readonly op: typeof OpCode.setData } & SetDataRequest)
  | ({ readonly op: typeof OpCode.getACL | typeof OpCode.sync | typeof OpCode.getAllChildrenNumber | typeof OpCode.deleteContainer } & PathRequest)
  | ({ readonly op: typeof OpCode.setACL } & SetACLRequest)
  | ({ readonly op: typeof OpCode.check } & CheckVersionRequest)
  | { readonly op: typeof OpCode.multi; readonly ops: readonly MultiOp[] }
  | { readonly op: typeof OpCode.multiRead; readonly ops: readonly MultiReadOp[] }
  | ({ readonly op: typeof OpCode.reconfig } & ReconfigRequest)
  | ({ readonly op: typeof OpCode.checkWatches | typeof OpCode.removeWatches } & WatchesRequest)
  | ({ readonly op: typeof OpCode.auth } & AuthPacket)
  | ({ readonly op: typeof OpCode.setWatches } & SetWatches)
  | ({ readonly op: typeof OpCode.setWatches2 } & SetWatches2)
  | ({ readonly op: typeof OpCode.getEphemerals } & GetEphemeralsRequest)
  | ({ readonly op: typeof OpCode.addWatch } & AddWatchRequest)
  | ({ readonly op: typeof OpCode.sasl } & SaslRequest)
  | { readonly op: typeof OpCode.ping | typeof OpCode.closeSession | typeof OpCode.whoAmI };

export type RequestOp = Request['op'];

// ---- response bodies -------------------------------------------------------------------------

export interface ClientInfo {
  readonly authScheme: string;
  readonly user: string;
}

/** One result inside a multi or multiRead response. `op` -1 is an error result. */
export type MultiResult =
  | { readonly op: typeof OpCode.create; readonly path: string }
  | { readonly op: typeof OpCode.create2 | typeof OpCode.createContainer | typeof OpCode.createTTL; readonly path: string; readonly stat: Stat }
  | { readonly op: typeof OpCode.delete | typeof OpCode.check }
  | { readonly op: typeof OpCode.setData; readonly stat: Stat }
  | { readonly op: typeof OpCode.getData; readonly data: Uint8Array | null; readonly stat: Stat }
  | { readonly op: typeof OpCode.getChildren; readonly children: readonly string[] }
  | { readonly op: typeof OpCode.error; readonly err: number };

/**
 * Every response body, discriminated by the opcode of the request it answers. An error reply
 * has no body (except multi, whose body lists per-op results).
 */
export type Response =
  | { readonly op: typeof OpCode.create; readonly path: string }
  | { readonly op: typeof OpCode.create2 | typeof OpCode.createContainer | typeof OpCode.createTTL; readonly path: string; readonly stat: Stat }
  | { readonly op: typeof OpCode.exists | typeof OpCode.setData | typeof OpCode.setACL; readonly stat: Stat }
  | { readonly op: typeof OpCode.getData; readonly data: Uint8Array | null; readonly stat: Stat }
  | { readonly op: typeof OpCode.getACL; readonly acl: readonly ACL[]; readonly stat: Stat }
  | { readonly op: typeof OpCode.getChildren; readonly children: readonly string[] }
  | { readonly op: typeof OpCode.getChildren2; readonly children: readonly string[]; readonly stat: Stat }
  | { readonly op: typeof OpCode.sync; readonly path: string }
  | { readonly op: typeof OpCode.multi | typeof OpCode.multiRead; readonly results: readonly MultiResult[] }
  | { readonly op: typeof OpCode.reconfig; readonly data: Uint8Array | null; readonly stat: Stat }
  | { readonly op: typeof OpCode.getEphemerals; readonly ephemerals: readonly string[] }
  | { readonly op: typeof OpCode.getAllChildrenNumber; readonly totalNumber: number }
  | { readonly op: typeof OpCode.addWatch }
  | { readonly op: typeof OpCode.whoAmI; readonly clientInfo: readonly ClientInfo[] }
  | { readonly op: typeof OpCode.sasl; readonly token: Uint8Array | null }
  /** Ops whose successful reply is the header alone: delete, check, ping, auth, setWatches(2),
   * checkWatches, removeWatches, closeSession. */
  | { readonly op: typeof OpCode.delete | typeof OpCode.check | typeof OpCode.ping | typeof OpCode.auth | typeof OpCode.setWatches | typeof OpCode.setWatches2 | typeof OpCode.checkWatches | typeof OpCode.removeWatches | typeof OpCode.closeSession };

export interface WatcherEvent {
  readonly type: number;
  readonly state: number;
  readonly path: string;
}
