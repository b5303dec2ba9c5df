/**
 * The client session as a pure state machine: no I/O, no clock, no timers, no global
 * randomness. Drivers (TCP, WebSocket, the simulator) feed it inputs and carry out its effects.
 */
export { parseConnectString, ConnectStringError, DEFAULT_CLIENT_PORT, type ConnectString, type HostPort } from './connect-string';
export { prependChroot, stripChroot } from './chroot';
export { HostList } from './host-list';
export { seededRandom, shuffled, type RandomInt } from './random';
export { SessionMachine } from './session-machine';
export type {
  ConnectionId, ConnectionState, RequestId, SessionEffect, SessionInput, SessionOptions, TerminalState, WatchRequestKind,
} from './session-io';
export { setWatchesBatches, SET_WATCHES_MAX_BYTES, type SetWatchesRequest } from './set-watches';
export { kindsForWatcherType, WATCH_KINDS, WatchRegistry, type WatcherId, type WatchKind } from './watch-registry';
export { MAX_XID, XidSequence } from './xid-sequence';
