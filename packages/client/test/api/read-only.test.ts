/**
 * Finding a read/write server after ReadOnly, over TCP against the real servers: the client
 * starts on a read-only server (a scripted one: a real read-only ZooKeeper needs a partitioned
 * ensemble), asks the real server `isro`, hears `rw`, and moves there with a new session.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { decodeConnectRequest, encodeConnectResponse, frame, FrameDecoder } from '@paddock/protocol';
import type { ConnectionState } from '../../src/index';
import { until } from '../support/clients';
import { clientServerKinds, serverAvailable } from '../support/servers';
import { useServerWorld } from '../support/server-world';

/** Accepts sessions as a read-only server would, then stays silent; answers `isro` with `ro`. */
async function readOnlyServer(): Promise<{ server: Server; port: number; sockets: Socket[] }> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => {
    sockets.push(socket);
    const decoder = new FrameDecoder({ fourLetterWords: true });
    let handshaken = false;
    socket.on('error', () => {});
    socket.on('data', (chunk) => {
      for (const event of decoder.push(chunk)) {
        if (event.kind === 'four-letter-word') socket.end('ro');
        if (event.kind !== 'frame' || handshaken) continue;
        handshaken = true;
        const request = decodeConnectRequest(event.payload);
        socket.write(frame(encodeConnectResponse({
          protocolVersion: 0, timeOut: request.timeOut, sessionId: 0x7e57n, passwd: new Uint8Array(16), readOnly: true,
        })));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { server, port: address.port, sockets };
}

describe.each(clientServerKinds())('a read-only client finds the read/write server, against %s', (kind) => {
  if (!serverAvailable(kind)) return;
  const world = useServerWorld(kind);

  it('probes with isro over TCP and moves to the server that answers rw', async () => {
    const ro = await readOnlyServer();
    try {
      // The shuffle keeps the order with random bound-1: the read-only server is tried first.
      const zk = world.clients.create(`127.0.0.1:${ro.port},${world.server.connectString}`, { canBeReadOnly: true, random: (bound) => bound - 1 });
      const states: ConnectionState[] = [];
      zk.onStateChange((s) => states.push(s));
      await until(() => states.includes('Connected'), 'Connected on the read/write server', 20_000);
      expect(states).toEqual(['ReadOnly', 'Disconnected', 'Connected']);
      expect(zk.sessionId).not.toBe(0x7e57n);
      await zk.create('/written-after-ro', 'w');
      expect((await zk.exists('/written-after-ro'))?.version).toBe(0);
      await zk.delete('/written-after-ro');
    } finally {
      for (const socket of ro.sockets) socket.destroy();
      await new Promise((resolve) => ro.server.close(resolve));
    }
  });
});
