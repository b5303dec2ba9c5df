/** The event-loop turn with a scripted disk: group commit and "nothing acked before durable". */
import { describe, expect, it } from 'vitest';
import { defaultCoreConfig, Server, type EpochName, type Input, type LogRecord, type Output, type PeerMessage } from '@paddock/core';
import { decodeReplyHeader, OpCode } from '@paddock/protocol';
import { CoreDriver, type ConnectionSink, type DurableSink } from '../src/core-driver';
import { silentLogger } from '../src/logger';
import { OPEN_ACL } from './support/raw-client';

class ScriptedDisk implements DurableSink {
  readonly appended: LogRecord[] = [];
  readonly flushes: Array<{ resolve: () => void; throughZxid: number }> = [];
  append(records: readonly LogRecord[]): void {
    this.appended.push(...records);
  }
  flush(): Promise<void> {
    return new Promise((resolve) => this.flushes.push({ resolve, throughZxid: this.appended.at(-1)!.zxid }));
  }
  snapshot(_zxid: number, _chunks: readonly Uint8Array[]): void {}
  truncate(_zxid: number): Promise<void> {
    return Promise.reject(new Error('a standalone server never truncates'));
  }
  stageSnapshotPiece(_zxid: number, _index: number, _bytes: Uint8Array): void {
    throw new Error('a standalone server never receives a SNAP');
  }
  abortStagedSnapshot(): void {
    throw new Error('a standalone server never receives a SNAP');
  }
  installSnapshot(_zxid: number): Promise<void> {
    return Promise.reject(new Error('a standalone server never installs a snapshot'));
  }
  persistEpoch(_name: EpochName, _epoch: number): Promise<void> {
    return Promise.reject(new Error('a standalone server never persists an epoch'));
  }
}

class RecordingConnections implements ConnectionSink {
  readonly frames: Uint8Array[] = [];
  turns = 0;
  send(_conn: number, payload: Uint8Array): void {
    // The payload is valid only during the call, as for the real client port.
    this.frames.push(payload.slice());
  }
  close(): void {}
  throttle(): void {}
  endTurn(): void {
    this.turns++;
  }
}

