/**
 * Leader election by latch, as Curator's LeaderLatch: every participant creates a protected
 * ephemeral-sequential node; the lowest is the leader; each other watches its predecessor.
 *
 * Guarantees:
 * - At most one participant believes it leads while their sessions are live: leadership is
 *   given up at `Disconnected` (the session may expire unseen) and re-checked at `Reconnected`.
 * - Succession follows join order; no herd effect.
 * - A leader that crashes is replaced once its session expires; `close()` hands over at once.
 * - After `Expired` the latch is over (its client is); start a new latch on a new client.
 */
import { ErrorCode } from '@paddock/protocol';
import { KeeperError } from '../keeper-error';
import { joinPath } from '../paths';
import type { ZooKeeperClient } from '../zookeeper-client';
import { createProtectedNode } from './lock-node';
import { before, bySequence, deadlineOf, randomId } from './recipe-support';

export class LeaderLatch {
  private node: string | undefined;
  private leader = false;
  private closed = false;
  private readonly listeners = new Set<(isLeader: boolean) => void>();
  private offState: () => void = () => {};
  private checking: Promise<void> | undefined;
  private recheck = false;

  constructor(
    private readonly client: ZooKeeperClient,
    /** The election's directory; created on demand. */
    readonly path: string,
    /** Stored in the participant node, for observers. */
    readonly id: string = randomId(client),
  ) {}

  /** Joins the election. */
  async start(): Promise<void> {
    if (this.node !== undefined) throw new KeeperError(ErrorCode.APIError, { path: this.path, reason: 'latch already started' });
    // Protected, as Curator's: a create lost with its connection must not leave an orphan that
    // leads forever (found by the recipe simulation, ensemble seed 1).
    this.node = await createProtectedNode(this.client, this.path, 'latch-', this.id);
    this.offState = this.client.onStateChange((state) => {
      if (state === 'Reconnected') this.check();
      else if (state !== 'Connected') this.setLeader(false);
    });
    await this.check();
  }

  get isLeader(): boolean {
    return this.leader;
  }

  /** This participant's node. */
  get participantPath(): string | undefined {
    return this.node;
  }

  /** Calls `listener(isLeader)` on every change; returns the unsubscribe function. */
  onChange(listener: (isLeader: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves true once leader, false if `timeoutMs` passes first or the latch closes. */
  async awaitLeadership(timeoutMs?: number): Promise<boolean> {
    if (this.leader) return true;
    let off = (): void => {};
    const became = new Promise<boolean>((resolve) => {
      off = this.onChange((isLeader) => {
        if (isLeader || this.closed) resolve(isLeader);
      });
    });
    try {
      const result = await before(this.client, became, deadlineOf(this.client, timeoutMs));
      return result === true;
    } finally {
      off();
    }
  }

  /** Leaves the election; the next participant takes over at once. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.offState();
    this.setLeader(false);
    const node = this.node;
    if (node === undefined) return;
    await this.client.retrying(async () => {
      try {
        await this.client.delete(node);
      } catch (error) {
        if (!KeeperError.is(error, 'NoNode')) throw error;
      }
    });
  }

  /** Re-evaluates leadership; concurrent calls fold into one more round. */
  private check(): Promise<void> {
    if (this.checking !== undefined) {
      this.recheck = true;
      return this.checking;
    }
    this.checking = (async () => {
      try {
        do {
          this.recheck = false;
          await this.checkOnce();
        } while (this.recheck && !this.closed);
      } catch (error) {
        // Lost connectivity: the state listener re-checks on Reconnected.
        if (!(error instanceof KeeperError)) throw error;
        this.setLeader(false);
      } finally {
        this.checking = undefined;
      }
    })();
    return this.checking;
  }

  private async checkOnce(): Promise<void> {
    if (this.closed || this.node === undefined) return;
    const name = this.node.slice(this.path.length + 1);
    const children = bySequence((await this.client.getChildren(this.path)).children);
    const index = children.indexOf(name);
    if (index === -1) {
      // Our node is gone: the session expired, or someone deleted it. Either way we lead no more.
      this.setLeader(false);
      return;
    }
    if (index === 0) {
      this.setLeader(this.client.state === 'Connected' || this.client.state === 'Reconnected');
      return;
    }
    this.setLeader(false);
    const predecessor = joinPath(this.path, children[index - 1]!);
    const stat = await this.client.exists(predecessor, {
      watch: (event) => {
        // Any node event consumes the watch; re-checking re-arms it.
        if (event.type !== 'None') void this.check();
      },
    });
    if (stat === null) this.recheck = true;
  }

  private setLeader(value: boolean): void {
    // A check still in flight when close() ran saw our node before close deleted it: a closed
    // latch never leads again (found by the recipe simulation, seed 9).
    if (value && this.closed) return;
    if (this.leader === value) return;
    this.leader = value;
    for (const listener of [...this.listeners]) listener(value);
  }
}
