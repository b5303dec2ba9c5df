/**
 * The byte format of one txn-log segment file, `log.<hex zxid of its first record>`, as pure
 * functions (no I/O) so recovery rules can be tested on byte arrays. All integers big-endian.
 *
 * Segment header, 20 bytes:
 * ```
 *  0  u32  magic "PDKL" (0x50444B4C)
 *  4  u32  format version = 1
 *  8  i64  prevZxid: the log's last zxid when this segment was created (0 = none before);
 *          lets recovery prove that no segment is missing between two files, or between the
 *          snapshot and the first segment it needs
 * 16  u32  CRC-32C of bytes 0..16
 * ```
 * Records follow back to back, 20 bytes of header then the opaque payload:
 * ```
 *  0  u32  payload length n
 *  4  u32  CRC-32C of bytes 0..4 and 8..20+n (length, zxid, batchOffset, payload)
 *  8  i64  zxid, strictly increasing through the log; the first equals the file-name zxid
 * 16  u32  batchOffset: file offset where the write that carried this record began
 *          (0 for the write that created the file, whose first bytes are the header)
 * 20  n    payload
 * ```
 * batchOffset is what lets recovery tell a torn tail from damaged durable data. The log writes
 * each group-commit batch with one write and fsyncs it before the next write starts, so a
 * valid record whose write began after a defect proves the defect's bytes had been fsynced and
 * possibly acknowledged. Valid records from the same (unfinished) write as the defect prove
 * nothing: the kernel may persist a write's pages in any order when a crash interrupts it.
 */

import { crc32c, Crc32c } from './crc32c';

/** What the log stores per transaction. The payload is opaque to the disk layer. */
export interface TxnRecord {
  readonly zxid: bigint;
  readonly payload: Uint8Array;
}

/** "PDKL": Paddock log. */
export const SEGMENT_MAGIC = 0x50444b4c;
/** "ZKLG": ZooKeeper's own log magic, recognised only to give a clear error. */
export const ZOOKEEPER_LOG_MAGIC = 0x5a4b4c47;
export const SEGMENT_FORMAT_VERSION = 1;
export const SEGMENT_HEADER_BYTES = 20;
export const RECORD_HEADER_BYTES = 20;
/** batchOffset is a u32, so a segment never grows past 4 GiB - 1. */
export const MAX_SEGMENT_BYTES = 0xffffffff;

/** Where a verified record sits in a segment; its payload is at `offset + RECORD_HEADER_BYTES`. */
export interface RecordLocation {
  readonly offset: number;
  readonly zxid: bigint;
  readonly payloadLength: number;
  readonly batchOffset: number;
}

/** The first thing wrong in a segment; nothing after it was read. */
export interface SegmentDefect {
  readonly offset: number;
  readonly reason: string;
  /** zxid of the defective record when its checksum verified (so the zxid is trustworthy). */
  readonly zxid: bigint | null;
  /**
   * True when checksummed data is inconsistent or the file is not ours: no crash produces
   * that, so it is corruption wherever it appears.
   */
  readonly fatal: boolean;
}

export interface SegmentScan {
  /** From a verified header, else null. */
  readonly prevZxid: bigint | null;
  /** The verified records before the first defect, in file order. */
  readonly records: readonly RecordLocation[];
  readonly defect: SegmentDefect | null;
}

/** Encodes the 20-byte segment header. */
export function encodeSegmentHeader(prevZxid: bigint): Uint8Array {
  const out = new Uint8Array(SEGMENT_HEADER_BYTES);
  const view = new DataView(out.buffer);
  view.setUint32(0, SEGMENT_MAGIC);
  view.setUint32(4, SEGMENT_FORMAT_VERSION);
  view.setBigInt64(8, prevZxid);
  view.setUint32(16, crc32c(out, 0, 16));
  return out;
}

/** Bytes `records` take on disk. */
export function encodedRecordsBytes(records: readonly TxnRecord[]): number {
  let total = 0;
  for (const r of records) total += RECORD_HEADER_BYTES + r.payload.length;
  return total;
}