/** Lets pending turns run: a resolved flush schedules its turn only after its promise settles. */
async function nextTurn(): Promise<void> {
  for (let i = 0; i < 2; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

function setup() {
  const disk = new ScriptedDisk();
  const conns = new RecordingConnections();
  const fatal: Error[] = [];
  const server = Server.bootstrap(defaultCoreConfig({ startWallMs: 1_700_000_000_000 }));
  const driver = new CoreDriver(server, conns, disk, { now: () => 1_700_000_000_000, logger: silentLogger, onFatal: (e) => fatal.push(e) });
  return { disk, conns, driver, fatal };
}

describe('CoreDriver', () => {
  it('flushes once per turn and replies only after the flush resolved', async () => {
    const { disk, conns, driver, fatal } = setup();
    driver.submit({ type: 'client-connected', conn: 1, remoteHost: '127.0.0.1', remotePort: 5000 });
    driver.submit({
      type: 'client-handshake', conn: 1,
      request: { protocolVersion: 0, lastZxidSeen: 0n, timeOut: 10_000, sessionId: 0n, passwd: new Uint8Array(16) },
    });
    await nextTurn();
    expect(disk.flushes).toHaveLength(1);
    expect(conns.frames).toHaveLength(0);
    disk.flushes[0]!.resolve();
    await nextTurn();
    expect(conns.frames).toHaveLength(1);

    for (let xid = 1; xid <= 10; xid++) {
      driver.submit({
        type: 'client-request', conn: 1,
        request: { ok: true, xid, type: OpCode.create, request: { op: OpCode.create, path: `/n${xid}`, data: null, acl: OPEN_ACL, flags: 0 } },
      });
    }
    await nextTurn();
    expect(disk.appended).toHaveLength(11);
    expect(disk.flushes).toHaveLength(2);
    expect(disk.flushes[1]!.throughZxid).toBe(11);
    expect(conns.frames).toHaveLength(1);
    disk.flushes[1]!.resolve();
    await nextTurn();
    const replies = conns.frames.slice(1).map((f) => decodeReplyHeader(f));
    expect(replies.map((r) => [r.xid, r.err, Number(r.zxid)])).toEqual(Array.from({ length: 10 }, (_, i) => [i + 1, 0, i + 2]));
    expect(fatal).toEqual([]);
  });

  it('feeds each turn a clock input first, so the core sees the adapter clock', async () => {
    const conns = new RecordingConnections();
    const server = Server.bootstrap(defaultCoreConfig({ startWallMs: 1 }));
    const driver = new CoreDriver(server, conns, new ScriptedDisk(), { now: () => 1_800_000_000_000, logger: silentLogger, onFatal: () => {} });
    driver.submit({ type: 'client-connected', conn: 7, remoteHost: '127.0.0.1', remotePort: 5000 });
    driver.submit({ type: 'tick' });
    await nextTurn();
    expect(driver.inspect().connections[0]?.connectedWallMs).toBe(1_800_000_000_000);
    expect(driver.inspect().currentTick).toBe(1);
    expect(conns.turns).toBe(1);
  });

  it('reports a failed flush as fatal and acknowledges nothing', async () => {
    const conns = new RecordingConnections();
    const failing: DurableSink = Object.assign(new ScriptedDisk(), { flush: () => Promise.reject(new Error('fdatasync failed')) });
    const fatal: Error[] = [];
    const server = Server.bootstrap(defaultCoreConfig());
    const driver = new CoreDriver(server, conns, failing, { now: Date.now, logger: silentLogger, onFatal: (e) => fatal.push(e) });
    driver.submit({ type: 'client-connected', conn: 1, remoteHost: '127.0.0.1', remotePort: 5000 });
    driver.submit({
      type: 'client-handshake', conn: 1,
      request: { protocolVersion: 0, lastZxidSeen: 0n, timeOut: 10_000, sessionId: 0n, passwd: new Uint8Array(16) },
    });
    await nextTurn();
    await nextTurn();
    expect(fatal.map((e) => e.message)).toEqual(['fdatasync failed']);
    expect(conns.frames).toHaveLength(0);
  });
});

/** A disk whose every operation waits for the test to finish it, recording the order they ran in. */
class ManualDisk extends ScriptedDisk {
  readonly log: string[] = [];
  readonly waiting: Array<() => void> = [];
  override append(records: readonly LogRecord[]): void {
    super.append(records);
    this.log.push(`append ${records.map((r) => r.zxid).join(',')}`);
  }
  override flush(): Promise<void> {
    this.log.push('flush');
    return new Promise((resolve) => this.waiting.push(resolve));
  }
  override snapshot(zxid: number): void {
    this.log.push(`snapshot ${zxid}`);
  }
  override truncate(zxid: number): Promise<void> {
    this.log.push(`truncate ${zxid}`);
    return new Promise((resolve) => this.waiting.push(resolve));
  }
  override stageSnapshotPiece(zxid: number, index: number): void {
    this.log.push(`piece ${zxid}/${index}`);
  }
  override abortStagedSnapshot(): void {
    this.log.push('abort');
  }
  override installSnapshot(zxid: number): Promise<void> {
    this.log.push(`install ${zxid}`);
    return new Promise((resolve) => this.waiting.push(resolve));
  }
  override persistEpoch(name: EpochName, epoch: number): Promise<void> {
    this.log.push(`${name} ${epoch}`);
    return new Promise((resolve) => this.waiting.push(resolve));
  }
}

/** A core that answers each input with scripted outputs and records the inputs it got. */
function scriptedCore(script: Map<string, Output[]>): { server: Server; inputs: string[] } {
  const inputs: string[] = [];
  const describe = (input: Input) => (input.type === 'persisted' ? `persisted ${input.zxid}` : input.type === 'epoch-persisted' ? `${input.name}-persisted ${input.epoch}` : input.type);
  const server = {
    step(input: Input): Output[] {
      if (input.type === 'clock') return [];
      inputs.push(describe(input));
      return script.get(describe(input)) ?? [];
    },
    snapshotPending: false,
  } as unknown as Server;
  return { server, inputs };
}

const record = (zxid: number): LogRecord => ({ zxid, payload: new Uint8Array([zxid]) });

describe('CoreDriver in an ensemble', () => {
  it('holds log and snapshot writes (a next SNAP\'s pieces included) behind a snapshot install until it is durable, and reports each write in order', async () => {
    const disk = new ManualDisk();
    const sent: string[] = [];
    const { server, inputs } = scriptedCore(new Map<string, Output[]>([
      ['peer-message', [
        { type: 'append', records: [record(3)] },
        { type: 'install-snapshot-piece', zxid: 10, index: 0, bytes: new Uint8Array(4) },
        { type: 'install-snapshot', zxid: 10 },
        { type: 'append', records: [record(11), record(12)] },
        { type: 'install-snapshot-piece', zxid: 20, index: 0, bytes: new Uint8Array(2) },
        { type: 'install-snapshot-abort', zxid: 20 },
        { type: 'snapshot', zxid: 12, chunks: [] },
        { type: 'truncate', zxid: 11 },
        { type: 'persist-epoch', name: 'currentEpoch', epoch: 2 },
        { type: 'peer-send', to: 2, message: { type: 'ack', zxid: 10 } },
      ]],
    ]));
    const fatal: Error[] = [];
    const driver = new CoreDriver(server, new RecordingConnections(), disk, { now: () => 0, logger: silentLogger, onFatal: (e) => fatal.push(e) }, {
      send: (to, message) => sent.push(`${message.type} to ${to}`),
    });
    driver.submit({ type: 'peer-message', from: 2, message: { type: 'uptodate' } });
    await nextTurn();
    // The append before the install goes to the log (which the install then discards); the
    // writes after it wait. The epoch write and the message do not wait for the log.
    expect(disk.log).toEqual(['append 3', 'piece 10/0', 'install 10', 'currentEpoch 2']);
    expect(sent).toEqual(['ack to 2']);
    disk.waiting[1]!(); // the epoch write
    await nextTurn();
    expect(inputs).toEqual(['peer-message', 'currentEpoch-persisted 2']);
    disk.waiting[0]!(); // the install
    await nextTurn();
    expect(disk.log).toEqual(['append 3', 'piece 10/0', 'install 10', 'currentEpoch 2', 'append 11,12', 'piece 20/0', 'abort', 'snapshot 12', 'truncate 11', 'flush']);
    expect(inputs.slice(2)).toEqual(['persisted 10']);
    disk.waiting[2]!(); // the truncate
    disk.waiting[3]!(); // the flush of 11 (the truncate left it the last record)
    await nextTurn();
    expect(inputs.slice(3)).toEqual(['persisted 11']);
    expect(fatal).toEqual([]);
  });

  it('counts the size of each proposed txn once, however many learners it goes to, and not the older ones a sync resends', async () => {
    const proposal = (zxid: number, bytes: number): PeerMessage => ({ type: 'proposal', zxid, txn: new Uint8Array(bytes) });
    const { server } = scriptedCore(new Map<string, Output[]>([['tick', [
      { type: 'peer-send', to: 2, message: proposal(5, 40) },
      { type: 'peer-send', to: 3, message: proposal(5, 40) },
      { type: 'peer-send', to: 2, message: proposal(6, 90) },
      { type: 'peer-send', to: 4, message: proposal(2, 500) },
      { type: 'peer-send', to: 2, message: proposal(7, 60) },
    ]]]));
    const driver = new CoreDriver(server, new RecordingConnections(), new ScriptedDisk(), { now: () => 0, logger: silentLogger, onFatal: () => {} }, { send() {} });
    expect(driver.proposalSizes).toEqual({ last: -1, min: -1, max: -1 });
    driver.submit({ type: 'tick' });
    await nextTurn();
    expect(driver.proposalSizes).toEqual({ last: 60, min: 40, max: 90 });
  });

  it('asks a standalone server that sends to a peer to stop, as a broken invariant', async () => {
    const { server } = scriptedCore(new Map<string, Output[]>([['tick', [{ type: 'peer-send', to: 2, message: { type: 'uptodate' } }]]]));
    const fatal: Error[] = [];
    const driver = new CoreDriver(server, new RecordingConnections(), new ScriptedDisk(), { now: () => 0, logger: silentLogger, onFatal: (e) => fatal.push(e) });
    driver.submit({ type: 'tick' });
    await nextTurn();
    expect(fatal.map((e) => e.message)).toEqual(['a standalone server was asked to send uptodate to server 2']);
  });
});
