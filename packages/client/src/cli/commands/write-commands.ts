/** Commands that change nodes: create, set, delete, deleteall. */
import type { ACL } from '@paddock/protocol';
import { OPEN_ACL_UNSAFE } from '../../acl';
import { MAX_TTL_MS, type CreateMode } from '../../create-mode';
import { KeeperError } from '../../keeper-error';
import { joinPath } from '../../paths';
import type { ZooKeeperClient } from '../../zookeeper-client';
import { parseAcl } from '../acl-format';
import { asCliError, CliError, keeperMessage } from '../cli-error';
import type { CliCommand } from '../command';
import type { ParsedArgs } from '../option-parser';
import { pathArg, printStat } from './read-commands';

/** An int option as Java's `Integer.parseInt` reads it (zkCli lets the exception escape). */
export function intOption(parsed: ParsedArgs, letter: string, fallback: number): number {
  const text = parsed.values.get(letter);
  if (text === undefined) return fallback;
  if (!/^[-+]?\d+$/.test(text) || Math.abs(Number(text)) > 2 ** 31) {
    throw new CliError(`java.lang.NumberFormatException: For input string: "${text}"`);
  }
  return Number(text);
}

/** Both zkCli and the Java client refuse an empty ACL list before asking the server. */
export function checkAcl(acl: readonly ACL[]): void {
  if (acl.length === 0) throw new CliError('Acl is not valid : null');
}

function createMode(parsed: ParsedArgs): { mode: CreateMode; ttlMs?: number } {
  const e = parsed.flags.has('e');
  const s = parsed.flags.has('s');
  const c = parsed.flags.has('c');
  const ttlText = parsed.values.get('t');
  if (c && (e || s)) throw new CliError('-c cannot be combined with -s or -e. Containers cannot be ephemeral or sequential.');
  let ttlMs: number | undefined;
  if (ttlText !== undefined) {
    if (!/^[-+]?\d+$/.test(ttlText)) throw new CliError('-t argument must be a long value');
    ttlMs = Number(ttlText);
    if (e) throw new CliError('TTLs cannot be used with Ephemeral znodes');
    if (c) throw new CliError('TTLs cannot be used with Container znodes');
    if (ttlMs <= 0 || ttlMs > MAX_TTL_MS) throw new CliError(`ttl must be positive and cannot be larger than: ${MAX_TTL_MS}`);
  }
  const ttl = ttlMs !== undefined;
  let mode: CreateMode;
  if (e) mode = s ? 'ephemeralSequential' : 'ephemeral';
  else if (s) mode = ttl ? 'persistentSequentialWithTtl' : 'persistentSequential';
  else if (c) mode = 'container';
  else mode = ttl ? 'persistentWithTtl' : 'persistent';
  return ttlMs === undefined ? { mode } : { mode, ttlMs };
}

export const create: CliCommand = {
  name: 'create',
  usage: '[-s] [-e] [-c] [-t ttl] path [data] [acl]',
  options: { flags: 'esc', valued: 't' },
  async run(parsed, { client, console }) {
    if (parsed.args.length < 2) throw new CliError(`${this.name} ${this.usage}`);
    const { mode, ttlMs } = createMode(parsed);
    const path = pathArg(parsed, this, parsed.flags.has('s'));
    const data = parsed.args[2] ?? null;
    const aclText = parsed.args[3];
    const acl = aclText === undefined ? OPEN_ACL_UNSAFE : parseAcl(aclText, (line) => console.eprintln(line));
    if (acl.length === 0) {
      console.eprintln('KeeperErrorCode = InvalidACL');
      checkAcl(acl);
    }
    try {
      const created = await client.create(path, data, { mode, acl, ...(ttlMs === undefined ? {} : { ttlMs }) });
      console.eprintln(`Created ${created.path}`);
    } catch (error) {
      if (KeeperError.is(error, 'EphemeralOnLocalSession')) console.eprintln('Unable to create ephemeral node on a local session');
      if (KeeperError.is(error, 'InvalidACL')) console.eprintln(keeperMessage(error));
      asCliError(error);
    }
  },
};

export const set: CliCommand = {
  name: 'set',
  usage: '[-s] [-v version] path data',
  options: { flags: 's', valued: 'v' },
  async run(parsed, { client, console }) {
    if (parsed.args.length < 3) throw new CliError(`${this.name} ${this.usage}`);
    const path = pathArg(parsed, this);
    const version = intOption(parsed, 'v', -1);
    try {
      const stat = await client.setData(path, parsed.args[2]!, version);
      if (parsed.flags.has('s')) printStat(console, stat);
    } catch (error) {
      asCliError(error);
    }
  },
};

export const del: CliCommand = {
  name: 'delete',
  usage: '[-v version] path',
  options: { valued: 'v' },
  async run(parsed, { client, console }) {
    const path = pathArg(parsed, this);
    // zkCli warns about the old `delete path version` form but, re-parsing, ignores the version.
    if (parsed.args.length > 2) console.eprintln("'delete path [version]' has been deprecated. Please use 'delete [-v version] path' instead.");
    const version = intOption(parsed, 'v', -1);
    try {
      await client.delete(path, version);
    } catch (error) {
      asCliError(error);
    }
  },
};

/** Every path of the subtree, breadth first from the root (`ZKUtil.listSubTreeBFS`). */
async function subtreeBreadthFirst(client: ZooKeeperClient, root: string): Promise<string[]> {
  const tree = [root];
  for (let i = 0; i < tree.length; i++) {
    const node = tree[i]!;
    for (const child of (await client.getChildren(node)).children) tree.push(joinPath(node, child));
  }
  return tree;
}

export const deleteall: CliCommand = {
  name: 'deleteall',
  usage: 'path [-b batch size]',
  options: { valued: 'b' },
  async run(parsed, { client, console }) {
    const batchText = parsed.values.get('b');
    if (batchText !== undefined && !/^[-+]?\d+$/.test(batchText)) throw new CliError('-b argument must be an int value');
    const batchSize = batchText === undefined ? 1000 : Number(batchText);
    const path = pathArg(parsed, this);
    let tree: string[];
    try {
      tree = await subtreeBreadthFirst(client, path);
    } catch (error) {
      asCliError(error);
    }
    // Leaves first, in multi batches, as ZKUtil.deleteInBatch; a failed batch stops the rest.
    const reversed = tree.reverse();
    for (let i = 0; i < reversed.length; i += Math.max(1, batchSize)) {
      const transaction = client.transaction();
      for (const node of reversed.slice(i, i + Math.max(1, batchSize))) transaction.delete(node, -1);
      try {
        await transaction.commit();
      } catch (error) {
        if (!(error instanceof KeeperError)) throw error;
        console.eprintln('Failed to delete some node(s) in the subtree!');
        return;
      }
    }
  },
};
