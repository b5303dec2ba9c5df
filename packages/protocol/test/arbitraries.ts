/** fast-check arbitraries for every protocol record, shared by the round-trip tests. */
import fc from 'fast-check';
import {
  OpCode,
  type ACL, type ClientInfo, type ConnectRequest, type ConnectResponse, type Id, type MultiOp,
  type MultiReadOp, type MultiResult, type ReplyHeader, type Request, type Response, type Stat,
  type WatcherEvent,
} from '../src/index';

export const int32 = fc.integer({ min: -0x80000000, max: 0x7fffffff });
export const int64 = fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n });

/** Any UTF-16 code unit, lone surrogates included. */
const utf16Unit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));

/** Strings of any code points (astral ones too) or of raw UTF-16 units (lone surrogates). */
export const jstring = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ unit: utf16Unit, maxLength: 12 }),
);
export const nullableString = fc.option(jstring, { nil: null });
export const bytes = fc.uint8Array({ maxLength: 24 });
export const nullableBytes = fc.option(bytes, { nil: null });
const strings = fc.array(jstring, { maxLength: 4 });

export const idArb: fc.Arbitrary<Id> = fc.record({ scheme: jstring, id: jstring });
export const aclArb: fc.Arbitrary<ACL> = fc.record({ perms: int32, id: idArb });
const acls = fc.array(aclArb, { maxLength: 3 });

export const statArb: fc.Arbitrary<Stat> = fc.record({
  czxid: int64, mzxid: int64, ctime: int64, mtime: int64,
  version: int32, cversion: int32, aversion: int32,
  ephemeralOwner: int64, dataLength: int32, numChildren: int32, pzxid: int64,
});

const createOps = fc.constantFrom(OpCode.create, OpCode.create2, OpCode.createContainer);
const createFields = { path: jstring, data: nullableBytes, acl: acls, flags: int32 };

export const multiOpArb: fc.Arbitrary<MultiOp> = fc.oneof(
  fc.record({ op: createOps, ...createFields }),
  fc.record({ op: fc.constant(OpCode.createTTL), ...createFields, ttl: int64 }),
  fc.record({ op: fc.constant(OpCode.delete), path: jstring, version: int32 }),
  fc.record({ op: fc.constant(OpCode.setData), path: jstring, data: nullableBytes, version: int32 }),
  fc.record({ op: fc.constant(OpCode.check), path: jstring, version: int32 }),
);

export const multiReadOpArb: fc.Arbitrary<MultiReadOp> = fc.record({
  op: fc.constantFrom(OpCode.getData, OpCode.getChildren), path: jstring, watch: fc.boolean(),
});

type RequestOpName = Request['op'];

/**
 * One arbitrary per request opcode. The mapped type makes the compiler insist on every op,
 * and `requestArb` draws from all of them.
 */
