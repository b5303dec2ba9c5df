import zookeeper, { type AclEntry, type Client, type Event, type Stat, type ZkError } from 'node-zookeeper-client';
import type { Outcome, StatJson } from './stat-json.js';

// Promise wrappers around node-zookeeper-client's callback API; they change nothing on the wire.

export { zookeeper };
export type { Client };

const OPEN = zookeeper.ACL.OPEN_ACL_UNSAFE;

/** Connects and resolves once the session is established (the 'connected' event). */
export function connectClient(connectString: string, options: { sessionTimeout?: number; spinDelay?: number } = {}): Promise<Client> {
  const client = zookeeper.createClient(connectString, { sessionTimeout: 10_000, spinDelay: 100, retries: 0, ...options });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      client.close();
      reject(new Error(`node-zookeeper-client: no session with ${connectString} after 15 s`));
    }, 15_000);
    client.once('connected', () => {
      clearTimeout(timer);
      resolve(client);
    });
    client.connect();
  });
}

/** Resolves on the next emission of `name` ('connected', 'disconnected', 'expired', ...). */
export function nextEvent(client: Client, name: string, timeoutMs = 15_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no '${name}' event within ${timeoutMs} ms`)), timeoutMs);
    client.once(name, () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

export function long(buffer: Buffer): string {
  return buffer.readBigInt64BE(0).toString();
}

export function sessionIdOf(client: Client): string {
  return long(client.getSessionId());
}

export function statJson(stat: Stat): StatJson {
  return {
    czxid: long(stat.czxid),
    mzxid: long(stat.mzxid),
    ctime: Number(stat.ctime.readBigInt64BE(0)),
    mtime: Number(stat.mtime.readBigInt64BE(0)),
    version: stat.version,
    cversion: stat.cversion,
    aversion: stat.aversion,
    ephemeralOwner: long(stat.ephemeralOwner),
    dataLength: stat.dataLength,
    numChildren: stat.numChildren,
    pzxid: long(stat.pzxid),
  };
}

const OP_TIMEOUT_MS = 20_000;

/**
 * Turns a callback call into { ok } or { error: 'NO_NODE' | 'BAD_VERSION' | ... }. The client
 * has no request timeout of its own, so a reply that never comes fails here, not at the test
 * timeout.
 */
function attempt<T>(call: (done: (error: ZkError | null, value?: T) => void) => void): Promise<Outcome<T>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`node-zookeeper-client: no reply within ${OP_TIMEOUT_MS} ms`)), OP_TIMEOUT_MS);
    call((error, value) => {
      clearTimeout(timer);
      resolve(error ? { error: error.name } : { ok: value as T });
    });
  });
}

export function ok<T>(outcome: Outcome<T>): T {
  if ('error' in outcome) throw new Error(`expected success, got ${outcome.error}`);
  return outcome.ok;
}

export type Watcher = (event: Event) => void;

export const zk = {
  create: (c: Client, path: string, data: Buffer | null = null, mode = 0, acls: AclEntry[] = OPEN) =>
    attempt<string>((done) => c.create(path, data, acls, mode, done)),
  remove: (c: Client, path: string, version = -1) => attempt<true>((done) => c.remove(path, version, (e) => done(e, true))),
  exists: (c: Client, path: string, watcher: Watcher | null = null) =>
    attempt<StatJson | null>((done) => c.exists(path, watcher, (e, stat) => done(e, stat ? statJson(stat) : null))),
  getData: (c: Client, path: string, watcher: Watcher | null = null) =>
    attempt<{ data: string | null; stat: StatJson }>((done) =>
      c.getData(path, watcher, (e, data, stat) => done(e, e ? undefined : { data: data ? data.toString('utf8') : null, stat: statJson(stat) })),
    ),
  setData: (c: Client, path: string, data: Buffer | null, version = -1) =>
    attempt<StatJson>((done) => c.setData(path, data, version, (e, stat) => done(e, e ? undefined : statJson(stat)))),
  getChildren: (c: Client, path: string, watcher: Watcher | null = null) =>
    attempt<{ children: string[]; stat: StatJson }>((done) =>
      c.getChildren(path, watcher, (e, children, stat) => done(e, e ? undefined : { children: [...children].sort(), stat: statJson(stat) })),
    ),
  getACL: (c: Client, path: string) =>
    attempt<Array<{ perms: number; scheme: string; id: string }>>((done) =>
      c.getACL(path, (e, acls) => done(e, e ? undefined : acls.map((a) => ({ perms: a.permission, scheme: a.id.scheme, id: a.id.id })))),
    ),
  setACL: (c: Client, path: string, acls: AclEntry[], version = -1) =>
    attempt<StatJson>((done) => c.setACL(path, acls, version, (e, stat) => done(e, e ? undefined : statJson(stat)))),
  mkdirp: (c: Client, path: string, data: Buffer | null = null, mode = 0) =>
    attempt<string>((done) => c.mkdirp(path, data, OPEN, mode, done)),
};

/** Records watcher events as [name, path] pairs. */
export function eventLog(): { watcher: Watcher; events: Array<[string, string]>; take(): Array<[string, string]> } {
  const events: Array<[string, string]> = [];
  return {
    watcher: (event) => events.push([event.getName(), event.getPath()]),
    events,
    take() {
      return events.splice(0, events.length);
    },
  };
}

/**
 * Closes the session and resolves once the socket is closed, i.e. after the server answered
 * closeSession. The public API emits nothing on close, so this listens to the client's internal
 * connection state (CLOSED = -2) for synchronisation only.
 */
export function closeClient(client: Client): Promise<void> {
  const manager = (client as unknown as { connectionManager: NodeJS.EventEmitter & { state: number } }).connectionManager;
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 5000);
    const onState = (state: number): void => {
      if (state !== -2) return;
      clearTimeout(timer);
      manager.off('state', onState);
      resolve();
    };
    manager.on('state', onState);
    client.close();
  });
}
