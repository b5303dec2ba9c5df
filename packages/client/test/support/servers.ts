/**
 * Which servers the client suites run against, and starting them. Real servers come from the
 * shared harness (`tests/harness`): ZooKeeper 3.8 from the Debian package, or Paddock spawned as
 * `node --import tsx packages/node-adapter/src/cli.ts zoo.cfg`, each on an ephemeral 127.0.0.1
 * port with a temp dataDir, every process tracked and killed.
 *
 * `PADDOCK_CLIENT_SERVERS=zookeeper,paddock` picks the servers (default: zookeeper).
 */
import { existsSync } from 'node:fs';
import {
  commandSucceeds, killEverything, requireTool, startServer, startTcpProxy, type RunningServer, type ServerKind,
  type ServerOptions, type TcpProxy,
} from '../../../../tests/harness/index.js';

const KINDS: readonly ServerKind[] = ['zookeeper', 'paddock'];

export function clientServerKinds(): ServerKind[] {
  const raw = process.env.PADDOCK_CLIENT_SERVERS?.trim();
  if (raw === undefined || raw === '') return ['zookeeper'];
  const chosen = raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const name of chosen) {
    if (!(KINDS as readonly string[]).includes(name)) {
      throw new Error(`PADDOCK_CLIENT_SERVERS: unknown server ${JSON.stringify(name)} (use zookeeper, paddock)`);
    }
  }
  return KINDS.filter((k) => chosen.includes(k));
}

/** Whether `kind` can run here: a missing ZooKeeper fails on CI (CI=true) and is skipped loudly elsewhere. */
export function serverAvailable(kind: ServerKind): boolean {
  if (kind === 'paddock') return true;
  return requireTool('zookeeper (java + /usr/share/java/zookeeper.jar)', () =>
    existsSync('/usr/share/java/zookeeper.jar') ? commandSucceeds('java', ['-version']) : 'zookeeper.jar missing',
  );
}

export { commandSucceeds, killEverything, requireTool, startServer, startTcpProxy, type RunningServer, type ServerKind, type ServerOptions, type TcpProxy };
