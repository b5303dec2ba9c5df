/**
 * Snapshot files `snapshot.<hex zxid>`: the core's serialized state as of a zxid, opaque here.
 *
 * Byte format (big-endian):
 * ```
 *  0   u32  magic "PDKS" (0x50444B53)
 *  4   u32  format version = 1
 *  8   i64  zxid
 * 16   n    body (the core's bytes)
 * 16+n u64  n, the body length
 * 24+n u32  CRC-32C of every preceding byte
 * ```
 * A snapshot is written to `snapshot.<hex>.tmp`, fsynced, renamed into place and the directory
 * fsynced, so a crash leaves either no snapshot or a complete one (plus a stray temp file,
 * removed at the next load). The body streams through in chunks: a large tree never needs to
 * exist as one buffer while writing.
 */

import { open, readdir, readFile, rename, unlink, type FileHandle } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Crc32c } from './crc32c';
import { CorruptSnapshotError } from './errors';
import { ensureDirectory, fsyncDirectory, writeFully } from './fs-durable';
import { assertZxid, formatZxid, parseZxidFileName, zxidFileSuffix } from './zxid';

const SNAPSHOT_MAGIC = 0x50444b53;
/** "ZKSN", ZooKeeper's snapshot magic, recognised only to explain the rejection. */
const ZOOKEEPER_SNAPSHOT_MAGIC = 0x5a4b534e;
const SNAPSHOT_FORMAT_VERSION = 1;
const HEADER_BYTES = 16;
const TRAILER_BYTES = 12;
const SNAPSHOT_PREFIX = 'snapshot.';
const TEMP_SUFFIX = '.tmp';
/** Chunks are gathered to this size before each write, to keep syscalls few. */
const WRITE_BUFFER_BYTES = 1024 * 1024;
/** ZooKeeper's floor for `autopurge.snapRetainCount`. */
export const MIN_SNAP_RETAIN_COUNT = 3;

/** A verified snapshot. */
export interface Snapshot {
  readonly zxid: bigint;
  readonly bytes: Uint8Array;
}

/** A snapshot file, by name (not verified). */
export interface SnapshotFile {
  readonly zxid: bigint;
  readonly file: string;
}

/** The result of {@link SnapshotStore.loadLatest}. */
export interface LoadedSnapshot {
  /** The newest snapshot that verifies, or null when there are no snapshot files at all. */
  readonly snapshot: Snapshot | null;
  /** Corrupt snapshots skipped and stray temp files removed, one sentence each. */
  readonly warnings: string[];
}

/** The result of {@link SnapshotStore.purge}. */
export interface PurgedSnapshots {
  readonly deleted: string[];
  /** zxid of the oldest snapshot kept, or null when there is none. */
  readonly oldestRetainedZxid: bigint | null;
}

/** The snapshot files of one directory. Create with {@link SnapshotStore.open}. */
export class SnapshotStore {
  private constructor(
    /** Absolute path of the snapshot directory. */
    readonly dir: string,
  ) {}

  /** Opens `dir`, creating it (durably) if needed. */
  static async open(dir: string): Promise<SnapshotStore> {
    const absolute = resolve(dir);
    await ensureDirectory(absolute);
    return new SnapshotStore(absolute);
  }

  /**
   * Writes the snapshot of the state at `zxid` from `chunks` and makes it durable; the
   * previous snapshot of the same zxid, if any, is replaced atomically. Returns its path.
   * On any failure (of the disk or of `chunks`) the temp file is removed and the error
   * rethrown; older snapshots are untouched.
   */
  async write(zxid: bigint, chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>): Promise<string> {
    assertZxid(zxid, 'SnapshotStore.write');
    const file = join(this.dir, SNAPSHOT_PREFIX + zxidFileSuffix(zxid));
    const temp = file + TEMP_SUFFIX;
    try {
      const handle = await open(temp, 'w');
      try {
        await writeBody(handle, zxid, chunks);
        await handle.datasync();
      } finally {
        await handle.close();
      }
      await rename(temp, file);
      await fsyncDirectory(this.dir);
      return file;
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw error;
    }
  }

  /** The snapshot files, newest first, by file name only. */
  async list(): Promise<SnapshotFile[]> {
    const files: SnapshotFile[] = [];
    for (const name of await readdir(this.dir)) {
      const zxid = parseZxidFileName(name, SNAPSHOT_PREFIX);
      if (zxid !== null) files.push({ zxid, file: join(this.dir, name) });
    }
    return files.sort((a, b) => (a.zxid > b.zxid ? -1 : a.zxid < b.zxid ? 1 : 0));
  }

  /**
   * Loads the newest snapshot whose checksum verifies, warning about each newer one that does
   * not. Removes stray temp files of interrupted writes.
   * @throws CorruptSnapshotError when snapshot files exist but none verifies.
   */
  async loadLatest(): Promise<LoadedSnapshot> {
    const warnings = await this.removeTempFiles();
    const problems: string[] = [];
    for (const { zxid, file } of await this.list()) {
      const bytes = await readFile(file);
      const problem = verify(bytes, zxid);
      if (problem === null) {
        const body = new Uint8Array(bytes.buffer, bytes.byteOffset + HEADER_BYTES, bytes.length - HEADER_BYTES - TRAILER_BYTES);
        return { snapshot: { zxid, bytes: body }, warnings };
      }
      problems.push(`${file}: ${problem}`);
      warnings.push(`snapshot: skipping ${file}: ${problem}; falling back to an older snapshot`);
    }
    if (problems.length > 0) throw new CorruptSnapshotError(this.dir, problems);
    return { snapshot: null, warnings };
  }

