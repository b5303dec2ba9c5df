/** Small pieces the recipes share. */
import { ErrorCode } from '@paddock/protocol';
import { KeeperError } from '../keeper-error';
import { parentOf } from '../paths';
import type { ConnectionState } from '../session/index';
import type { CreateOptions } from '../transaction';
import type { NodeData } from '../data';
import { randomId as randomIdFrom } from '../runtime';
import type { ZooKeeperClient } from '../zookeeper-client';

/** The 10-digit counter ZooKeeper appends to sequential names, or -1 if there is none. */
export function sequenceOf(name: string): number {
  const match = /(\d{10})$/.exec(name);
  return match === null ? -1 : Number(match[1]);
}

/** Names sorted by their sequence counters (ties by name, for determinism). */
export function bySequence(names: readonly string[]): string[] {
  return [...names].sort((a, b) => sequenceOf(a) - sequenceOf(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** A random id for recipe nodes (participants, "protected" lock names), from the client's randomness. */
export function randomId(client: ZooKeeperClient): string {
  return randomIdFrom(client.runtime.random);
}

/** Resolves `'timeout'` if `promise` has not settled by `deadlineMs` (the client's clock). */
export async function before<T>(client: ZooKeeperClient, promise: Promise<T>, deadlineMs: number | undefined): Promise<T | 'timeout'> {
  if (deadlineMs === undefined) return promise;
  const { runtime } = client;
  let timer: unknown;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = runtime.setTimer(() => resolve('timeout'), Math.max(0, deadlineMs - runtime.now()));
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    runtime.clearTimer(timer);
  }
}

/** The client-clock instant `timeoutMs` from now (undefined: no deadline). */
export function deadlineOf(client: ZooKeeperClient, timeoutMs: number | undefined): number | undefined {
  return timeoutMs === undefined ? undefined : client.runtime.now() + timeoutMs;
}

/** Creates `path`, making its missing parents (persistent) first. */
export async function createWithParents(client: ZooKeeperClient, path: string, data: NodeData | undefined, options: CreateOptions): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    try {
      return (await client.create(path, data, options)).path;
    } catch (error) {
      if (!KeeperError.is(error, 'NoNode') || attempt >= 3) throw error;
      await client.mkdirp(parentOf(path));
    }
  }
}

/** States after which anything a recipe held through the session may be gone. */
export function isLossState(state: ConnectionState): boolean {
  return state === 'Disconnected' || state === 'Expired' || state === 'Closed' || state === 'AuthFailed';
}

/** Throws SessionExpired/ConnectionLoss if the client can no longer act. */
export function assertUsable(client: ZooKeeperClient): void {
  if (client.state === 'Expired') throw new KeeperError(ErrorCode.SessionExpired);
  if (client.state === 'Closed' || client.state === 'AuthFailed') throw new KeeperError(ErrorCode.ConnectionLoss, { reason: `client ${client.state}` });
}

/** The error for a watch that ended because the session did (a `None` event). */
export function sessionEnded(path: string, state: string): KeeperError {
  return new KeeperError(state === 'Expired' ? ErrorCode.SessionExpired : ErrorCode.ConnectionLoss, { path, reason: `session ${state}` });
}
