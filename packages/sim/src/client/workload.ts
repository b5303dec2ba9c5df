/**
 * The random requests a client sends: every client operation ZooKeeper offers that the model
 * covers, aimed at a small key space so clients contend (NodeExists, BadVersion, NotEmpty and
 * NoNode all happen), with watches, multis that fail part-way, and the create modes real
 * clients send (`create`/`create2` for plain modes, `createContainer`, `createTTL`).
 */
import { CreateFlag, OpCode, type MultiOp, type Request } from '@paddock/protocol';
import type { Prng } from '../prng';
import type { ClientMemory } from './client-memory';
import { fixedPath, joinChild, type KeySpace } from './key-space';

/** The run-wide settings that shape every client's requests. */
export interface WorkloadShape extends KeySpace {
  readonly extendedTypesEnabled: boolean;
  readonly ttlMs: readonly [number, number];
  readonly malformedPaths: boolean;
}

const OPEN_ACL = [{ perms: 31, id: { scheme: 'world', id: 'anyone' } }] as const;
const encoder = new TextEncoder();

type Kind =
  | 'create' | 'delete' | 'setData' | 'exists' | 'getData' | 'getChildren' | 'getChildren2' | 'multi' | 'check'
  | 'sync' | 'getAllChildrenNumber' | 'getEphemerals' | 'addWatch' | 'removeWatches';

const KIND_WEIGHTS: ReadonlyArray<readonly [Kind, number]> = [
  ['create', 18], ['delete', 10], ['setData', 10], ['exists', 8], ['getData', 7], ['getChildren', 4],
  ['getChildren2', 3], ['multi', 8], ['check', 3], ['sync', 2], ['getAllChildrenNumber', 2], ['getEphemerals', 2],
  ['addWatch', 2], ['removeWatches', 3],
];

/** Draws requests for one client. */
export class Workload {
  constructor(private readonly rng: Prng, private readonly shape: WorkloadShape, private readonly memory: ClientMemory) {}

  next(): Request {
    const rng = this.rng;
    switch (rng.weighted(KIND_WEIGHTS)) {
      case 'create':
        return this.create();
      case 'delete': {
        const path = this.writePath();
        return { op: OpCode.delete, path, version: this.version(path) };
      }
      case 'setData': {
        const path = this.rng.chance(0.02) ? `${this.path()}/` : this.path();
        return { op: OpCode.setData, path, data: this.data(), version: this.version(path) };
      }
      case 'exists':
        return { op: OpCode.exists, ...this.watchedRead() };
      case 'getData':
        return { op: OpCode.getData, ...this.watchedRead() };
      case 'getChildren':
        return { op: OpCode.getChildren, ...this.watchedRead() };
      case 'getChildren2':
        return { op: OpCode.getChildren2, ...this.watchedRead() };
      case 'multi':
        return { op: OpCode.multi, ops: Array.from({ length: rng.weighted<number>([[1, 3], [2, 4], [3, 2], [4, 1]]) }, () => this.multiOp()) };
      case 'check': {
        const path = this.path();
        return { op: OpCode.check, path, version: this.version(path) };
      }
      case 'sync':
        return { op: OpCode.sync, path: this.path() };
      case 'getAllChildrenNumber':
        return { op: OpCode.getAllChildrenNumber, path: rng.chance(0.3) ? '/' : this.path() };
      case 'getEphemerals':
        return { op: OpCode.getEphemerals, prefixPath: rng.pick(['', '/', `/${rng.pick(this.shape.topNames)}`, this.path()]) };
      case 'addWatch':
        return { op: OpCode.addWatch, path: this.noteWatch(rng.chance(0.5) ? `/${rng.pick(this.shape.topNames)}` : this.path()), mode: rng.int(0, 1) };
      case 'removeWatches': {
        const watched = this.memory.watched;
        const path = watched.length > 0 && rng.chance(0.7) ? rng.pick(watched) : this.path();
        return { op: OpCode.removeWatches, path, type: rng.int(1, 5) };
      }
    }
  }

  private create(): Request {
    const rng = this.rng;
    const mode = rng.weighted<number>([
      [CreateFlag.Persistent, 4], [CreateFlag.Ephemeral, 3], [CreateFlag.PersistentSequential, 2],
      [CreateFlag.EphemeralSequential, 2], [CreateFlag.Container, 1.5],
      [CreateFlag.PersistentWithTtl, this.shape.extendedTypesEnabled ? 1.5 : 0.3],
    ]);
    const data = this.data();
    if (mode === CreateFlag.Container) return { op: OpCode.createContainer, path: this.path(), data, acl: OPEN_ACL, flags: mode };
    if (mode === CreateFlag.PersistentWithTtl) {
      const sequential = rng.chance(0.3);
      const path = sequential ? this.sequentialPrefix() : this.path();
      // Now and then a TTL out of range, which ZooKeeper rejects with BadArguments.
      const ttl = rng.chance(0.05) ? 0n : BigInt(rng.int(this.shape.ttlMs[0], this.shape.ttlMs[1]));
      const flags = sequential ? CreateFlag.PersistentSequentialWithTtl : CreateFlag.PersistentWithTtl;
      return { op: OpCode.createTTL, path, data, acl: OPEN_ACL, flags, ttl };
    }
    const sequential = mode === CreateFlag.PersistentSequential || mode === CreateFlag.EphemeralSequential;
    const path = rng.chance(0.02) ? this.malformedPath() : sequential ? this.sequentialPrefix() : this.path();
    return { op: rng.pick([OpCode.create, OpCode.create2] as const), path, data, acl: OPEN_ACL, flags: mode };
  }

