/**
 * Records golden frames from a real ZooKeeper 3.8 for packages/protocol's golden test.
 *
 * It starts a standalone ZooKeeper (Debian's `zookeeper` package) on a free loopback port with
 * a temporary dataDir, puts a recording TCP proxy in front of it, and drives it with three
 * clients in turn: the real Java client (packages/protocol/golden-drivers/GoldenSession.java),
 * kazoo (golden-drivers/kazoo-session.py), and Paddock's own encoder for the requests neither
 * client can send (standalone check, unknown opcode, four-letter words, Len error, expired
 * sessions, ...). Every frame is split from the byte streams by this script's own length
 * parsing, so a codec bug cannot shape the fixture; the codec only names the frames.
 *
 * Usage: npx tsx scripts/capture-golden.ts [output.json]
 * Everything it starts (ZooKeeper, drivers, proxy) is stopped and the temp dir removed on exit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CreateFlag, DEFAULT_MAX_BUFFER, ErrorCode, EventType, FrameDecoder, OpCode, Perms,
  decodeConnectResponse, decodeReply, decodeReplyHeader, decodeRequest, decodeWatcherEvent,
  encodeConnectRequest, encodeRequest, errorCodeName, fourLetterWordCode, fourLetterWordFromCode, frame,
  type ACL, type ConnectResponse, type Request,
} from '../packages/protocol/src/index';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DRIVERS = path.join(ROOT, 'packages/protocol/golden-drivers');
const DEFAULT_OUT = path.join(ROOT, 'packages/protocol/test/fixtures/zk-3.8.0-frames.json');
const JARS = [
  'zookeeper.jar', 'zookeeper-jute.jar', 'slf4j-api.jar', 'slf4j-nop.jar', 'netty-all.jar',
  'metrics-core.jar', 'snappy-java.jar', 'commons-io.jar',
].map((j) => path.join('/usr/share/java', j)).join(':');
const STEP_TIMEOUT_MS = 10_000;

type Direction = 'client-to-server' | 'server-to-client';
type Kind = 'connect' | 'message' | 'four-letter-word' | 'four-letter-word-answer' | 'len-error';

/** One fixture entry: a complete frame payload (or, for raw kinds, the raw bytes). */
interface Captured {
  seq: number;
  conn: number;
  client: string;
  direction: Direction;
  kind: Kind;
  op: number | null;
  label: string;
  hex: string;
  note?: string;
}

