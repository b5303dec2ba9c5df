import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { fourLetterWord, killEverything, requireTool, startZooKeeper, ZOOKEEPER_TOOL, zookeeperInstalled, type RunningServer } from './index.js';

// The harness itself, proven on the real server: readiness, restart on the same port and data,
// crash, and clean teardown.
const haveJava = requireTool(ZOOKEEPER_TOOL, zookeeperInstalled);

describe.skipIf(!haveJava)('harness: startZooKeeper', () => {
  let server: RunningServer | undefined;
  afterAll(async () => {
    await server?.stop();
    killEverything();
  });

  it('starts a standalone 3.8 server on an ephemeral port that answers 4lw', async () => {
    server = await startZooKeeper({ tickTime: 250 });
    expect(server.kind).toBe('zookeeper');
    expect(server.host).toBe('127.0.0.1');
    expect(server.connectString).toBe(`127.0.0.1:${server.port}`);
    expect(await fourLetterWord(server.host, server.port, 'ruok')).toBe('imok');
    const srvr = await fourLetterWord(server.host, server.port, 'srvr');
    expect(srvr).toMatch(/^Zookeeper version: 3\.8\./);
    expect(srvr).toContain('Mode: standalone');
    expect(srvr).toContain('Node count: 5');
    const conf = await fourLetterWord(server.host, server.port, 'conf');
    expect(conf).toContain('tickTime=250');
    expect(conf).toContain(`clientPort=${server.port}`);
  });

  it('restart() and kill9() keep the port and the data dir', async () => {
    const s = server!;
    const dataDir = s.dataDir;
    await s.restart();
    expect(await fourLetterWord(s.host, s.port, 'ruok')).toBe('imok');
    await s.kill9();
    await expect(fourLetterWord(s.host, s.port, 'ruok', 500)).rejects.toThrow();
    expect(existsSync(dataDir)).toBe(true);
    await s.restart();
    expect(await fourLetterWord(s.host, s.port, 'ruok')).toBe('imok');
  });

  it('stop() ends the JVM and removes the temp dir', async () => {
    const s = server!;
    await s.stop();
    server = undefined;
    await expect(fourLetterWord(s.host, s.port, 'ruok', 500)).rejects.toThrow();
    expect(existsSync(s.dataDir)).toBe(false);
  });
});
