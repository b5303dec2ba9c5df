/**
 * zkCli 3.8's quota commands: setquota, listquota, delquota. Quotas are plain znodes under
 * `/zookeeper/quota/<path>` (`zookeeper_limits`, `zookeeper_stats`), written exactly as zkCli
 * writes them, so the server (ZooKeeper or Paddock) and zkCli read them alike. Messages, streams
 * and exit codes are zkCli's: checks it prints and returns from exit 0, its exceptions exit 1.
 */
import { KeeperError } from '../../keeper-error';
import type { ZooKeeperClient } from '../../zookeeper-client';
import { asCliError, checkPath, CliError } from '../cli-error';
import type { CliCommand, CliConsole } from '../command';
import type { ParsedArgs } from '../option-parser';
import { LIMIT_NODE, limitPath, QUOTA_ROOT, quotaPath, StatsTrack, statPath } from '../stats-track';
import { visitSubtree } from './read-commands';

const decoder = new TextDecoder();

/** The quota kinds, by option letter: the StatsTrack key and commons-cli's description. */
const QUOTA_OPTIONS = [
  ['n', 'count', 'num soft quota'],
  ['b', 'bytes', 'bytes soft quota'],
  ['N', 'countHardLimit', 'num hard quota'],
  ['B', 'byteHardLimit', 'bytes hard quota'],
] as const;

/** The group options given, in the order they appeared. */
function chosen(parsed: ParsedArgs): string[] {
  return [...parsed.flags, ...parsed.values.keys()].filter((letter) => QUOTA_OPTIONS.some(([o]) => o === letter));
}

/** commons-cli's OptionGroup: at most one of -n/-b/-N/-B (and, for setquota, one is required). */
function checkGroup(parsed: ParsedArgs, required: boolean): void {
  // Flags and values each keep the order they were given in; a command takes one kind only.
  const given = chosen(parsed);
  if (given.length > 1) {
    throw new CliError(`org.apache.commons.cli.AlreadySelectedException: The option '${given[1]}' was specified but an option from this group has already been selected: '${given[0]}'`);
  }
  if (required && given.length === 0) {
    const names = QUOTA_OPTIONS.map(([letter, , description]) => `-${letter} ${description}`).join(', ');
    throw new CliError(`org.apache.commons.cli.MissingOptionException: Missing required option: [${names}]`);
  }
}

/** Java's Integer.parseInt (32 bits) or Long.parseLong (64): undefined where it would throw. */
function javaInteger(text: string, bits: 32 | 64): bigint | undefined {
  if (!/^[+-]?\d+$/.test(text)) return undefined;
  const value = BigInt(text);
  return value === BigInt.asIntN(bits, value) ? value : undefined;
}

function usage(command: CliCommand): CliError {
  return new CliError(`${command.name} ${command.usage}`);
}

async function readTrack(client: ZooKeeperClient, path: string): Promise<StatsTrack> {
  const { data } = await client.getData(path);
  return StatsTrack.parse(data === null ? '' : decoder.decode(data));
}

/** Creates `path` (no data, open ACL) unless it exists. */
async function ensureNode(client: ZooKeeperClient, path: string): Promise<void> {
  if ((await client.exists(path)) !== null) return;
  try {
    await client.create(path, null);
  } catch (error) {
    if (!KeeperError.is(error, 'NodeExists')) throw error;
  }
}

export const setquota: CliCommand = {
  name: 'setquota',
  usage: '-n|-b|-N|-B val path',
  options: { valued: 'nbNB' },
  async run(parsed, { client, console }) {
    checkGroup(parsed, true);
    const path = parsed.args[1];
    if (path === undefined) throw usage(this);
    if (path.startsWith(QUOTA_ROOT)) {
      console.eprintln(`cannot set a quota under the path: ${QUOTA_ROOT}`);
      return;
    }
    const quota = new StatsTrack();
    for (const [, key] of QUOTA_OPTIONS) quota.set(key, -1n);
    for (const [letter, key] of QUOTA_OPTIONS) {
      const text = parsed.values.get(letter);
      if (text === undefined) continue;
      const count = key === 'count' || key === 'countHardLimit';
      const value = javaInteger(text, count ? 32 : 64);
      if (value === undefined) {
        console.eprintln('NumberFormatException happens when parsing the option value');
        return;
      }
      if (count ? value <= 0n : value < 0n) {
        console.eprintln(count ? 'the num quota must be greater than zero' : 'the bytes quota must be greater than or equal to zero');
        return;
      }
      quota.set(key, value);
    }
    try {
      await createQuota(client, console, path, quota);
    } catch (error) {
      asCliError(error);
    }
  },
};