const OP_NAMES = new Map<number, string>(Object.entries(OpCode).map(([k, v]) => [v, k]));
const EVENT_NAMES = new Map<number, string>(Object.entries(EventType).map(([k, v]) => [v, k]));
const opName = (op: number | null): string => (op === null ? '?' : OP_NAMES.get(op) ?? `op${op}`);
const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function withTimeout<T>(p: Promise<T>, what: string, ms = STEP_TIMEOUT_MS): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out: ${what}`)), ms);
    p.then((v) => { clearTimeout(t); resolve(v); }, (e: unknown) => { clearTimeout(t); reject(e); });
  });
}

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

/** Every child process this script started, so that exit paths can stop them. */
const children = new Set<ChildProcess>();

function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(t);
}

// ---- the real ZooKeeper ------------------------------------------------------------------------

async function fourLetterWord(port: number, word: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => s.write(word));
    let out = '';
    s.on('data', (d) => { out += d.toString('latin1'); });
    s.on('close', () => resolve(out));
    s.on('error', reject);
  });
}

async function startZooKeeper(dir: string, port: number): Promise<ChildProcess> {
  const cfg = path.join(dir, 'zoo.cfg');
  writeFileSync(cfg, [
    'tickTime=2000',
    `dataDir=${path.join(dir, 'data')}`,
    `clientPort=${port}`,
    'clientPortAddress=127.0.0.1',
    '4lw.commands.whitelist=*',
    'extendedTypesEnabled=true',
    'admin.enableServer=false',
    '',
  ].join('\n'));
  const zk = track(spawn('java', ['-cp', JARS, 'org.apache.zookeeper.server.ZooKeeperServerMain', cfg], {
    stdio: ['ignore', 'ignore', 'pipe'],
  }));
  let stderr = '';
  zk.stderr?.on('data', (d: Buffer) => { stderr += d.toString(); });
  for (let i = 0; i < 100; i++) {
    if (zk.exitCode !== null) throw new Error(`ZooKeeper exited: ${stderr}`);
    if ((await fourLetterWord(port, 'ruok').catch(() => '')) === 'imok') return zk;
    await sleep(200);
  }
  throw new Error('ZooKeeper did not answer ruok');
}

// ---- the recording proxy ------------------------------------------------------------------------

/** Splits one direction of a connection into frames by their length prefix, without the codec. */
class StreamSplitter {
  private buf = Buffer.alloc(0);
  raw = false;
  rawBytes = Buffer.alloc(0);
  frames = 0;

  constructor(private readonly onFrame: (payload: Buffer, index: number) => void) {}

  push(chunk: Buffer): void {
    if (this.raw) {
      this.rawBytes = Buffer.concat([this.rawBytes, chunk]);
      return;
    }
    this.buf = Buffer.concat([this.buf, chunk]);
    while (this.buf.length >= 4) {
      const len = this.buf.readInt32BE(0);
      if (len < 0 || len > DEFAULT_MAX_BUFFER) {
        this.raw = true;
        this.rawBytes = this.buf;
        return;
      }
      if (this.buf.length < 4 + len) return;
      this.onFrame(this.buf.subarray(4, 4 + len), this.frames++);
      this.buf = this.buf.subarray(4 + len);
    }
  }
}

class Recorder {
  readonly entries: Captured[] = [];
  client = 'none';
  private nextConn = 1;
  private readonly open = new Map<string, Set<net.Socket>>();
  private server: net.Server | undefined;

  async listen(zkPort: number): Promise<number> {
    this.server = net.createServer((down) => this.accept(down, zkPort));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    return (this.server.address() as net.AddressInfo).port;
  }

  /** Cuts every proxied connection of `client`, as a network failure would. */
  drop(client: string): void {
    for (const s of this.open.get(client) ?? []) s.destroy();
  }

  async close(): Promise<void> {
    for (const set of this.open.values()) for (const s of set) s.destroy();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  private accept(down: net.Socket, zkPort: number): void {
    const conn = this.nextConn++;
    const client = this.client;
    const up = net.connect(zkPort, '127.0.0.1');
    const sockets = this.open.get(client) ?? new Set<net.Socket>();
    this.open.set(client, sockets);
    sockets.add(down);
    sockets.add(up);
    const xidOps = new Map<number, number>();
    let fourLetter = false;
    const record = (direction: Direction, kind: Kind, op: number | null, bytes: Uint8Array): void => {
      const entry: Captured = { seq: this.entries.length, conn, client, direction, kind, op, label: '', hex: toHex(bytes) };
      entry.label = label(entry, bytes);
      if (client === 'kazoo' && direction === 'client-to-server' && hasFourByteUtf8(bytes)) {
        entry.note = 'kazoo sends 4-byte UTF-8; the codec re-encodes as Java does (CESU-8), so only the decoded value round-trips';
      }
      this.entries.push(entry);
    };
    const fromClient = new StreamSplitter((payload, index) => {
      if (index === 0) return record('client-to-server', 'connect', null, payload);
      const type = payload.readInt32BE(4);
      xidOps.set(payload.readInt32BE(0), type);
      record('client-to-server', 'message', type, payload);
    });
    const fromServer = new StreamSplitter((payload, index) => {
      if (index === 0) return record('server-to-client', 'connect', null, payload);
      const xid = payload.readInt32BE(0);
      record('server-to-client', 'message', xid === -1 ? OpCode.notification : xidOps.get(xid) ?? null, payload);
    });
    down.on('data', (d: Buffer) => {
      if (fromClient.frames === 0 && !fromClient.raw && d.length >= 4 && fourLetterWordFromCode(d.readInt32BE(0))) {
        fourLetter = true;
        fromClient.raw = true;
        fromServer.raw = true;
      }
      fromClient.push(d);
      up.write(d);
    });
    up.on('data', (d: Buffer) => {
      fromServer.push(d);
      down.write(d);
    });
    let closed = false;
    const finish = (): void => {
      if (closed) return;
      closed = true;
      sockets.delete(down);
      sockets.delete(up);
      down.destroy();
      up.destroy();
      if (fourLetter) {
        record('client-to-server', 'four-letter-word', null, fromClient.rawBytes);
        record('server-to-client', 'four-letter-word-answer', null, fromServer.rawBytes);
      } else if (fromClient.raw) {
        record('client-to-server', 'len-error', null, fromClient.rawBytes);
      }
    };
    for (const s of [down, up]) {
      s.on('close', finish);
      s.on('error', finish);
    }
  }
}

function hasFourByteUtf8(b: Uint8Array): boolean {
  for (let i = 0; i + 3 < b.length; i++) {
    if (b[i]! >= 0xf0 && b[i]! <= 0xf4 && (b[i + 1]! & 0xc0) === 0x80 && (b[i + 2]! & 0xc0) === 0x80 && (b[i + 3]! & 0xc0) === 0x80) {
      return true;
    }
  }
  return false;
}

/** A short human label for a captured frame; the codec is used only here, to name things. */
function label(e: Captured, bytes: Uint8Array): string {
  try {
    if (e.kind === 'four-letter-word') return `4lw ${Buffer.from(bytes.subarray(0, 4)).toString('latin1')}`;
    if (e.kind === 'four-letter-word-answer') return `4lw answer (${bytes.length} bytes of text)`;
    if (e.kind === 'len-error') return `length prefix ${Buffer.from(bytes).readInt32BE(0)} > maxBuffer`;
    if (e.kind === 'connect') {
      if (e.direction === 'client-to-server') return `ConnectRequest (${bytes.length} bytes)`;
      const res: ConnectResponse = decodeConnectResponse(bytes);
      return `ConnectResponse (${bytes.length} bytes) timeOut=${res.timeOut}${res.sessionId === 0n ? ' expired' : ''}`;
    }
    if (e.direction === 'client-to-server') {
      const d = decodeRequest(bytes);
      if (!d.ok) return `${opName(d.type)} request (server sees: ${d.reason})`;
      return `${opName(d.type)} request${requestDetail(d.request)}`;
    }
    const header = decodeReplyHeader(bytes);
    if (header.xid === -1) {
      const { event } = decodeWatcherEvent(bytes);
      return `notification ${EVENT_NAMES.get(event.type) ?? event.type} ${event.path}`;
    }
    if (e.op === null) return `reply xid ${header.xid} to an unknown request`;
    const { body } = decodeReply(bytes, e.op);
    const results = body && 'results' in body ? ` [${body.results.map((r) => (r.op === OpCode.error ? errorCodeName(r.err) : opName(r.op))).join(', ')}]` : '';
    return `${opName(e.op)} reply ${errorCodeName(header.err)}${results}`;
  } catch (err) {
    return `undecodable: ${(err as Error).message}`;
  }
}

function requestDetail(req: Request): string {
  if ('path' in req) return ` ${req.path}`;
  if ('ops' in req) return ` [${req.ops.map((o) => `${opName(o.op)} ${o.path}`).join(', ')}]`;
  if ('prefixPath' in req) return ` ${req.prefixPath}`;
  if ('scheme' in req) return ` ${req.scheme}`;
  return '';
}

// ---- drivers ------------------------------------------------------------------------------------

async function runProcess(recorder: Recorder, name: string, cmd: string, args: string[]): Promise<void> {
  recorder.client = name;
  const child = track(spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] }));
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => { stderr += d.toString(); });
  let pending = '';
  child.stdout?.on('data', (d: Buffer) => {
    pending += d.toString();
    let nl: number;
    while ((nl = pending.indexOf('\n')) >= 0) {
      if (pending.slice(0, nl).trim() === 'DROP') recorder.drop(name);
      pending = pending.slice(nl + 1);
    }
  });
  const code = await withTimeout(new Promise<number | null>((r) => child.on('exit', (c) => r(c))), `${name} driver`, 120_000)
    .finally(() => stopChild(child));
  if (code !== 0) throw new Error(`${name} driver exited ${code}: ${stderr}`);
}

/** A raw connection speaking through Paddock's encoder, for requests no real client sends. */
class RawConnection {
  private readonly socket: net.Socket;
  private readonly decoder = new FrameDecoder({ fourLetterWords: false });
  private readonly frames: Uint8Array[] = [];
  private waiter: (() => void) | undefined;
  readonly closed: Promise<void>;

  constructor(port: number) {
    this.socket = net.connect(port, '127.0.0.1');
    this.socket.on('data', (d: Buffer) => {
      for (const ev of this.decoder.push(d)) if (ev.kind === 'frame') this.frames.push(ev.payload);
      this.waiter?.();
    });
    this.closed = new Promise((r) => this.socket.on('close', () => { r(); this.waiter?.(); }));
    this.socket.on('error', () => undefined);
  }

  send(bytes: Uint8Array): void {
    this.socket.write(bytes);
  }

  async next(what: string): Promise<Uint8Array> {
    return withTimeout((async () => {
      while (this.frames.length === 0) {
        if (this.socket.destroyed) throw new Error(`closed before ${what}`);
        await new Promise<void>((r) => { this.waiter = r; });
      }
      return this.frames.shift()!;
    })(), what);
  }

  /** Waits `ms` and returns whatever frames arrived meanwhile. */
  async quiet(ms: number): Promise<Uint8Array[]> {
    await sleep(ms);
    return this.frames.splice(0);
  }

  async connect(opts: { sessionId?: bigint; passwd?: Uint8Array; lastZxidSeen?: bigint; readOnly?: boolean } = {}): Promise<ConnectResponse | undefined> {
    this.send(frame(encodeConnectRequest({
      protocolVersion: 0,
      lastZxidSeen: opts.lastZxidSeen ?? 0n,
      timeOut: 30_000,
      sessionId: opts.sessionId ?? 0n,
      passwd: opts.passwd ?? new Uint8Array(16),
      ...(opts.readOnly === undefined ? {} : { readOnly: opts.readOnly }),
    })));
    const first = await Promise.race([this.next('ConnectResponse').catch(() => undefined), this.closed.then(() => undefined)]);
    return first === undefined ? undefined : decodeConnectResponse(first);
  }

  async request(xid: number, req: Request): Promise<Uint8Array> {
    this.send(frame(encodeRequest(xid, req)));
    return this.next(`reply to ${opName(req.op)}`);
  }

  end(): Promise<void> {
    this.socket.end();
    return withTimeout(this.closed, 'close');
  }
}

const OPEN_ACL: ACL[] = [{ perms: Perms.ALL, id: { scheme: 'world', id: 'anyone' } }];

function expectErr(reply: Uint8Array, err: number, what: string): void {
  const got = decodeReplyHeader(reply).err;
  if (got !== err) throw new Error(`${what}: expected ${errorCodeName(err)}, got ${errorCodeName(got)}`);
}

async function runEncoderSession(recorder: Recorder, port: number): Promise<void> {
  recorder.client = 'paddock-encoder';
  const a = new RawConnection(port);
  // Without the readOnly byte, as pre-3.4 clients connect: the server answers in 36 bytes.
  await a.connect();
  let xid = 1;
  expectErr(await a.request(xid++, { op: OpCode.create, path: '/raw', data: new Uint8Array([1]), acl: OPEN_ACL, flags: CreateFlag.Persistent }), 0, 'create /raw');
  // A standalone check that passes: 3.8 fails to serialize its reply and sends nothing at all.
  a.send(frame(encodeRequest(xid++, { op: OpCode.check, path: '/raw', version: 0 })));
  const afterCheck = await a.quiet(500);
  if (afterCheck.length !== 0) throw new Error('standalone check unexpectedly answered');
  expectErr(await a.request(xid++, { op: OpCode.check, path: '/raw', version: 7 }), ErrorCode.BadVersion, 'check bad version');
  expectErr(await a.request(xid++, { op: OpCode.check, path: '/absent', version: -1 }), ErrorCode.NoNode, 'check absent');
  expectErr(await a.request(xid++, {
    op: OpCode.multi,
    ops: [
      { op: OpCode.create2, path: '/raw/m2', data: null, acl: OPEN_ACL, flags: CreateFlag.PersistentSequential },
      { op: OpCode.createContainer, path: '/raw/mc', data: null, acl: OPEN_ACL, flags: CreateFlag.Container },
      { op: OpCode.createTTL, path: '/raw/mt', data: null, acl: OPEN_ACL, flags: CreateFlag.PersistentWithTtl, ttl: 1000n },
    ],
  }), 0, 'multi create2/container/ttl');
  expectErr(await a.request(xid++, { op: OpCode.multi, ops: [] }), 0, 'empty multi');
  expectErr(await a.request(xid++, { op: OpCode.multiRead, ops: [{ op: OpCode.getData, path: '/absent', watch: false }] }), 0, 'multiRead error');
  expectErr(await a.request(xid++, { op: OpCode.removeWatches, path: '/raw', type: 3 }), ErrorCode.NoWatcher, 'removeWatches');
  expectErr(await a.request(xid++, { op: OpCode.checkWatches, path: '/raw', type: 1 }), ErrorCode.NoWatcher, 'checkWatches');
  expectErr(await a.request(xid++, { op: OpCode.reconfig, joiningServers: 'server.2=127.0.0.1:2888:3888;2182', leavingServers: null, newMembers: null, curConfigId: -1n }), ErrorCode.ReconfigDisabled, 'reconfig');
  expectErr(await a.request(xid++, { op: OpCode.createTTL, path: '/raw/ttl0', data: null, acl: OPEN_ACL, flags: CreateFlag.Persistent, ttl: 1000n }), ErrorCode.BadArguments, 'createTTL flags 0');
  expectErr(await a.request(xid++, { op: OpCode.create, path: '/raw/e', data: null, acl: [], flags: 0 }), ErrorCode.InvalidACL, 'empty ACL');
  // Paddock encodes the emoji as Java does (CESU-8); the 3.8 server's strict UTF-8 decoder
  // turns those bytes into U+FFFD, which its path validation rejects.
  await a.request(xid++, { op: OpCode.create, path: '/raw/\u{1F600}', data: null, acl: OPEN_ACL, flags: 0 });
  expectErr(await a.request(xid++, { op: OpCode.getData, path: '/raw', watch: false }), 0, 'getData');
  expectErr(await a.request(xid++, { op: OpCode.getChildren2, path: '/raw', watch: false }), 0, 'getChildren2');
  expectErr(await a.request(xid++, { op: OpCode.getEphemerals, prefixPath: '/' }), 0, 'getEphemerals');
  expectErr(await a.request(-2, { op: OpCode.ping }), 0, 'ping');
  expectErr(await a.request(xid++, { op: OpCode.auth, type: 0, scheme: 'digest', auth: new TextEncoder().encode('bob:pw') }), 0, 'auth on a normal xid');
  // An unknown opcode gets Unimplemented; 3.8 then stops answering on this connection.
  a.send(frame(new Uint8Array([0, 0, 0, xid++, 0, 0, 3, 0xe7])));
  await a.next('reply to unknown opcode');
  a.send(frame(encodeRequest(-2, { op: OpCode.ping })));
  await a.quiet(500);
  await a.end();

  const b = new RawConnection(port);
  const session = await b.connect({ readOnly: false });
  if (session === undefined) throw new Error('no session');
  expectErr(await b.request(1, { op: OpCode.closeSession }), 0, 'closeSession');
  await withTimeout(b.closed, 'server closes after closeSession');

  // Resuming the closed session: the expired answer (timeOut 0, sessionId 0), then close.
  const c = new RawConnection(port);
  const expired = await c.connect({ sessionId: session.sessionId, passwd: session.passwd, readOnly: false });
  if (expired?.sessionId !== 0n) throw new Error('closed session was not reported expired');
  await withTimeout(c.closed, 'server closes after the expired answer');

  // A client that has seen a later zxid than the server is dropped without any answer.
  const d = new RawConnection(port);
  if ((await d.connect({ lastZxidSeen: 0x7fffffffn << 32n, readOnly: false })) !== undefined) throw new Error('zxid-ahead client was answered');

  for (const word of ['ruok', 'srvr'] as const) {
    const s = new RawConnection(port);
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setInt32(0, fourLetterWordCode(word));
    s.send(bytes);
    await withTimeout(s.closed, word);
  }
  const stmk = new RawConnection(port);
  const stmkBytes = new Uint8Array(12);
  new DataView(stmkBytes.buffer).setInt32(0, fourLetterWordCode('stmk'));
  new DataView(stmkBytes.buffer).setBigInt64(4, 0b0100110010n);
  stmk.send(stmkBytes);
  await withTimeout(stmk.closed, 'stmk');

  const big = new RawConnection(port);
  const lenError = new Uint8Array(4);
  new DataView(lenError.buffer).setInt32(0, DEFAULT_MAX_BUFFER + 1);
  big.send(lenError);
  await withTimeout(big.closed, 'Len error close');

  const e = new RawConnection(port);
  await e.connect({ readOnly: false });
  expectErr(await e.request(-4, { op: OpCode.auth, type: 0, scheme: 'nosuch', auth: new Uint8Array([1]) }), ErrorCode.AuthFailed, 'unknown auth scheme');
  await withTimeout(e.closed, 'close after AuthFailed');

  const f = new RawConnection(port);
  await f.connect({ readOnly: false });
  f.send(frame(encodeRequest(1, { op: OpCode.sasl, token: new Uint8Array([1, 2, 3]) })));
  await Promise.race([f.next('sasl reply').catch(() => undefined), f.closed]);
  await f.end().catch(() => undefined);
}

// ---- main ---------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const out = process.argv[2] ?? DEFAULT_OUT;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'paddock-golden-'));
  const recorder = new Recorder();
  const cleanup = async (): Promise<void> => {
    await recorder.close();
    await Promise.all([...children].map(stopChild));
    rmSync(dir, { recursive: true, force: true });
  };
  const onSignal = (): void => { void cleanup().finally(() => process.exit(130)); };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const zkPort = await freePort();
    await startZooKeeper(dir, zkPort);
    const version = (await fourLetterWord(zkPort, 'srvr')).split('\n')[0] ?? '';
    const port = await recorder.listen(zkPort);
    await runProcess(recorder, 'java', 'java', ['-cp', JARS, path.join(DRIVERS, 'GoldenSession.java'), String(port)]);
    await runProcess(recorder, 'kazoo', '/usr/bin/python3', [path.join(DRIVERS, 'kazoo-session.py'), String(port)]);
    await runEncoderSession(recorder, port);
    await sleep(200);
    const entries = recorder.entries.map((e, seq) => ({ ...e, seq }));
    writeFileSync(out, `${JSON.stringify({
      source: `${version.trim()}; standalone, tickTime=2000, extendedTypesEnabled=true; captured by scripts/capture-golden.ts`,
      clients: {
        java: 'org.apache.zookeeper.ZooKeeper 3.8.0 driven by packages/protocol/golden-drivers/GoldenSession.java',
        kazoo: 'kazoo 2.8 (Debian python3-kazoo) driven by packages/protocol/golden-drivers/kazoo-session.py',
        'paddock-encoder': "requests encoded by Paddock's codec; the server's answers are the golden part",
      },
      frames: entries,
    }, null, 1)}\n`);
    const undecodable = entries.filter((e) => e.label.startsWith('undecodable'));
    console.log(`wrote ${entries.length} frames to ${out}; ${undecodable.length} undecodable`);
    for (const e of undecodable) console.log(`  #${e.seq} ${e.client} ${e.direction} op ${e.op}: ${e.label}`);
  } finally {
    await cleanup();
  }
}

await main();
