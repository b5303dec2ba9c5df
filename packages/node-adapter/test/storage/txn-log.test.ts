import { readFile, stat, truncate, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CorruptLogError, TxnLog, type TxnRecord } from '../../src/storage';
import { makeTempDir, segmentNames, spyOnSyncs, txn } from './helpers';

let dir: string;
let cleanup: () => Promise<void>;
const open: TxnLog[] = [];

beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
});

afterEach(async () => {
  vi.restoreAllMocks();
  for (const log of open.splice(0)) await log.close().catch(() => undefined);
  await cleanup();
});

async function openLog(options: Parameters<typeof TxnLog.open>[1] = {}) {
  const opened = await TxnLog.open(dir, options);
  open.push(opened.log);
  return opened;
}

async function reopen(options: Parameters<typeof TxnLog.open>[1] = {}) {
  for (const log of open.splice(0)) await log.close();
  return openLog(options);
}

/** Appends and flushes `zxids`, one flush per inner array. */
async function write(log: TxnLog, batches: number[][], size = 16): Promise<void> {
  for (const batch of batches) {
    for (const z of batch) log.append(txn(z, size));
    await log.flush();
  }
}

function zxids(records: TxnRecord[]): number[] {
  return records.map((r) => Number(r.zxid));
}

describe('TxnLog append, flush and reopen', () => {
  it('round-trips records, payloads and zxids through the disk', async () => {
    const { log, records, warnings } = await openLog();
    expect(records).toEqual([]);
    expect(warnings).toEqual([]);
    const written = [txn(1, 0), txn(2, 1), txn(3, 5000), txn(0x1_0000_0001n, 300)];
    for (const r of written) log.append(r);
    await log.flush();
    expect(log.durableZxid).toBe(0x1_0000_0001n);

    const again = await reopen();
    expect(again.records).toEqual(written);
    expect(again.warnings).toEqual([]);
    expect(again.log.lastZxid).toBe(0x1_0000_0001n);
    expect(await segmentNames(dir)).toEqual(['log.1']);
  });

  it('keeps appending to the last segment after a reopen', async () => {
    const first = await openLog();
    await write(first.log, [[1, 2]]);
    const second = await reopen();
    await write(second.log, [[3, 4]]);
    const third = await reopen();
    expect(zxids(third.records)).toEqual([1, 2, 3, 4]);
    expect(await segmentNames(dir)).toEqual(['log.1']);
  });

  it('returns only records after afterZxid, having verified them all', async () => {
    const { log } = await openLog();
    await write(log, [[1, 2, 3], [4, 5]]);
    const reopened = await reopen({ afterZxid: 3n });
    expect(zxids(reopened.records)).toEqual([4, 5]);
  });

  it('rejects a zxid that does not strictly increase, with a clear message', async () => {
    const { log } = await openLog();
    log.append(txn(5));
    expect(() => log.append(txn(5))).toThrow(/zxid 0x5 is not greater than the last appended zxid 0x5/);
    expect(() => log.append(txn(4))).toThrow(/strictly increase/);
    await log.flush();
    const reopened = await reopen();
    expect(() => reopened.log.append(txn(5))).toThrow(/not greater/);
    expect(() => reopened.log.append({ zxid: -1n, payload: new Uint8Array() })).toThrow(RangeError);
  });

  it('enforces the payload and buffer limits', async () => {
    const { log } = await openLog({ maxPayloadBytes: 100, maxPendingBytes: 300 });
    expect(() => log.append(txn(1, 101))).toThrow(/101 bytes, over the 100-byte limit/);
    log.append(txn(1, 100));
    log.append(txn(2, 100));
    expect(() => log.append(txn(3, 100))).toThrow(/flush before appending more/);
    await log.flush();
    log.append(txn(3, 100));
    await log.flush();
    expect(zxids((await reopen({ maxPayloadBytes: 100 })).records)).toEqual([1, 2, 3]);
  });

  it('refuses work after close, and close flushes what is buffered', async () => {
    const { log } = await openLog();
    log.append(txn(1));
    await log.close();
    expect(() => log.append(txn(2))).toThrow(/closed/);
    expect(zxids((await reopen()).records)).toEqual([1]);
  });
});

