/**
 * The client port listens before the data is recovered, as ZooKeeper's does: four-letter words
 * are answered meanwhile, session handshakes are closed, and no request reaches the core until
 * recovery is done. A test hook holds recovery so that all of it can be watched.
 */
import { join } from 'node:path';
import { OpCode } from '@paddock/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import { parseZooCfg } from '../src/config/index';
import { NOT_SERVING } from '../src/four-letter-words';
import { silentLogger } from '../src/logger';
import { startPaddockServer } from '../src/paddock-server';
import { askWord } from './support/four-letter';
import { freePort } from '@paddock/process-kit';
import { RawClient } from './support/raw-client';
import { removeTempDirs, tempDir } from './support/temp-dir';

afterAll(removeTempDirs);

describe('a server recovering its data', () => {
  it('answers four-letter words, closes handshakes, then serves what it recovered', async () => {
    const dir = await tempDir();
    const port = await freePort();
    const { config } = parseZooCfg(`tickTime=2000\ndataDir=${join(dir, 'data')}\nclientPort=${port}\n4lw.commands.whitelist=ruok,srvr,stat,isro,envi\n`);
    const first = await startPaddockServer(config, silentLogger);
    const { client: writer } = await RawClient.connect(port);
    expect((await writer.create('/kept', 'v')).header.err).toBe(0);
    writer.destroy();
    await first.close();

    let release = () => {};
    let reached = () => {};
    const recovering = new Promise<void>((resolve) => {
      reached = resolve;
    });
    const starting = startPaddockServer(config, silentLogger, {
      beforeRecovery: () => {
        reached();
        return new Promise<void>((resolve) => {
          release = resolve;
        });
      },
    });
    await recovering;
    try {
      expect(await askWord(port, 'ruok')).toBe('imok');
      expect(await askWord(port, 'srvr')).toBe(NOT_SERVING);
      expect(await askWord(port, 'stat')).toBe(NOT_SERVING);
      expect(await askWord(port, 'isro')).toBe('null');
      expect(await askWord(port, 'envi')).toMatch(/^Environment:\nzookeeper\.version=/);
      expect(await askWord(port, 'cons')).toBe('cons is not executed because it is not in the whitelist.\n');
      const early = await RawClient.open(port);
      await expect(early.handshake()).rejects.toThrow('closed during the handshake');
      // Opened during recovery, its handshake sent after: still not given to the core.
      const opened = await RawClient.open(port);
      release();
      const server = await starting;
      try {
        await expect(opened.handshake()).rejects.toThrow('closed during the handshake');
        expect(await askWord(port, 'srvr')).toContain('Mode: standalone');
        const { client } = await RawClient.connect(port);
        const read = await client.call({ op: OpCode.getData, path: '/kept', watch: false });
        expect(read.body?.op === OpCode.getData && new TextDecoder().decode(read.body.data)).toBe('v');
        client.destroy();
      } finally {
        await server.close();
      }
    } finally {
      release();
    }
  });

  it('stops listening when recovery fails', async () => {
    const dir = await tempDir();
    const port = await freePort();
    const { config } = parseZooCfg(`tickTime=2000\ndataDir=${join(dir, 'data')}\nclientPort=${port}\n`);
    await expect(startPaddockServer(config, silentLogger, {
      beforeRecovery: () => Promise.reject(new Error('disk gone')),
    })).rejects.toThrow('disk gone');
    // The port is free again: a server can bind it.
    const server = await startPaddockServer(config, silentLogger);
    expect(server.port).toBe(port);
    await server.close();
  });
});