  private multiOp(): MultiOp {
    const rng = this.rng;
    // Unconditional versions and learned paths more often than elsewhere, so that a good share of
    // multis commit instead of failing on their first op.
    switch (rng.weighted<string>([['create', 4], ['special-create', 1], ['delete', 2], ['setData', 3], ['check', 2]])) {
      case 'special-create': {
        const path = this.path();
        if (!this.shape.extendedTypesEnabled || rng.chance(0.5)) return { op: OpCode.createContainer, path, data: this.data(), acl: OPEN_ACL, flags: CreateFlag.Container };
        return { op: OpCode.createTTL, path, data: this.data(), acl: OPEN_ACL, flags: CreateFlag.PersistentWithTtl, ttl: BigInt(rng.int(this.shape.ttlMs[0], this.shape.ttlMs[1])) };
      }
      case 'create': {
        const flags = rng.pick([CreateFlag.Persistent, CreateFlag.Ephemeral, CreateFlag.PersistentSequential, CreateFlag.EphemeralSequential]);
        const sequential = flags === CreateFlag.PersistentSequential || flags === CreateFlag.EphemeralSequential;
        return { op: rng.pick([OpCode.create, OpCode.create2] as const), path: sequential ? this.sequentialPrefix() : this.path(), data: this.data(), acl: OPEN_ACL, flags };
      }
      case 'delete': {
        const path = this.knownPath();
        return { op: OpCode.delete, path, version: rng.chance(0.6) ? -1 : this.version(path) };
      }
      case 'setData': {
        const path = this.knownPath();
        return { op: OpCode.setData, path, data: this.data(), version: rng.chance(0.6) ? -1 : this.version(path) };
      }
      default: {
        const path = this.knownPath();
        return { op: OpCode.check, path, version: rng.chance(0.6) ? -1 : this.version(path) };
      }
    }
  }

  private watchedRead(): { path: string; watch: boolean } {
    const path = this.path();
    const watch = this.rng.chance(0.6);
    if (watch) this.noteWatch(path);
    return { path, watch };
  }

  private noteWatch(path: string): string {
    this.memory.noteWatch(path);
    return path;
  }

  /** A path from the key space, or one this client learned. */
  private path(): string {
    const learned = this.memory.learned;
    return learned.length > 0 && this.rng.chance(0.3) ? this.rng.pick(learned) : fixedPath(this.rng, this.shape);
  }

  /** A path this client saw exist, when it knows one. */
  private knownPath(): string {
    const learned = this.memory.learned;
    return learned.length > 0 && this.rng.chance(0.7) ? this.rng.pick(learned) : fixedPath(this.rng, this.shape, 2);
  }

  /** A path for create/delete, rarely a malformed one. */
  private writePath(): string {
    return this.rng.chance(0.02) ? this.malformedPath() : this.path();
  }

  /**
   * Without a leading slash every server answers BadArguments. A bad segment after the last
   * slash is found only after the parent lookup in ZooKeeper (NoNode when the parent is
   * missing), so it is sent only when the run enables {@link WorkloadShape.malformedPaths}.
   */
  private malformedPath(): string {
    if (this.shape.malformedPaths && this.rng.chance(0.5)) return this.rng.pick([`${this.path()}/`, `${this.path()}//x`, `${this.path()}/.`]);
    return this.rng.pick(this.shape.topNames);
  }

  private sequentialPrefix(): string {
    const parent = this.rng.chance(0.1) ? '/' : fixedPath(this.rng, this.shape, 2);
    return joinChild(parent, 's-');
  }

  /** -1 (unconditional), the version last seen for `path`, or a guess. */
  private version(path: string): number {
    const kind = this.rng.weighted<string>([['any', 5], ['seen', 4], ['guess', 2]]);
    if (kind === 'any') return -1;
    const seen = this.memory.version(path);
    return kind === 'seen' && seen !== undefined ? seen : this.rng.int(0, 3);
  }

  private data(): Uint8Array | null {
    switch (this.rng.weighted<string>([['null', 1], ['empty', 1], ['value', 8]])) {
      case 'null':
        return null;
      case 'empty':
        return new Uint8Array(0);
      default:
        return encoder.encode(`v${this.rng.int(0, 999)}`);
    }
  }
}
