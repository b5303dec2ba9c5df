/**
 * The two servers under test and how each is launched. ZooKeeper runs exactly as the Debian
 * package installs it (its jar, whose manifest carries its dependencies, and /etc/zookeeper/conf
 * on the classpath, JVM defaults), plus slf4j-simple at WARN so that a failed start explains
 * itself; the Debian classpath has no logging binding at all, and WARN logs nothing in normal
 * operation. Paddock runs as `node --import tsx packages/node-adapter/src/cli.ts zoo.cfg`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PADDOCK_CLI, REPO_ROOT } from '../paths';

/** The servers the bench compares. */
export type ServerKind = 'paddock' | 'zookeeper';

/** Paddock first: the table's ratio is Paddock / ZooKeeper. */
export const SERVER_KINDS: readonly ServerKind[] = ['paddock', 'zookeeper'];

/** Display names. */
export const SERVER_LABEL: Readonly<Record<ServerKind, string>> = { paddock: 'Paddock', zookeeper: 'ZooKeeper' };

/** Whether a server can be run here, and if not, what the user should do. */
export type Availability =
  | { readonly available: true; readonly version: string }
  | { readonly available: false; readonly reason: string };

/** A process to spawn. */
export interface LaunchCommand {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
}

const JAVA_DIR = '/usr/share/java';
const ZOOKEEPER_JAR = join(JAVA_DIR, 'zookeeper.jar');
const SLF4J_SIMPLE_JAR = join(JAVA_DIR, 'slf4j-simple.jar');
const ZOOKEEPER_CONF_DIR = '/etc/zookeeper/conf';
const STANDALONE_MAIN = 'org.apache.zookeeper.server.ZooKeeperServerMain';
const QUORUM_MAIN = 'org.apache.zookeeper.server.quorum.QuorumPeerMain';

/** Whether the reference ZooKeeper (Debian package `zookeeper`) and a JVM are installed. */
export function zooKeeperAvailability(): Availability {
  const install = 'install it with `sudo apt-get install zookeeper` to compare against it (the bench installs nothing itself)';
  if (!existsSync(ZOOKEEPER_JAR)) {
    return { available: false, reason: `Apache ZooKeeper is not installed (${ZOOKEEPER_JAR} is missing): ${install}` };
  }
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (java.error !== undefined || java.status !== 0) {
    return { available: false, reason: `no working \`java\` on PATH (${java.error?.message ?? `exit ${java.status}`}): ${install}` };
  }
  const jar = readdirSync(JAVA_DIR).find((name) => /^zookeeper-\d+\.\d+\.\d+\.jar$/.test(name));
  const zkVersion = jar?.slice('zookeeper-'.length, -'.jar'.length) ?? 'unknown version';
  const javaVersion = java.stderr.split('\n')[0]?.trim() ?? 'unknown java';
  return { available: true, version: `${zkVersion} (${javaVersion})` };
}

/** Whether Paddock's server entry point exists (whether it starts is found out by starting it). */
export function paddockAvailability(): Availability {
  if (!existsSync(PADDOCK_CLI)) return { available: false, reason: `${PADDOCK_CLI} does not exist yet` };
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'packages/node-adapter/package.json'), 'utf8')) as { version?: string };
  return { available: true, version: `${pkg.version ?? 'unknown'} (node ${process.version})` };
}

/** Whether `kind` can run here. */
export function availability(kind: ServerKind): Availability {
  return kind === 'paddock' ? paddockAvailability() : zooKeeperAvailability();
}

/**
 * The command that runs `kind` on `cfgPath`, with `serverDir` as its working directory
 * (ZooKeeper); Paddock is CPU-profiled into `cpuProfileDir` when one is given.
 */
export function launchCommand(kind: ServerKind, cfgPath: string, serverDir: string, cpuProfileDir: string | null = null, ensemble = false): LaunchCommand {
  if (kind === 'paddock') {
    const profile = cpuProfileDir === null ? [] : ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`];
    return { command: process.execPath, args: [...profile, '--import', 'tsx', PADDOCK_CLI, cfgPath], cwd: REPO_ROOT };
  }
  const classpath = [ZOOKEEPER_JAR, SLF4J_SIMPLE_JAR, ZOOKEEPER_CONF_DIR].join(':');
  return {
    command: 'java',
    // ZooKeeperServerMain runs standalone only; a member of an ensemble runs QuorumPeerMain.
    args: ['-Dorg.slf4j.simpleLogger.defaultLogLevel=warn', '-cp', classpath, ensemble ? QUORUM_MAIN : STANDALONE_MAIN, cfgPath],
    cwd: serverDir,
  };
}
