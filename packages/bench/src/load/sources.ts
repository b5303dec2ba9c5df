/**
 * The request sources of the closed-loop workloads, described by plain data (`SourceSpec`) so a
 * coordinator can hand them to generator processes. Znode names are derived from (worker,
 * session, seq), so whoever knows how many requests a session issued can name what it created.
 */
import { JuteWriter, OpCode } from '@paddock/protocol';
import type { RequestSource } from './closed-loop';
import { XorShift32 } from './prng';
import { createRequest, multiCreateRequest, payload, requestFrame, type RequestFrame } from './requests';

/** Which requests a closed-loop phase sends. */
export type SourceSpec =
  /** Unbounded creates of unique znodes under `root`. */
  | { readonly type: 'create'; readonly root: string; readonly worker: number; readonly dataBytes: number }
  /** Unbounded multis, each creating `members` unique znodes under `root`. */
  | { readonly type: 'multi'; readonly root: string; readonly worker: number; readonly members: number; readonly dataBytes: number }
  /**
   * Deletes what a `create` (members 0: one delete per create) or `multi` phase (one multi of
   * deletes per multi) of the same worker created, given how many requests each session issued.
   */
  | { readonly type: 'delete'; readonly root: string; readonly worker: number; readonly issued: readonly number[]; readonly members: number }
  /** Unbounded reads (`getData` or `exists`) and `writePercent` % setData on the keys `keysRoot/n<i>`. */
  | {
      readonly type: 'keys'; readonly keysRoot: string; readonly keyCount: number; readonly dataBytes: number;
      readonly read: 'getData' | 'exists'; readonly writePercent: number; readonly seed: number;
    }
  /** Creates `root/n<from>` .. `root/n<to - 1>`, spread over the sessions. */
  | { readonly type: 'populate'; readonly root: string; readonly from: number; readonly to: number; readonly dataBytes: number };

/** The znode a `create` phase's session `session` made with its request `seq`. */
export function createdPath(root: string, worker: number, session: number, seq: number): string {
  return `${root}/w${worker}-${session}-${seq}`;
}

/** Member `member` of the multi a `multi` phase's session sent as request `seq`. */
export function memberPath(root: string, worker: number, session: number, seq: number, member: number): string {
  return `${createdPath(root, worker, session, seq)}-${member}`;
}

/** Znode `i` of a populate phase (the existing-znode workloads' keys are populated this way). */
export function populatedPath(root: string, i: number): string {
  return `${root}/n${i}`;
}

/** Builds the source described by `spec` for `sessions` sessions. */
export function makeSource(spec: SourceSpec, sessions: number): RequestSource {
  const writer = new JuteWriter(256);
  switch (spec.type) {
    case 'create': {
      const data = payload(spec.dataBytes);
      return {
        next: (s, seq) => requestFrame(createRequest(createdPath(spec.root, spec.worker, s, seq), data), writer),
      };
    }
    case 'multi': {
      const data = payload(spec.dataBytes);
      const members = Array.from({ length: spec.members }, (_, m) => m);
      return {
        next: (s, seq) =>
          requestFrame(multiCreateRequest(members.map((m) => memberPath(spec.root, spec.worker, s, seq, m)), data), writer),
      };
    }
    case 'delete': {
      const members = Array.from({ length: spec.members }, (_, m) => m);
      return {
        next: (s, seq) => {
          if (seq >= (spec.issued[s] ?? 0)) return null;
          if (spec.members === 0) return requestFrame({ op: OpCode.delete, path: createdPath(spec.root, spec.worker, s, seq), version: -1 }, writer);
          // A multi's znodes exist all or none, so one multi of deletes undoes one multi of creates.
          const ops = members.map((m) => ({ op: OpCode.delete, path: memberPath(spec.root, spec.worker, s, seq, m), version: -1 }));
          return requestFrame({ op: OpCode.multi, ops }, writer);
        },
      };
    }
    case 'keys':
      return keysSource(spec, sessions, writer);
    case 'populate': {
      const data = payload(spec.dataBytes);
      return {
        next: (s, seq) => {
          const i = spec.from + s + seq * sessions;
          return i < spec.to ? requestFrame(createRequest(populatedPath(spec.root, i), data), writer) : null;
        },
      };
    }
  }
}

function keysSource(spec: Extract<SourceSpec, { type: 'keys' }>, sessions: number, writer: JuteWriter): RequestSource {
  const data = payload(spec.dataBytes);
  const paths = Array.from({ length: spec.keyCount }, (_, i) => populatedPath(spec.keysRoot, i));
  // Every request is prebuilt: the hot path only picks one.
  const reads: RequestFrame[] = spec.writePercent >= 100 ? [] : paths.map((path) =>
    requestFrame(spec.read === 'getData' ? { op: OpCode.getData, path, watch: false } : { op: OpCode.exists, path, watch: false }, writer));
  const writes: RequestFrame[] = spec.writePercent <= 0 ? [] : paths.map((path) =>
    requestFrame({ op: OpCode.setData, path, data, version: -1 }, writer));
  const rngs = Array.from({ length: sessions }, (_, s) => new XorShift32(spec.seed * 7919 + s + 1));
  return {
    next: (s) => {
      const rng = rngs[s]!;
      const key = rng.below(spec.keyCount);
      const write = spec.writePercent >= 100 || (spec.writePercent > 0 && rng.below(100) < spec.writePercent);
      return write ? writes[key]! : reads[key]!;
    },
  };
}
