/**
 * What the clients of an ensemble run saw, per session and in arrival order: every request with
 * its send time and connection, its reply (if one came) with the arrival time, and every watch
 * event. The end-of-run rules read it against the committed history: watches (`watch-rules.ts`),
 * reads (`read-rules.ts`) and the linearizability of writes (`write-linearizability.ts`).
 */
import type { Request, Response, WatcherEvent } from '@paddock/protocol';

/** A request a session sent; `reply` stays null when its connection was lost first. */
export interface ObservedRequest {
  readonly sessionId: bigint;
  readonly xid: number;
  readonly request: Request;
  readonly conn: number;
  readonly sentMs: number;
  reply: ObservedReply | null;
}

export interface ObservedReply {
  readonly atMs: number;
  readonly zxid: number;
  readonly err: number;
  readonly body: Response | null;
}

/** One thing a session received, in arrival order. */
export type Observation =
  | { readonly kind: 'reply'; readonly request: ObservedRequest }
  | { readonly kind: 'event'; readonly conn: number; readonly zxid: number; readonly type: number; readonly path: string; readonly atMs: number };

/** The recorder; the checker feeds it from the world's client traffic. */
export class ClientObservations {
  /** Every request, in send order. */
  readonly requests: ObservedRequest[] = [];
  readonly bySession = new Map<bigint, Observation[]>();
  private readonly unanswered = new Map<number, ObservedRequest[]>();
  private readonly byXid = new Map<string, ObservedRequest>();

  sent(sessionId: bigint, xid: number, request: Request, conn: number, nowMs: number): void {
    const r: ObservedRequest = { sessionId, xid, request, conn, sentMs: nowMs, reply: null };
    this.requests.push(r);
    let queue = this.unanswered.get(conn);
    if (!queue) this.unanswered.set(conn, (queue = []));
    queue.push(r);
    // Pings and watch replays share reserved xids; writes never do.
    if (xid > 0) this.byXid.set(`${sessionId}:${xid}`, r);
  }

  /** The reply to the oldest unanswered request on `conn` arrived (replies come in send order). */
  answered(conn: number, zxid: bigint, err: number, body: Response | null, nowMs: number): void {
    const r = this.unanswered.get(conn)?.shift();
    if (!r) return;
    r.reply = { atMs: nowMs, zxid: Number(zxid), err, body };
    this.log(r.sessionId).push({ kind: 'reply', request: r });
  }

  event(sessionId: bigint, conn: number, zxid: bigint, event: WatcherEvent, nowMs: number): void {
    this.log(sessionId).push({ kind: 'event', conn, zxid: Number(zxid), type: event.type, path: event.path, atMs: nowMs });
  }

  /** The request session `sessionId` sent with `xid` (positive xids only). */
  request(sessionId: bigint, xid: number): ObservedRequest | undefined {
    return this.byXid.get(`${sessionId}:${xid}`);
  }

  private log(sessionId: bigint): Observation[] {
    let log = this.bySession.get(sessionId);
    if (!log) this.bySession.set(sessionId, (log = []));
    return log;
  }
}
