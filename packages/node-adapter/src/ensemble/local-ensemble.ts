/**
 * The files of an ensemble whose members all run on this machine, on 127.0.0.1: one directory
 * per member with its `myid` and `zoo.cfg` (distinct client, quorum and election ports, its own
 * dataDir). `paddock-server --ensemble N` and the ensemble tests run members from these.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { join } from 'node:path';
import { MYID_FILE } from './myid';

/** One member's ports and files. */
export interface LocalMember {
  readonly id: number;
  readonly observer: boolean;
  readonly clientPort: number;
  readonly quorumPort: number;
  readonly electionPort: number;
  /** The member's directory: `zoo.cfg` here, the data in `data/` (with `myid`). */
  readonly dir: string;
  readonly configPath: string;
  readonly dataDir: string;
}

export interface LocalEnsembleOptions {
  /** Participants (voters), ids 1..voters. */
  readonly voters: number;
  /** Observers, ids after the voters. */
  readonly observers?: number;
  /** Parent directory of the members' directories. */
  readonly dir: string;
  readonly tickTimeMs?: number;
  readonly initLimit?: number;
  readonly syncLimit?: number;
  /** More zoo.cfg lines for every member. */
  readonly extraConfig?: Readonly<Record<string, string>>;
}

/** A written local ensemble. */
export interface LocalEnsemble {
  readonly members: readonly LocalMember[];
  /** `127.0.0.1:p1,127.0.0.1:p2,…`: every member, for a client's connect string. */
  readonly connectString: string;
}

/** Picks free ports and writes every member's `myid` and `zoo.cfg`. */
export async function writeLocalEnsemble(options: LocalEnsembleOptions): Promise<LocalEnsemble> {
  const total = options.voters + (options.observers ?? 0);
  const ports = await freePorts(3 * total);
  const members: LocalMember[] = [];
  for (let i = 0; i < total; i++) {
    const id = i + 1;
    const dir = join(options.dir, `server${id}`);
    members.push({
      id,
      observer: id > options.voters,
      clientPort: ports[3 * i]!,
      quorumPort: ports[3 * i + 1]!,
      electionPort: ports[3 * i + 2]!,
      dir,
      configPath: join(dir, 'zoo.cfg'),
      dataDir: join(dir, 'data'),
    });
  }
  for (const m of members) {
    await mkdir(m.dataDir, { recursive: true });
    await writeFile(join(m.dataDir, MYID_FILE), `${m.id}\n`);
    await writeFile(m.configPath, memberConfig(m, members, options));
  }
  return { members, connectString: members.map((m) => `127.0.0.1:${m.clientPort}`).join(',') };
}

/** The zoo.cfg of member `m`: ZooKeeper's replicated-mode sample with every server line. */
export function memberConfig(m: LocalMember, all: readonly LocalMember[], options: LocalEnsembleOptions): string {
  const lines = [
    `tickTime=${options.tickTimeMs ?? 2000}`,
    `initLimit=${options.initLimit ?? 10}`,
    `syncLimit=${options.syncLimit ?? 5}`,
    `dataDir=${m.dataDir}`,
    '4lw.commands.whitelist=*',
    ...(m.observer ? ['peerType=observer'] : []),
    ...all.map((s) => `server.${s.id}=127.0.0.1:${s.quorumPort}:${s.electionPort}:${s.observer ? 'observer' : 'participant'};127.0.0.1:${s.clientPort}`),
    ...Object.entries(options.extraConfig ?? {}).map(([k, v]) => `${k}=${v}`),
  ];
  return `${lines.join('\n')}\n`;
}

/** `n` distinct ports the OS reports free on 127.0.0.1 (held together, so never the same twice). */
async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: n }, () => new Promise<Server>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  })));
  const ports = servers.map((s) => (s.address() as AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}
