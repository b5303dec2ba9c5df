import { describe, it } from 'vitest';
import fc from 'fast-check';
import { defaultCoreConfig } from '@paddock/core';
import { CreateFlag, OpCode, type MultiOp, type Request } from '@paddock/protocol';
import { checkReplay } from '../src/check/final-checks';
import { canon } from '../src/describe';
import { ScriptedHarness } from '../src/scripted-harness';
import { WALL_CLOCK_BASE_MS } from '../src/world-config';

/**
 * Model-based testing of the core's tree through `Server`: fast-check drives three sessions with
 * random requests, pipelined writes (sent without persisting, then persisted in one group),
 * clock advances (TTL and container cleanup) and session replacement. Every output is judged
 * by the simulator's checker against its model; a broken rule throws and fast-check shrinks.
 */

const config = defaultCoreConfig({
  startWallMs: WALL_CLOCK_BASE_MS, tickTimeMs: 1000, extendedTypesEnabled: true, containerCheckIntervalMs: 2000, snapCount: 20,
});
const OPEN = [{ perms: 31, id: { scheme: 'world', id: 'anyone' } }];
const enc = new TextEncoder();

interface Real {
  readonly h: ScriptedHarness;
  readonly conns: number[];
}

const path = fc.constantFrom('/a', '/b', '/a/x', '/a/y', '/b/x', '/a/x/q');
const parent = fc.constantFrom('/', '/a', '/b', '/a/x');
const data = fc.constantFrom<Uint8Array | null>(null, new Uint8Array(0), enc.encode('v1'), enc.encode('value-2'));
const version = fc.integer({ min: -1, max: 2 });

const plainCreate = fc.tuple(fc.constantFrom(OpCode.create, OpCode.create2), path, parent, data, fc.constantFrom(0, 1, 2, 3)).map(
  ([op, p, par, d, flags]): MultiOp => {
    const sequential = flags === CreateFlag.PersistentSequential || flags === CreateFlag.EphemeralSequential;
    return { op, path: sequential ? `${par === '/' ? '' : par}/s-` : p, data: d, acl: OPEN, flags };
  },
);
const container = fc.tuple(path, data).map(([p, d]): MultiOp => ({ op: OpCode.createContainer, path: p, data: d, acl: OPEN, flags: CreateFlag.Container }));
const ttlNode = fc.tuple(path, data, fc.integer({ min: 1, max: 4000 })).map(
  ([p, d, ttl]): MultiOp => ({ op: OpCode.createTTL, path: p, data: d, acl: OPEN, flags: CreateFlag.PersistentWithTtl, ttl: BigInt(ttl) }),
);
const del = fc.tuple(path, version).map(([p, v]): MultiOp => ({ op: OpCode.delete, path: p, version: v }));
const setData = fc.tuple(path, data, version).map(([p, d, v]): MultiOp => ({ op: OpCode.setData, path: p, data: d, version: v }));
const check = fc.tuple(path, version).map(([p, v]): MultiOp => ({ op: OpCode.check, path: p, version: v }));
const writeOp = fc.oneof(plainCreate, container, ttlNode, del, setData, check);

