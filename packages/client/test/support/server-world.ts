/**
 * The setup every real-server suite shares: one server per describe block, and the clients and
 * TCP proxies a test opens closed after it.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { ClientOptions, ZooKeeperClient } from '../../src/index';
import { Clients } from './clients';
import { killEverything, startServer, startTcpProxy, type RunningServer, type ServerKind, type TcpProxy } from './servers';

export interface ServerWorld {
  /** The block's server (started in beforeAll). */
  readonly server: RunningServer;
  readonly clients: Clients;
  /** `n` clients connected straight to the server. */
  many(n: number, options?: ClientOptions): Promise<ZooKeeperClient[]>;
  /** A TCP proxy in front of the server, which the test can cut. */
  openProxy(): Promise<TcpProxy>;
  /** A client connected through a fresh proxy, for tests that cut it off. */
  cutOffClient(sessionTimeoutMs: number): Promise<{ zk: ZooKeeperClient; proxy: TcpProxy }>;
}

/** Registers the block's hooks; call it directly inside `describe`. */
export function useServerWorld(kind: ServerKind, tickTime = 200): ServerWorld {
  let running: RunningServer | undefined;
  const clients = new Clients();
  const proxies: TcpProxy[] = [];
  beforeAll(async () => {
    running = await startServer(kind, { tickTime });
  });
  afterEach(async () => {
    await clients.closeAll();
    await Promise.all(proxies.splice(0).map((p) => p.close()));
  });
  afterAll(async () => {
    await running?.stop();
    killEverything();
  });
  const world: ServerWorld = {
    get server(): RunningServer {
      if (!running) throw new Error('the server is not started yet (use it inside a test or hook)');
      return running;
    },
    clients,
    many: (n, options) => Promise.all(Array.from({ length: n }, () => clients.connect(world.server.connectString, options))),
    async openProxy() {
      const proxy = await startTcpProxy(world.server.port);
      proxies.push(proxy);
      return proxy;
    },
    async cutOffClient(sessionTimeoutMs) {
      const proxy = await world.openProxy();
      return { zk: await clients.connect(proxy.connectString, { sessionTimeoutMs }), proxy };
    },
  };
  return world;
}
