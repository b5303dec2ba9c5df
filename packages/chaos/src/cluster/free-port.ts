import { createServer } from 'node:net';

/**
 * An unused loopback port, asked of the kernel. It is released before the server binds it, so
 * a collision is possible in theory; a member then fails to start and says so.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => {
        if (address === null || typeof address === 'string') reject(new Error('probe socket has no port'));
        else resolve(address.port);
      });
    });
  });
}
