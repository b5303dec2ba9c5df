/**
 * Startup verification of a txn-log directory: reads every segment in zxid order, checks every
 * record, cuts a torn tail and refuses to start on damaged durable data.
 *
 * The rules, and why they are safe:
 * - A defect in the last segment with no later write after it is a torn tail: the flush that
 *   wrote it never finished, so nothing in it was acknowledged. It is cut (the file truncated,
 *   or removed if it holds no complete record) with a warning naming file, offset and bytes.
 *   Zeros from the last complete record to the end are the space the log preallocates ahead
 *   of its writes (left there by any stop but a clean one): they are cut without a warning.
 * - A defect followed by a record from a later write (see `findLaterWrite`), a defect in any
 *   segment but the last (a later segment is only created after this one was fsynced), a
 *   checksummed record that is out of order, or a missing segment all mean acknowledged data
 *   is damaged or gone: `CorruptLogError`, never a silent drop.
 * - A segment whose successor starts at or before `afterZxid + 1` holds only txns the
 *   (verified) snapshot already contains, and none of them is returned; like ZooKeeper, which
 *   reads the log only from the snapshot on, recovery checks just its header and size rather
 *   than reading every record of a log that autopurge may have left growing for days.
 */

import { open, readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { CorruptLogError } from './errors';
import { fsyncDirectory } from './fs-durable';
import {
  findLaterWrite,
  isZeroTail,
  RECORD_HEADER_BYTES,
  scanSegment,
  scanSegmentHeader,
  SEGMENT_HEADER_BYTES,
  type SegmentDefect,
  type TxnRecord,
} from './segment-format';
import { formatZxid, parseZxidFileName } from './zxid';

/** Segment file names are `log.<hex zxid of the first record>`, as in ZooKeeper. */
export const SEGMENT_PREFIX = 'log.';

/** What the log keeps in memory about each segment file. */
export interface LogSegment {
  readonly file: string;
  readonly baseZxid: bigint;
  readonly prevZxid: bigint;
  lastZxid: bigint;
  sizeBytes: number;
}

export interface RecoveredSegments {
  /** Verified segments in zxid order. */
  readonly segments: LogSegment[];
  /** Records with zxid greater than `afterZxid`, payloads copied out of the file buffers. */
  readonly records: TxnRecord[];
  readonly warnings: string[];
}

/**
 * Verifies `dir`'s segments and returns their records after `afterZxid`. Also proves the log
 * continues `afterZxid` (the snapshot's zxid) without a gap, using each header's prevZxid.
 */
export async function recoverSegments(
  dir: string,
  afterZxid: bigint,
  maxPayloadBytes: number,
): Promise<RecoveredSegments> {
  const warnings: string[] = [];
  const files = await listSegmentFiles(dir, warnings);
  const firstNeeded = firstNeededIndex(files, afterZxid);
  const segments = await coveredSegments(files.slice(0, firstNeeded + 1));
  const records: TxnRecord[] = [];
  for (const [index, { file, baseZxid }] of files.entries()) {
    if (index < firstNeeded) continue;
    const bytes = await readFile(file);
    const scan = scanSegment(bytes, baseZxid, maxPayloadBytes);
    let sizeBytes = bytes.length;
    if (scan.defect !== null) {
      const isLast = index === files.length - 1;
      if (isLast && scan.records.length > 0 && !scan.defect.fatal && isZeroTail(bytes, scan.defect.offset)) {
        sizeBytes = await truncateDurably(file, scan.defect.offset);
      } else {
        const lastGood = scan.records.at(-1)?.zxid ?? scan.prevZxid ?? -1n;
        rejectDamage(file, bytes, scan.defect, isLast, lastGood, maxPayloadBytes);
        sizeBytes = await cutTornTail(dir, file, scan.defect, bytes.length, scan.records.length, warnings);
      }
    }
    const last = scan.records.at(-1);
    if (last === undefined || scan.prevZxid === null) continue;
    const segment = { file, baseZxid, prevZxid: scan.prevZxid, lastZxid: last.zxid, sizeBytes };
    checkContinuity(segment, segments.at(-1));
    segments.push(segment);
    for (const r of scan.records) {
      if (r.zxid <= afterZxid) continue;
      const start = r.offset + RECORD_HEADER_BYTES;
      records.push({ zxid: r.zxid, payload: new Uint8Array(bytes.subarray(start, start + r.payloadLength)) });
    }
  }
  checkCoversAfterZxid(segments, afterZxid);
  return { segments, records, warnings };
}

/**
 * The index of the first segment to scan. Segment i is covered by the snapshot when segment
 * i + 1 starts at or before afterZxid + 1, since a segment's zxids all lie below its
 * successor's first. The last two segments are always scanned: the last may turn out torn
 * and be cut away, and the one before it then becomes the segment appends continue.
 */
function firstNeededIndex(files: readonly { baseZxid: bigint }[], afterZxid: bigint): number {
  let index = 0;
  while (index + 2 < files.length && files[index + 1]!.baseZxid <= afterZxid + 1n) index++;
  return index;
}

/**
 * The segments before `files`' last one (the first scanned), from their verified headers and
 * sizes. Each one's last zxid is the prevZxid its successor's header records. A damaged header
 * is refused as a full scan would refuse it: a segment followed by newer ones had been fsynced.
 */
async function coveredSegments(files: readonly { file: string; baseZxid: bigint }[]): Promise<LogSegment[]> {
  if (files.length < 2) return [];
  const headers: { prevZxid: bigint; sizeBytes: number }[] = [];
  for (const { file } of files) headers.push(await readHeader(file));
  return files.slice(0, -1).map(({ file, baseZxid }, i) => ({
    file,
    baseZxid,
    prevZxid: headers[i]!.prevZxid,
    lastZxid: headers[i + 1]!.prevZxid,
    sizeBytes: headers[i]!.sizeBytes,
  }));
}

async function readHeader(file: string): Promise<{ prevZxid: bigint; sizeBytes: number }> {
  const handle = await open(file, 'r');
  try {
    const bytes = new Uint8Array(SEGMENT_HEADER_BYTES);
    const { bytesRead } = await handle.read(bytes, 0, SEGMENT_HEADER_BYTES, 0);
    const header = scanSegmentHeader(bytes.subarray(0, bytesRead));
    if ('defect' in header) {
      const { offset, zxid, reason } = header.defect;
      throw new CorruptLogError(file, offset, zxid, `${reason}, in a segment followed by newer segments (so it had been fsynced)`);
    }
    return { prevZxid: header.prevZxid, sizeBytes: (await handle.stat()).size };
  } finally {
    await handle.close();
  }
}

async function listSegmentFiles(dir: string, warnings: string[]): Promise<{ file: string; baseZxid: bigint }[]> {
  const found: { file: string; baseZxid: bigint }[] = [];
  for (const name of await readdir(dir)) {
    if (!name.startsWith(SEGMENT_PREFIX)) continue;
    const baseZxid = parseZxidFileName(name, SEGMENT_PREFIX);
    if (baseZxid === null) {
      warnings.push(`txn log: ignoring ${join(dir, name)}: not a segment name (log.<hex zxid>)`);
      continue;
    }
    found.push({ file: join(dir, name), baseZxid });
  }
  return found.sort((a, b) => (a.baseZxid < b.baseZxid ? -1 : a.baseZxid > b.baseZxid ? 1 : 0));
}

function rejectDamage(
  file: string,
  bytes: Uint8Array,
  defect: SegmentDefect,
  isLast: boolean,
  lastGoodZxid: bigint,
  maxPayloadBytes: number,
): void {
  if (defect.fatal) throw new CorruptLogError(file, defect.offset, defect.zxid, defect.reason);
  if (!isLast) {
    throw new CorruptLogError(
      file,
      defect.offset,
      defect.zxid,
      `${defect.reason}, in a segment followed by newer segments (so it had been fsynced)`,
    );
  }
  const later = findLaterWrite(bytes, defect.offset, lastGoodZxid, maxPayloadBytes);
  if (later !== null) {
    throw new CorruptLogError(
      file,
      defect.offset,
      defect.zxid,
      `${defect.reason}, yet a record from a later write (zxid ${formatZxid(later.zxid)}) ` +
        `follows at offset ${later.offset}, so the damaged bytes had been fsynced`,
    );
  }
}

/** Cuts the torn tail durably; returns the segment's new size (0 when the file was removed). */
async function cutTornTail(
  dir: string,
  file: string,
  defect: SegmentDefect,
  fileBytes: number,
  completeRecords: number,
  warnings: string[],
): Promise<number> {
  const why = 'an interrupted flush wrote it, so it was never acknowledged';
  if (completeRecords === 0) {
    await unlink(file);
    await fsyncDirectory(dir);
    warnings.push(
      `txn log: removed ${file} (${fileBytes} bytes, no complete record; ${defect.reason} at offset ` +
        `${defect.offset}): ${why}`,
    );
    return 0;
  }
  await truncateDurably(file, defect.offset);
  warnings.push(
    `txn log: cut torn tail of ${file} at offset ${defect.offset}, dropping ${fileBytes - defect.offset} ` +
      `bytes (${defect.reason}): ${why}`,
  );
  return defect.offset;
}

/** Cuts `file` to `size` bytes and fdatasyncs it (the new size is what later reads need); returns `size`. */
async function truncateDurably(file: string, size: number): Promise<number> {
  const handle = await open(file, 'r+');
  try {
    await handle.truncate(size);
    await handle.datasync();
  } finally {
    await handle.close();
  }
  return size;
}

function checkContinuity(segment: LogSegment, previous: LogSegment | undefined): void {
  if (segment.baseZxid <= segment.prevZxid) {
    throw new CorruptLogError(
      segment.file,
      0,
      segment.baseZxid,
      `its header says it follows zxid ${formatZxid(segment.prevZxid)}, which is not below its first zxid`,
    );
  }
  if (previous !== undefined && segment.prevZxid !== previous.lastZxid) {
    throw new CorruptLogError(
      segment.file,
      null,
      segment.baseZxid,
      `it continues the log after zxid ${formatZxid(segment.prevZxid)} but the previous segment ` +
        `${previous.file} ends at ${formatZxid(previous.lastZxid)}; a segment is missing`,
    );
  }
}

function checkCoversAfterZxid(segments: readonly LogSegment[], afterZxid: bigint): void {
  const first = segments.find((s) => s.lastZxid > afterZxid);
  if (first === undefined || first.baseZxid <= afterZxid || first.prevZxid <= afterZxid) return;
  throw new CorruptLogError(
    first.file,
    null,
    first.baseZxid,
    `the txns after zxid ${formatZxid(afterZxid)} (the snapshot) up to ${formatZxid(first.prevZxid)} ` +
      'are missing: the segment holding them was deleted',
  );
}
