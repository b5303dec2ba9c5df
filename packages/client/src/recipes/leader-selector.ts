/**
 * Leader election with listeners, as Curator's LeaderSelector: participants queue on a fair
 * mutex; the holder is the leader and runs `takeLeadership`; leadership ends when that returns
 * (or throws), when the connection is lost, or on `close()`, and the lock passes to the next.
 *
 * Guarantees, while the participants' sessions are live:
 * - At most one participant is inside `takeLeadership` with its signal not aborted: the
 *   signal aborts at `Disconnected` (the session may expire unseen and another take over), so a
 *   leader that stops acting when told never overlaps its successor.
 * - Succession follows queue order; a leader that closes hands over at once, one whose session
 *   expires once the server notices.
 * - `relinquish(reason)` follows every `takeLeadership`, after its node is released.
 * - With `autoRequeue`, a participant joins the queue again after each leadership.
 */
import type { ZooKeeperClient } from '../zookeeper-client';
import { acquireLockNode, connectedOrOver, isOver, predecessor, type Lease } from './lock-node';

/** Why leadership ended. */
export type RelinquishReason = 'returned' | 'failed' | 'lost' | 'closed';

export interface LeaderSelectorListener {
  /**
   * Called once this participant leads. Lead until the returned promise settles; stop at once
   * when `signal` aborts (its `reason` is a {@link RelinquishReason}: `lost` or `closed`).
   */
  takeLeadership(signal: AbortSignal): Promise<void>;
  /** Called after each leadership ended and the lock was released. */
  relinquish?(reason: RelinquishReason): void;
}

export interface LeaderSelectorOptions {
  /** Join the queue again after each leadership. Default false (Curator's default). */
  readonly autoRequeue?: boolean;
}

export class LeaderSelector {
  private readonly autoRequeue: boolean;
  private running: Promise<void> | undefined;
  private closed = false;
  private leadership: AbortController | undefined;
  private readonly closing: Promise<void>;
  private signalClose: () => void = () => {};

  constructor(
    private readonly client: ZooKeeperClient,
    /** The election's directory; created on demand. */
    readonly path: string,
    private readonly listener: LeaderSelectorListener,
    options: LeaderSelectorOptions = {},
  ) {
    this.autoRequeue = options.autoRequeue ?? false;
    this.closing = new Promise((resolve) => {
      this.signalClose = resolve;
    });
  }

  /** Joins the queue (once; see {@link requeue}). */
  start(): void {
    this.requeue();
  }

  /** Joins the queue again if not already in it; false when closed or queued. */
  requeue(): boolean {
    if (this.closed || this.running !== undefined) return false;
    this.running = this.runOnce().finally(() => {
      this.running = undefined;
      if (!this.autoRequeue) return;
      // Rejoin once connected: queueing while the connection is down would only fail again.
      void connectedOrOver(this.client).then(() => {
        if (!this.closed && !isOver(this.client)) this.requeue();
      });
    });
    return true;
  }

  /** Whether this participant leads now (inside `takeLeadership`, signal not aborted). */
  get hasLeadership(): boolean {
    return this.leadership !== undefined && !this.leadership.signal.aborted;
  }

  /** Leaves: aborts any leadership, leaves the queue, waits for the lock to be released. */
  async close(): Promise<void> {
    this.closed = true;
    this.signalClose();
    this.leadership?.abort('closed');
    await this.running;
  }

  private async runOnce(): Promise<void> {
    let lease: Lease | null;
    try {
      lease = await acquireLockNode(this.client, this.path, 'leader-', predecessor, { cancelled: this.closing });
    } catch {
      // Queueing failed (the session ended, or the connection stayed down): nothing was led,
      // nothing to relinquish; our node is deleted as soon as the server can be told.
      return;
    }
    if (lease === null) return;
    const controller = new AbortController();
    void lease.lost.then(() => controller.abort('lost'));
    // Closed while queueing: the lock is ours but no leadership starts, so none is relinquished.
    const leads = !this.closed;
    let reason: RelinquishReason = 'closed';
    if (leads) {
      this.leadership = controller;
      reason = 'returned';
      try {
        await this.listener.takeLeadership(controller.signal);
      } catch {
        reason = 'failed';
      }
      if (controller.signal.aborted) reason = controller.signal.reason as RelinquishReason;
      this.leadership = undefined;
    }
    controller.abort(reason);
    await lease.release().catch(() => {
      // Only a node made undeletable under us (its parent's ACL changed) lands here; nothing
      // more can be done about it from this session.
    });
    if (leads) this.listener.relinquish?.(reason);
  }
}