describe('TxnLog group commit', () => {
  it('writes many appends with one fdatasync per flush', async () => {
    const { log } = await openLog();
    const syncs = await spyOnSyncs(dir);
    for (let z = 1; z <= 1000; z++) log.append(txn(z));
    await log.flush();
    // One fdatasync for the data, one directory fsync because the flush created the segment.
    expect(syncs.datasync).toHaveBeenCalledTimes(1);
    expect(syncs.sync).toHaveBeenCalledTimes(1);

    for (let z = 1001; z <= 2000; z++) log.append(txn(z));
    await log.flush();
    expect(syncs.datasync).toHaveBeenCalledTimes(2);
    expect(syncs.sync).toHaveBeenCalledTimes(1);
    expect((await reopen()).records).toHaveLength(2000);
  });

  it('coalesces flush calls made while one is queued', async () => {
    const { log } = await openLog();
    const syncs = await spyOnSyncs(dir);
    for (let z = 1; z <= 10; z++) log.append(txn(z));
    const flushes = [log.flush(), log.flush(), log.flush()];
    expect(new Set(flushes).size).toBe(1);
    // Appended after the flush was queued but before it started: it rides along.
    log.append(txn(11));
    await flushes[0];
    expect(log.durableZxid).toBe(11n);
    expect(syncs.datasync).toHaveBeenCalledTimes(1);
  });

  it('queues a separate flush behind one in flight, resolving them in order', async () => {
    const { log } = await openLog();
    const syncs = await spyOnSyncs(dir);
    const order: number[] = [];
    log.append(txn(1));
    const first = log.flush().then(() => order.push(log.durableZxid === 1n ? 1 : -1));
    await new Promise((resolve) => setImmediate(resolve));
    log.append(txn(2));
    const second = log.flush().then(() => order.push(Number(log.durableZxid)));
    await Promise.all([first, second]);
    expect(order).toEqual([1, 2]);
    expect(syncs.datasync).toHaveBeenCalledTimes(2);
    expect(zxids((await reopen()).records)).toEqual([1, 2]);
  });

  it('keeps order when flushes, truncations and appends interleave without awaiting', async () => {
    const { log } = await openLog();
    const done: Promise<unknown>[] = [];
    for (let z = 1; z <= 50; z++) {
      log.append(txn(z));
      if (z % 7 === 0) done.push(log.flush());
    }
    done.push(log.truncateAfter(40n));
    for (let z = 41; z <= 45; z++) log.append(txn(z, 3));
    done.push(log.flush());
    await Promise.all(done);
    const records = (await reopen()).records;
    expect(zxids(records)).toEqual(Array.from({ length: 45 }, (_, i) => i + 1));
    expect(records[44]!.payload).toHaveLength(3);
  });

  it('resolves an empty flush only after earlier disk work', async () => {
    const { log } = await openLog();
    log.append(txn(1));
    const first = log.flush();
    const empty = log.flush();
    expect(empty).toBe(first);
    await empty;
    await log.flush();
    expect(log.durableZxid).toBe(1n);
  });
});

describe('TxnLog segments', () => {
  it('rolls at the size limit, naming each segment by its first zxid', async () => {
    const { log } = await openLog({ segmentBytes: 200 });
    await write(log, [[1, 2, 3], [4], [5, 6], [0x20, 0x21], [0x1_0000_0001]], 50);
    // 20-byte header + 70-byte records. A flush rolls when the segment has reached 200
    // bytes, and a flush's records are never split by this soft limit.
    expect(await segmentNames(dir)).toEqual(['log.1', 'log.4', 'log.20']);
    expect(log.segments().map((s) => [s.lastZxid, s.sizeBytes])).toEqual([
      [3n, 230],
      [6n, 230],
      [0x1_0000_0001n, 230],
    ]);
    expect(zxids((await reopen()).records)).toEqual([1, 2, 3, 4, 5, 6, 0x20, 0x21, 0x1_0000_0001]);
  });

  it('starts a new segment with the first record after roll()', async () => {
    const { log } = await openLog();
    await write(log, [[1, 2]]);
    log.roll();
    await log.flush();
    expect(await segmentNames(dir)).toEqual(['log.1']);
    await write(log, [[3, 4]]);
    expect(await segmentNames(dir)).toEqual(['log.1', 'log.3']);
  });

  it('fsyncs the old segment before the new one when one flush spans a roll', async () => {
    const { log } = await openLog();
    await write(log, [[1]]);
    const syncs = await spyOnSyncs(dir);
    log.append(txn(2));
    log.roll();
    log.append(txn(3));
    await log.flush();
    expect(syncs.datasync).toHaveBeenCalledTimes(2);
    expect(await segmentNames(dir)).toEqual(['log.1', 'log.3']);
    expect(zxids((await reopen()).records)).toEqual([1, 2, 3]);
  });

  it('deletes only the segments wholly before a zxid', async () => {
    const { log } = await openLog();
    for (const batch of [[1, 2], [3, 4], [5, 6], [7]]) {
      log.roll();
      await write(log, [batch]);
    }
    expect(await segmentNames(dir)).toEqual(['log.1', 'log.3', 'log.5', 'log.7']);
    expect(await log.deleteSegmentsBefore(3n)).toEqual([join(dir, 'log.1')]);
    // zxid 5 lives in log.5, so log.3 may go; log.5 stays.
    expect(await log.deleteSegmentsBefore(4n)).toEqual([join(dir, 'log.3')]);
    expect(await log.deleteSegmentsBefore(100n)).toEqual([join(dir, 'log.5')]);
    expect(await segmentNames(dir)).toEqual(['log.7']);
    expect(zxids((await reopen({ afterZxid: 6n })).records)).toEqual([7]);
  });
});

