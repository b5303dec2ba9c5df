import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseZooCfg } from '../src/config/index';
import { silentLogger } from '../src/logger';
import { startPaddockServer } from '../src/paddock-server';
import { freePort } from './support/free-port';
import { RawClient } from './support/raw-client';
import { removeTempDirs, tempDir } from './support/temp-dir';

afterAll(removeTempDirs);

describe('startPaddockServer', () => {
  it('refuses an ensemble configuration instead of serving one member alone', async () => {
    const dir = await tempDir();
    const { config } = parseZooCfg(
      `tickTime=2000\ninitLimit=5\nsyncLimit=2\ndataDir=${dir}\nclientPort=2181\nserver.1=127.0.0.1:2888:3888\nserver.2=127.0.0.1:2889:3889\n`,
    );
    await expect(startPaddockServer(config, silentLogger)).rejects.toThrow(/2 servers .* standalone only/);
  });

  it('takes the client address from the single server.N line when clientPort is absent', async () => {
    const dir = await tempDir();
    const port = await freePort();
    const { config } = parseZooCfg(`tickTime=2000\ndataDir=${join(dir, 'data')}\nserver.1=127.0.0.1:2888:3888;127.0.0.1:${port}\n`);
    const server = await startPaddockServer(config, silentLogger);
    try {
      expect(server.port).toBe(port);
      const { client } = await RawClient.connect(port);
      expect((await client.create('/x')).header.err).toBe(0);
      client.destroy();
    } finally {
      await server.close();
    }
  });
});
