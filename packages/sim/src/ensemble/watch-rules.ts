/**
 * ZooKeeper's watch guarantees, per session and across its connections and servers, judged at
 * the end of an ensemble run against the committed history ({@link CommittedTimeline}):
 *
 * - `watch-event-missing`: a change to a watched node after the watch was set produces its event
 *   before the session can see that change: no reply on the session (any server, any connection
 *   after a reconnect) carries a zxid at or past a txn that fired one of its pending watches
 *   while that watch's event has not arrived. A session that ended owes nothing more (its
 *   closeSession reply is not held to it).
 * - `watch-event-unexpected`: an event arrives only for a watch the session holds, so a one-shot
 *   watch fires at most once. One exception is ZooKeeper's own: a watch replay fires once per
 *   list naming a path, so data and child watches on a deleted node give two NodeDeleted events
 *   (the first answers both); an event a pending replay on its connection accounts for is fine.
 * - `watch-event-spurious`: an event answering only one-shot watches follows a committed txn
 *   that fires one of them.
 *
 * Per-connection order (`watch-event-order`) is checked live by {@link EnsembleChecker}.
 *
 * What a watch is, as ZooKeeper's client keeps it: a successful watching getData or exists sets
 * a data watch, exists on a missing node an exist watch, getChildren a child watch, addWatch a
 * persistent or persistent-recursive one; removeWatches drops them; an event drops the one-shot
 * ones it answers. A watch replay (setWatches after a reconnect, relative to the client's last
 * zxid L, answered at S) fires what changed after L, except two things ZooKeeper's
 * `DataTree.setWatches` cannot see: an exist watch on a node created and deleted again in
 * (L, S], and events of persistent watches in (L, S]: both count as set anew at S.
 */
import { AddWatchMode, ErrorCode, EventType, OpCode, WatcherType, type Request } from '@paddock/protocol';
import { violation } from '../check/violation';
import type { Observation, ObservedRequest } from './client-observations';
import type { CommittedTimeline } from './committed-timeline';

type WatchKind = 'data' | 'exist' | 'child' | 'persistent' | 'recursive';
type Replay = Extract<Request, { op: typeof OpCode.setWatches | typeof OpCode.setWatches2 }>;

interface Watch {
  readonly kind: WatchKind;
  readonly path: string;
  /** Triggers after this zxid fire it. */
  since: number;
}

const { NodeCreated, NodeDeleted, NodeDataChanged, NodeChildrenChanged } = EventType;

/** The triggers that fire each kind of watch. */
const FIRED_BY: Record<WatchKind, ReadonlySet<number>> = {
  data: new Set([NodeDataChanged, NodeDeleted]),
  exist: new Set([NodeCreated]),
  child: new Set([NodeChildrenChanged, NodeDeleted]),
  persistent: new Set([NodeCreated, NodeDeleted, NodeDataChanged, NodeChildrenChanged]),
  recursive: new Set([NodeCreated, NodeDeleted, NodeDataChanged]),
};

const ONE_SHOT: ReadonlySet<WatchKind> = new Set(['data', 'exist', 'child']);

/** removeWatches' watcher types (4 and 5: persistent, persistent-recursive) and what they drop. */
const REMOVED_BY: Readonly<Record<number, readonly WatchKind[]>> = {
  [WatcherType.Children]: ['child'],
  [WatcherType.Data]: ['data', 'exist'],
  [WatcherType.Any]: ['data', 'exist', 'child', 'persistent', 'recursive'],
  4: ['persistent'],
  5: ['recursive'],
};

const hex = (n: bigint | number): string => `0x${n.toString(16)}`;

/** Checks every session's watches; returns how many events it matched to watches. */
export function checkWatches(sessions: ReadonlyMap<bigint, readonly Observation[]>, timeline: CommittedTimeline): number {
  let events = 0;
  for (const [sessionId, log] of sessions) events += new SessionWatches(sessionId, timeline).walk(log);
  return events;
}

class SessionWatches {
  private readonly watches = new Map<string, Watch>();
  private replays: ObservedRequest[] = [];

  constructor(private readonly sessionId: bigint, private readonly timeline: CommittedTimeline) {}

  walk(log: readonly Observation[]): number {
    this.replays = log.flatMap((o) => (o.kind === 'reply' && isReplay(o.request.request) ? [o.request] : []));
    let events = 0;
    for (const o of log) {
      if (o.kind === 'event') {
        this.event(o.conn, o.zxid, o.type, o.path, o.atMs);
        events++;
        continue;
      }
      const r = o.request;
      const op = r.request.op;
      if (isReplay(r.request)) this.replayed(r);
      if (op !== OpCode.closeSession) this.noMissedEvent(r);
      this.registered(r);
    }
    return events;
  }

  /** No pending watch was fired by a txn at or below the reply's zxid. */
  private noMissedEvent(r: ObservedRequest): void {
    const zxid = r.reply!.zxid;
    for (const w of this.watches.values()) {
      const t = this.timeline.firstTrigger(w.path, FIRED_BY[w.kind], w.since, w.kind === 'recursive');
      if (t && t.zxid <= zxid) {
        violation('watch-event-missing', `session ${hex(this.sessionId)}: its ${w.kind} watch on ${w.path} (set at ${hex(w.since)}) was fired by txn ${hex(t.zxid)} `
          + `(event type ${t.type} on ${t.path}), but the reply to xid ${r.xid} (op ${r.request.op}) on c${r.conn} came at ${hex(zxid)} with no event before it`);
      }
    }
  }

