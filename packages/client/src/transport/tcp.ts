/** The session's TCP binding (node:net): one socket per connection attempt. */
import { connect, type Socket } from 'node:net';
import type { Transport, TransportConnection } from './transport';

/**
 * Connects with Nagle off: requests are small and latency-bound, and ZooKeeper's own
 * client sets TCP_NODELAY too.
 */
export const tcpTransport: Transport = (host, handlers): TransportConnection => {
  const socket: Socket = connect({ host: host.host, port: host.port });
  socket.setNoDelay(true);
  let closed = false;
  const closeOnce = (reason: string): void => {
    if (closed) return;
    closed = true;
    socket.destroy();
    handlers.onClose(reason);
  };
  socket.once('connect', () => handlers.onOpen());
  socket.on('data', (chunk: Buffer) => {
    // A plain view (no copy): callers get Uint8Array values, not Buffers.
    if (!closed) handlers.onData(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
  });
  socket.once('error', (error) => closeOnce(error.message));
  socket.once('close', () => closeOnce('socket closed'));
  return {
    send(bytes) {
      if (!closed) socket.write(bytes);
    },
    close() {
      closed = true;
      socket.destroy();
    },
  };
};