describe('TxnLog preallocation', () => {
  const PREALLOC = 4096;
  const sizeOf = async (name: string) => (await stat(join(dir, name))).size;

  it('extends the active segment ahead of its records and cuts it back on close', async () => {
    const { log } = await openLog({ preallocateBytes: PREALLOC });
    await write(log, [[1, 2], [3]]);
    const records = log.segments()[0]!.sizeBytes;
    // The first write grew the file past itself; the second fitted inside.
    expect(await sizeOf('log.1')).toBe(20 + 2 * 36 + PREALLOC);
    await log.close();
    open.splice(0);
    expect(await sizeOf('log.1')).toBe(records);
    const { records: read, warnings } = await openLog({ preallocateBytes: PREALLOC });
    expect(zxids(read)).toEqual([1, 2, 3]);
    expect(warnings).toEqual([]);
  });

  it('cuts the zeros a crash leaves at the end, silently, and appends after the records', async () => {
    const { log } = await openLog({ preallocateBytes: PREALLOC });
    await write(log, [[1, 2], [3]]);
    const records = log.segments()[0]!.sizeBytes;
    // What a kill -9 leaves: the file as it is while the log is open.
    const crashed = await readFile(join(dir, 'log.1'));
    await log.close();
    open.splice(0);
    await writeFile(join(dir, 'log.1'), crashed);
    const { log: reopened, records: read, warnings } = await openLog({ preallocateBytes: PREALLOC });
    expect(zxids(read)).toEqual([1, 2, 3]);
    expect(warnings).toEqual([]);
    expect(await sizeOf('log.1')).toBe(records);
    await write(reopened, [[4]]);
    expect(zxids((await reopen()).records)).toEqual([1, 2, 3, 4]);
  });

  it('cuts a segment back to its records before the next one is created', async () => {
    const { log } = await openLog({ preallocateBytes: PREALLOC });
    await write(log, [[1, 2]]);
    log.roll();
    await write(log, [[3]]);
    expect(await sizeOf('log.1')).toBe(log.segments()[0]!.sizeBytes);
    expect(await sizeOf('log.3')).toBe(log.segments()[1]!.sizeBytes + PREALLOC);
  });

  it('truncates inside a preallocated segment', async () => {
    const { log } = await openLog({ preallocateBytes: PREALLOC });
    await write(log, [[1, 2, 3], [4]]);
    await log.truncateAfter(2n);
    await write(log, [[3]]);
    expect(zxids((await reopen()).records)).toEqual([1, 2, 3]);
  });

  it('still refuses damaged records before the zeros', async () => {
    const { log } = await openLog({ preallocateBytes: PREALLOC });
    await write(log, [[1], [2]]);
    const crashed = await readFile(join(dir, 'log.1'));
    await log.close();
    open.splice(0);
    crashed[20 + 30] = crashed[20 + 30]! ^ 0xff; // inside record 1, which record 2's write followed
    await writeFile(join(dir, 'log.1'), crashed);
    await expect(TxnLog.open(dir)).rejects.toThrow(CorruptLogError);
  });
});

