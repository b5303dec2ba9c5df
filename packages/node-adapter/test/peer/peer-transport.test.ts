import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { encodePeerMessage, type PeerMessage } from '@paddock/core';
import type { QuorumServerEntry } from '../../src/config/server-entry';
import type { Logger } from '../../src/logger';
import { decodeHello, decodeHelloReply, encodeAccept, encodeHello, ensembleDigest, PEER_PROTOCOL_VERSION } from '../../src/peer/peer-handshake';
import { encodePeerFrame, PeerFrameReader } from '../../src/peer/peer-frame';
import { PeerTransport, type PeerTransportLimits } from '../../src/peer/index';
import { crc32c } from '../../src/storage/crc32c';
import { freePort } from '@paddock/process-kit';

type Event =
  | { readonly kind: 'up'; readonly peer: number; readonly incarnation: number }
  | { readonly kind: 'down'; readonly peer: number; readonly incarnation: number }
  | { readonly kind: 'message'; readonly peer: number; readonly message: PeerMessage };

/** A transport with everything it reported, and its warnings. */
interface Node {
  readonly id: number;
  readonly transport: PeerTransport;
  readonly events: Event[];
  readonly warnings: string[];
}

const FAST: Partial<PeerTransportLimits> = { initialBackoffMs: 10, maxBackoffMs: 100, handshakeTimeoutMs: 2000 };

const open: PeerTransport[] = [];
const rawServers: Server[] = [];
const rawSockets: Socket[] = [];

