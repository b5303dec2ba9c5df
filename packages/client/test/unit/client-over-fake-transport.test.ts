import { afterEach, describe, expect, it } from 'vitest';
import {
  decodeConnectRequest, decodeRequest, encodeConnectResponse, encodeReply, encodeWatcherEvent, EventType, frame, FrameDecoder,
  OpCode, type DecodedRequest, type Response, type Stat,
} from '@paddock/protocol';
import { createClient, type Transport, type TransportHandlers, type ZooKeeperClient } from '../../src/index';

const STAT: Stat = {
  czxid: 1n, mzxid: 1n, ctime: 0n, mtime: 0n, version: 0, cversion: 0, aversion: 0, ephemeralOwner: 0n, dataLength: 0, numChildren: 0, pzxid: 1n,
};

/** An in-memory server end: records what the client writes and answers by hand. */
class FakeServer {
  readonly connections: Array<{ handlers: TransportHandlers; closed: boolean; requests: Array<DecodedRequest & { ok: true }> }> = [];

  readonly transport: Transport = (_host, handlers) => {
    const decoder = new FrameDecoder({ fourLetterWords: false });
    const conn = { handlers, closed: false, requests: [] as Array<DecodedRequest & { ok: true }> };
    let handshaken = false;
    this.connections.push(conn);
    queueMicrotask(() => handlers.onOpen());
    return {
      send: (bytes) => {
        for (const event of decoder.push(bytes)) {
          if (event.kind !== 'frame') throw new Error('bad frame');
          if (!handshaken) {
            handshaken = true;
            decodeConnectRequest(event.payload);
            queueMicrotask(() => handlers.onData(frame(encodeConnectResponse({
              protocolVersion: 0, timeOut: 30_000, sessionId: 42n, passwd: new Uint8Array(16), readOnly: false,
            }))));
            continue;
          }
          const request = decodeRequest(event.payload);
          if (!request.ok) throw new Error(request.reason);
          conn.requests.push(request);
          // Answer closeSession as a server does, so close() ends at once rather than timing out.
          if (request.type === OpCode.closeSession) {
            queueMicrotask(() => handlers.onData(frame(encodeReply({ xid: request.xid, zxid: 7n, err: 0 }, null))));
          }
        }
      },
      close: () => {
        conn.closed = true;
      },
    };
  };

  get current() {
    return this.connections[this.connections.length - 1]!;
  }

  reply(xid: number, body: Response | null, err = 0): void {
    this.current.handlers.onData(frame(encodeReply({ xid, zxid: 7n, err }, body)));
  }

  notify(type: number, path: string): void {
    this.current.handlers.onData(frame(encodeWatcherEvent(-1n, { type, state: 3, path })));
  }
}

let client: ZooKeeperClient | undefined;
afterEach(async () => {
  await client?.close().catch(() => {});
  client = undefined;
});

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
}

