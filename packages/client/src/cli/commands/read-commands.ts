/** Commands that read nodes: ls, get, stat, getAllChildrenNumber, getEphemerals. */
import { ErrorCode, type Stat } from '@paddock/protocol';
import { KeeperError } from '../../keeper-error';
import { joinPath } from '../../paths';
import type { WatchListener } from '../../watched-event';
import type { ZooKeeperClient } from '../../zookeeper-client';
import { asCliError, checkPath, CliError, wrappedMessage } from '../cli-error';
import type { CliCommand, CliConsole } from '../command';
import type { ParsedArgs } from '../option-parser';
import { statLines } from '../stat-format';

const decoder = new TextDecoder();

/** Java's `List.toString()`: `[a, b]`. */
export function javaList(items: readonly string[]): string {
  return `[${items.join(', ')}]`;
}

/** The path argument, or zkCli's usage error. */
export function pathArg(parsed: ParsedArgs, command: CliCommand, sequential = false): string {
  const path = parsed.args[1];
  if (path === undefined) throw new CliError(`${command.name} ${command.usage}`);
  checkPath(path, sequential);
  return path;
}

/**
 * zkCli 3.5+ still accepts the old `get path watch` form: a third word is read as `-w`, with a
 * deprecation warning on stderr.
 */
function watchRequested(parsed: ParsedArgs, console: CliConsole, oldForm: string): boolean {
  if (parsed.args.length > 2) {
    console.eprintln(oldForm);
    return true;
  }
  return parsed.flags.has('w');
}

/** Prints the Stat block, as zkCli's `StatPrinter`. */
export function printStat(console: CliConsole, stat: Stat): void {
  for (const line of statLines(stat)) console.println(line);
}

/**
 * `ZKUtil.visitSubTreeDFS`: the node itself (read first, so a missing root fails), then each
 * level's sorted children before descending into them; nodes vanishing meanwhile are skipped.
 */
export async function visitSubtree(client: ZooKeeperClient, root: string, watcher: WatchListener | undefined, visit: (path: string) => Promise<void> | void): Promise<void> {
  await client.getData(root, watcher === undefined ? {} : { watch: watcher });
  await visit(root);
  const descend = async (path: string): Promise<void> => {
    let children: string[];
    try {
      children = (await client.getChildren(path, watcher === undefined ? {} : { watch: watcher })).children.sort();
    } catch (error) {
      if (KeeperError.is(error, 'NoNode')) return;
      throw error;
    }
    for (const child of children) await visit(joinPath(path, child));
    for (const child of children) await descend(joinPath(path, child));
  };
  await descend(root);
}

export const ls: CliCommand = {
  name: 'ls',
  usage: '[-s] [-w] [-R] path',
  options: { flags: 'swR' },
  async run(parsed, { client, console, watcher }) {
    const path = pathArg(parsed, this);
    const watch = watchRequested(parsed, console, "'ls path [watch]' has been deprecated. Please use 'ls [-w] path' instead.");
    try {
      if (parsed.flags.has('R')) {
        await visitSubtree(client, path, watch ? watcher : undefined, (p) => console.println(p));
        return;
      }
      const { children, stat } = await client.getChildren(path, watch ? { watch: watcher } : {});
      console.println(javaList(children.sort()));
      if (parsed.flags.has('s')) printStat(console, stat);
    } catch (error) {
      asCliError(error);
    }
  },
};

export const get: CliCommand = {
  name: 'get',
  usage: '[-s] [-w] path',
  options: { flags: 'sw' },
  async run(parsed, { client, console, watcher }) {
    const path = pathArg(parsed, this);
    const watch = watchRequested(parsed, console, "'get path [watch]' has been deprecated. Please use 'get [-s] [-w] path' instead.");
    try {
      const { data, stat } = await client.getData(path, watch ? { watch: watcher } : {});
      console.println(data === null ? 'null' : decoder.decode(data));
      if (parsed.flags.has('s')) printStat(console, stat);
    } catch (error) {
      asCliError(error);
    }
  },
};

export const stat: CliCommand = {
  name: 'stat',
  usage: '[-w] path',
  options: { flags: 'w' },
  async run(parsed, { client, console, watcher }) {
    const path = pathArg(parsed, this);
    const watch = watchRequested(parsed, console, "'stat path [watch]' has been deprecated. Please use 'stat [-w] path' instead.");
    let found: Stat | null;
    try {
      found = await client.exists(path, watch ? { watch: watcher } : {});
    } catch (error) {
      asCliError(error);
    }
    if (found === null) throw new CliError(wrappedMessage(new KeeperError(ErrorCode.NoNode, { path })));
    printStat(console, found);
  },
};

export const getAllChildrenNumber: CliCommand = {
  name: 'getAllChildrenNumber',
  usage: 'path',
  options: {},
  async run(parsed, { client, console }) {
    const path = pathArg(parsed, this);
    try {
      console.println(String(await client.getAllChildrenNumber(path)));
    } catch (error) {
      asCliError(error);
    }
  },
};

export const getEphemerals: CliCommand = {
  name: 'getEphemerals',
  usage: 'path',
  options: {},
  async run(parsed, { client, console }) {
    // Without a path, every ephemeral of the session.
    const path = parsed.args[1] ?? '/';
    checkPath(path);
    try {
      console.println(javaList(await client.getEphemerals(path)));
    } catch (error) {
      asCliError(error);
    }
  },
};