afterEach(async () => {
  const transports = open.splice(0);
  await Promise.all(transports.map((t) => t.close()));
  for (const t of transports) expect(t.openSockets).toBe(0);
  for (const s of rawSockets.splice(0)) s.destroy();
  await Promise.all(rawServers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function members(n: number): Promise<QuorumServerEntry[]> {
  const out: QuorumServerEntry[] = [];
  for (let id = 1; id <= n; id++) {
    out.push({
      id, host: '127.0.0.1', quorumPort: await freePort(), electionPort: await freePort(),
      type: 'participant', clientAddress: null, clientPort: null,
    });
  }
  return out;
}

async function startNode(
  id: number,
  all: readonly QuorumServerEntry[],
  extra: { digest?: string; limits?: Partial<PeerTransportLimits>; dialAddresses?: ReadonlyMap<number, { host: string; port: number }> } = {},
): Promise<Node> {
  const events: Event[] = [];
  const warnings: string[] = [];
  const logger: Logger = { info() {}, trace() {}, warn: (m) => warnings.push(m), error: (m) => warnings.push(m) };
  const transport = new PeerTransport(
    {
      myId: id, members: all, logger, limits: { ...FAST, ...extra.limits },
      ...(extra.digest ? { ensembleDigest: extra.digest } : {}),
      ...(extra.dialAddresses ? { dialAddresses: extra.dialAddresses } : {}),
    },
    {
      onConnected: (peer, incarnation) => events.push({ kind: 'up', peer, incarnation }),
      onDisconnected: (peer, incarnation) => events.push({ kind: 'down', peer, incarnation }),
      onMessage: (peer, message) => events.push({ kind: 'message', peer, message }),
    },
  );
  open.push(transport);
  await transport.start();
  return { id, transport, events, warnings };
}

async function waitFor(what: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const concat = (a: Uint8Array, b: Uint8Array) => {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
};
/** A message with its byte arrays replaced by their length and CRC-32C. */
const fingerprint = (m: PeerMessage) =>
  JSON.stringify(m, (_, v: unknown) => (v instanceof Uint8Array ? `${v.length}:${crc32c(v)}` : v));
const meshed = (nodes: readonly Node[]) =>
  nodes.every((n) => n.transport.connectedPeers().length === nodes.length - 1);
const messagesFrom = (node: Node, peer: number) =>
  node.events.flatMap((e) => (e.kind === 'message' && e.peer === peer ? [e.message] : []));
const linkEvents = (node: Node, peer: number) =>
  node.events.filter((e) => e.kind !== 'message' && e.peer === peer).map((e) => `${e.kind} ${(e as { incarnation: number }).incarnation}`);

describe('peer transport', () => {
  it('forms a full mesh of three, each link with one incarnation agreed by both ends', async () => {
    const all = await members(3);
    const nodes = await Promise.all(all.map((m) => startNode(m.id, all)));
    await waitFor('the mesh', () => meshed(nodes));
    for (const a of nodes) {
      for (const b of nodes) {
        if (a === b) continue;
        expect(a.transport.incarnation(b.id)).toBe(b.transport.incarnation(a.id));
        expect(linkEvents(a, b.id)).toEqual([`up ${a.transport.incarnation(b.id)}`]);
      }
    }
    // Three links, each with one socket at each end.
    expect(nodes.map((n) => n.transport.openSockets)).toEqual([2, 2, 2]);
  });

  it('delivers messages in the order sent, both ways, large ones included', async () => {
    const all = await members(3);
    const nodes = await Promise.all(all.map((m) => startNode(m.id, all)));
    await waitFor('the mesh', () => meshed(nodes));
    const [n1, , n3] = nodes as [Node, Node, Node];
    const sent: PeerMessage[] = [];
    for (let i = 1; i <= 3000; i++) {
      const message: PeerMessage = i % 500 === 0
        ? { type: 'snap-chunk', attempt: i, bytes: new Uint8Array(100_000).fill(i & 0xff) }
        : { type: 'proposal', zxid: i, txn: new Uint8Array([i & 0xff, 1, 2]) };
      sent.push(message);
      expect(n3.transport.send(1, message)).toBe(true);
      expect(n1.transport.send(3, { type: 'ack', zxid: i })).toBe(true);
    }
    await waitFor('every message', () => messagesFrom(n1, 3).length === 3000 && messagesFrom(n3, 1).length === 3000);
    // Compared by checksums: a deep equality over megabytes of chunks takes seconds.
    expect(messagesFrom(n1, 3).map(fingerprint)).toEqual(sent.map(fingerprint));
    expect(messagesFrom(n3, 1).map((m) => (m as { zxid: number }).zxid)).toEqual(sent.map((_, i) => i + 1));
  });

  it('dials a member at its dial address (a proxy) instead of its server.N address, under the same digest', async () => {
    const all = await members(2);
    const n1 = await startNode(1, all);
    let relayed = 0;
    const proxy = createServer((downstream) => {
      relayed++;
      const upstream = connect({ host: '127.0.0.1', port: all[0]!.quorumPort });
      downstream.pipe(upstream).pipe(downstream);
      const teardown = () => {
        downstream.destroy();
        upstream.destroy();
      };
      downstream.on('error', teardown).on('close', teardown);
      upstream.on('error', teardown).on('close', teardown);
      rawSockets.push(downstream, upstream);
    });
    rawServers.push(proxy);
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const proxyPort = (proxy.address() as { port: number }).port;
    const n2 = await startNode(2, all, { dialAddresses: new Map([[1, { host: '127.0.0.1', port: proxyPort }]]) });
    await waitFor('the link through the proxy', () => meshed([n1, n2]));
    expect(relayed).toBe(1);
    expect(n2.transport.send(1, { type: 'ack', zxid: 7 })).toBe(true);
    await waitFor('the message', () => messagesFrom(n1, 2).length === 1);
    // Cutting the proxy's connections drops the link; the dialer comes back through the proxy.
    for (const s of rawSockets.splice(0)) s.destroy();
    await waitFor('a second link', () => n2.transport.incarnation(1) === 2 && meshed([n1, n2]));
    expect(relayed).toBe(2);
  });

  it('drops a message to a peer with no link', async () => {
    const all = await members(2);
    const n2 = await startNode(2, all);
    expect(n2.transport.send(1, { type: 'uptodate' })).toBe(false);
  });

  for (const killer of ['dialer', 'acceptor'] as const) {
    it(`a killed socket (at the ${killer}) is a disconnect then a reconnect, with a new incarnation at both ends`, async () => {
      const all = await members(3);
      const nodes = await Promise.all(all.map((m) => startNode(m.id, all)));
      await waitFor('the mesh', () => meshed(nodes));
      const [n1, n2] = nodes as [Node, Node, Node];
      const first = n1.transport.incarnation(2)!;
      (killer === 'dialer' ? n2.transport : n1.transport).disconnect(killer === 'dialer' ? 1 : 2);
      // The other link of each is untouched.
      await waitFor('the new link', () => (n1.transport.incarnation(2) ?? 0) > first && (n2.transport.incarnation(1) ?? 0) > first);
      const second = n1.transport.incarnation(2)!;
      expect(n2.transport.incarnation(1)).toBe(second);
      expect(linkEvents(n1, 2)).toEqual([`up ${first}`, `down ${first}`, `up ${second}`]);
      expect(linkEvents(n2, 1)).toEqual([`up ${first}`, `down ${first}`, `up ${second}`]);
      expect(linkEvents(n1, 3)).toHaveLength(1);
      n2.transport.send(1, { type: 'commit', zxid: 42 });
      await waitFor('a message on the new link', () => messagesFrom(n1, 2).length === 1);
      expect(messagesFrom(n1, 2)).toEqual([{ type: 'commit', zxid: 42 }]);
    });
  }

  it('an accepted hello from a linked member replaces its link: down, then up', async () => {
    const all = await members(2);
    const nodes = await Promise.all(all.map((m) => startNode(m.id, all)));
    await waitFor('the link', () => meshed(nodes));
    const [n1, n2] = nodes as [Node, Node];
    const first = n1.transport.incarnation(2)!;
    // As a restarted server 2 would, before server 1 noticed the old connection die.
    const reply = await rawHandshake(all[0]!.quorumPort, encodeHello({ ensembleDigest: ensembleDigest(all), fromId: 2, toId: 1, incarnation: 1 }));
    expect(reply).toEqual({ accepted: true, version: PEER_PROTOCOL_VERSION, serverId: 1, incarnation: first + 1 });
    expect(linkEvents(n1, 2)).toEqual([`up ${first}`, `down ${first}`, `up ${first + 1}`]);
    // The real server 2 lost its link to that replacement, redials, and replaces it in turn.
    await waitFor('server 2 back', () => (n2.transport.incarnation(1) ?? 0) > first + 1);
    expect(linkEvents(n1, 2)).toEqual([`up ${first}`, `down ${first}`, `up ${first + 1}`, `down ${first + 1}`, `up ${first + 2}`]);
    expect(linkEvents(n2, 1)).toEqual([`up ${first}`, `down ${first}`, `up ${first + 2}`]);
  });

  it('a restarted member links again with an incarnation larger than before its restart', async () => {
    const all = await members(3);
    const nodes = await Promise.all(all.map((m) => startNode(m.id, all)));
    await waitFor('the mesh', () => meshed(nodes));
    const [n1, n2, n3] = nodes as [Node, Node, Node];
    const before = n1.transport.incarnation(3)!;
    await n3.transport.close();
    await waitFor('both see it go', () => n1.transport.incarnation(3) === undefined && n2.transport.incarnation(3) === undefined);
    const restarted = await startNode(3, all);
    await waitFor('the mesh again', () => meshed([n1, n2, restarted]));
    expect(n1.transport.incarnation(3)!).toBeGreaterThan(before);
    expect(restarted.transport.incarnation(1)).toBe(n1.transport.incarnation(3));
    expect(linkEvents(n1, 3)).toEqual([`up ${before}`, `down ${before}`, `up ${n1.transport.incarnation(3)}`]);
  });

  it('refuses a peer of another ensemble, and keeps redialing with backoff', async () => {
    const all = await members(2);
    const n1 = await startNode(1, all);
    const stranger = await startNode(2, all, { digest: ensembleDigest(all.map((m) => ({ ...m, electionPort: m.electionPort + 1 }))) });
    await waitFor('two refusals', () => stranger.warnings.filter((w) => w.includes('refused the connection')).length >= 2);
    expect(n1.warnings.some((w) => w.includes('server 2 belongs to another ensemble'))).toBe(true);
    expect(n1.events).toEqual([]);
    expect(stranger.events).toEqual([]);
  });

  it('refuses a hello for another server id, from a non-member, or from a smaller id', async () => {
    const all = await members(3);
    const n2 = await startNode(2, all);
    const digest = ensembleDigest(all);
    const cases = [
      { hello: { fromId: 3, toId: 1 }, reason: 'it wanted server 1, this is server 2' },
      { hello: { fromId: 9, toId: 2 }, reason: 'server 9 is not a member' },
      { hello: { fromId: 1, toId: 2 }, reason: 'server 1 must wait for server 2 to dial it' },
    ];
    for (const { hello, reason } of cases) {
      const reply = await rawHandshake(all[1]!.quorumPort, encodeHello({ ensembleDigest: digest, incarnation: 1, ...hello }));
      expect(reply).toMatchObject({ accepted: false });
      expect((reply as { reason: string }).reason).toContain(reason);
    }
    expect(n2.events).toEqual([]);
  });

  it('a dialer refuses a listener that answers as another server', async () => {
    const all = await members(2);
    // Something on server 1's port that accepts as server 7.
    rawServers.push(await rawListener(all[0]!.quorumPort, (socket, hello) => {
      socket.write(encodePeerFrame(encodeAccept(7, hello.incarnation)));
    }));
    const n2 = await startNode(2, all);
    await waitFor('a refusal', () => n2.warnings.some((w) => w.includes('answered as server 7')));
    expect(n2.events).toEqual([]);
  });

  it('drops the link when its send queue passes the bound, and when a message is over the frame limit', async () => {
    const all = await members(2);
    // Server 1 completes the handshake and then stops reading, so the queue can only grow.
    rawServers.push(await rawListener(all[0]!.quorumPort, (socket, hello) => {
      socket.write(encodePeerFrame(encodeAccept(1, hello.incarnation)));
      socket.pause();
    }));
    const limits = { maxFrameBytes: 64 * 1024, maxQueuedBytes: 256 * 1024 };
    const n2 = await startNode(2, all, { limits });
    await waitFor('the link', () => n2.transport.incarnation(1) !== undefined);
    const big: PeerMessage = { type: 'snap-chunk', attempt: 1, bytes: new Uint8Array(60 * 1024) };
    let accepted = 0;
    // One send per turn, so each turn's frames reach the socket: the kernel's buffers take some
    // megabytes first; then the user-space queue fills.
    while (n2.transport.send(1, big)) {
      accepted += 1;
      expect(accepted).toBeLessThan(10_000);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(accepted * 60 * 1024).toBeGreaterThan(limits.maxQueuedBytes);
    expect(n2.warnings.at(-1)).toContain('the send queue is over maxQueuedBytes');
    await waitFor('the disconnect', () => linkEvents(n2, 1).length === 2);
    const first = (n2.events[0] as { incarnation: number }).incarnation;
    expect(linkEvents(n2, 1)).toEqual([`up ${first}`, `down ${first}`]);

    await waitFor('a new link', () => (n2.transport.incarnation(1) ?? 0) > first);
    expect(n2.transport.send(1, { type: 'snap-chunk', attempt: 2, bytes: new Uint8Array(65 * 1024) })).toBe(false);
    expect(n2.warnings.at(-1)).toContain('a snap-chunk message over maxFrameBytes');
    await waitFor('the second disconnect', () => linkEvents(n2, 1).length === 4);
  });

  const corruptions = {
    'a corrupted frame': () => {
      const frame = encodePeerFrame(encodePeerMessage({ type: 'uptodate' }));
      frame[frame.length - 1] = frame[frame.length - 1]! ^ 1;
      return frame;
    },
    'a checked frame that is no message': () => encodePeerFrame(new Uint8Array([0, 0, 0, 99])),
  };
  for (const [what, bytes] of Object.entries(corruptions)) {
    it(`drops a link on ${what}`, async () => {
      const all = await members(2);
      let server1: Socket | undefined;
      rawServers.push(await rawListener(all[0]!.quorumPort, (socket, hello) => {
        socket.write(encodePeerFrame(encodeAccept(1, hello.incarnation)));
        server1 = socket;
      }));
      const n2 = await startNode(2, all);
      await waitFor('the link', () => server1 !== undefined && n2.transport.incarnation(1) !== undefined);
      server1!.write(concat(encodePeerFrame(encodePeerMessage({ type: 'commit', zxid: 1 })), bytes()));
      await waitFor('the disconnect', () => linkEvents(n2, 1).length === 2);
      // What came before the damage is delivered; nothing after it.
      expect(messagesFrom(n2, 1)).toEqual([{ type: 'commit', zxid: 1 }]);
    });
  }

  it('closes a connection that never completes its handshake', async () => {
    const all = await members(2);
    const n1 = await startNode(1, all, { limits: { handshakeTimeoutMs: 50 } });
    const socket = connect({ host: '127.0.0.1', port: all[0]!.quorumPort });
    rawSockets.push(socket);
    await new Promise((resolve) => socket.once('close', resolve));
    await waitFor('the server side to close', () => n1.transport.openSockets === 0);
  });
});

/** Sends `hello` in a frame to `port` and returns the decoded reply. */
async function rawHandshake(port: number, hello: Uint8Array): Promise<ReturnType<typeof decodeHelloReply>> {
  const socket = connect({ host: '127.0.0.1', port });
  rawSockets.push(socket);
  const reader = new PeerFrameReader(1 << 20);
  socket.write(encodePeerFrame(hello));
  return new Promise((resolve, reject) => {
    socket.on('data', (chunk) => {
      for (const event of reader.push(chunk)) {
        if (event.kind === 'frame') resolve(decodeHelloReply(event.payload));
        else reject(new Error(event.reason));
      }
    });
    socket.on('close', () => reject(new Error('closed without a reply')));
  });
}

/** A bare listener on `port` that reads the hello and hands the socket to `onHello`. */
async function rawListener(port: number, onHello: (socket: Socket, hello: { incarnation: number }) => void): Promise<Server> {
  const server = createServer((socket) => {
    rawSockets.push(socket);
    const reader = new PeerFrameReader(1 << 20);
    let greeted = false;
    socket.on('data', (chunk) => {
      for (const event of reader.push(chunk)) {
        if (event.kind === 'frame' && !greeted) {
          greeted = true;
          onHello(socket, decodeHello(event.payload));
        }
      }
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}
