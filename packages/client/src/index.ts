/**
 * @paddock/client: a typed, promise-based ZooKeeper client. Speaks ZooKeeper's client protocol
 * through @paddock/protocol, to Apache ZooKeeper and to Paddock alike.
 */
export { createClient, ZooKeeperClient, CONFIG_NODE } from './zookeeper-client';
export type {
  ChildrenResult, ClientOptions, CreateResult, DataResult, ReconfigOptions, Watched, WatchOption,
} from './zookeeper-client';
export { KeeperError, isConnectivityError, type KeeperErrorOptions } from './keeper-error';
export { CREATOR_ALL_ACL, OPEN_ACL_UNSAFE, READ_ACL_UNSAFE } from './acl';
export { MAX_TTL_MS, type CreateMode } from './create-mode';
export type { NodeData } from './data';
export type { CreateIfMissingResult } from './helpers';
export type { DataValue, ReadOp, ReadOpOutcome, ReadOutcome, ReadResults } from './multi-read';
export { joinPath, parentOf, pathProblem, validatePath } from './paths';
export { PersistentWatch, type AddWatchMode } from './persistent-watch';
export { backoffDelayMs, DEFAULT_RETRY_POLICY, NO_RETRY, withRetry, type RetryControl, type RetryPolicy } from './retry';
export { Transaction, type CheckOpResult, type CreateOpResult, type CreateOptions, type DeleteOpResult, type OpResult, type SetDataOpResult } from './transaction';
export type { Transport, TransportConnection, TransportHandlers } from './transport/transport';
export { tcpTransport } from './transport/tcp';
export type { WatchedEvent, WatchEventType, WatchListener } from './watched-event';
export { SessionDriver, type DriverOptions, type ReplyOutcome, type SubmitOptions } from './session-driver';
export type { ConnectionState, HostPort, TerminalState, RandomInt } from './session/index';
export { seededRandom } from './session/index';
export { REAL_TIMERS, type ClientRuntime, type ClientTimers } from './runtime';
export { ErrorCode, Perms, type ACL, type ClientInfo, type Id, type Stat } from '@paddock/protocol';
export * from './recipes/index';
