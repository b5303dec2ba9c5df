/**
 * Conveniences built from the primitive operations, each written so that a retry after
 * ConnectionLoss is safe: NodeExists on a create it repeats and NoNode on a delete it repeats
 * count as success.
 */
import { ErrorCode, type ACL, type Stat } from '@paddock/protocol';
import { isSequential } from './create-mode';
import type { NodeData } from './data';
import { KeeperError } from './keeper-error';
import { joinPath, validatePath } from './paths';
import type { CreateOptions } from './transaction';
import type { ZooKeeperClient } from './zookeeper-client';

export interface CreateIfMissingResult {
  /**
   * True when this call's create succeeded. After a ConnectionLoss an earlier attempt of the
   * same call may have created the node, which then reads as false.
   */
  readonly created: boolean;
  readonly path: string;
  readonly stat: Stat;
}

/** How often createIfMissing re-tries when the node flickers between its create and its exists. */
const CREATE_IF_MISSING_ROUNDS = 10;

export async function mkdirp(client: ZooKeeperClient, path: string, options: { data?: NodeData; acl?: readonly ACL[] }): Promise<void> {
  validatePath(path);
  if (path === '/') return;
  const segments = path.slice(1).split('/');
  let current = '';
  for (let i = 0; i < segments.length; i++) {
    current = `${current}/${segments[i]!}`;
    const isLeaf = i === segments.length - 1;
    const at = current;
    await client.retrying(async () => {
      try {
        await client.create(at, isLeaf ? options.data : null, options.acl === undefined ? {} : { acl: options.acl });
      } catch (error) {
        if (!KeeperError.is(error, 'NodeExists')) throw error;
      }
    });
  }
}

export async function createIfMissing(
  client: ZooKeeperClient,
  path: string,
  data: NodeData | undefined,
  options: CreateOptions = {},
): Promise<CreateIfMissingResult> {
  if (isSequential(options.mode ?? 'persistent')) {
    throw new KeeperError(ErrorCode.BadArguments, { path, reason: 'createIfMissing cannot use a sequential mode' });
  }
  for (let round = 0; round < CREATE_IF_MISSING_ROUNDS; round++) {
    const created = await client.retrying(async () => {
      try {
        return await client.create(path, data, options);
      } catch (error) {
        if (KeeperError.is(error, 'NodeExists')) return undefined;
        throw error;
      }
    });
    if (created !== undefined) return { created: true, ...created };
    const stat = await client.exists(path);
    if (stat !== null) return { created: false, path, stat };
  }
  throw new KeeperError(ErrorCode.NodeExists, { path, reason: `created and deleted by others ${CREATE_IF_MISSING_ROUNDS} times in a row` });
}

/**
 * Deletes a subtree bottom-up with an explicit stack (no recursion over user data). Nodes
 * created concurrently under it are found by re-listing before each parent's delete.
 */
export async function deleteRecursive(client: ZooKeeperClient, path: string): Promise<void> {
  validatePath(path);
  const stack = [path];
  while (stack.length > 0) {
    const node = stack[stack.length - 1]!;
    let children: string[];
    try {
      children = (await client.getChildren(node)).children;
    } catch (error) {
      if (!KeeperError.is(error, 'NoNode')) throw error;
      stack.pop();
      continue;
    }
    if (children.length > 0) {
      for (const child of children) stack.push(joinPath(node, child));
      continue;
    }
    const deleted = await client.retrying(async () => {
      try {
        await client.delete(node);
        return true;
      } catch (error) {
        if (KeeperError.is(error, 'NoNode')) return true;
        if (KeeperError.is(error, 'NotEmpty')) return false;
        throw error;
      }
    });
    if (deleted) stack.pop();
  }
}
