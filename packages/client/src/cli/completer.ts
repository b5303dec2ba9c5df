/**
 * TAB completion as zkCli's `JLineZNodeCompleter` does it: the word under the cursor completes
 * to a command name when it is the first word, and to a znode when it starts with `/` (the
 * server is asked for the children of the partial path's parent).
 */
import type { ZooKeeperClient } from '../zookeeper-client';

/** Candidates for the last word of `line`, and that word (what readline replaces). */
export type Completion = [candidates: string[], word: string];

export async function completeLine(line: string, client: ZooKeeperClient | undefined, commands: readonly string[]): Promise<Completion> {
  const word = /(?:^|\s)(\S*)$/.exec(line)?.[1] ?? '';
  if (word.startsWith('/')) return [await completePath(word, client), word];
  const isFirstWord = line.trimStart() === word;
  return [isFirstWord ? commands.filter((c) => c.startsWith(word)) : [], word];
}

async function completePath(word: string, client: ZooKeeperClient | undefined): Promise<string[]> {
  if (client === undefined) return [];
  const cut = word.lastIndexOf('/');
  const parent = cut === 0 ? '/' : word.slice(0, cut);
  const prefix = word.slice(cut + 1);
  let children: string[];
  try {
    children = (await client.getChildren(parent)).children;
  } catch {
    // Not connected, no such parent, not allowed: nothing to offer, as in zkCli.
    return [];
  }
  return children.filter((c) => c.startsWith(prefix)).sort().map((c) => word.slice(0, cut + 1) + c);
}
