/** Coordination recipes on top of the client, each with its guarantees in its TSDoc. */
export { Barrier } from './barrier';
export { ChildrenCache, type ChildEvent } from './children-cache';
export { DistributedQueue } from './distributed-queue';
export { DoubleBarrier } from './double-barrier';
export { GroupMember } from './group-member';
export { LeaderLatch } from './leader-latch';
export { LeaderSelector, type LeaderSelectorListener, type LeaderSelectorOptions, type RelinquishReason } from './leader-selector';
export type { Lease } from './lock-node';
export { Mutex, type MutexLease } from './mutex';
export { NodeCache, type NodeSnapshot } from './node-cache';
export { PersistentNode, type PersistentNodeMode } from './persistent-node';
export { PriorityQueue } from './priority-queue';
export { ReadWriteLock, type LockSide } from './read-write-lock';
export { Semaphore } from './semaphore';
export { ServiceCache, ServiceDiscovery, type InstanceSpec, type ServiceInstance } from './service-discovery';
export { decodeCounter, encodeCounter, SharedCounter } from './shared-counter';
export { TreeCache, type TreeEvent } from './tree-cache';
