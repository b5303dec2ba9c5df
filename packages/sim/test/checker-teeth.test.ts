import { describe, expect, it } from 'vitest';
import { Server, type Input, type Output } from '@paddock/core';
import { OpCode, type Response } from '@paddock/protocol';
import { runSeed } from '../src/run';
import type { ServerFactory } from '../src/world';

/**
 * A server that passes every call to the real one, except that `step` decides how an input
 * reaches it and what comes back. Each test plants one fault and expects the checker to name
 * the rule it breaks.
 */
function faulty(step: (input: Input, inner: Server) => Output[]): ServerFactory {
  return (config) => {
    const inner = Server.bootstrap(config);
    return {
      step: (input) => step(input, inner),
      inspect: () => inner.inspect(),
      readNode: (path) => inner.readNode(path),
      paths: () => inner.paths(),
      get snapshotPending() {
        return inner.snapshotPending;
      },
    };
  };
}

/** Whether the last {@link once} fault was planted (a run may never offer the chance). */
let planted = false;

/** Applies `fault` to the first output it accepts (returns non-null for), and only that one. */
function once(fault: (o: Output, i: number, all: Output[]) => Output[] | null): ServerFactory {
  let done = false;
  planted = false;
  return faulty((input, inner) => {
    const outputs = inner.step(input);
    if (done) return outputs;
    for (let i = 0; i < outputs.length; i++) {
      const replaced = fault(outputs[i]!, i, outputs);
      if (replaced) {
        done = planted = true;
        return [...outputs.slice(0, i), ...replaced, ...outputs.slice(i + 1)];
      }
    }
    return outputs;
  });
}

const run = (serverFactory: ServerFactory, seed = 3) => runSeed(seed, { steps: 3000, serverFactory });

/** Runs seeds from 1 until one gives `fault` its chance; returns that run. */
function runPlanted(fault: () => ServerFactory) {
  for (let seed = 1; seed <= 20; seed++) {
    const r = run(fault(), seed);
    if (planted) return r;
  }
  throw new Error('no seed gave the fault a chance');
}

const bodyWith = <K extends string>(o: Output, key: K): (Response & Record<K, unknown>) | null =>
  o.type === 'reply' && o.body !== null && key in o.body ? (o.body as Response & Record<K, unknown>) : null;