/**
 * Encodes one write: the segment header first when `newSegmentPrevZxid` is given (then
 * `batchOffset` must be 0), then the records, each stamped with `batchOffset`.
 */
export function encodeWrite(
  records: readonly TxnRecord[],
  batchOffset: number,
  newSegmentPrevZxid: bigint | null,
): Uint8Array {
  const headerBytes = newSegmentPrevZxid === null ? 0 : SEGMENT_HEADER_BYTES;
  const out = new Uint8Array(headerBytes + encodedRecordsBytes(records));
  if (newSegmentPrevZxid !== null) out.set(encodeSegmentHeader(newSegmentPrevZxid), 0);
  const view = new DataView(out.buffer);
  let at = headerBytes;
  for (const r of records) {
    view.setUint32(at, r.payload.length);
    view.setBigInt64(at + 8, r.zxid);
    view.setUint32(at + 16, batchOffset);
    out.set(r.payload, at + RECORD_HEADER_BYTES);
    const end = at + RECORD_HEADER_BYTES + r.payload.length;
    view.setUint32(at + 4, recordChecksum(out, at, end));
    at = end;
  }
  return out;
}

function recordChecksum(bytes: Uint8Array, start: number, end: number): number {
  return new Crc32c().update(bytes, start, start + 4).update(bytes, start + 8, end).digest();
}

/**
 * Verifies a whole segment file's bytes and returns its records up to the first defect.
 * `baseZxid` comes from the file name; `maxPayloadBytes` bounds a record's length field.
 */
export function scanSegment(bytes: Uint8Array, baseZxid: bigint, maxPayloadBytes: number): SegmentScan {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const header = checkHeader(bytes, view);
  if ('defect' in header) return { prevZxid: null, records: [], defect: header.defect };

  const records: RecordLocation[] = [];
  let at = SEGMENT_HEADER_BYTES;
  while (at < bytes.length) {
    const result = readRecord(bytes, view, at, maxPayloadBytes);
    if ('defect' in result) return { prevZxid: header.prevZxid, records, defect: result.defect };
    const problem = orderProblem(result.record, records[records.length - 1], baseZxid);
    if (problem !== null) {
      const defect = { offset: at, reason: problem, zxid: result.record.zxid, fatal: true };
      return { prevZxid: header.prevZxid, records, defect };
    }
    records.push(result.record);
    at += RECORD_HEADER_BYTES + result.record.payloadLength;
  }
  if (records.length === 0) {
    // The write that creates a segment always carries a record, so a bare header is torn.
    const defect = { offset: at, reason: 'segment holds no record', zxid: null, fatal: false };
    return { prevZxid: header.prevZxid, records, defect };
  }
  return { prevZxid: header.prevZxid, records, defect: null };
}

/**
 * Whether `bytes` from `offset` to the end are all zero: space the log preallocated and never
 * wrote (or a write that never reached the disk), never a record, since a record's checksum
 * of zeros does not match.
 */
export function isZeroTail(bytes: Uint8Array, offset: number): boolean {
  for (let i = offset; i < bytes.length; i++) if (bytes[i] !== 0) return false;
  return true;
}

