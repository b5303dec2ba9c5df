import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ErrorCode, EventType, OpCode } from '@paddock/protocol';
import { startServer, type EmbeddedServer } from '../src/index';
import { RawClient, text } from './support/raw-client';
import { removeTempDirs, tempDir } from './support/temp-dir';

const running: EmbeddedServer[] = [];

async function start(dataDir?: string, settings: Record<string, string> = {}): Promise<EmbeddedServer> {
  const server = await startServer({ dataDir: dataDir ?? (await tempDir()), settings });
  running.push(server);
  return server;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});
afterAll(removeTempDirs);

describe('the client port', () => {
  it('serves a session: create, getData, setData with a watch, delete', async () => {
    const server = await start();
    const { client, session } = await RawClient.connect(server.port);
    expect(session.sessionId).not.toBe(0n);
    expect(session.timeOut).toBe(30_000);
    expect(session.passwd.length).toBe(16);

    const created = await client.create('/a', 'one');
    expect(created.header.err).toBe(0);
    expect(created.body).toEqual({ op: OpCode.create, path: '/a' });

    const read = await client.call({ op: OpCode.getData, path: '/a', watch: true });
    expect(read.header.err).toBe(0);
    expect(read.body?.op === OpCode.getData && text(read.body.data)).toBe('one');

    const set = await client.call({ op: OpCode.setData, path: '/a', data: new TextEncoder().encode('two'), version: 0 });
    expect(set.header.err).toBe(0);
    expect(set.body).toMatchObject({ stat: { version: 1 } });
    // The watch event reaches the client before the reply to the write that fired it.
    const order = client.received.map((r) => r.kind);
    expect(order.slice(-2)).toEqual(['event', 'reply']);
    expect(client.events).toEqual([{ type: EventType.NodeDataChanged, state: 3, path: '/a' }]);

    const again = await client.call({ op: OpCode.getData, path: '/a', watch: false });
    expect(again.body?.op === OpCode.getData && text(again.body.data)).toBe('two');
    expect((await client.call({ op: OpCode.delete, path: '/a', version: -1 })).header.err).toBe(0);
    expect((await client.call({ op: OpCode.exists, path: '/a', watch: false })).header.err).toBe(ErrorCode.NoNode);
    await client.closeSession();
    expect(server.inspect().sessions).toHaveLength(0);
  });

  it('answers pipelined requests in order, each write acknowledged with its zxid', async () => {
    const server = await start();
    const { client } = await RawClient.connect(server.port);
    const replies = await Promise.all(Array.from({ length: 50 }, (_, i) => client.create(`/p${i}`)));
    const zxids = replies.map((r) => r.header.zxid);
    expect(replies.every((r) => r.header.err === 0)).toBe(true);
    expect(zxids).toEqual([...zxids].sort((a, b) => (a < b ? -1 : 1)));
    expect(client.received.map((r) => (r.kind === 'reply' ? r.xid : -1))).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    client.destroy();
  });

  it('closes a connection whose frame length is over jute.maxbuffer (Len error)', async () => {
    const server = await start(undefined, { 'jute.maxbuffer': '1024' });
    const { client } = await RawClient.connect(server.port);
    const header = Buffer.alloc(4);
    header.writeInt32BE(4096);
    client.writeRaw(header);
    await client.closed;
    const other = await RawClient.connect(server.port);
    expect((await other.client.create('/still-serving')).header.err).toBe(0);
    other.client.destroy();
  });

  it('closes a connection that sends a frame too short for a request header', async () => {
    const server = await start();
    const { client } = await RawClient.connect(server.port);
    client.writeRaw(Uint8Array.of(0, 0, 0, 2, 1, 2));
    await client.closed;
  });

  it('serves 200 concurrent connections, each with its own session and writes', async () => {
    // All from 127.0.0.1, so the per-address limit (60 by default) is lifted.
    const server = await start(undefined, { maxClientCnxns: '0' });
    const clients = await Promise.all(Array.from({ length: 200 }, () => RawClient.connect(server.port)));
    expect(new Set(clients.map((c) => c.session.sessionId)).size).toBe(200);
    await Promise.all(
      clients.map(async ({ client }, i) => {
        expect((await client.create(`/c${i}`, String(i))).header.err).toBe(0);
        const read = await client.call({ op: OpCode.getData, path: `/c${i}`, watch: false });
        expect(read.body?.op === OpCode.getData && text(read.body.data)).toBe(String(i));
        expect((await client.create(`/c${i}/child`)).header.err).toBe(0);
      }),
    );
    const view = server.inspect();
    expect(view.sessions).toHaveLength(200);
    expect(view.nodeCount).toBe(4 + 400);
    for (const { client } of clients) client.destroy();
  });

  it('throttles a connection past its outstanding limit and still answers everything in order', async () => {
    const server = await start(undefined, { globalOutstandingLimit: '50' });
    const { client } = await RawClient.connect(server.port);
    const replies = await Promise.all(Array.from({ length: 2000 }, (_, i) => (i % 2 === 0 ? client.create(`/t${i}`) : client.call({ op: OpCode.exists, path: `/t${i - 1}`, watch: false }))));
    expect(replies.every((r) => r.header.err === 0)).toBe(true);
    expect(client.received.map((r) => (r.kind === 'reply' ? r.xid : -1))).toEqual(Array.from({ length: 2000 }, (_, i) => i + 1));
    client.destroy();
  });

  it('expires a silent session after its timeout, deleting its ephemerals', async () => {
    const server = await start(undefined, { tickTime: '50' });
    const { client, session } = await RawClient.connect(server.port, { timeOut: 100 });
    expect(session.timeOut).toBe(100);
    expect((await client.create('/gone', '', 1)).header.err).toBe(0);
    client.destroy();
    const deadline = Date.now() + 5_000;
    while (server.inspect().sessions.length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(server.inspect().sessions).toHaveLength(0);
    expect(server.inspect().ephemeralCount).toBe(0);
  });

  it('refuses connections beyond maxClientCnxns from one address', async () => {
    const server = await start(undefined, { maxClientCnxns: '2' });
    const a = await RawClient.connect(server.port);
    const b = await RawClient.connect(server.port);
    const third = await RawClient.open(server.port);
    await third.closed;
    a.client.destroy();
    b.client.destroy();
  });
});

describe('restart on the same data directory', () => {
  it('keeps the data and the sessions, which reconnect with their password', async () => {
    const dataDir = await tempDir();
    const first = await start(dataDir);
    const { client, session } = await RawClient.connect(first.port);
    expect((await client.create('/kept', 'value')).header.err).toBe(0);
    expect((await client.create('/eph', '', 1)).header.err).toBe(0);
    const lastZxid = (await client.call({ op: OpCode.exists, path: '/kept', watch: false })).header.zxid;
    client.destroy();
    await first.close();

    const second = await start(dataDir);
    expect(second.inspect().lastZxid).toBe(Number(lastZxid));
    const resumed = await RawClient.connect(second.port, { sessionId: session.sessionId, passwd: session.passwd, lastZxidSeen: lastZxid });
    expect(resumed.session.sessionId).toBe(session.sessionId);
    expect(resumed.session.timeOut).toBeGreaterThan(0);
    const read = await resumed.client.call({ op: OpCode.getData, path: '/kept', watch: false });
    expect(read.body?.op === OpCode.getData && text(read.body.data)).toBe('value');
    const eph = await resumed.client.call({ op: OpCode.exists, path: '/eph', watch: false });
    expect(eph.body).toMatchObject({ stat: { ephemeralOwner: session.sessionId } });

    const wrong = await RawClient.connect(second.port, { sessionId: session.sessionId, passwd: new Uint8Array(16) });
    expect(wrong.session.sessionId).toBe(0n);
    expect(wrong.session.timeOut).toBe(0);
    await wrong.client.closed;
    resumed.client.destroy();
  });

  it('keeps the data across snapshots and log rolls', async () => {
    const dataDir = await tempDir();
    const first = await start(dataDir, { snapCount: '10' });
    const { client } = await RawClient.connect(first.port);
    for (let i = 0; i < 60; i++) expect((await client.create(`/n${i}`, String(i))).header.err).toBe(0);
    client.destroy();
    await first.close();
    const second = await start(dataDir, { snapCount: '10' });
    const { client: again } = await RawClient.connect(second.port);
    const children = await again.call({ op: OpCode.getChildren, path: '/', watch: false });
    expect(children.body?.op === OpCode.getChildren && children.body.children.length).toBe(61);
    again.destroy();
  });
});
