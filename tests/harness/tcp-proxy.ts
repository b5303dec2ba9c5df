import { createServer, connect, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  readonly port: number;
  readonly connectString: string;
  /** Simulates a network cut: drops every open connection and refuses new ones. */
  cut(): void;
  /** Lets connections through again. */
  restore(): void;
  /** How many client connections have been accepted so far (reconnects included). */
  readonly accepted: number;
  close(): Promise<void>;
}

/**
 * A loopback TCP relay in front of a server. Cutting it lets a test take one client offline
 * while the server and other clients carry on, which is how a client comes back with an old
 * lastZxidSeen and its watches (SetWatches replay) or after its session expired.
 */
export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  const pairs = new Set<[Socket, Socket]>();
  let open = true;
  let accepted = 0;

  const server: Server = createServer((downstream) => {
    if (!open) {
      downstream.destroy();
      return;
    }
    accepted += 1;
    const upstream = connect({ host: targetHost, port: targetPort });
    const pair: [Socket, Socket] = [downstream, upstream];
    pairs.add(pair);
    const teardown = (): void => {
      pairs.delete(pair);
      downstream.destroy();
      upstream.destroy();
    };
    downstream.on('error', teardown).on('close', teardown);
    upstream.on('error', teardown).on('close', teardown);
    downstream.pipe(upstream);
    upstream.pipe(downstream);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no port');
  const port = address.port;

  const proxy: TcpProxy = {
    port,
    connectString: `127.0.0.1:${port}`,
    get accepted() {
      return accepted;
    },
    cut() {
      open = false;
      for (const [down, up] of pairs) {
        down.destroy();
        up.destroy();
      }
      pairs.clear();
    },
    restore() {
      open = true;
    },
    close() {
      proxy.cut();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  return proxy;
}
