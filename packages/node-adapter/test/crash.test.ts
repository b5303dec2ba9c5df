/**
 * THE crash test: the real server process under a write load from several connections is
 * killed with SIGKILL mid-load, restarted on the same data directory, and must hold every
 * write it acknowledged. The second round also tears the log tail (a partial record after the
 * last complete one, as a crash during a write leaves it): the server must cut it and start.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFile, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { OpCode } from '@paddock/protocol';
import { freePort } from '@paddock/process-kit';
import { RawClient } from './support/raw-client';
import { removeTempDirs, tempDir } from './support/temp-dir';

const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const CLI = join(REPO_ROOT, 'packages/node-adapter/src/cli.ts');
const CONNECTIONS = 8;
const PIPELINE_DEPTH = 16;

const children = new Set<ChildProcess>();

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await removeTempDirs();
});

interface ServerProcess {
  readonly child: ChildProcess;
  readonly stderr: () => string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Spawns `node --import tsx cli.ts cfg` and waits until it listens. */
async function spawnServer(configPath: string): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, configPath], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  children.add(child);
  let stderr = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      children.delete(child);
      resolve({ code, signal });
    });
  });
  await new Promise<void>((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('listening for clients')) resolve();
    });
    void exited.then(({ code }) => reject(new Error(`server exited (${code}) before listening:\n${stderr}`)));
  });
  return { child, stderr: () => stderr, exited };
}

/**
 * Keeps `PIPELINE_DEPTH` creates in flight on each connection until the connection dies,
 * recording each path whose create was acknowledged.
 */
function writeLoad(clients: RawClient[], acked: Set<string>, round: number): Promise<void> {
  return Promise.all(
    clients.map(async (client, c) => {
      let n = 0;
      const lane = async () => {
        for (;;) {
          const path = `/w/r${round}-c${c}-${n++}`;
          let reply;
          try {
            reply = await client.create(path, `${path} data`);
          } catch {
            return; // the connection is gone: this create was never acknowledged
          }
          if (reply.header.err !== 0) throw new Error(`create ${path} failed with ${reply.header.err}`);
          acked.add(path);
        }
      };
      await Promise.all(Array.from({ length: PIPELINE_DEPTH }, lane));
    }),
  ).then(() => undefined);
}

async function waitFor(predicate: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function assertAllPresent(port: number, acked: ReadonlySet<string>): Promise<void> {
  const { client } = await RawClient.connect(port);
  const reply = await client.call({ op: OpCode.getChildren, path: '/w', watch: false });
  expect(reply.header.err).toBe(0);
  const present = new Set(reply.body?.op === OpCode.getChildren ? reply.body.children.map((name) => `/w/${name}`) : []);
  const missing = [...acked].filter((path) => !present.has(path));
  expect(missing, `${missing.length} acknowledged creates missing after restart`).toEqual([]);
  const sample = [...acked].slice(-5);
  for (const path of sample) {
    const data = await client.call({ op: OpCode.getData, path, watch: false });
    expect(data.body?.op === OpCode.getData && new TextDecoder().decode(data.body.data!)).toBe(`${path} data`);
  }
  client.destroy();
}

describe('crash safety of the real server process', () => {
  it('keeps every acknowledged write across kill -9, including with a torn log tail', async () => {
    const dir = await tempDir('paddock-crash-');
    const port = await freePort();
    const configPath = join(dir, 'zoo.cfg');
    await writeFile(
      configPath,
      [
        'tickTime=2000',
        `dataDir=${join(dir, 'data')}`,
        `clientPort=${port}`,
        'clientPortAddress=127.0.0.1',
        'maxClientCnxns=0',
        // Small, so snapshots, log rolls and purges happen during the load.
        'snapCount=400',
        '',
      ].join('\n'),
    );
    const acked = new Set<string>();

    let server = await spawnServer(configPath);
    const setup = await RawClient.connect(port);
    expect((await setup.client.create('/w')).header.err).toBe(0);
    setup.client.destroy();

    for (let round = 0; round < 2; round++) {
      const clients = await Promise.all(Array.from({ length: CONNECTIONS }, async () => (await RawClient.connect(port)).client));
      const ackedBefore = acked.size;
      const load = writeLoad(clients, acked, round);
      await waitFor(() => acked.size >= ackedBefore + 1500, 90_000);
      server.child.kill('SIGKILL');
      expect(await server.exited).toEqual({ code: null, signal: 'SIGKILL' });
      await load;

      if (round === 1) {
        const logDir = join(dir, 'data', 'version-2');
        const segments = (await readdir(logDir)).filter((n) => n.startsWith('log.')).sort((a, b) => (BigInt(`0x${a.slice(4)}`) < BigInt(`0x${b.slice(4)}`) ? -1 : 1));
        await appendFile(join(logDir, segments.at(-1)!), Buffer.from('a record header and half a payload, never acknowledged'));
      }

      server = await spawnServer(configPath);
      if (round === 1) expect(server.stderr()).toMatch(/WARN .*(torn|cut|truncat)/i);
      expect(server.stderr()).not.toMatch(/ERROR/);
      await assertAllPresent(port, acked);
    }

    server.child.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(server.stderr()).toMatch(/stopped; the log is flushed and synced/);
    // Two loaded rounds and three process starts: generous, since CI machines are shared.
  }, 240_000);

  it('refuses to start, exit code 1, when an acknowledged record is corrupt', async () => {
    const dir = await tempDir('paddock-corrupt-');
    const port = await freePort();
    const configPath = join(dir, 'zoo.cfg');
    await writeFile(configPath, `tickTime=2000\ndataDir=${join(dir, 'data')}\nclientPort=${port}\nclientPortAddress=127.0.0.1\n`);
    const server = await spawnServer(configPath);
    const { client } = await RawClient.connect(port);
    for (let i = 0; i < 20; i++) expect((await client.create(`/n${i}`, 'payload')).header.err).toBe(0);
    client.destroy();
    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);

    // Flip a byte in the middle of the log: a damaged record followed by later, intact ones.
    const logDir = join(dir, 'data', 'version-2');
    const segment = join(logDir, (await readdir(logDir)).find((n) => n.startsWith('log.'))!);
    const bytes = await readFile(segment);
    bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
    await writeFile(segment, bytes);

    const child = spawn(process.execPath, ['--import', 'tsx', CLI, configPath], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    children.add(child);
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    children.delete(child);
    expect(code).toBe(1);
    expect(stderr).toMatch(/ERROR cannot start: corrupt txn log .*restore this server from a healthy replica/);
  });
});
