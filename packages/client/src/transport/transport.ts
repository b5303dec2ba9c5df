/**
 * How the session reaches a server: a byte stream per connection. TCP (node:net) is one
 * binding; a WebSocket carrying the same frames is another.
 */
import type { HostPort } from '../session/index';

/** Callbacks a transport calls for one connection; `onClose` is called exactly once. */
export interface TransportHandlers {
  onOpen(): void;
  onData(bytes: Uint8Array): void;
  onClose(reason: string): void;
}

export interface TransportConnection {
  send(bytes: Uint8Array): void;
  /** Closes without further callbacks being required; `onClose` may still follow. */
  close(): void;
}

/** Opens a connection to `host`; the outcome arrives through `handlers`. */
export type Transport = (host: HostPort, handlers: TransportHandlers) => TransportConnection;