describe('the client over a scripted transport', () => {
  it('a request issued from inside a watch listener goes out in xid order behind those in flight', async () => {
    const server = new FakeServer();
    client = createClient('fake:1', { transport: server.transport, random: () => 0 });
    await client.waitForConnected();
    const c = client;
    const followUp: Promise<unknown>[] = [];
    const first = c.getData('/a', { watch: () => followUp.push(c.exists('/from-listener')) });
    await until(() => server.current.requests.length === 1);
    server.reply(1, { op: OpCode.getData, data: null, stat: STAT });
    await first;
    const second = c.exists('/b');
    await until(() => server.current.requests.length === 2);
    // One chunk: the event, then the reply to /b. The listener's request must be written after
    // /b's, which was already in flight, so its xid is 3.
    server.notify(EventType.NodeDataChanged, '/a');
    server.reply(2, { op: OpCode.exists, stat: STAT });
    await second;
    await until(() => server.current.requests.length === 3);
    expect(server.current.requests.map((r) => [r.xid, 'path' in r.request ? r.request.path : ''])).toEqual([
      [1, '/a'], [2, '/b'], [3, '/from-listener'],
    ]);
    server.reply(3, null, -101);
    expect(await followUp[0]).toBeNull();
  });

  it('fails a request that gets no reply in requestTimeoutMs and reconnects', async () => {
    const server = new FakeServer();
    client = createClient('fake:1', { transport: server.transport, random: () => 0, requestTimeoutMs: 50, reconnectJitterMs: 0, retry: { maxRetries: 0, baseDelayMs: 0, maxDelayMs: 0 } });
    await client.waitForConnected();
    const states: string[] = [];
    client.onStateChange((s) => states.push(s));
    await expect(client.getData('/slow')).rejects.toMatchObject({ name: 'RequestTimeout', path: '/slow' });
    expect(server.connections[0]!.closed).toBe(true);
    await until(() => client!.state === 'Reconnected');
    expect(states).toEqual(['Disconnected', 'Reconnected']);
  });

  it('retries idempotent reads across a reconnect, but not writes', async () => {
    const server = new FakeServer();
    client = createClient('fake:1', { transport: server.transport, random: () => 0, reconnectJitterMs: 0, retry: { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 5 } });
    await client.waitForConnected();
    const read = client.getData('/r');
    const write = client.setData('/w', 'x');
    await until(() => server.current.requests.length === 2);
    server.current.handlers.onClose('reset');
    await expect(write).rejects.toMatchObject({ name: 'ConnectionLoss' });
    await until(() => server.connections.length === 2 && server.current.requests.length === 1);
    expect(server.current.requests[0]!.request).toMatchObject({ op: OpCode.getData, path: '/r' });
    server.reply(server.current.requests[0]!.xid, { op: OpCode.getData, data: Uint8Array.of(1), stat: STAT });
    expect((await read).data).toEqual(Uint8Array.of(1));
  });

  it('one listener watching a path several ways hears each event once, as a Java Watcher does', async () => {
    const server = new FakeServer();
    client = createClient('fake:1', { transport: server.transport, random: () => 0 });
    await client.waitForConnected();
    const heard: string[] = [];
    const listener = (e: { type: string; path: string }): void => void heard.push(`${e.type} ${e.path}`);
    const reads = [client.getData('/a', { watch: listener }), client.exists('/a', { watch: listener }), client.getData('/a', { watch: listener })];
    await until(() => server.current.requests.length === 3);
    server.reply(1, { op: OpCode.getData, data: null, stat: STAT });
    server.reply(2, { op: OpCode.exists, stat: STAT });
    server.reply(3, { op: OpCode.getData, data: null, stat: STAT });
    await Promise.all(reads);
    server.notify(EventType.NodeDataChanged, '/a');
    await until(() => heard.length === 1);
    await new Promise((r) => setTimeout(r, 20));
    expect(heard).toEqual(['NodeDataChanged /a']);
  });

  it('runs on injected timers: a request times out when the virtual clock says so, not before', async () => {
    const server = new FakeServer();
    let now = 0;
    const pending = new Map<number, { at: number; fire: () => void }>();
    let nextTimer = 1;
    const advance = (ms: number): void => {
      now += ms;
      for (const [id, timer] of [...pending].sort((a, b) => a[1].at - b[1].at)) {
        if (timer.at > now) continue;
        pending.delete(id);
        timer.fire();
      }
    };
    client = createClient('fake:1', {
      transport: server.transport, random: () => 0, requestTimeoutMs: 5_000, retry: { maxRetries: 0, baseDelayMs: 0, maxDelayMs: 0 },
      timers: {
        now: () => now,
        setTimer: (fire, delayMs) => {
          pending.set(nextTimer, { at: now + delayMs, fire });
          return nextTimer++;
        },
        clearTimer: (id) => void pending.delete(id as number),
      },
    });
    await client.waitForConnected();
    expect(client.runtime.now()).toBe(0);
    expect(pending.size).toBeGreaterThan(0); // the session's wake-ups run on the injected timers
    const outcome = client.getData('/slow').then(() => 'replied', (e: { name: string }) => e.name);
    await until(() => server.current.requests.length === 1);
    // Real time passes, virtual time does not: no timeout.
    await new Promise((r) => setTimeout(r, 50));
    advance(4_000);
    await new Promise((r) => setTimeout(r, 10));
    expect(server.connections[0]!.closed).toBe(false);
    advance(1_500);
    expect(await outcome).toBe('RequestTimeout');
    expect(server.connections[0]!.closed).toBe(true);
    // Closing waits for the server's answer or the virtual timeout: run the clock until it ends.
    let closed = false;
    void client.close().then(() => (closed = true));
    for (let i = 0; i < 100 && !closed; i++) {
      advance(1_000);
      await new Promise((r) => setTimeout(r, 1));
    }
    expect(closed).toBe(true);
    client = undefined;
  });
});
