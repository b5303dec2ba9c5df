// The part of node-zookeeper-client 1.1.3's API the compatibility suite uses (it ships no types).
declare module 'node-zookeeper-client' {
  import type { EventEmitter } from 'node:events';

  export interface Stat {
    czxid: Buffer;
    mzxid: Buffer;
    ctime: Buffer;
    mtime: Buffer;
    version: number;
    cversion: number;
    aversion: number;
    ephemeralOwner: Buffer;
    dataLength: number;
    numChildren: number;
    pzxid: Buffer;
  }
  export interface IdEntry {
    scheme: string;
    id: string;
  }
  export interface AclEntry {
    permission: number;
    id: IdEntry;
  }
  export interface Event {
    type: number;
    name: string;
    path: string;
    getType(): number;
    getName(): string;
    getPath(): string;
  }
  export interface ZkError extends Error {
    code: number;
    name: string;
    getCode(): number;
    getName(): string;
  }
  export interface State {
    name: string;
    code: number;
    getName(): string;
    getCode(): number;
  }
  type Cb<T> = (error: ZkError | null, result: T) => void;
  export interface Transaction {
    create(path: string, data?: Buffer | null, acls?: AclEntry[], mode?: number): Transaction;
    setData(path: string, data: Buffer | null, version?: number): Transaction;
    check(path: string, version: number): Transaction;
    remove(path: string, version?: number): Transaction;
    commit(callback: (error: ZkError | null, results: Array<{ type: number; path?: string; stat?: Stat; err?: number }>) => void): void;
  }
  export interface Client extends EventEmitter {
    connect(): void;
    close(): void;
    getState(): State;
    getSessionId(): Buffer;
    getSessionPassword(): Buffer;
    getSessionTimeout(): number;
    addAuthInfo(scheme: string, auth: Buffer): void;
    create(path: string, data: Buffer | null, acls: AclEntry[], mode: number, callback: Cb<string>): void;
    remove(path: string, version: number, callback: (error: ZkError | null) => void): void;
    exists(path: string, watcher: ((event: Event) => void) | null, callback: Cb<Stat | null>): void;
    getData(path: string, watcher: ((event: Event) => void) | null, callback: (error: ZkError | null, data: Buffer, stat: Stat) => void): void;
    setData(path: string, data: Buffer | null, version: number, callback: Cb<Stat>): void;
    getChildren(path: string, watcher: ((event: Event) => void) | null, callback: (error: ZkError | null, children: string[], stat: Stat) => void): void;
    getACL(path: string, callback: (error: ZkError | null, acls: AclEntry[], stat: Stat) => void): void;
    setACL(path: string, acls: AclEntry[], version: number, callback: Cb<Stat>): void;
    mkdirp(path: string, data: Buffer | null, acls: AclEntry[], mode: number, callback: Cb<string>): void;
    transaction(): Transaction;
  }
  export interface ClientOptions {
    sessionTimeout?: number;
    spinDelay?: number;
    retries?: number;
  }
  export function createClient(connectionString: string, options?: ClientOptions): Client;
  const zookeeper: {
    createClient: typeof createClient;
    CreateMode: { PERSISTENT: 0; EPHEMERAL: 1; PERSISTENT_SEQUENTIAL: 2; EPHEMERAL_SEQUENTIAL: 3 };
    Permission: { READ: 1; WRITE: 2; CREATE: 4; DELETE: 8; ADMIN: 16; ALL: 31 };
    ACL: {
      new (permission: number, id: IdEntry): AclEntry;
      OPEN_ACL_UNSAFE: AclEntry[];
      CREATOR_ALL_ACL: AclEntry[];
      READ_ACL_UNSAFE: AclEntry[];
    };
    Id: { new (scheme: string, id: string): IdEntry };
    State: Record<'DISCONNECTED' | 'SYNC_CONNECTED' | 'AUTH_FAILED' | 'CONNECTED_READ_ONLY' | 'SASL_AUTHENTICATED' | 'EXPIRED', State>;
    Exception: Record<string, number>;
  };
  export default zookeeper;
}
