import { afterEach, describe, expect, it } from 'vitest';
import { decodeConnectRequest, encodeConnectResponse, frame, FrameDecoder } from '@paddock/protocol';
import { createClient, type ConnectionState, type Transport, type ZooKeeperClient } from '../../src/index';

/**
 * Two fake servers: `ro:1` is read-only, `rw:2` serves writes. Each answers the handshake (with
 * its mode) or, for a connection that opens with `isro`, its mode in text and a close.
 */
function twoServers(): { transport: Transport; probes: string[]; sessionsAsked: bigint[] } {
  const probes: string[] = [];
  const sessionsAsked: bigint[] = [];
  const transport: Transport = (target, handlers) => {
    const readOnly = target.host === 'ro';
    const decoder = new FrameDecoder({ fourLetterWords: true });
    let closed = false;
    let handshaken = false;
    queueMicrotask(() => handlers.onOpen());
    return {
      send: (bytes) => {
        for (const event of decoder.push(bytes)) {
          if (event.kind === 'four-letter-word') {
            probes.push(`${target.host}:${event.word}`);
            queueMicrotask(() => {
              handlers.onData(new TextEncoder().encode(readOnly ? 'ro' : 'rw'));
              handlers.onClose('answered');
            });
            continue;
          }
          // After the handshake: pings and requests, which these servers leave unanswered.
          if (event.kind !== 'frame' || handshaken) continue;
          handshaken = true;
          const request = decodeConnectRequest(event.payload);
          sessionsAsked.push(request.sessionId);
          queueMicrotask(() => {
            if (closed) return;
            handlers.onData(frame(encodeConnectResponse({
              protocolVersion: 0, timeOut: 30_000, sessionId: readOnly ? 0x1n : 0x2n, passwd: new Uint8Array(16), readOnly,
            })));
          });
        }
      },
      close: () => {
        closed = true;
      },
    };
  };
  return { transport, probes, sessionsAsked };
}

let client: ZooKeeperClient | undefined;
afterEach(async () => {
  client?.close().catch(() => {});
  client = undefined;
});

describe('a read-only client finds a read/write server again', () => {
  it('probes with isro and moves to the server that answers rw, with a new session', async () => {
    const servers = twoServers();
    // random bound-1: the shuffle keeps the order, so the read-only server is tried first.
    client = createClient('ro:1,rw:2', { transport: servers.transport, canBeReadOnly: true, random: (bound) => bound - 1, reconnectJitterMs: 0 });
    const states: ConnectionState[] = [];
    const connected = new Promise<void>((resolve) => client!.onStateChange((s) => {
      states.push(s);
      if (s === 'Connected') resolve();
    }));
    await connected;
    expect(states).toEqual(['ReadOnly', 'Disconnected', 'Connected']);
    expect(servers.probes[0]).toBe('rw:isro');
    expect(servers.sessionsAsked).toEqual([0n, 0n]);
    expect(client.sessionId).toBe(0x2n);
  });
});
