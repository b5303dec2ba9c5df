/**
 * The workloads: each participant is a client process running a real recipe from
 * `@paddock/client` in a loop (take the lock or the leadership, hold it a while, give it up),
 * starting a new client whenever its session is over. A participant "believes" it holds while
 * the recipe tells it so: from `acquire()` until the lease is lost or released, while
 * `isLeader`, inside `takeLeadership` until the signal aborts.
 */
import {
  createClient, LeaderLatch, LeaderSelector, Mutex, type Lease, type ZooKeeperClient,
} from '@paddock/client';
import type { Prng } from '../prng';
import type { Trace } from '../trace';
import type { Transport } from '@paddock/client';
import type { VirtualProcess } from './virtual-process';

/** The recipes the simulation runs. */
export type RecipeKind = 'mutex' | 'leader-latch' | 'leader-selector';

/** Something with the mutex's acquisition API (tests pass broken ones to prove the checker bites). */
export interface LockUnderTest {
  tryAcquire(timeoutMs?: number): Promise<Lease | null>;
}

/** Builds the lock a mutex participant uses on `client`. */
export type LockFactory = (client: ZooKeeperClient, path: string) => LockUnderTest;

export const realMutex: LockFactory = (client, path) => new Mutex(client, path);

/** What a participant needs of its world. */
export interface ParticipantEnv {
  readonly trace: Trace;
  readonly nowMs: number;
  readonly sessionTimeoutMs: number;
  /** The servers' connect string. */
  readonly connectString: string;
  /** True once the run is over: participants stop starting new rounds. */
  readonly stopped: boolean;
  transportFor(process: VirtualProcess): Transport;
}

export abstract class Participant {
  /** The session under which this participant believes it holds / leads, or null. */
  holding: bigint | null = null;
  /** How many times it came to hold / lead. */
  acquisitions = 0;
  protected client: ZooKeeperClient | null = null;
  private clients = 0;

  constructor(
    readonly index: number,
    readonly process: VirtualProcess,
    protected readonly rng: Prng,
    protected readonly env: ParticipantEnv,
  ) {}

  /** Runs rounds until the world stops. */
  abstract run(): Promise<void>;

  /** The current client, or a new one (new session) once the last one's session is over. */
  protected currentClient(): ZooKeeperClient {
    const c = this.client;
    if (c !== null && c.state !== 'Expired' && c.state !== 'Closed' && c.state !== 'AuthFailed') return c;
    this.clients++;
    this.env.trace.record(`${this.env.nowMs} p${this.index} new client #${this.clients}`);
    this.client = createClient(this.env.connectString, {
      transport: this.env.transportFor(this.process),
      timers: this.process.timers,
      random: this.process.random,
      sessionTimeoutMs: this.env.sessionTimeoutMs,
    });
    return this.client;
  }

  protected believe(client: ZooKeeperClient): void {
    if (this.holding !== null) return;
    this.holding = client.sessionId;
    this.acquisitions++;
    this.env.trace.record(`${this.env.nowMs} p${this.index} holds (session 0x${client.sessionId.toString(16)})`);
  }

  protected disbelieve(): void {
    if (this.holding === null) return;
    this.holding = null;
    this.env.trace.record(`${this.env.nowMs} p${this.index} lets go`);
  }

  protected sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.process.timers.setTimer(resolve, ms));
  }

  /** Resolves once `client`'s session is over. */
  protected over(client: ZooKeeperClient): Promise<void> {
    return new Promise((resolve) => {
      const check = (): boolean => client.state === 'Expired' || client.state === 'Closed' || client.state === 'AuthFailed';
      if (check()) return resolve();
      const off = client.onStateChange(() => {
        if (!check()) return;
        off();
        resolve();
      });
    });
  }
}

/** Takes the mutex (sometimes with a timeout), holds it, releases it; gives up on loss. */
export class MutexParticipant extends Participant {
  constructor(index: number, process: VirtualProcess, rng: Prng, env: ParticipantEnv, private readonly lockOf: LockFactory) {
    super(index, process, rng, env);
  }

  async run(): Promise<void> {
    while (!this.env.stopped) {
      const client = this.currentClient();
      const lock = this.lockOf(client, '/locks/sim');
      try {
        const lease = await lock.tryAcquire(this.rng.chance(0.3) ? this.rng.int(200, 3_000) : undefined);
        if (lease !== null) {
          this.believe(client);
          void lease.lost.then(() => this.disbelieve());
          await Promise.race([this.sleep(this.rng.int(0, 800)), lease.lost]);
          this.disbelieve();
          // Released even after a loss: a session that survives a disconnection keeps the node.
          await lease.release();
        }
      } catch {
        // ConnectionLoss, SessionExpired, NoNode: the recipe gave up; so do we, for this round.
        this.disbelieve();
      }
      await this.sleep(this.rng.int(0, 500));
    }
  }
}

/** Joins a LeaderLatch, leads a while if it gets there, leaves, rejoins. */
export class LatchParticipant extends Participant {
  async run(): Promise<void> {
    while (!this.env.stopped) {
      const client = this.currentClient();
      const latch = new LeaderLatch(client, '/election/latch', `p${this.index}`);
      const off = latch.onChange((isLeader) => (isLeader ? this.believe(client) : this.disbelieve()));
      try {
        await latch.start();
        if (await latch.awaitLeadership(this.rng.int(1_000, 8_000))) await this.sleep(this.rng.int(0, 1_500));
      } catch {
        // The latch could not join (connection lost, session over): leave and start over.
      }
      this.disbelieve();
      await latch.close().catch(() => {});
      off();
      await this.sleep(this.rng.int(0, 500));
    }
  }
}

/** Runs a LeaderSelector with autoRequeue, leading for a drawn time per turn; rebuilt after Expired. */
export class SelectorParticipant extends Participant {
  async run(): Promise<void> {
    while (!this.env.stopped) {
      const client = this.currentClient();
      const selector = new LeaderSelector(client, '/election/selector', {
        takeLeadership: (signal) => this.lead(client, signal),
      }, { autoRequeue: true });
      selector.start();
      await Promise.race([this.over(client), this.sleep(this.rng.int(3_000, 20_000))]);
      await selector.close().catch(() => {});
      this.disbelieve();
      await this.sleep(this.rng.int(0, 500));
    }
  }

  private lead(client: ZooKeeperClient, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.resolve();
    this.believe(client);
    return new Promise((resolve) => {
      const done = (): void => {
        this.disbelieve();
        resolve();
      };
      const timer = this.process.timers.setTimer(done, this.rng.int(0, 1_500));
      signal.addEventListener('abort', () => {
        this.process.timers.clearTimer(timer);
        done();
      }, { once: true });
    });
  }
}