describe('TxnLog.open after a snapshot', () => {
  /** Segments log.1 (1, 2), log.3 (3, 4), log.5 (5, 6), log.7 (7). */
  async function fourSegments(): Promise<void> {
    const { log } = await openLog();
    for (const batch of [[1, 2], [3, 4], [5, 6], [7]]) {
      log.roll();
      await write(log, [batch]);
    }
    await log.close();
    open.splice(0);
  }

  async function damageRecord(name: string): Promise<void> {
    const file = join(dir, name);
    const bytes = await readFile(file);
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
    await writeFile(file, bytes);
  }

  it('reads only the segments that may hold txns after the snapshot, and lists them all', async () => {
    await fourSegments();
    // log.1 and log.3 hold only zxids <= 4: a damaged record there is not read (ZooKeeper
    // does not read them either); a full open still refuses it.
    await damageRecord('log.1');
    await damageRecord('log.3');
    const { log, records, warnings } = await openLog({ afterZxid: 4n });
    expect(zxids(records)).toEqual([5, 6, 7]);
    expect(warnings).toEqual([]);
    expect(log.segments().map((s) => [s.file.split('/').pop(), s.baseZxid, s.lastZxid])).toEqual([
      ['log.1', 1n, 2n],
      ['log.3', 3n, 4n],
      ['log.5', 5n, 6n],
      ['log.7', 7n, 7n],
    ]);
    expect(await log.deleteSegmentsBefore(4n)).toEqual([join(dir, 'log.1'), join(dir, 'log.3')]);
    await write(log, [[8]]);
    expect(zxids((await reopen({ afterZxid: 6n })).records)).toEqual([7, 8]);
  });

  it('still reads every record of the segment holding the first txn after the snapshot', async () => {
    await fourSegments();
    await damageRecord('log.3');
    await expect(TxnLog.open(dir, { afterZxid: 3n })).rejects.toThrow(/followed by newer segments/);
    await expect(TxnLog.open(dir)).rejects.toThrow(CorruptLogError);
  });

  it('refuses a covered segment whose header is damaged', async () => {
    await fourSegments();
    const file = join(dir, 'log.1');
    const bytes = await readFile(file);
    bytes[9] = bytes[9]! ^ 0xff;
    await writeFile(file, bytes);
    const error = await TxnLog.open(dir, { afterZxid: 6n }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorruptLogError);
    expect((error as CorruptLogError).file).toBe(file);
    expect((error as CorruptLogError).message).toMatch(/header checksum mismatch, in a segment followed by newer segments/);
  });

  it('scans the segment before a torn last one, which appends then continue', async () => {
    await fourSegments();
    const file = join(dir, 'log.7');
    await writeFile(file, (await readFile(file)).subarray(0, 10));
    const { log, records, warnings } = await openLog({ afterZxid: 6n });
    expect(records).toEqual([]);
    expect(warnings[0]).toContain(`removed ${file}`);
    expect(log.lastZxid).toBe(6n);
    await write(log, [[7]]);
    expect(await segmentNames(dir)).toEqual(['log.1', 'log.3', 'log.5']);
    expect(zxids((await reopen({ afterZxid: 4n })).records)).toEqual([5, 6, 7]);
  });
});

describe('TxnLog.truncateAfter', () => {
  it('cuts the tail of a segment and deletes newer segments', async () => {
    const { log } = await openLog();
    await write(log, [[1, 2, 3]]);
    log.roll();
    await write(log, [[4, 5]]);
    log.roll();
    await write(log, [[6, 7]]);
    await log.truncateAfter(2n);
    expect(await segmentNames(dir)).toEqual(['log.1']);
    expect(log.lastZxid).toBe(2n);
    expect(log.durableZxid).toBe(2n);
    await write(log, [[3, 4]], 8);
    const records = (await reopen()).records;
    expect(zxids(records)).toEqual([1, 2, 3, 4]);
    expect(records[2]!.payload).toHaveLength(8);
  });

  it('drops buffered records above the cut and keeps those below', async () => {
    const { log } = await openLog();
    await write(log, [[1, 2]]);
    for (const z of [3, 4, 5]) log.append(txn(z));
    await log.truncateAfter(3n);
    expect(log.lastZxid).toBe(3n);
    log.append(txn(4, 2));
    await log.flush();
    const records = (await reopen()).records;
    expect(zxids(records)).toEqual([1, 2, 3, 4]);
    expect(records[3]!.payload).toHaveLength(2);
  });

  it('cuts at a zxid between records and at one below everything', async () => {
    const { log } = await openLog();
    await write(log, [[0x1_0000_0001, 0x1_0000_0002, 0x2_0000_0001]]);
    await log.truncateAfter(0x1_ffff_ffffn);
    expect(zxids((await reopen()).records)).toEqual([0x1_0000_0001, 0x1_0000_0002]);
    const again = await reopen();
    await again.log.truncateAfter(0n);
    expect(await segmentNames(dir)).toEqual([]);
    again.log.append(txn(1));
    await again.log.flush();
    expect(zxids((await reopen()).records)).toEqual([1]);
  });

  it('is a no-op at or above the last zxid', async () => {
    const { log } = await openLog();
    await write(log, [[1, 2]]);
    await log.truncateAfter(2n);
    await log.truncateAfter(9n);
    expect(zxids((await reopen()).records)).toEqual([1, 2]);
  });
});