/** SetQuotaCommand.createQuota: checks, the quota directories, then the limits and stats nodes. */
async function createQuota(client: ZooKeeperClient, console: CliConsole, path: string, quota: StatsTrack): Promise<void> {
  checkPath(path);
  if ((await client.exists(path)) === null) throw new CliError(`${path} does not exist.`);
  await checkIfChildQuota(client, path);
  await checkIfParentQuota(client, path);
  let dir = QUOTA_ROOT;
  for (const part of path.split('/').slice(1)) {
    dir = `${dir}/${part}`;
    await ensureNode(client, dir);
  }
  const limits = limitPath(path);
  const stats = statPath(path);
  if ((await client.exists(limits)) === null) {
    await client.create(limits, quota.toString());
    await client.create(stats, new StatsTrack().set('count', 0n).set('bytes', 0n).toString());
    warnIfBelowUsage(console, await readTrack(client, limits), await readTrack(client, stats));
    return;
  }
  const current = await readTrack(client, limits);
  for (const [, key] of QUOTA_OPTIONS) if (quota.get(key) > -1n) current.set(key, quota.get(key));
  warnIfBelowUsage(console, current, await readTrack(client, stats));
  await client.setData(limits, current.toString());
}

function warnIfBelowUsage(console: CliConsole, quota: StatsTrack, usage: StatsTrack): void {
  const below = (limit: bigint, used: bigint): boolean => limit > -1n && limit < used;
  if (below(quota.get('count'), usage.get('count')) || below(quota.get('countHardLimit'), usage.get('count'))) {
    console.println(`[Warning]: the count quota you create is less than the existing count:${usage.get('count')}`);
  }
  if (below(quota.get('bytes'), usage.get('bytes')) || below(quota.get('byteHardLimit'), usage.get('bytes'))) {
    console.println(`[Warning]: the bytes quota you create is less than the existing bytes:${usage.get('bytes')}`);
  }
}

/** A quota below `path` forbids one on it (checked level by level, as ZKUtil.visitSubTreeDFS walks). */
async function checkIfChildQuota(client: ZooKeeperClient, path: string): Promise<void> {
  const root = quotaPath(path);
  checkPath(root);
  try {
    await visitSubtree(client, root, undefined, async (node) => {
      if (node === root) return;
      let children: string[];
      try {
        children = (await client.getChildren(node)).children;
      } catch (error) {
        if (KeeperError.is(error, 'NoNode')) return;
        throw error;
      }
      if (children.includes(LIMIT_NODE)) throw new CliError(`${path} has a child ${node.slice(QUOTA_ROOT.length)} which has a quota`);
    });
  } catch (error) {
    if (!KeeperError.is(error, 'NoNode')) throw error;
  }
}

/** A quota on an ancestor forbids one on `path`. */
async function checkIfParentQuota(client: ZooKeeperClient, path: string): Promise<void> {
  const parts = path.split('/');
  let dir = QUOTA_ROOT;
  for (let i = 1; i < parts.length - 1; i++) {
    dir = `${dir}/${parts[i]}`;
    let children: string[];
    try {
      children = (await client.getChildren(dir)).children;
    } catch (error) {
      if (KeeperError.is(error, 'NoNode')) return;
      throw error;
    }
    if (children.length === 0) return;
    if (children.includes(LIMIT_NODE)) throw new CliError(`${path} has a parent ${dir.slice(QUOTA_ROOT.length)} which has a quota`);
  }
}

export const listquota: CliCommand = {
  name: 'listquota',
  usage: 'path',
  options: {},
  async run(parsed, { client, console }) {
    const path = parsed.args[1];
    if (path === undefined) throw usage(this);
    console.eprintln(`absolute path is ${limitPath(path)}`);
    checkPath(limitPath(path));
    try {
      const limits = await readTrack(client, limitPath(path));
      const stats = await readTrack(client, statPath(path));
      console.println(`Output quota for ${path} ${limits.toString()}`);
      console.println(`Output stat for ${path} ${stats.toString()}`);
    } catch (error) {
      if (!KeeperError.is(error, 'NoNode')) asCliError(error);
      console.eprintln(`quota for ${path} does not exist.`);
    }
  },
};

export const delquota: CliCommand = {
  name: 'delquota',
  usage: '[-n|-b|-N|-B] path',
  options: { flags: 'nbNB' },
  async run(parsed, { client, console }) {
    checkGroup(parsed, false);
    const path = parsed.args[1];
    if (path === undefined) throw usage(this);
    const only = QUOTA_OPTIONS.filter(([letter]) => parsed.flags.has(letter)).map(([, key]) => key);
    try {
      await delQuota(client, console, path, only);
    } catch (error) {
      if (!KeeperError.is(error, 'NoNode')) asCliError(error);
      console.eprintln(`quota for ${path} does not exist.`);
    }
  },
};

/** DelQuotaCommand.delQuota: unset the given kinds, or remove the whole quota and trim empty directories. */
async function delQuota(client: ZooKeeperClient, console: CliConsole, path: string, only: readonly string[]): Promise<void> {
  const dir = quotaPath(path);
  const limits = limitPath(path);
  checkPath(limits);
  if ((await client.exists(limits)) === null) {
    console.println(`Quota does not exist for ${path}`);
    return;
  }
  const track = await readTrack(client, limits);
  if (only.length > 0) {
    for (const key of only) track.set(key, -1n);
    await client.setData(limits, track.toString());
    return;
  }
  for (const child of (await client.getChildren(dir)).children) await client.delete(`${dir}/${child}`);
  for (let node = dir; node !== QUOTA_ROOT; node = node.slice(0, node.lastIndexOf('/'))) {
    if ((await client.getChildren(node)).children.length > 0) return;
    await client.delete(node);
  }
}