/** Verifies just the segment header at the start of `bytes` (the file's first bytes). */
export function scanSegmentHeader(bytes: Uint8Array): { prevZxid: bigint } | { defect: SegmentDefect } {
  return checkHeader(bytes, new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}

function checkHeader(bytes: Uint8Array, view: DataView): { prevZxid: bigint } | { defect: SegmentDefect } {
  const at0 = (reason: string, fatal: boolean) => ({ defect: { offset: 0, reason, zxid: null, fatal } });
  if (bytes.length >= 4 && view.getUint32(0) === ZOOKEEPER_LOG_MAGIC) {
    return at0("this is a ZooKeeper txn log (magic 'ZKLG'), not a Paddock log; Paddock cannot read ZooKeeper's data files", true);
  }
  if (bytes.length < SEGMENT_HEADER_BYTES) {
    return at0(`partial segment header (${bytes.length} of ${SEGMENT_HEADER_BYTES} bytes)`, false);
  }
  if (view.getUint32(0) !== SEGMENT_MAGIC) return at0('bad segment magic', false);
  if (view.getUint32(16) !== crc32c(bytes, 0, 16)) return at0('segment header checksum mismatch', false);
  const version = view.getUint32(4);
  if (version !== SEGMENT_FORMAT_VERSION) {
    return at0(`unsupported segment format version ${version} (this build reads ${SEGMENT_FORMAT_VERSION})`, true);
  }
  return { prevZxid: view.getBigInt64(8) };
}

function readRecord(
  bytes: Uint8Array,
  view: DataView,
  at: number,
  maxPayloadBytes: number,
): { record: RecordLocation } | { defect: SegmentDefect } {
  const fail = (reason: string) => ({ defect: { offset: at, reason, zxid: null, fatal: false } });
  const remaining = bytes.length - at;
  if (remaining < RECORD_HEADER_BYTES) {
    return fail(`partial record header (${remaining} of ${RECORD_HEADER_BYTES} bytes)`);
  }
  const payloadLength = view.getUint32(at);
  if (payloadLength > maxPayloadBytes) {
    return fail(
      `record length ${payloadLength} exceeds the limit of ${maxPayloadBytes} bytes ` +
        '(if jute.maxbuffer was lowered since this was written, raise it again)',
    );
  }
  const end = at + RECORD_HEADER_BYTES + payloadLength;
  if (end > bytes.length) {
    return fail(`partial record (${remaining} of ${RECORD_HEADER_BYTES + payloadLength} bytes present)`);
  }
  if (view.getUint32(at + 4) !== recordChecksum(bytes, at, end)) return fail('record checksum mismatch');
  return {
    record: { offset: at, zxid: view.getBigInt64(at + 8), payloadLength, batchOffset: view.getUint32(at + 16) },
  };
}

/** Checks a verified record against its predecessor; returns why it is out of place, or null. */
function orderProblem(record: RecordLocation, previous: RecordLocation | undefined, baseZxid: bigint): string | null {
  if (record.zxid < 0n) return 'negative zxid';
  if (record.batchOffset > record.offset) return `batchOffset ${record.batchOffset} lies after the record`;
  if (previous === undefined) {
    if (record.zxid !== baseZxid) return `first zxid differs from the file name's 0x${baseZxid.toString(16)}`;
    if (record.batchOffset !== 0) return 'first record was not written with the segment header';
    return null;
  }
  if (record.zxid <= previous.zxid) return `zxid does not increase (previous 0x${previous.zxid.toString(16)})`;
  if (record.batchOffset < previous.batchOffset) return 'batchOffset goes backwards';
  return null;
}

/**
 * Looks past a defect for a verified record carried by a write that began after the defect's
 * offset: proof that the defective bytes had been fsynced before, so they are damaged durable
 * data rather than a torn tail. Scans every byte offset because framing is lost at a defect;
 * the batchOffset, length and zxid filters reject almost every offset before any checksum.
 */
export function findLaterWrite(
  bytes: Uint8Array,
  defectOffset: number,
  lastGoodZxid: bigint,
  maxPayloadBytes: number,
): RecordLocation | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = defectOffset + 1; at + RECORD_HEADER_BYTES <= bytes.length; at++) {
    const batchOffset = view.getUint32(at + 16);
    if (batchOffset <= defectOffset || batchOffset > at) continue;
    const payloadLength = view.getUint32(at);
    const end = at + RECORD_HEADER_BYTES + payloadLength;
    if (payloadLength > maxPayloadBytes || end > bytes.length) continue;
    const zxid = view.getBigInt64(at + 8);
    if (zxid <= lastGoodZxid) continue;
    if (view.getUint32(at + 4) === recordChecksum(bytes, at, end)) return { offset: at, zxid, payloadLength, batchOffset };
  }
  return null;
}
