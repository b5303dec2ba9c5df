/**
 * Watch events the model says each connection must still receive, in commit order. An event
 * matches the oldest owed entry; only the ephemerals a closeSession deletes may come in any
 * order among themselves, since ZooKeeper walks that set in no defined order.
 */
import type { ModelEvent } from '../model/model-watches';

/** One watch event a connection must still receive. */
export interface OwedEvent {
  readonly zxid: number;
  readonly type: number;
  readonly path: string;
  /** Part of a group (one closeSession) whose members may arrive in any order. */
  readonly unordered: boolean;
}

/** How an arriving event relates to what is owed. */
export type MatchResult = 'ok' | 'unexpected' | 'out-of-order';

/** Owed watch events per connection, oldest first. */
export class OwedEvents {
  private readonly byConn = new Map<number, OwedEvent[]>();

  owe(events: readonly ModelEvent[], zxid: number, unordered: boolean): void {
    for (const e of events) {
      let list = this.byConn.get(e.conn);
      if (!list) this.byConn.set(e.conn, (list = []));
      list.push({ zxid, type: e.type, path: e.path, unordered });
    }
  }

  /** Consumes the owed entry an arriving event pays off. */
  match(conn: number, zxid: number, type: number, path: string): MatchResult {
    const list = this.byConn.get(conn) ?? [];
    const i = list.findIndex((o) => o.zxid === zxid && o.type === type && o.path === path);
    if (i < 0) return 'unexpected';
    const skipped = list.slice(0, i);
    if (skipped.some((o) => o.zxid !== zxid || !o.unordered || !list[i]!.unordered)) return 'out-of-order';
    list.splice(i, 1);
    if (list.length === 0) this.byConn.delete(conn);
    return 'ok';
  }

  /** The oldest entry owed to `conn` from a txn at or before `zxid`, if any. */
  owedThrough(conn: number, zxid: number): OwedEvent | undefined {
    const first = this.byConn.get(conn)?.[0];
    return first && first.zxid <= zxid ? first : undefined;
  }

  /** Everything owed to `conn`. */
  of(conn: number): readonly OwedEvent[] {
    return this.byConn.get(conn) ?? [];
  }

  dropConnection(conn: number): void {
    this.byConn.delete(conn);
  }

  /** Some connection with entries still owed, if any. */
  anyOwed(): { conn: number; event: OwedEvent } | undefined {
    for (const [conn, list] of this.byConn) if (list.length > 0) return { conn, event: list[0]! };
    return undefined;
  }
}
