/**
 * What a client remembers from its replies so its next requests hit: the versions it last saw
 * (conditional updates that may still succeed) and the paths it learned (sequential names,
 * children). Bounded, and kept in arrays so iteration order is deterministic.
 */
import { OpCode, type MultiOp, type MultiResult, type Request, type Response, type Stat } from '@paddock/protocol';
import { joinChild } from './key-space';

const MAX_LEARNED = 32;
const MAX_WATCHED = 16;

/** One client's recollection of versions and paths, learned from its replies. */
export class ClientMemory {
  private readonly versions = new Map<string, number>();
  readonly learned: string[] = [];
  readonly watched: string[] = [];

  /** The version last seen for `path`. */
  version(path: string): number | undefined {
    return this.versions.get(path);
  }

  /** Notes a successful reply (`body` null for errors). */
  learn(request: Request, err: number, body: Response | null): void {
    if (err !== 0 || !body) return;
    if (request.op === OpCode.multi && body.op === OpCode.multi) {
      request.ops.forEach((op, i) => this.learnOp(op, body.results[i]));
      return;
    }
    switch (body.op) {
      case OpCode.create:
      case OpCode.create2:
      case OpCode.createContainer:
      case OpCode.createTTL:
        return this.remember(body.path, 0);
      case OpCode.exists:
      case OpCode.setData:
      case OpCode.getData:
        return this.noteStat((request as { path: string }).path, body.stat);
      case OpCode.getChildren:
      case OpCode.getChildren2: {
        const parent = (request as { path: string }).path;
        for (const name of body.children) if (name !== 'zookeeper') this.remember(joinChild(parent, name));
        if (body.op === OpCode.getChildren2) this.noteStat(parent, body.stat);
        return;
      }
      case OpCode.delete:
        return this.forget((request as { path: string }).path);
      default:
        return;
    }
  }

  /** Notes a watch it asked for, as a target for removeWatches. */
  noteWatch(path: string): void {
    if (this.watched.includes(path)) return;
    this.watched.push(path);
    if (this.watched.length > MAX_WATCHED) this.watched.shift();
  }

  /** A new connection starts without watches. */
  forgetWatches(): void {
    this.watched.length = 0;
  }

  private learnOp(op: MultiOp, result: MultiResult | undefined): void {
    if (!result) return;
    switch (result.op) {
      case OpCode.create:
      case OpCode.create2:
      case OpCode.createContainer:
      case OpCode.createTTL:
        return this.remember(result.path, 0);
      case OpCode.setData:
        return this.noteStat(op.path, result.stat);
      case OpCode.delete:
        return this.forget(op.path);
      default:
        return;
    }
  }

  private noteStat(path: string, stat: Stat): void {
    this.versions.set(path, stat.version);
  }

  private remember(path: string, version?: number): void {
    if (version !== undefined) this.versions.set(path, version);
    if (this.learned.includes(path)) return;
    this.learned.push(path);
    if (this.learned.length > MAX_LEARNED) this.versions.delete(this.learned.shift()!);
  }

  private forget(path: string): void {
    this.versions.delete(path);
    const i = this.learned.indexOf(path);
    if (i >= 0) this.learned.splice(i, 1);
  }
}