  /** A watch replay was answered at S: what ZooKeeper's replay cannot fire counts as set at S. */
  private replayed(r: ObservedRequest): void {
    const req = r.request as Replay;
    const s = r.reply!.zxid;
    if (r.reply!.err !== ErrorCode.OK) return;
    for (const path of req.existWatches) {
      const w = this.watches.get(`exist:${path}`);
      if (w && !this.timeline.existsAt(path, s)) w.since = Math.max(w.since, s);
    }
    if (req.op !== OpCode.setWatches2) return;
    for (const [kind, paths] of [['persistent', req.persistentWatches], ['recursive', req.persistentRecursiveWatches]] as const) {
      for (const path of paths) {
        const w = this.watches.get(`${kind}:${path}`);
        if (w) w.since = Math.max(w.since, s);
      }
    }
  }

  /** What a successful reply registers or removes. */
  private registered(r: ObservedRequest): void {
    const req = r.request;
    const { err, zxid } = r.reply!;
    const add = (kind: WatchKind, path: string) => {
      if (!this.watches.has(`${kind}:${path}`)) this.watches.set(`${kind}:${path}`, { kind, path, since: zxid });
    };
    switch (req.op) {
      case OpCode.exists:
        if (req.watch && err === ErrorCode.OK) add('data', req.path);
        else if (req.watch && err === ErrorCode.NoNode) add('exist', req.path);
        return;
      case OpCode.getData:
        if (req.watch && err === ErrorCode.OK) add('data', req.path);
        return;
      case OpCode.getChildren:
      case OpCode.getChildren2:
        if (req.watch && err === ErrorCode.OK) add('child', req.path);
        return;
      case OpCode.addWatch:
        if (err === ErrorCode.OK) add(req.mode === AddWatchMode.Persistent ? 'persistent' : 'recursive', req.path);
        return;
      case OpCode.removeWatches:
        if (err === ErrorCode.OK) for (const kind of REMOVED_BY[req.type] ?? []) this.watches.delete(`${kind}:${req.path}`);
        return;
      default:
        return;
    }
  }

  /** An event: it answers some watch the session holds, and a one-shot one only after a txn fired it. */
  private event(conn: number, zxid: number, type: number, path: string, atMs: number): void {
    const answered: Watch[] = [];
    for (const w of this.watches.values()) if (answers(w, type, path)) answered.push(w);
    const what = `session ${hex(this.sessionId)} got event type ${type} for ${path} (zxid ${hex(zxid)}) on c${conn}`;
    if (answered.length === 0 && this.replayFires(conn, atMs, type, path)) return;
    if (answered.length === 0) {
      violation('watch-event-unexpected', `${what} but holds no watch it answers (a one-shot watch fires once); holds ${this.describe()}`);
    }
    // A persistent watch hears every trigger, several from one txn (a multi) with one zxid.
    const fired = answered.some((w) => {
      if (!ONE_SHOT.has(w.kind)) return true;
      const t = this.timeline.firstTrigger(w.path, FIRED_BY[w.kind], w.since, false);
      return t !== null && t.zxid <= zxid;
    });
    if (!fired) violation('watch-event-spurious', `${what}, but no txn after the watch was set fires it; holds ${this.describe()}`);
    for (const w of answered) {
      if (ONE_SHOT.has(w.kind)) this.watches.delete(`${w.kind}:${w.path}`);
      else w.since = Math.max(w.since, zxid);
    }
  }

  /** Whether a replay pending on `conn` at `atMs` names `path` in a list that fires `type`. */
  private replayFires(conn: number, atMs: number, type: number, path: string): boolean {
    return this.replays.some((r) => {
      if (r.conn !== conn || r.sentMs > atMs || r.reply!.atMs < atMs) return false;
      const q = r.request as Replay;
      if (type === NodeDeleted) return q.dataWatches.includes(path) || q.childWatches.includes(path);
      if (type === NodeDataChanged) return q.dataWatches.includes(path);
      if (type === NodeCreated) return q.existWatches.includes(path);
      return q.childWatches.includes(path);
    });
  }

  private describe(): string {
    return `[${[...this.watches.values()].map((w) => `${w.kind}:${w.path}@${hex(w.since)}`).join(' ')}]`;
  }
}

/** Whether an event of `type` on `path` answers watch `w`, as ZooKeeper's client matches them. */
function answers(w: Watch, type: number, path: string): boolean {
  if (w.kind === 'recursive') return type !== NodeChildrenChanged && (path === w.path || path.startsWith(w.path === '/' ? '/' : `${w.path}/`));
  if (w.path !== path) return false;
  switch (w.kind) {
    case 'data':
    case 'exist':
      return type === NodeCreated || type === NodeDataChanged || type === NodeDeleted;
    case 'child':
      return type === NodeChildrenChanged || type === NodeDeleted;
    case 'persistent':
      return true;
  }
}

function isReplay(r: Request): r is Replay {
  return r.op === OpCode.setWatches || r.op === OpCode.setWatches2;
}
