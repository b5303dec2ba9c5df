/**
 * When the server may delete a container or TTL node on its own (PROTOCOL.md §1.12,
 * ContainerManager): a container once it had a child and is empty again; a TTL node once it has
 * no children and was not modified for longer than its TTL.
 */
import type { ModelNode } from '../model/model-node';

/**
 * Whether a cleanup delete prepared at `preparedMs` is legitimate. ZooKeeper picks candidates
 * from the applied tree, so a setData still in flight then (committed after `committedAtPrep`)
 * may lose the race; that is allowed.
 */
export function cleanupAllowed(node: ModelNode | undefined, preparedMs: number, committedAtPrep: number): boolean {
  if (!node || node.children.size > 0) return false;
  if (node.kind === 'container') return node.creates > 0;
  if (node.kind === 'ttl') return preparedMs - node.mtime > node.ttlMs || node.mzxid > committedAtPrep;
  return false;
}

/** Whether a quiet server should already have deleted `node` by `nowMs`. */
export function cleanupOverdue(node: ModelNode, nowMs: number, graceMs: number): boolean {
  if (node.children.size > 0) return false;
  if (node.kind === 'container') return node.creates > 0;
  if (node.kind === 'ttl') return nowMs - node.mtime > node.ttlMs + graceMs;
  return false;
}
