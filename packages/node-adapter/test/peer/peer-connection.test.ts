import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { PeerConnection } from '../../src/peer/peer-connection';
import { PEER_FRAME_HEADER_BYTES } from '../../src/peer/peer-frame';

const opened: Array<Socket | Server> = [];

afterEach(async () => {
  // Sockets first: a server's close waits for its connections.
  for (const s of opened.splice(0).reverse()) {
    if ('listen' in s) await new Promise<void>((resolve) => s.close(() => resolve()));
    else s.destroy();
  }
});

/** Both ends of a loopback TCP connection, each as a PeerConnection. */
async function pair(limits: { maxFrameBytes: number; maxQueuedBytes: number }): Promise<{ sender: PeerConnection; receiver: PeerConnection }> {
  const accepted = new Promise<Socket>((resolve) => {
    const server = createServer((socket) => resolve(socket));
    opened.push(server);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      opened.push(connect({ host: '127.0.0.1', port }));
    });
  });
  const far = await accepted;
  opened.push(far);
  const near = opened.at(-2) as Socket;
  await new Promise<void>((resolve) => (near.connecting ? near.once('connect', () => resolve()) : resolve()));
  return { sender: new PeerConnection(near, limits), receiver: new PeerConnection(far, limits) };
}

describe('PeerConnection', () => {
  it('holds the frames of a turn in the corked socket and sends them together, in order, at its end', async () => {
    const { sender, receiver } = await pair({ maxFrameBytes: 1024, maxQueuedBytes: 1 << 20 });
    const got: number[] = [];
    receiver.onFrame((payload) => got.push(payload[0]!));
    for (let i = 0; i < 5; i += 1) expect(sender.write(new Uint8Array([i, 1, 2, 3]))).toBeNull();
    expect(sender.socket.writableCorked).toBe(1);
    expect(sender.socket.writableLength).toBe(5 * (PEER_FRAME_HEADER_BYTES + 4));
    await new Promise((resolve) => setImmediate(resolve));
    expect(sender.socket.writableCorked).toBe(0);
    await expect.poll(() => got).toEqual([0, 1, 2, 3, 4]);
  });

  it('counts the frames held for the turn against maxQueuedBytes', async () => {
    const frame = PEER_FRAME_HEADER_BYTES + 100;
    const { sender } = await pair({ maxFrameBytes: 100, maxQueuedBytes: 3 * frame });
    const results = Array.from({ length: 4 }, () => sender.write(new Uint8Array(100)));
    expect(results).toEqual([null, null, null, 'queue-full']);
    expect(sender.write(new Uint8Array(101))).toBe('too-large');
  });
});
