/** The event-loop turn with a scripted disk: group commit and "nothing acked before durable". */
import { describe, expect, it } from 'vitest';
import { defaultCoreConfig, Server, type LogRecord } from '@paddock/core';
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
  snapshot(): void {}
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
    const failing: DurableSink = { append() {}, flush: () => Promise.reject(new Error('fdatasync failed')), snapshot() {} };
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
