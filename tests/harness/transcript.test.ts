import { describe, expect, it } from 'vitest';
import { compareTranscripts, normalizeTranscript } from './transcript.js';

// The differential suite is only as good as its comparison: these cases prove it ignores what
// may differ between correct servers and catches what may not.

const stat = (czxid: string, mzxid: string, pzxid: string, owner = '0', ctime = 1000) => ({
  czxid,
  mzxid,
  pzxid,
  ctime,
  mtime: ctime + 5,
  version: 0,
  ephemeralOwner: owner,
});

const base = [
  { step: 'create', result: { ok: ['/a', stat('5', '5', '5')] }, replies: [{ type: 'Create', err: 0, zxid: '5' }] },
  { step: 'create eph', result: { ok: ['/e', stat('6', '6', '6', '72057594037927937')] }, replies: [] },
  { step: 'set', result: { ok: stat('5', '7', '5') }, replies: [{ type: 'SetData', err: 0, zxid: '7' }] },
  { step: 'bad', result: { error: 'BadVersionError' }, replies: [{ type: 'SetData', err: -103, zxid: '8' }] },
];

/** The same history on a server with another epoch, other session ids and another clock. */
const shifted = [
  { step: 'create', result: { ok: ['/a', stat('4294967301', '4294967301', '4294967301', '0', 99)] }, replies: [{ type: 'Create', err: 0, zxid: '4294967301' }] },
  { step: 'create eph', result: { ok: ['/e', stat('4294967302', '4294967302', '4294967302', '216172782113783808', 99)] }, replies: [] },
  { step: 'set', result: { ok: stat('4294967301', '4294967303', '4294967301', '0', 99) }, replies: [{ type: 'SetData', err: 0, zxid: '4294967303' }] },
  { step: 'bad', result: { error: 'BadVersionError' }, replies: [{ type: 'SetData', err: -103, zxid: '4294967304' }] },
];

describe('transcript comparison', () => {
  it('labels zxids and sessions by first appearance and hides times', () => {
    const n = normalizeTranscript(base);
    expect(n.value).toEqual([
      { step: 'create', result: { ok: ['/a', { czxid: 'Z0', mzxid: 'Z0', pzxid: 'Z0', ctime: '<time>', mtime: '<time>', version: 0, ephemeralOwner: '0' }] }, replies: [{ type: 'Create', err: 0, zxid: 'Z0' }] },
      { step: 'create eph', result: { ok: ['/e', { czxid: 'Z1', mzxid: 'Z1', pzxid: 'Z1', ctime: '<time>', mtime: '<time>', version: 0, ephemeralOwner: 'S0' }] }, replies: [] },
      { step: 'set', result: { ok: { czxid: 'Z0', mzxid: 'Z2', pzxid: 'Z0', ctime: '<time>', mtime: '<time>', version: 0, ephemeralOwner: '0' } }, replies: [{ type: 'SetData', err: 0, zxid: 'Z2' }] },
      { step: 'bad', result: { error: 'BadVersionError' }, replies: [{ type: 'SetData', err: -103, zxid: 'Z3' }] },
    ]);
    expect(n.zxidOrder).toEqual(['Z0', 'Z1', 'Z2', 'Z3']);
    expect(n.sessionCount).toBe(1);
  });

  it('accepts the same history with other epochs, session ids and clocks', () => {
    expect(compareTranscripts(base, shifted)).toEqual([]);
  });

  it('reports a different exception, naming the step', () => {
    const other = structuredClone(base);
    other[3]!.result = { error: 'NoNodeError' };
    expect(compareTranscripts(base, other)).toEqual(['$[3](bad).result.error: "BadVersionError" vs "NoNodeError"']);
  });

  it('reports a broken zxid equality (a set that did not move mzxid)', () => {
    const other = structuredClone(base);
    (other[2]!.result as { ok: { mzxid: string } }).ok.mzxid = '5';
    expect(compareTranscripts(base, other)).toContain('$[2](set).result.ok.mzxid: "Z2" vs "Z0"');
  });

  it('reports a failed write that did not consume a zxid', () => {
    const other = structuredClone(base);
    other[3]!.replies[0]!.zxid = '7';
    expect(compareTranscripts(base, other)).toEqual([
      '$[3](bad).replies[0].zxid: "Z3" vs "Z2"',
      'zxid order differs: Z0 < Z1 < Z2 < Z3 vs Z0 < Z1 < Z2',
    ]);
  });

  it('reports zxids that appear in the same pattern but in another numeric order', () => {
    const other = structuredClone(base);
    // Z1 (the ephemeral create) numerically after Z2 (the set): same labels, different order.
    (other[1]!.result as { ok: [string, { czxid: string; mzxid: string; pzxid: string }] }).ok[1] = {
      ...stat('9', '9', '9', '72057594037927937'),
    };
    const diffs = compareTranscripts(base, other);
    expect(diffs).toEqual(['zxid order differs: Z0 < Z1 < Z2 < Z3 vs Z0 < Z2 < Z3 < Z1']);
  });

  it('reports two owners where there was one session, and missing steps', () => {
    const other = structuredClone(base);
    (other[1]!.result as { ok: [string, { ephemeralOwner: string }] }).ok[1].ephemeralOwner = '0';
    expect(compareTranscripts(base, other)).toEqual([
      '$[1](create eph).result.ok[1].ephemeralOwner: "S0" vs "0"',
      'session count: 1 vs 0',
    ]);
    expect(compareTranscripts(base, base.slice(0, 3))).toEqual(['$: length 4 vs 3', 'zxid order differs: Z0 < Z1 < Z2 < Z3 vs Z0 < Z1 < Z2']);
  });
});