export const requestArbs: { [K in RequestOpName]: fc.Arbitrary<Request & { readonly op: K }> } = {
  [OpCode.create]: fc.record({ op: fc.constant(OpCode.create), ...createFields }),
  [OpCode.create2]: fc.record({ op: fc.constant(OpCode.create2), ...createFields }),
  [OpCode.createContainer]: fc.record({ op: fc.constant(OpCode.createContainer), ...createFields }),
  [OpCode.createTTL]: fc.record({ op: fc.constant(OpCode.createTTL), ...createFields, ttl: int64 }),
  [OpCode.delete]: fc.record({ op: fc.constant(OpCode.delete), path: jstring, version: int32 }),
  [OpCode.exists]: fc.record({ op: fc.constant(OpCode.exists), path: jstring, watch: fc.boolean() }),
  [OpCode.getData]: fc.record({ op: fc.constant(OpCode.getData), path: jstring, watch: fc.boolean() }),
  [OpCode.getChildren]: fc.record({ op: fc.constant(OpCode.getChildren), path: jstring, watch: fc.boolean() }),
  [OpCode.getChildren2]: fc.record({ op: fc.constant(OpCode.getChildren2), path: jstring, watch: fc.boolean() }),
  [OpCode.setData]: fc.record({ op: fc.constant(OpCode.setData), path: jstring, data: nullableBytes, version: int32 }),
  [OpCode.getACL]: fc.record({ op: fc.constant(OpCode.getACL), path: jstring }),
  [OpCode.sync]: fc.record({ op: fc.constant(OpCode.sync), path: jstring }),
  [OpCode.getAllChildrenNumber]: fc.record({ op: fc.constant(OpCode.getAllChildrenNumber), path: jstring }),
  [OpCode.deleteContainer]: fc.record({ op: fc.constant(OpCode.deleteContainer), path: jstring }),
  [OpCode.setACL]: fc.record({ op: fc.constant(OpCode.setACL), path: jstring, acl: acls, version: int32 }),
  [OpCode.check]: fc.record({ op: fc.constant(OpCode.check), path: jstring, version: int32 }),
  [OpCode.multi]: fc.record({ op: fc.constant(OpCode.multi), ops: fc.array(multiOpArb, { maxLength: 4 }) }),
  [OpCode.multiRead]: fc.record({ op: fc.constant(OpCode.multiRead), ops: fc.array(multiReadOpArb, { maxLength: 4 }) }),
  [OpCode.reconfig]: fc.record({
    op: fc.constant(OpCode.reconfig), joiningServers: nullableString, leavingServers: nullableString,
    newMembers: nullableString, curConfigId: int64,
  }),
  [OpCode.checkWatches]: fc.record({ op: fc.constant(OpCode.checkWatches), path: jstring, type: int32 }),
  [OpCode.removeWatches]: fc.record({ op: fc.constant(OpCode.removeWatches), path: jstring, type: int32 }),
  [OpCode.auth]: fc.record({ op: fc.constant(OpCode.auth), type: int32, scheme: jstring, auth: nullableBytes }),
  [OpCode.setWatches]: fc.record({
    op: fc.constant(OpCode.setWatches), relativeZxid: int64,
    dataWatches: strings, existWatches: strings, childWatches: strings,
  }),
  [OpCode.setWatches2]: fc.record({
    op: fc.constant(OpCode.setWatches2), relativeZxid: int64, dataWatches: strings, existWatches: strings,
    childWatches: strings, persistentWatches: strings, persistentRecursiveWatches: strings,
  }),
  [OpCode.getEphemerals]: fc.record({ op: fc.constant(OpCode.getEphemerals), prefixPath: jstring }),
  [OpCode.addWatch]: fc.record({ op: fc.constant(OpCode.addWatch), path: jstring, mode: int32 }),
  [OpCode.sasl]: fc.record({ op: fc.constant(OpCode.sasl), token: nullableBytes }),
  [OpCode.ping]: fc.record({ op: fc.constant(OpCode.ping) }),
  [OpCode.closeSession]: fc.record({ op: fc.constant(OpCode.closeSession) }),
  [OpCode.whoAmI]: fc.record({ op: fc.constant(OpCode.whoAmI) }),
};

export const requestArb: fc.Arbitrary<Request> = fc.oneof(...Object.values(requestArbs) as fc.Arbitrary<Request>[]);

export const multiResultArb: fc.Arbitrary<MultiResult> = fc.oneof(
  fc.record({ op: fc.constant(OpCode.create), path: jstring }),
  fc.record({ op: fc.constantFrom(OpCode.create2, OpCode.createContainer, OpCode.createTTL), path: jstring, stat: statArb }),
  fc.record({ op: fc.constantFrom(OpCode.delete, OpCode.check) }),
  fc.record({ op: fc.constant(OpCode.setData), stat: statArb }),
  fc.record({ op: fc.constant(OpCode.getData), data: nullableBytes, stat: statArb }),
  fc.record({ op: fc.constant(OpCode.getChildren), children: strings }),
  fc.record({ op: fc.constant(OpCode.error), err: int32 }),
);

const clientInfoArb: fc.Arbitrary<ClientInfo> = fc.record({ authScheme: jstring, user: jstring });

type ResponseOpName = Response['op'];

