/**
 * ZooKeeper's two epoch files, `acceptedEpoch` and `currentEpoch`, in the snapshot directory
 * (`<dataDir>/version-2`, where ZooKeeper keeps them). Each holds the epoch in decimal. A write
 * is atomic and durable: temp file, fsync, rename, fsync of the directory. Writes of one file
 * complete in the order they were asked for, so the last value asked for is the one on disk.
 */
import { open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { EpochName } from '@paddock/core';
import { fsyncDirectory, writeFully } from '../storage/fs-durable';

const TEMP_SUFFIX = '.tmp';

/** The epoch files of one directory. */
export class EpochFiles {
  private readonly tails = new Map<EpochName, Promise<void>>();

  constructor(readonly dir: string) {}

  /**
   * The durable epochs; a missing file is absent (the core then takes the epoch of the last
   * logged zxid, as ZooKeeper does on first start).
   * @throws Error when a file exists but does not hold a number.
   */
  async read(): Promise<{ acceptedEpoch?: number; currentEpoch?: number }> {
    const accepted = await this.readOne('acceptedEpoch');
    const current = await this.readOne('currentEpoch');
    return { ...(accepted !== undefined ? { acceptedEpoch: accepted } : {}), ...(current !== undefined ? { currentEpoch: current } : {}) };
  }

  /** Writes `name` = `epoch` durably, after every earlier write of that file. */
  write(name: EpochName, epoch: number): Promise<void> {
    const previous = this.tails.get(name) ?? Promise.resolve();
    const done = previous.catch(() => undefined).then(() => this.writeNow(name, epoch));
    this.tails.set(name, done);
    return done;
  }

  /** Resolves once every write asked for so far has finished (successfully or not). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.tails.values()]);
  }

  private async readOne(name: EpochName): Promise<number | undefined> {
    const path = join(this.dir, name);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    const trimmed = text.trim();
    if (!/^\d+$/.test(trimmed) || !Number.isSafeInteger(Number(trimmed))) {
      throw new Error(`${path} holds '${trimmed.slice(0, 40)}', not an epoch`);
    }
    return Number(trimmed);
  }

  private async writeNow(name: EpochName, epoch: number): Promise<void> {
    const path = join(this.dir, name);
    const temp = path + TEMP_SUFFIX;
    const handle = await open(temp, 'w');
    try {
      await writeFully(handle, new TextEncoder().encode(String(epoch)), 0);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
    await fsyncDirectory(this.dir);
  }
}