  /**
   * Deletes all but the newest `retainCount` snapshot files (by name; at least 3, as
   * ZooKeeper's `autopurge.snapRetainCount`). Log segments are purged separately, with the
   * returned `oldestRetainedZxid` (see `autopurge`).
   */
  async purge(retainCount: number): Promise<PurgedSnapshots> {
    if (!Number.isSafeInteger(retainCount) || retainCount < MIN_SNAP_RETAIN_COUNT) {
      throw new RangeError(`SnapshotStore.purge: retainCount must be an integer >= ${MIN_SNAP_RETAIN_COUNT}, got ${retainCount}`);
    }
    const files = await this.list();
    const doomed = files.slice(retainCount);
    for (const { file } of doomed) await unlink(file);
    if (doomed.length > 0) await fsyncDirectory(this.dir);
    return { deleted: doomed.map((f) => f.file), oldestRetainedZxid: files[Math.min(retainCount, files.length) - 1]?.zxid ?? null };
  }

  /** Deletes every snapshot file but the one of `zxid` (a learner's SNAP replaced them all). */
  async removeAllBut(zxid: bigint): Promise<string[]> {
    const doomed = (await this.list()).filter((f) => f.zxid !== zxid);
    for (const { file } of doomed) await unlink(file);
    if (doomed.length > 0) await fsyncDirectory(this.dir);
    return doomed.map((f) => f.file);
  }

  private async removeTempFiles(): Promise<string[]> {
    const warnings: string[] = [];
    for (const name of await readdir(this.dir)) {
      if (!name.startsWith(SNAPSHOT_PREFIX) || !name.endsWith(TEMP_SUFFIX)) continue;
      await unlink(join(this.dir, name));
      warnings.push(`snapshot: removed ${join(this.dir, name)}, left by an interrupted snapshot write`);
    }
    if (warnings.length > 0) await fsyncDirectory(this.dir);
    return warnings;
  }
}

async function writeBody(
  handle: FileHandle,
  zxid: bigint,
  chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
): Promise<void> {
  const crc = new Crc32c();
  const buffer = new Uint8Array(WRITE_BUFFER_BYTES);
  let buffered = 0;
  let position = 0;
  let bodyBytes = 0n;
  const emit = async (bytes: Uint8Array) => {
    crc.update(bytes);
    await writeFully(handle, bytes, position);
    position += bytes.length;
  };
  const add = async (bytes: Uint8Array) => {
    if (buffered + bytes.length > buffer.length && buffered > 0) {
      await emit(buffer.subarray(0, buffered));
      buffered = 0;
    }
    if (bytes.length >= buffer.length) return emit(bytes);
    buffer.set(bytes, buffered);
    buffered += bytes.length;
  };
  const header = new Uint8Array(HEADER_BYTES);
  const headerView = new DataView(header.buffer);
  headerView.setUint32(0, SNAPSHOT_MAGIC);
  headerView.setUint32(4, SNAPSHOT_FORMAT_VERSION);
  headerView.setBigInt64(8, zxid);
  await add(header);
  for await (const chunk of chunks) {
    bodyBytes += BigInt(chunk.length);
    await add(chunk);
  }
  const length = new Uint8Array(8);
  new DataView(length.buffer).setBigUint64(0, bodyBytes);
  await add(length);
  if (buffered > 0) await emit(buffer.subarray(0, buffered));
  const checksum = new Uint8Array(4);
  new DataView(checksum.buffer).setUint32(0, crc.digest());
  await writeFully(handle, checksum, position);
}

/** Why a snapshot file's bytes are unusable, or null when they verify. */
function verify(bytes: Uint8Array, zxid: bigint): string | null {
  if (bytes.length < HEADER_BYTES + TRAILER_BYTES) return `too short (${bytes.length} bytes)`;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  if (magic === ZOOKEEPER_SNAPSHOT_MAGIC) return "a ZooKeeper snapshot (magic 'ZKSN'), not Paddock's format";
  if (magic !== SNAPSHOT_MAGIC) return 'bad magic';
  const end = bytes.length - 4;
  if (view.getUint32(end) !== new Crc32c().update(bytes, 0, end).digest()) return 'checksum mismatch';
  const version = view.getUint32(4);
  if (version !== SNAPSHOT_FORMAT_VERSION) return `unsupported format version ${version}`;
  if (view.getBigInt64(8) !== zxid) return `header zxid ${formatZxid(view.getBigInt64(8))} differs from the file name`;
  if (view.getBigUint64(end - 8) !== BigInt(bytes.length - HEADER_BYTES - TRAILER_BYTES)) return 'body length mismatch';
  return null;
}
