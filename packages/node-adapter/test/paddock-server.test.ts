import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseZooCfg } from '../src/config/index';
import { silentLogger } from '../src/logger';
import { startPaddockServer } from '../src/paddock-server';
import { freePort } from '@paddock/process-kit';
import { RawClient } from './support/raw-client';
import { removeTempDirs, tempDir } from './support/temp-dir';

afterAll(removeTempDirs);

describe('startPaddockServer', () => {
  describe('refuses an ensemble configuration no member could run, before touching the disk', () => {
    const ensemble = (dir: string, servers: string) =>
      parseZooCfg(`tickTime=2000\ninitLimit=5\nsyncLimit=2\ndataDir=${dir}\nclientPort=2181\n${servers}`).config;
    const TWO = 'server.1=127.0.0.1:2888:3888\nserver.2=127.0.0.1:2889:3889\n';

    it('without a myid file', async () => {
      const dir = await tempDir();
      await expect(startPaddockServer(ensemble(dir, TWO), silentLogger)).rejects.toThrow(`${dir}/myid is missing`);
    });

    it.each([['7\n', /myid is 7, but the configuration has no server\.7 line \(its servers are 1, 2\)/], ['one', /holds 'one', not a server id/]])(
      'with myid %j',
      async (myid, message) => {
        const dir = await tempDir();
        await writeFile(join(dir, 'myid'), myid);
        await expect(startPaddockServer(ensemble(dir, TWO), silentLogger)).rejects.toThrow(message);
      },
    );

    it.each([
      ['server.1=127.0.0.1:2888:3888\nserver.2=127.0.0.1:2888:3889\n', /port 2888 on 127\.0\.0\.1 is both the quorum port of server\.1 and the quorum port of server\.2/],
      ['server.1=127.0.0.1:2888:2888\nserver.2=127.0.0.1:2889:3889\n', /port 2888 .* quorum port of server\.1 and the election port of server\.1/],
      ['server.1=127.0.0.1:2181:3888\nserver.2=127.0.0.1:2889:3889\n', /port 2181 .* and the client port of server\.1/],
    ])('with colliding ports: %s', async (servers, message) => {
      const dir = await tempDir();
      await writeFile(join(dir, 'myid'), '1\n');
      await expect(startPaddockServer(ensemble(dir, servers), silentLogger)).rejects.toThrow(message);
    });
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
