import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { LinkProxy } from '../src/cluster/link-proxy.js';

/** An echo server on loopback that uppercases, so replies are told apart from requests. */
async function echoServer(): Promise<{ server: Server; port: number }> {
  const server = createServer((s) => s.on('data', (d) => s.write(d.toString().toUpperCase())).on('error', () => {}));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { server, port: (server.address() as { port: number }).port };
}

function client(port: number): Promise<{ socket: Socket; received: () => string; closed: () => string | undefined }> {
  return new Promise((resolve, reject) => {
    let text = '';
    let closedWith: string | undefined;
    const socket = connect({ host: '127.0.0.1', port }, () => resolve({ socket, received: () => text, closed: () => closedWith }));
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => (text += d));
    socket.on('error', (e: NodeJS.ErrnoException) => (closedWith = e.code ?? e.message));
    socket.on('close', () => (closedWith ??= 'closed'));
    socket.once('error', reject);
  });
}

/** How a new connection ends when the proxy refuses it: its error code, or 'closed'. */
function endOfConnection(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    socket.on('close', () => resolve('closed'));
  });
}

async function until(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function setup(): Promise<LinkProxy> {
  const { server, port } = await echoServer();
  const proxy = new LinkProxy(port, 'test');
  await proxy.start();
  cleanups.push(() => proxy.close(), () => new Promise<void>((r) => server.close(() => r())));
  return proxy;
}

describe('LinkProxy', () => {
  it('relays both ways until cut, resets the connection on cut, refuses while cut and relays again after heal', async () => {
    const proxy = await setup();
    const a = await client(proxy.port);
    cleanups.push(() => void a.socket.destroy());
    a.socket.write('hello');
    await until(() => a.received() === 'HELLO');

    proxy.cut();
    await until(() => a.closed() !== undefined);
    expect(a.closed()).toBe('ECONNRESET');
    expect(await endOfConnection(proxy.port)).toBe('ECONNRESET');

    proxy.heal();
    const b = await client(proxy.port);
    cleanups.push(() => void b.socket.destroy());
    b.socket.write('again');
    await until(() => b.received() === 'AGAIN');
  });

  it('holds one direction without closing anything, and releases the held bytes in order on heal', async () => {
    const proxy = await setup();
    const a = await client(proxy.port);
    cleanups.push(() => void a.socket.destroy());
    proxy.hold('backward');
    a.socket.write('one');
    a.socket.write('two');
    await new Promise((r) => setTimeout(r, 300));
    expect(a.received()).toBe('');
    expect(a.closed()).toBeUndefined();
    proxy.heal();
    await until(() => a.received() === 'ONETWO');
  });

  it('holds the forward direction of connections accepted while holding', async () => {
    const proxy = await setup();
    proxy.hold('forward');
    const a = await client(proxy.port);
    cleanups.push(() => void a.socket.destroy());
    a.socket.write('late');
    await new Promise((r) => setTimeout(r, 300));
    expect(a.received()).toBe('');
    proxy.heal();
    await until(() => a.received() === 'LATE');
  });
});