const request: fc.Arbitrary<Request> = fc.oneof(
  { arbitrary: writeOp, weight: 6 },
  { arbitrary: fc.array(writeOp, { minLength: 1, maxLength: 4 }).map((ops): Request => ({ op: OpCode.multi, ops })), weight: 2 },
  {
    arbitrary: fc.tuple(fc.constantFrom(OpCode.exists, OpCode.getData, OpCode.getChildren, OpCode.getChildren2), path, fc.boolean())
      .map(([op, p, watch]): Request => ({ op, path: p, watch })),
    weight: 4,
  },
  { arbitrary: fc.tuple(path, fc.integer({ min: 0, max: 1 })).map(([p, mode]): Request => ({ op: OpCode.addWatch, path: p, mode })), weight: 1 },
  { arbitrary: fc.tuple(path, fc.integer({ min: 1, max: 5 })).map(([p, type]): Request => ({ op: OpCode.removeWatches, path: p, type })), weight: 1 },
  { arbitrary: parent.map((p): Request => ({ op: OpCode.getAllChildrenNumber, path: p })), weight: 1 },
  { arbitrary: fc.constantFrom('', '/', '/a').map((prefixPath): Request => ({ op: OpCode.getEphemerals, prefixPath })), weight: 1 },
  { arbitrary: path.map((p): Request => ({ op: OpCode.sync, path: p })), weight: 1 },
  {
    // A watch replay, as a reconnecting client sends it, against any last-seen zxid.
    arbitrary: fc.tuple(fc.bigInt({ min: 0n, max: 80n }), fc.array(path, { maxLength: 3 }), fc.array(path, { maxLength: 3 }), fc.array(path, { maxLength: 3 }), fc.array(path, { maxLength: 2 }), fc.array(path, { maxLength: 2 }))
      .map(([relativeZxid, dataWatches, existWatches, childWatches, persistentWatches, persistentRecursiveWatches]): Request =>
        persistentWatches.length + persistentRecursiveWatches.length > 0
          ? { op: OpCode.setWatches2, relativeZxid, dataWatches, existWatches, childWatches, persistentWatches, persistentRecursiveWatches }
          : { op: OpCode.setWatches, relativeZxid, dataWatches, existWatches, childWatches }),
    weight: 1,
  },
);

class Send implements fc.Command<object, Real> {
  constructor(readonly who: number, readonly request: Request, readonly persist: boolean) {}
  check(): boolean {
    return true;
  }
  run(_m: object, r: Real): void {
    r.h.send(r.conns[this.who]!, this.request);
    if (this.persist) r.h.persist();
  }
  toString(): string {
    return `send(s${this.who}, ${canon(this.request)}${this.persist ? ', persist' : ''})`;
  }
}

class Persist implements fc.Command<object, Real> {
  check(): boolean {
    return true;
  }
  run(_m: object, r: Real): void {
    r.h.persist();
  }
  toString(): string {
    return 'persist';
  }
}

class Elapse implements fc.Command<object, Real> {
  constructor(readonly ms: number) {}
  check(): boolean {
    return true;
  }
  run(_m: object, r: Real): void {
    r.h.persist();
    r.h.elapse(this.ms);
  }
  toString(): string {
    return `elapse(${this.ms})`;
  }
}

class Replace implements fc.Command<object, Real> {
  constructor(readonly who: number, readonly close: boolean) {}
  check(): boolean {
    return true;
  }
  run(_m: object, r: Real): void {
    const old = r.conns[this.who]!;
    if (this.close) r.h.send(old, { op: OpCode.closeSession });
    else r.h.disconnect(old);
    r.h.persist();
    r.conns[this.who] = r.h.connect(20_000);
  }
  toString(): string {
    return `${this.close ? 'close' : 'drop'}-and-reconnect(s${this.who})`;
  }
}

const commands = [
  fc.tuple(fc.integer({ min: 0, max: 2 }), request, fc.boolean()).map(([who, req, persist]) => new Send(who, req, persist)),
  fc.constant(new Persist()),
  fc.integer({ min: 1000, max: 6000 }).map((ms) => new Elapse(ms)),
  fc.tuple(fc.integer({ min: 0, max: 2 }), fc.boolean()).map(([who, close]) => new Replace(who, close)),
];

describe('core data tree against the model (fast-check commands)', () => {
  it('agrees with the model on every reply, event and committed state', () => {
    fc.assert(
      fc.property(fc.commands(commands, { maxCommands: 80, size: 'large' }), (cmds) => {
        const h = new ScriptedHarness(config);
        const real: Real = { h, conns: [h.connect(20_000), h.connect(20_000), h.connect(20_000)] };
        fc.modelRun(() => ({ model: {}, real }), cmds);
        h.persist();
        checkReplay(config, { log: h.log, snapshot: null }, h.server);
      }),
      { numRuns: 300, seed: 20240601 },
    );
  });
});
