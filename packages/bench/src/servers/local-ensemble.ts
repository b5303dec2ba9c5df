/**
 * A three-member ensemble of one kind on 127.0.0.1: each member a {@link ManagedServer} with its
 * own directory, `myid` and client port, all reading the same `server.N` lines. Both kinds use
 * the same layout, so Paddock and ZooKeeper ensembles differ only in the server they run.
 * Clients are spread over the members (session i connects to member i mod 3).
 */
import type { Target } from '../load/jobs';
import { freePort } from '@paddock/process-kit';
import { ManagedServer, type BenchServer } from './managed-server';
import { SERVER_LABEL, type ServerKind } from './server-kinds';
import type { ServerSettings } from './zoo-cfg';

/** Members of the bench's ensembles. */
export const ENSEMBLE_SIZE = 3;

export class LocalEnsemble implements BenchServer {
  readonly label: string;

  private constructor(
    readonly kind: ServerKind,
    private readonly members: readonly ManagedServer[],
  ) {
    this.label = `${SERVER_LABEL[kind]} ×${members.length}`;
  }

  /** Prepares every member's directory and config on free ports; starts nothing. */
  static async prepare(kind: ServerKind, baseDir: string, settings: ServerSettings, cpuProfileDir: string | null): Promise<LocalEnsemble> {
    const ids = Array.from({ length: ENSEMBLE_SIZE }, (_, i) => i + 1);
    const ports = [];
    for (const id of ids) ports.push({ id, client: await freePort(), quorum: await freePort(), election: await freePort() });
    const serverLines = ports.map((p) => `server.${p.id}=127.0.0.1:${p.quorum}:${p.election}`);
    const members = [];
    for (const p of ports) {
      members.push(await ManagedServer.prepare(kind, baseDir, settings, cpuProfileDir, { id: p.id, serverLines, clientPort: p.client }));
    }
    return new LocalEnsemble(kind, members);
  }

  /** Starts every member at once (none serves before a quorum is up); resolves once all serve. */
  async start(timeoutMs: number): Promise<void> {
    const started = await Promise.allSettled(this.members.map((m) => m.start(timeoutMs)));
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed !== undefined) {
      await this.stop().catch(() => undefined);
      throw failed.reason as Error;
    }
  }

  async stop(): Promise<void> {
    const stopped = await Promise.allSettled(this.members.map((m) => m.stop()));
    const failed = stopped.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed !== undefined) throw failed.reason as Error;
  }

  target(): Target {
    const first = this.members[0]!.target();
    return { ...first, ports: this.members.map((m) => m.port) };
  }

  cpuMs(): number {
    return this.members.reduce((sum, m) => sum + m.cpuMs(), 0);
  }

  get isRunning(): boolean {
    return this.members.every((m) => m.isRunning);
  }

  /** Member pids, for the progress log. */
  get pids(): number[] {
    return this.members.map((m) => m.pid);
  }

  logTail(): string {
    return this.members.map((m, i) => `--- member ${i + 1} ---\n${m.logTail(1500)}`).join('\n');
  }
}
