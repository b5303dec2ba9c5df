/**
 * The credentials a session has added (auth packets, xid -4). They are replayed after every
 * handshake, as the Java client replays its authInfo. Auth replies are not matched by xid (the
 * server answers auth ahead of requests still in its pipeline), only in the order the packets
 * were sent on the current connection.
 */
import type { RequestId } from './session-io';

export interface AuthEntry {
  readonly scheme: string;
  readonly auth: Uint8Array;
}

interface Entry extends AuthEntry {
  /** add-auth requests waiting for the server to accept this entry. */
  waiters: RequestId[];
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class AuthBook {
  private readonly entries: Entry[] = [];
  private inFlight: Entry[] = [];

  /** Every entry, in the order added. */
  get all(): readonly AuthEntry[] {
    return this.entries;
  }

  /**
   * Records credentials (the same twice are one entry) and a request waiting for them.
   * Returns the entry if it must be sent now on a live connection, i.e. it is not already
   * awaiting a reply there (that reply will answer the new waiter too).
   */
  add(scheme: string, auth: Uint8Array, request: RequestId): AuthEntry | undefined {
    let entry = this.entries.find((e) => e.scheme === scheme && sameBytes(e.auth, auth));
    if (entry === undefined) {
      entry = { scheme, auth: auth.slice(), waiters: [] };
      this.entries.push(entry);
    }
    entry.waiters.push(request);
    return this.inFlight.includes(entry) ? undefined : entry;
  }

  /** `entry` was written on the current connection. */
  sent(entry: AuthEntry): void {
    this.inFlight.push(entry as Entry);
  }

  /**
   * An auth reply arrived: the entry it answers (the oldest sent) and its waiters, or
   * undefined if none was outstanding. An entry the server refused is forgotten.
   */
  answered(accepted: boolean): { entry: AuthEntry; waiters: RequestId[] } | undefined {
    const entry = this.inFlight.shift();
    if (entry === undefined) return undefined;
    if (!accepted) this.entries.splice(this.entries.indexOf(entry), 1);
    const waiters = entry.waiters;
    entry.waiters = [];
    return { entry, waiters };
  }

  /** The connection is gone: nothing is in flight; waiters stay for the next handshake. */
  connectionLost(): void {
    this.inFlight = [];
  }

  /** The session ended: every waiting request, removed. */
  drainWaiters(): RequestId[] {
    this.inFlight = [];
    return this.entries.flatMap((e) => e.waiters.splice(0));
  }
}
