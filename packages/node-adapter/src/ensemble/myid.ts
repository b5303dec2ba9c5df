/**
 * The `myid` file: an ensemble member's server id, the N of its `server.N` line, alone in a
 * file in dataDir (DOCS/zookeeperAdmin.md, "Running Replicated ZooKeeper").
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The file name ZooKeeper reads in dataDir. */
export const MYID_FILE = 'myid';

/**
 * Reads `<dataDir>/myid`.
 * @throws Error with a readable message when the file is missing or does not hold an id.
 */
export async function readMyId(dataDir: string): Promise<number> {
  const path = join(dataDir, MYID_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`${path} is missing: each ensemble member needs its server id (the N of its server.N line) in dataDir/myid`);
    }
    throw new Error(`cannot read ${path}: ${(error as Error).message}`);
  }
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed) || Number(trimmed) < 1 || Number(trimmed) > 255) {
    throw new Error(`${path} holds '${trimmed.slice(0, 40)}', not a server id (1 .. 255)`);
  }
  return Number(trimmed);
}
