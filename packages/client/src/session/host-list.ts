/**
 * The order in which the client tries servers, after the Java client's `StaticHostProvider`:
 * the list is shuffled once, then walked round-robin. Once every host has been tried since the
 * last successful connection, the caller waits a spin delay before starting the next round.
 *
 * {@link HostList.update} replaces the list as `StaticHostProvider.updateServerList` does
 * (ZOOKEEPER-1355): when servers are added, a client moves to one of the new ones with the
 * probability that evens out the load; when its server is removed, it moves to a new or a
 * remaining one in proportions that keep the load even. A move is "reconfig mode": the next
 * attempts draw from the chosen group first, then fall back to round-robin.
 */
import type { HostPort } from './connect-string';
import { shuffled, type RandomInt } from './random';

function sameHost(a: HostPort, b: HostPort): boolean {
  return a.port === b.port && a.host === b.host;
}

/** A uniform float in [0, 1). */
function fraction(random: RandomInt): number {
  return random(0x40000000) / 0x40000000;
}

export class HostList {
  private hosts: readonly HostPort[];
  private index = -1;
  /** The index of the host of the last successful connection (-1: none yet). */
  private lastConnected = -1;
  private triedSinceConnected = 0;
  /** After an update that asks this client to move: where to try next. */
  private reconfig: {
    readonly oldHosts: readonly HostPort[];
    readonly newHosts: readonly HostPort[];
    readonly probNew: number;
    nextOld: number;
    nextNew: number;
  } | undefined;

  constructor(hosts: readonly HostPort[], private readonly random: RandomInt) {
    if (hosts.length === 0) throw new RangeError('a host list needs at least one host');
    this.hosts = shuffled(hosts, random);
  }

  get size(): number {
    return this.hosts.length;
  }

  /** The hosts in the order they are tried. */
  get order(): readonly HostPort[] {
    return this.hosts;
  }

  /** Whether every host has been tried since the last successful connection. */
  get exhausted(): boolean {
    return this.triedSinceConnected >= this.hosts.length;
  }

  /** Whether the last {@link update} asked the client to move and it has not connected since. */
  get rebalancing(): boolean {
    return this.reconfig !== undefined;
  }

  /** The next host to try. Starting a new round resets {@link exhausted}. */
  next(): HostPort {
    if (this.exhausted) this.triedSinceConnected = 0;
    this.triedSinceConnected += 1;
    const moved = this.nextInReconfig();
    if (moved !== undefined) {
      this.index = this.hosts.findIndex((h) => sameHost(h, moved));
      return moved;
    }
    this.index = (this.index + 1) % this.hosts.length;
    return this.hosts[this.index]!;
  }

  /** The current host accepted a session: a fresh round of attempts starts after it. */
  connected(): void {
    this.triedSinceConnected = 0;
    this.lastConnected = this.index;
    this.reconfig = undefined;
  }

  /**
   * Replaces the host list. `current` is the host connected to now (undefined when not
   * connected). Returns true when this client should drop its connection and move (the next
   * {@link next} calls then pick the hosts to move to).
   */
  update(hosts: readonly HostPort[], current: HostPort | undefined): boolean {
    if (hosts.length === 0) throw new RangeError('a host list needs at least one host');
    const list = shuffled(hosts, this.random);
    // Mid-move, "our" server is the one the move would try next (Java calls next(0) here).
    const mine = (this.reconfig !== undefined ? this.nextInReconfig() : current) ?? this.hosts[Math.max(this.lastConnected, 0)];
    const stays = mine !== undefined && list.some((h) => sameHost(h, mine));
    const oldHosts = list.filter((h) => this.hosts.some((o) => sameHost(o, h)));
    const newHosts = list.filter((h) => !this.hosts.some((o) => sameHost(o, h)));
    const before = this.hosts.length;
    const after = list.length;
    let probNew: number | undefined;
    if (after > before) {
      // More servers: some of the clients of each old one move to the new ones.
      if (!stays || fraction(this.random) <= 1 - before / after) probNew = 1;
    } else if (!stays) {
      // Our server is gone: spread its clients over the remaining and the new servers.
      const probOld = (oldHosts.length * (before - after)) / (after * (before - oldHosts.length));
      probNew = 1 - probOld;
    }
    this.hosts = list;
    this.triedSinceConnected = 0;
    if (probNew === undefined) {
      this.reconfig = undefined;
      this.index = mine === undefined ? -1 : list.findIndex((h) => sameHost(h, mine));
      this.lastConnected = this.index;
      return false;
    }
    this.reconfig = { oldHosts, newHosts, probNew, nextOld: 0, nextNew: 0 };
    this.index = -1;
    this.lastConnected = -1;
    return true;
  }

  /** In reconfig mode: a new host with probability probNew, else an old one; undefined once all were tried. */
  private nextInReconfig(): HostPort | undefined {
    const r = this.reconfig;
    if (r === undefined) return undefined;
    const takeNew = fraction(this.random) <= r.probNew;
    if (r.nextNew < r.newHosts.length && (takeNew || r.nextOld >= r.oldHosts.length)) return r.newHosts[r.nextNew++];
    if (r.nextOld < r.oldHosts.length) return r.oldHosts[r.nextOld++];
    this.reconfig = undefined;
    return undefined;
  }
}