describe('TxnLog recovery of a torn tail', () => {
  /** Writes 1..3 in one flush, then the 4th record alone; returns the 4th's byte range. */
  async function logWithLastRecord(): Promise<{ file: string; start: number; end: number }> {
    const { log } = await openLog();
    await write(log, [[1, 2, 3]], 10);
    const start = (await stat(join(dir, 'log.1'))).size;
    await write(log, [[4]], 10);
    const end = (await stat(join(dir, 'log.1'))).size;
    await log.close();
    open.splice(0);
    return { file: join(dir, 'log.1'), start, end };
  }

  it('cuts a partial last record at every byte offset and reports it', async () => {
    const { file, start, end } = await logWithLastRecord();
    const original = await readFile(file);
    for (let cut = start; cut < end; cut++) {
      await writeFile(file, original.subarray(0, cut));
      const { log, records, warnings } = await TxnLog.open(dir);
      expect(zxids(records)).toEqual([1, 2, 3]);
      // A tail of zeros alone (here the high bytes of the length) is indistinguishable from
      // the space the log preallocates, and is cut silently.
      if (original.subarray(start, cut).every((b) => b === 0)) {
        expect(warnings).toEqual([]);
      } else {
        expect(warnings).toHaveLength(1);
        expect(warnings[0]).toContain(`cut torn tail of ${file} at offset ${start}, dropping ${cut - start} bytes`);
      }
      expect((await stat(file)).size).toBe(start);
      await log.close();
    }
  });

  it('cuts a last record with a corrupted byte anywhere in it', async () => {
    const { file, start, end } = await logWithLastRecord();
    const original = await readFile(file);
    for (let at = start; at < end; at++) {
      const damaged = Buffer.from(original);
      damaged[at]! ^= 0x40;
      await writeFile(file, damaged);
      const { log, records, warnings } = await TxnLog.open(dir);
      expect(zxids(records)).toEqual([1, 2, 3]);
      expect(warnings[0]).toMatch(new RegExp(`at offset ${start}, dropping ${end - start} bytes`));
      await log.close();
    }
  });

  it('cuts a torn write even when later records of that same write survived', async () => {
    // A crash during a write may persist its pages out of order: the damaged first record
    // and the intact later ones were all part of one unfinished flush.
    const { log } = await openLog();
    await write(log, [[1], [2, 3, 4]], 10);
    await log.close();
    open.splice(0);
    const file = join(dir, 'log.1');
    const bytes = await readFile(file);
    const secondWrite = 20 + 30;
    bytes[secondWrite + 25]! ^= 1;
    await writeFile(file, bytes);
    const { records, warnings } = await openLog();
    expect(zxids(records)).toEqual([1]);
    expect(warnings[0]).toContain(`at offset ${secondWrite}, dropping 90 bytes (record checksum mismatch)`);
  });

  it('removes a last segment whose creation was torn', async () => {
    const { log } = await openLog();
    await write(log, [[1, 2]]);
    log.roll();
    await write(log, [[3]]);
    await log.close();
    open.splice(0);
    const file = join(dir, 'log.3');
    const full = await readFile(file);
    for (const cut of [0, 1, 19, 20, 21, full.length - 1]) {
      await writeFile(file, full.subarray(0, cut));
      const { log: reopened, records, warnings } = await TxnLog.open(dir);
      expect(zxids(records)).toEqual([1, 2]);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain(`removed ${file} (${cut} bytes, no complete record`);
      expect(await segmentNames(dir)).toEqual(['log.1']);
      await reopened.close();
      await writeFile(file, full);
    }
    await unlink(file);
    // After the cut the log continues from zxid 2, and may reuse the name log.3.
    const { log: again } = await openLog();
    again.roll();
    await write(again, [[3]]);
    expect(zxids((await reopen()).records)).toEqual([1, 2, 3]);
  });
});

