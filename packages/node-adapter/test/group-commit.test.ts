/** Group commit on the real disk: many concurrent writes share few fdatasyncs. */
import { join } from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';
import { startServer } from '../src/index';
import { spyOnSyncs } from './storage/helpers';
import { RawClient } from './support/raw-client';
import { removeTempDirs, tempDir } from './support/temp-dir';

afterAll(async () => {
  vi.restoreAllMocks();
  await removeTempDirs();
});

it('makes concurrent writes from 100 connections durable with far fewer fsyncs than writes', async () => {
  const dataDir = await tempDir();
  const server = await startServer({ dataDir, settings: { maxClientCnxns: '0' } });
  const clients = await Promise.all(Array.from({ length: 100 }, () => RawClient.connect(server.port)));
  const { datasync } = await spyOnSyncs(join(dataDir, 'version-2'));
  datasync.mockClear();
  const replies = await Promise.all(clients.map(({ client }, i) => client.create(`/g${i}`)));
  expect(replies.every((r) => r.header.err === 0)).toBe(true);
  expect(datasync.mock.calls.length).toBeGreaterThan(0);
  expect(datasync.mock.calls.length).toBeLessThan(50);
  for (const { client } of clients) client.destroy();
  await server.close();
});
