import type { ServerKind } from './cluster/member-config.js';

export type CliCommand =
  | { readonly command: 'help' }
  | { readonly command: 'chaos'; readonly minutes: number; readonly servers: ServerKind; readonly members: number; readonly seed: number }
  | { readonly command: 'failover'; readonly members: number };

export const USAGE = `usage: pnpm chaos [--minutes N] [--servers paddock|zookeeper] [--members M] [--seed S]
       pnpm chaos --failover [--members M]

  --minutes N    how long the nemesis injects faults (default 1; fractions allowed)
  --servers K    paddock (default) or zookeeper (Apache ZooKeeper 3.8 from /usr/share/java)
  --members M    ensemble size, 3 to 9 (default 5; 3 for --failover)
  --seed S       seed of the fault schedule and workload (default: random, printed)
  --failover     kill -9 the leader of a 3-member Paddock and a 3-member ZooKeeper ensemble and
                 time the first successful write of a kazoo and a zkCli session after it

Exit status: 0 when every checker passed, 1 on an anomaly, 3 when a checker was inconclusive,
2 on bad arguments, 4 when the run hit its hard deadline.`;

/** Parses the arguments; throws an Error with a readable message on bad input. */
export function parseOptions(argv: readonly string[]): CliCommand {
  let minutes = 1;
  let servers: ServerKind = 'paddock';
  let members: number | undefined;
  let seed = Math.floor(Math.random() * 1_000_000);
  let failover = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    const value = (): string => {
      const v = argv[i + 1];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      i += 1;
      return v;
    };
    switch (arg) {
      case '--help':
      case '-h':
        return { command: 'help' };
      case '--minutes':
        minutes = positiveNumber(arg, value());
        break;
      case '--servers': {
        const v = value();
        if (v !== 'paddock' && v !== 'zookeeper') throw new Error(`--servers: ${JSON.stringify(v)} is not paddock or zookeeper`);
        servers = v;
        break;
      }
      case '--members':
        members = positiveNumber(arg, value());
        if (!Number.isInteger(members) || members < 3 || members > 9) throw new Error('--members: an integer from 3 to 9');
        break;
      case '--seed':
        seed = positiveNumber(arg, value());
        if (!Number.isInteger(seed)) throw new Error('--seed: an integer');
        break;
      case '--failover':
        failover = true;
        break;
      default:
        throw new Error(`unknown argument ${JSON.stringify(arg)}`);
    }
  }
  if (failover) return { command: 'failover', members: members ?? 3 };
  return { command: 'chaos', minutes, servers, members: members ?? 5, seed };
}

function positiveNumber(flag: string, raw: string): number {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n < 0) throw new Error(`${flag}: ${JSON.stringify(raw)} is not a non-negative number`);
  return n;
}
