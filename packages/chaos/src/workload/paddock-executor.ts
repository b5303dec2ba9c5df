import { createClient, KeeperError, NO_RETRY, type Stat, type ZooKeeperClient } from '@paddock/client';
import { DEFINITE_FAILURES, type NodeState, type OpReport } from './history.js';
import type { OpRequest } from './op-chooser.js';

export interface ExecutorOptions {
  readonly connectString: string;
  readonly sessionTimeoutMs: number;
  /** A request without a reply after this long counts as an unknown outcome. */
  readonly requestTimeoutMs: number;
}

/**
 * Runs operations with our own client (@paddock/client), one at a time, without retries, so
 * that each reply's header zxid is the client's `lastZxid` right after it. When the session
 * expires, the next operation opens a new one.
 */
export class PaddockExecutor {
  private client: ZooKeeperClient | undefined;

  constructor(
    private readonly worker: string,
    private readonly options: ExecutorOptions,
  ) {}

  /** The current session's id in hex, connecting first if needed; undefined if none could be had. */
  async session(): Promise<string | undefined> {
    const client = this.current();
    try {
      await client.waitForConnected(this.options.sessionTimeoutMs);
      return client.sessionId.toString(16);
    } catch {
      if (client.state === 'Expired' || client.state === 'AuthFailed') this.client = undefined;
      return undefined;
    }
  }

  async execute(request: OpRequest): Promise<OpReport> {
    const client = this.current();
    const session = client.sessionId.toString(16);
    const invokeMs = Date.now();
    const base = { worker: this.worker, client: 'paddock' as const, session, kind: request.kind, path: request.path, invokeMs };
    const withRequest = {
      ...base,
      ...(request.value === undefined ? {} : { value: request.value }),
      ...(request.expectedVersion === undefined ? {} : { expectedVersion: request.expectedVersion }),
    };
    try {
      const node = await this.perform(client, request);
      const completeMs = Date.now();
      const replyZxid = Number(client.lastZxid);
      if (node === 'absent') return { ...withRequest, completeMs, outcome: 'ok', absent: true, replyZxid };
      return { ...withRequest, completeMs, outcome: 'ok', replyZxid, ...(node === undefined ? {} : { node }) };
    } catch (error) {
      const completeMs = Date.now();
      if (client.state === 'Expired') this.client = undefined;
      const name = error instanceof KeeperError ? error.name : String(error);
      if (error instanceof KeeperError && DEFINITE_FAILURES.has(name)) {
        return { ...withRequest, completeMs, outcome: 'fail', error: name, replyZxid: Number(client.lastZxid) };
      }
      return { ...withRequest, completeMs, outcome: 'unknown', error: name };
    }
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client === undefined) return;
    await Promise.race([client.close().catch(() => {}), new Promise((r) => setTimeout(r, this.options.requestTimeoutMs))]);
  }

  private current(): ZooKeeperClient {
    this.client ??= createClient(this.options.connectString, {
      sessionTimeoutMs: this.options.sessionTimeoutMs,
      requestTimeoutMs: this.options.requestTimeoutMs,
      retry: NO_RETRY,
      // Faster than Java's 1 s pacing, so that a worker is back soon after a member dies.
      reconnectJitterMs: 200,
      spinDelayMs: 200,
    });
    return this.client;
  }

  private async perform(client: ZooKeeperClient, request: OpRequest): Promise<NodeState | 'absent' | undefined> {
    const { path } = request;
    switch (request.kind) {
      case 'read':
        try {
          const { data, stat } = (await client.getData(path)) as { data: Uint8Array | null; stat: Stat };
          return nodeState(stat, data === null ? '' : Buffer.from(data).toString('utf8'));
        } catch (error) {
          if (KeeperError.is(error, 'NoNode')) return 'absent';
          throw error;
        }
      case 'create':
      case 'ephemeral': {
        const mode = request.kind === 'ephemeral' ? 'ephemeral' : 'persistent';
        const { stat } = await client.create(path, request.value ?? '', { mode });
        return nodeState(stat, request.value ?? '');
      }
      case 'set':
        return nodeState(await client.setData(path, request.value ?? ''), request.value ?? '');
      case 'cas':
        return nodeState(await client.setData(path, request.value ?? '', request.expectedVersion ?? -1), request.value ?? '');
      case 'delete':
        await client.delete(path, request.expectedVersion ?? -1);
        return undefined;
    }
  }
}

function nodeState(stat: Stat, value: string): NodeState {
  return {
    version: stat.version,
    czxid: Number(stat.czxid),
    mzxid: Number(stat.mzxid),
    ephemeralOwner: stat.ephemeralOwner.toString(16),
    value,
  };
}
