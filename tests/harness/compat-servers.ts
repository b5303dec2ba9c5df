import { existsSync } from 'node:fs';
import { commandSucceeds, requireTool } from './require-tool.js';
import { PADDOCK_CLI, ZOOKEEPER_JAR } from './server.js';
import type { ServerKind } from './zoo-cfg.js';

const ALL_KINDS: readonly ServerKind[] = ['zookeeper', 'paddock'];

/**
 * The server kinds the compatibility suites run against. `PADDOCK_COMPAT_SERVERS` (a comma list)
 * chooses explicitly; without it, both kinds run once Paddock's CLI exists, and only ZooKeeper
 * (with a loud note) before that, so the suites keep proving themselves on the real server.
 */
export function compatServers(): ServerKind[] {
  const raw = process.env.PADDOCK_COMPAT_SERVERS;
  if (raw !== undefined && raw.trim() !== '') {
    const chosen = raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
    for (const name of chosen) {
      if (!(ALL_KINDS as readonly string[]).includes(name)) {
        throw new Error(`PADDOCK_COMPAT_SERVERS: unknown server kind ${JSON.stringify(name)} (use zookeeper, paddock)`);
      }
    }
    return ALL_KINDS.filter((kind) => chosen.includes(kind));
  }
  if (existsSync(PADDOCK_CLI)) return [...ALL_KINDS];
  warnOnce(`[compat] Paddock CLI ${PADDOCK_CLI} does not exist yet: compatibility suites run against ZooKeeper only.`);
  return ['zookeeper'];
}

export function paddockSelected(): boolean {
  return compatServers().includes('paddock');
}

let warned = false;
function warnOnce(message: string): void {
  if (warned) return;
  warned = true;
  console.warn(message);
}

/**
 * compatServers(), gated on the reference server being installed: call it while collecting
 * tests. Without java or ZooKeeper's jar the zookeeper kind is dropped, which fails the run on
 * CI and skips loudly elsewhere (see requireTool).
 */
export function runnableCompatServers(): ServerKind[] {
  const kinds = compatServers();
  if (!kinds.includes('zookeeper')) return kinds;
  const ok = requireTool(ZOOKEEPER_TOOL, zookeeperInstalled);
  return ok ? kinds : kinds.filter((k) => k !== 'zookeeper');
}

export const ZOOKEEPER_TOOL = 'zookeeper server (Debian zookeeper, java)';

/** For requireTool: the reference server can be started. */
export function zookeeperInstalled(): true | string {
  return existsSync(ZOOKEEPER_JAR) ? commandSucceeds('java', ['-version']) : `${ZOOKEEPER_JAR} does not exist`;
}
