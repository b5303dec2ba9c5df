/** Bytes held by the files of one directory, for dirs and conf (`datadir_size`, `dataLogSize`). */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Sums the sizes of the regular files directly in `dir`; 0 when it does not exist. */
export async function directorySize(dir: string): Promise<number> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0;
  }
  let total = 0;
  for (const name of names) {
    try {
      const s = await stat(join(dir, name));
      if (s.isFile()) total += s.size;
    } catch {
      // Purged between the listing and the stat: it no longer counts.
    }
  }
  return total;
}
