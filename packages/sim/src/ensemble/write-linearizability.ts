/**
 * Linearizability of an ensemble run's writes, key by key, searched over what the clients saw
 * (send and arrival times, results), not over the commit order: `write-not-linearizable` when
 * no order of a key's creates, setDatas and deletes respects real time and gives every result
 * the clients got. A request whose reply never came (its connection was lost) has an unknown
 * outcome. A key's search that runs out of budget is counted as inconclusive, never as a pass.
 *
 * Only keys that behave as a register are searched: every committed txn that changed the key
 * came from a plain single create (persistent, not sequential), setData or delete naming it.
 * Keys touched by a multi, an ephemeral, container or TTL create, a sequential name, or the
 * server's cleanup are left out (the committed history says which; it decides nothing else).
 * Replies that cannot depend on the key's own state (NoNode of a create's parent, NotEmpty,
 * session errors, bad arguments) took no effect and are left out of the history.
 */
import type { TxnEntry, Txn } from '@paddock/core';
import { CreateFlag, ErrorCode, OpCode, type Response } from '@paddock/protocol';
import { checkKey, znodeModel, type HistoryOp, type ZnodeInput, type ZnodeOutput } from '../check/linearizability';
import { violation } from '../check/violation';
import type { ZkModel } from '../model/zk-model';
import type { ClientObservations, ObservedRequest } from './client-observations';
import type { ReplayObserver } from './commit-order-model';

/** Explored states per key before a search gives up (inconclusive). */
const MAX_STATES = 20_000;

const decoder = new TextDecoder();
const valueOf = (data: Uint8Array | null): string => (data === null ? 'null' : decoder.decode(data));

/** What the searches found. */
export interface LinearizabilityCounts {
  readonly keys: number;
  readonly inconclusive: number;
}

/** Gathers which keys are registers during the replay, then searches each one's history. */
export class WriteLinearizability implements ReplayObserver {
  private readonly excluded = new Set<string>();
  private started = false;

  constructor(private readonly observations: ClientObservations) {}

  before(_zxid: number, model: ZkModel): void {
    if (this.started) return;
    this.started = true;
    // The fresh tree's nodes (`/`, `/zookeeper`...) exist before any client writes.
    for (const path of model.tree.paths()) this.excluded.add(path);
  }

  after(_zxid: number, entry: TxnEntry): void {
    const { header, txn } = entry;
    if (txn.type === 'multi') {
      for (const sub of txn.txns) this.exclude(sub);
      return;
    }
    if (!('path' in txn)) return;
    const r = header.sessionId === 0n ? undefined : this.observations.request(header.sessionId, header.cxid);
    if (!r || !isPlainWrite(r, txn.path)) this.exclude(txn);
  }

  /** Searches every register key; throws the first violation. */
  check(): LinearizabilityCounts {
    const byKey = new Map<string, HistoryOp<ZnodeInput, ZnodeOutput>[]>();
    for (const r of this.observations.requests) {
      const path = plainPath(r);
      if (path === null || this.excluded.has(path)) continue;
      const op = historyOp(r, path);
      if (!op) continue;
      let ops = byKey.get(path);
      if (!ops) byKey.set(path, (ops = []));
      ops.push(op);
    }
    let keys = 0;
    let inconclusive = 0;
    for (const key of [...byKey.keys()].sort()) {
      const result = checkKey(key, byKey.get(key)!, znodeModel, { maxStates: MAX_STATES });
      if (result === 'ok') keys++;
      else if (result.kind === 'inconclusive') inconclusive++;
      else violation('write-not-linearizable', `${key}: ${result.witness}`);
    }
    return { keys, inconclusive };
  }

  private exclude(txn: Txn): void {
    if ('path' in txn && txn.type !== 'check') this.excluded.add(txn.path);
  }
}

/** The path of a plain create, setData or delete request; null for any other. */
function plainPath(r: ObservedRequest): string | null {
  const q = r.request;
  switch (q.op) {
    case OpCode.create:
    case OpCode.create2:
      return q.flags === CreateFlag.Persistent ? q.path : null;
    case OpCode.setData:
    case OpCode.delete:
      return q.path;
    default:
      return null;
  }
}

function isPlainWrite(r: ObservedRequest, path: string): boolean {
  return plainPath(r) === path;
}

/** The request as a register operation, or null when its reply shows it took no effect on the key. */
function historyOp(r: ObservedRequest, key: string): HistoryOp<ZnodeInput, ZnodeOutput> | null {
  const q = r.request;
  let input: ZnodeInput;
  if (q.op === OpCode.create || q.op === OpCode.create2) input = { op: 'create', value: valueOf(q.data) };
  else if (q.op === OpCode.setData) input = { op: 'set', value: valueOf(q.data), expectedVersion: q.version };
  else if (q.op === OpCode.delete) input = { op: 'delete', expectedVersion: q.version };
  else return null;
  const base = { key, input, invokeMs: r.sentMs, label: `session 0x${r.sessionId.toString(16)} xid ${r.xid}` };
  const reply = r.reply;
  if (!reply) return { ...base, completeMs: null, output: null };
  const output = outputOf(input, reply.err, reply.body);
  return output ? { ...base, completeMs: reply.atMs, output } : null;
}

function outputOf(input: ZnodeInput, err: number, body: Response | null): ZnodeOutput | null {
  switch (err) {
    case ErrorCode.OK:
      if (input.op === 'set') return body && body.op === OpCode.setData ? { result: 'ok', version: body.stat.version } : { result: 'ok' };
      return { result: 'ok' };
    case ErrorCode.NodeExists:
      return input.op === 'create' ? { result: 'nodeExists' } : null;
    case ErrorCode.BadVersion:
      return { result: 'badVersion' };
    case ErrorCode.NoNode:
      return input.op === 'create' ? null : { result: 'noNode' };
    default:
      return null;
  }
}