describe('the checker has teeth', () => {
  it('passes the same seed without a fault', () => {
    expect(run(faulty((input, inner) => inner.step(input))).violation).toBeNull();
  });

  it('catches a tampered Stat version', () => {
    const r = run(once((o) => {
      const body = bodyWith(o, 'stat');
      if (!body || body.op !== OpCode.getData || o.type !== 'reply') return null;
      return [{ ...o, body: { ...body, stat: { ...body.stat, version: body.stat.version + 1 } } }];
    }));
    expect(r.violation?.rule).toBe('reply-stat');
    expect(r.violation?.witness).toContain('stat.version');
  });

  it('catches a dropped watch event', () => {
    // One no later reply on its connection overtakes; otherwise the rule is watch-event-late.
    const r = runPlanted(() => once((o, i, all) => {
      if (o.type !== 'watch-event') return null;
      return all.slice(i + 1).some((x) => x.type === 'reply' && x.conn === o.conn) ? null : [];
    }));
    expect(r.violation?.rule).toBe('watch-event-missing');
  });

  it('catches a dropped watch event when the next reply overtakes it', () => {
    const r = run(once((o, i, all) => {
      if (o.type !== 'watch-event') return null;
      return all.slice(i + 1).some((x) => x.type === 'reply' && x.conn === o.conn) ? [] : null;
    }));
    expect(r.violation?.rule).toBe('watch-event-late');
  });

  it('catches a watch event delivered twice', () => {
    const r = run(once((o) => (o.type === 'watch-event' ? [o, o] : null)));
    expect(r.violation?.rule).toBe('watch-event-unexpected');
  });

  it('catches a watch event delivered after a reply that reflects its change', () => {
    const r = run(once((o, i, all) => {
      if (o.type !== 'watch-event') return null;
      const reply = all.slice(i + 1).find((x) => x.type === 'reply' && x.conn === o.conn && x.header.zxid >= o.zxid);
      if (!reply) return null;
      all.splice(all.indexOf(reply) + 1, 0, o);
      return [];
    }));
    expect(r.violation?.rule).toBe('watch-event-late');
  });

  it('catches a watch replay that forgets to fire', () => {
    const r = runPlanted(() => once((o, i, all) => {
      if (o.type !== 'watch-event') return null;
      const reply = all.slice(i + 1).find((x) => x.type === 'reply' && x.conn === o.conn);
      return reply?.type === 'reply' && reply.header.xid === -8 ? [] : null;
    }));
    expect(r.violation?.rule).toBe('watch-event-late');
    expect(r.violation?.witness).toContain('xid -8');
  });

  it('catches replies out of send order', () => {
    const r = run(once((o, i, all) => {
      const next = all[i + 1];
      if (o.type !== 'reply' || next?.type !== 'reply' || next.conn !== o.conn) return null;
      all[i + 1] = o;
      return [next];
    }));
    expect(r.violation?.rule).toBe('reply-order');
  });

  it('catches a wrong sequential name', () => {
    const r = run(once((o) => {
      const body = bodyWith(o, 'path');
      if (!body || o.type !== 'reply' || !/\d{10}$/.test(body.path as string)) return null;
      return [{ ...o, body: { ...body, path: (body.path as string).replace(/\d{10}$/, '9999999999') } as Response }];
    }));
    expect(r.violation?.rule).toBe('reply-path');
  });

  it('catches a child missing from getChildren', () => {
    const r = run(once((o) => {
      const body = bodyWith(o, 'children');
      if (!body || o.type !== 'reply' || (body.children as string[]).length === 0) return null;
      return [{ ...o, body: { ...body, children: (body.children as string[]).slice(1) } as Response }];
    }));
    expect(r.violation?.rule).toBe('reply-children');
  });

  it('catches a write answered before it is durable', () => {
    let done = false;
    const r = run(faulty((input, inner) => {
      const outputs = inner.step(input);
      const append = outputs.find((o) => o.type === 'append');
      if (done || !append || append.type !== 'append') return outputs;
      done = true;
      // Commit at once, as if the fsync had already happened, and pass on what that answers.
      return [...outputs, ...inner.step({ type: 'persisted', zxid: append.records[append.records.length - 1]!.zxid })];
    }));
    expect(r.violation?.rule).toBe('handshake-before-durable');
  });

  it('catches an ephemeral left behind by its session', () => {
    // The server's tree view keeps showing the ephemerals of sessions that ended.
    const r = run((config) => {
      const inner = Server.bootstrap(config);
      const ghosts = new Map<string, NonNullable<ReturnType<Server['readNode']>>>();
      const remember = () => {
        const live = new Set(inner.inspect().sessions.map((x) => x.id));
        for (const [p, n] of ghosts) if (inner.readNode(p) === null && live.has(n.stat.ephemeralOwner)) ghosts.delete(p);
        for (const p of inner.paths()) {
          const n = inner.readNode(p)!;
          if (n.stat.ephemeralOwner !== 0n) ghosts.set(p, n);
        }
      };
      return {
        step: (input) => {
          const outputs = inner.step(input);
          remember();
          return outputs;
        },
        inspect: () => inner.inspect(),
        readNode: (path) => inner.readNode(path) ?? ghosts.get(path) ?? null,
        paths: () => [...new Set([...inner.paths(), ...ghosts.keys()])],
        get snapshotPending() {
          return inner.snapshotPending;
        },
      };
    });
    expect(r.violation?.rule).toBe('ephemeral-outlived-session');
  });

  it('catches a server that never expires sessions', () => {
    const r = run(faulty((input, inner) => (input.type === 'tick' ? [] : inner.step(input))));
    expect(r.violation?.rule).toBe('session-not-expired');
  });
});
