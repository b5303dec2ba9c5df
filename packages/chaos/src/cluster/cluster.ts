import { copyFileSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeTempDir, trackTempDir } from '@paddock/process-kit';
import { serverMode } from './four-letter.js';
import { freePort } from '@paddock/process-kit';
import { LinkProxy } from './link-proxy.js';
import { Member } from './member.js';
import { renderMemberConfig, type MemberPorts, type ServerKind } from './member-config.js';

export interface ClusterOptions {
  readonly kind: ServerKind;
  readonly size: number;
  /** ZooKeeper's tickTime; session timeouts are bounded by 2 and 20 ticks. */
  readonly tickTime: number;
  /** Put controllable proxies between members (the chaos run); without, members dial directly. */
  readonly proxied: boolean;
}

/** The proxies member `from` dials to reach member `to`: one per port ZooKeeper uses. */
interface DirectedLink {
  readonly quorum: LinkProxy;
  readonly election: LinkProxy;
}

/**
 * A real ensemble on loopback: N member processes with free ports and temp data dirs, and a
 * proxy for every ordered pair of members, through which the first dials the second. The
 * nemesis fails processes through Member and the network through the link methods here.
 */
export class Cluster {
  private readonly links = new Map<string, DirectedLink>();

  private constructor(
    readonly options: ClusterOptions,
    readonly members: readonly Member[],
    private readonly baseDir: string,
  ) {}

  static async start(options: ClusterOptions): Promise<Cluster> {
    if (options.size < 1) throw new Error('an ensemble needs at least one member');
    const baseDir = mkdtempSync(join(tmpdir(), `paddock-chaos-${options.kind}-`));
    trackTempDir(baseDir);
    const ports: MemberPorts[] = [];
    for (let id = 1; id <= options.size; id += 1) {
      ports.push({ id, clientPort: await freePort(), quorumPort: await freePort(), electionPort: await freePort() });
    }
    const members = ports.map((p) => new Member(options.kind, p, join(baseDir, `member-${p.id}`)));
    const cluster = new Cluster(options, members, baseDir);
    try {
      if (options.proxied) await cluster.startProxies();
      for (const member of members) {
        member.prepare(
          renderMemberConfig({
            kind: options.kind,
            self: member.ports,
            members: ports,
            dataDir: member.dataDir,
            tickTime: options.tickTime,
            dialVia: cluster.dialPortsOf(member.id),
          }),
        );
      }
      for (const member of members) member.start();
      await cluster.waitForQuorum(90_000);
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  /** Every member's client port, as a connect string. */
  get connectString(): string {
    return this.members.map((m) => `127.0.0.1:${m.ports.clientPort}`).join(',');
  }

  member(id: number): Member {
    const member = this.members.find((m) => m.id === id);
    if (member === undefined) throw new Error(`no member ${id}`);
    return member;
  }

  /** Cuts both directions between every pair across the two sides (RST, refused redials). */
  partition(sideA: readonly number[], sideB: readonly number[]): void {
    for (const a of sideA) for (const b of sideB) {
      this.forEachProxy(a, b, (p) => p.cut());
      this.forEachProxy(b, a, (p) => p.cut());
    }
  }

  /** Holds every byte `from` sends to `to` (on connections either dialed), leaving the other way open. */
  holdOneWay(from: number, to: number): void {
    this.forEachProxy(from, to, (p) => p.hold('forward'));
    this.forEachProxy(to, from, (p) => p.hold('backward'));
  }

  /** Heals every link. */
  healNetwork(): void {
    for (const link of this.links.values()) {
      link.quorum.heal();
      link.election.heal();
    }
  }

  /**
   * How many member-to-member connections went through the proxies: zero after members talked
   * means they dial each other directly and network faults cannot reach them.
   */
  relayedConnections(): number {
    let total = 0;
    for (const link of this.links.values()) total += link.quorum.relayed + link.election.relayed;
    return total;
  }

  /** The ids of members whose `srvr` says leader right now (normally one). */
  async leaders(): Promise<number[]> {
    const modes = await Promise.all(
      this.members.map(async (m) => (m.status === 'running' ? await serverMode(m.ports.clientPort, 1500) : undefined)),
    );
    return this.members.filter((_, i) => modes[i] === 'leader').map((m) => m.id);
  }

  /**
   * Waits until every running member serves as leader or follower under exactly one leader.
   * Throws with the members' log tails when that does not happen within `timeoutMs`.
   */
  async waitForQuorum(timeoutMs: number): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      const running = this.members.filter((m) => m.status === 'running');
      const modes = await Promise.all(running.map((m) => serverMode(m.ports.clientPort, 1500)));
      last = running.map((m, i) => `${m.id}:${modes[i] ?? '-'}`).join(' ');
      const leaders = running.filter((_, i) => modes[i] === 'leader');
      const settled = modes.every((mode) => mode === 'leader' || mode === 'follower');
      if (settled && leaders.length === 1) return leaders[0]!.id;
      await new Promise((r) => setTimeout(r, 250));
    }
    const logs = this.members.map((m) => `--- member ${m.id} ---\n${m.logTail(1500)}`).join('\n');
    throw new Error(`no quorum within ${timeoutMs} ms (modes ${last})\n${logs}`);
  }

  /** Copies every member's log (its output and the controller's fault marks) into `dir`. */
  keepLogs(dir: string): void {
    mkdirSync(dir, { recursive: true });
    for (const member of this.members) {
      if (existsSync(member.logPath)) copyFileSync(member.logPath, join(dir, `member-${member.id}.log`));
    }
  }

  /** Kills every member, closes the proxies and removes the data. */
  async stop(): Promise<void> {
    await Promise.all(this.members.map((m) => m.kill9()));
    await Promise.all([...this.links.values()].flatMap((l) => [l.quorum.close(), l.election.close()]));
    removeTempDir(this.baseDir);
  }

  private async startProxies(): Promise<void> {
    for (const from of this.members) for (const to of this.members) {
      if (from.id === to.id) continue;
      const quorum = new LinkProxy(to.ports.quorumPort, `${from.id}->${to.id} quorum`);
      const election = new LinkProxy(to.ports.electionPort, `${from.id}->${to.id} election`);
      await quorum.start();
      await election.start();
      this.links.set(linkKey(from.id, to.id), { quorum, election });
    }
  }

  private dialPortsOf(from: number): Map<number, { quorumPort: number; electionPort: number }> {
    const via = new Map<number, { quorumPort: number; electionPort: number }>();
    for (const to of this.members) {
      const link = this.links.get(linkKey(from, to.id));
      if (link !== undefined) via.set(to.id, { quorumPort: link.quorum.port, electionPort: link.election.port });
    }
    return via;
  }

  private forEachProxy(from: number, to: number, action: (proxy: LinkProxy) => void): void {
    const link = this.links.get(linkKey(from, to));
    if (link === undefined) return;
    action(link.quorum);
    action(link.election);
  }
}

function linkKey(from: number, to: number): string {
  return `${from}->${to}`;
}
