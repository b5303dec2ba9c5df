/** Client bookkeeping for the real-server suites: every client opened is closed afterwards. */
import { createClient, type ClientOptions, type ZooKeeperClient } from '../../src/index';

/**
 * Fast reconnects: the Java defaults (up to 1 s jitter, 1 s spin) would only slow the tests.
 * `PADDOCK_CLIENT_DEBUG=1` prints the sessions' logs.
 */
export const FAST_RECONNECT: ClientOptions = {
  reconnectJitterMs: 50,
  spinDelayMs: 100,
  ...(process.env.PADDOCK_CLIENT_DEBUG === undefined ? {} : { logger: (level, message) => console.log(`[client ${Date.now() % 100_000}] ${level} ${message}`) }),
};

export class Clients {
  private readonly open: ZooKeeperClient[] = [];

  /** Creates a connected client. */
  async connect(connectString: string, options: ClientOptions = {}): Promise<ZooKeeperClient> {
    const client = createClient(connectString, { sessionTimeoutMs: 10_000, ...FAST_RECONNECT, ...options });
    this.open.push(client);
    await client.waitForConnected(15_000);
    return client;
  }

  /** Creates a client without waiting for its session. */
  create(connectString: string, options: ClientOptions = {}): ZooKeeperClient {
    const client = createClient(connectString, { sessionTimeoutMs: 10_000, ...FAST_RECONNECT, ...options });
    this.open.push(client);
    return client;
  }

  async closeAll(): Promise<void> {
    const clients = this.open.splice(0);
    await Promise.all(clients.map((c) => c.close()));
  }
}

/** Polls `check` until it returns true or `timeoutMs` passes. */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

export function text(data: Uint8Array | null): string | null {
  return data === null ? null : new TextDecoder().decode(data);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