/** One arbitrary per response opcode, complete by construction like `requestArbs`. */
export const responseArbs: { [K in ResponseOpName]: fc.Arbitrary<Response & { readonly op: K }> } = {
  [OpCode.create]: fc.record({ op: fc.constant(OpCode.create), path: jstring }),
  [OpCode.create2]: fc.record({ op: fc.constant(OpCode.create2), path: jstring, stat: statArb }),
  [OpCode.createContainer]: fc.record({ op: fc.constant(OpCode.createContainer), path: jstring, stat: statArb }),
  [OpCode.createTTL]: fc.record({ op: fc.constant(OpCode.createTTL), path: jstring, stat: statArb }),
  [OpCode.exists]: fc.record({ op: fc.constant(OpCode.exists), stat: statArb }),
  [OpCode.setData]: fc.record({ op: fc.constant(OpCode.setData), stat: statArb }),
  [OpCode.setACL]: fc.record({ op: fc.constant(OpCode.setACL), stat: statArb }),
  [OpCode.getData]: fc.record({ op: fc.constant(OpCode.getData), data: nullableBytes, stat: statArb }),
  [OpCode.reconfig]: fc.record({ op: fc.constant(OpCode.reconfig), data: nullableBytes, stat: statArb }),
  [OpCode.getACL]: fc.record({ op: fc.constant(OpCode.getACL), acl: acls, stat: statArb }),
  [OpCode.getChildren]: fc.record({ op: fc.constant(OpCode.getChildren), children: strings }),
  [OpCode.getChildren2]: fc.record({ op: fc.constant(OpCode.getChildren2), children: strings, stat: statArb }),
  [OpCode.sync]: fc.record({ op: fc.constant(OpCode.sync), path: jstring }),
  [OpCode.multi]: fc.record({ op: fc.constant(OpCode.multi), results: fc.array(multiResultArb, { maxLength: 4 }) }),
  [OpCode.multiRead]: fc.record({ op: fc.constant(OpCode.multiRead), results: fc.array(multiResultArb, { maxLength: 4 }) }),
  [OpCode.getEphemerals]: fc.record({ op: fc.constant(OpCode.getEphemerals), ephemerals: strings }),
  [OpCode.getAllChildrenNumber]: fc.record({ op: fc.constant(OpCode.getAllChildrenNumber), totalNumber: int32 }),
  [OpCode.addWatch]: fc.record({ op: fc.constant(OpCode.addWatch) }),
  [OpCode.whoAmI]: fc.record({ op: fc.constant(OpCode.whoAmI), clientInfo: fc.array(clientInfoArb, { maxLength: 3 }) }),
  [OpCode.sasl]: fc.record({ op: fc.constant(OpCode.sasl), token: nullableBytes }),
  [OpCode.delete]: fc.record({ op: fc.constant(OpCode.delete) }),
  [OpCode.check]: fc.record({ op: fc.constant(OpCode.check) }),
  [OpCode.ping]: fc.record({ op: fc.constant(OpCode.ping) }),
  [OpCode.auth]: fc.record({ op: fc.constant(OpCode.auth) }),
  [OpCode.setWatches]: fc.record({ op: fc.constant(OpCode.setWatches) }),
  [OpCode.setWatches2]: fc.record({ op: fc.constant(OpCode.setWatches2) }),
  [OpCode.checkWatches]: fc.record({ op: fc.constant(OpCode.checkWatches) }),
  [OpCode.removeWatches]: fc.record({ op: fc.constant(OpCode.removeWatches) }),
  [OpCode.closeSession]: fc.record({ op: fc.constant(OpCode.closeSession) }),
};

export const responseArb: fc.Arbitrary<Response> = fc.oneof(...Object.values(responseArbs) as fc.Arbitrary<Response>[]);

export const replyHeaderArb = (err: fc.Arbitrary<number>): fc.Arbitrary<ReplyHeader> =>
  fc.record({ xid: int32, zxid: int64, err });

export const watcherEventArb: fc.Arbitrary<WatcherEvent> = fc.record({ type: int32, state: int32, path: jstring });

const passwd = fc.uint8Array({ minLength: 16, maxLength: 16 });

export const connectRequestArb: fc.Arbitrary<ConnectRequest> = fc.record(
  {
    protocolVersion: int32, lastZxidSeen: int64, timeOut: int32, sessionId: int64, passwd,
    readOnly: fc.boolean(),
  },
  { requiredKeys: ['protocolVersion', 'lastZxidSeen', 'timeOut', 'sessionId', 'passwd'] },
);

export const connectResponseArb: fc.Arbitrary<ConnectResponse> = fc.record(
  { protocolVersion: int32, timeOut: int32, sessionId: int64, passwd, readOnly: fc.boolean() },
  { requiredKeys: ['protocolVersion', 'timeOut', 'sessionId', 'passwd'] },
);