describe('TxnLog refuses to start on damaged acknowledged data', () => {
  async function threeFlushes(): Promise<string> {
    const { log } = await openLog();
    await write(log, [[1], [2], [3]], 10);
    await log.close();
    open.splice(0);
    return join(dir, 'log.1');
  }

  it('when a bad record is followed by a record from a later write', async () => {
    const file = await threeFlushes();
    const bytes = await readFile(file);
    const second = 20 + 30;
    bytes[second + 22]! ^= 0xff;
    await writeFile(file, bytes);
    const error = await TxnLog.open(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorruptLogError);
    const corrupt = error as CorruptLogError;
    expect(corrupt.file).toBe(file);
    expect(corrupt.offset).toBe(second);
    expect(corrupt.message).toMatch(/record checksum mismatch, yet a record from a later write \(zxid 0x3\) follows at offset 80/);
    expect(corrupt.message).toMatch(/refuses to start/);
    // Nothing was cut.
    expect((await stat(file)).size).toBe(bytes.length);
  });

  it('when a length field is damaged so the record seems to run past the end', async () => {
    const file = await threeFlushes();
    const bytes = await readFile(file);
    bytes[20 + 30 + 1] = 0x01; // length += 65536
    await writeFile(file, bytes);
    await expect(TxnLog.open(dir)).rejects.toThrow(/partial record .* yet a record from a later write/);
  });

  it('when a segment that is not the last is damaged, even at its end', async () => {
    const { log } = await openLog();
    await write(log, [[1, 2]]);
    log.roll();
    await write(log, [[3]]);
    await log.close();
    open.splice(0);
    const file = join(dir, 'log.1');
    await truncate(file, (await stat(file)).size - 1);
    const error = await TxnLog.open(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorruptLogError);
    expect((error as CorruptLogError).file).toBe(file);
    expect((error as CorruptLogError).message).toMatch(/followed by newer segments/);
  });

  it('when a segment in the middle is missing', async () => {
    const { log } = await openLog();
    for (const batch of [[1], [2], [3]]) {
      log.roll();
      await write(log, [batch]);
    }
    await log.close();
    open.splice(0);
    await unlink(join(dir, 'log.2'));
    await expect(TxnLog.open(dir)).rejects.toThrow(/continues the log after zxid 0x2 but the previous segment .*log\.1 ends at 0x1; a segment is missing/);
  });

  it('when the txns right after the snapshot were deleted', async () => {
    const { log } = await openLog();
    for (const batch of [[1, 2], [3, 4]]) {
      log.roll();
      await write(log, [batch]);
    }
    await log.close();
    open.splice(0);
    await unlink(join(dir, 'log.1'));
    await expect(TxnLog.open(dir, { afterZxid: 1n })).rejects.toThrow(/txns after zxid 0x1 \(the snapshot\) up to 0x2 are missing/);
    const fine = await openLog({ afterZxid: 2n });
    expect(zxids(fine.records)).toEqual([3, 4]);
  });

  it('when a checksummed record is out of order', async () => {
    const { log } = await openLog();
    await write(log, [[1, 2]]);
    await log.close();
    open.splice(0);
    await writeFile(join(dir, 'log.5'), await readFile(join(dir, 'log.1')));
    await expect(TxnLog.open(dir)).rejects.toThrow(/first zxid differs from the file name's 0x5/);
  });

  it('when the directory holds ZooKeeper log files', async () => {
    await writeFile(join(dir, 'log.1'), Buffer.from('ZKLG\0\0\0\x02\0\0\0\0\0\0\0\0'));
    await expect(TxnLog.open(dir)).rejects.toThrow(/ZooKeeper txn log \(magic 'ZKLG'\)/);
  });

  it('but ignores, with a warning, files that only look like segments', async () => {
    await writeFile(join(dir, 'log.notes'), 'x');
    await writeFile(join(dir, 'snapshot.1'), 'x');
    const { warnings } = await openLog();
    expect(warnings).toEqual([`txn log: ignoring ${join(dir, 'log.notes')}: not a segment name (log.<hex zxid>)`]);
  });
});
