/**
 * The order in which the client tries servers, after the Java client's `StaticHostProvider`:
 * the list is shuffled once, then walked round-robin. Once every host has been tried since the
 * last successful connection, the caller waits a spin delay before starting the next round.
 */
import type { HostPort } from './connect-string';
import { shuffled, type RandomInt } from './random';

export class HostList {
  private readonly hosts: readonly HostPort[];
  private index = -1;
  private triedSinceConnected = 0;

  constructor(hosts: readonly HostPort[], random: RandomInt) {
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

  /** The next host to try. Starting a new round resets {@link exhausted}. */
  next(): HostPort {
    if (this.exhausted) this.triedSinceConnected = 0;
    this.index = (this.index + 1) % this.hosts.length;
    this.triedSinceConnected += 1;
    return this.hosts[this.index]!;
  }

  /** The current host accepted a session: a fresh round of attempts starts after it. */
  connected(): void {
    this.triedSinceConnected = 0;
  }
}
