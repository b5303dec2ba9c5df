import { createServer } from 'node:net';

/**
 * Asks the kernel for an unused ephemeral port on 127.0.0.1. The port is released before the
 * server binds it, so a race is possible in theory; the servers fail loudly on EADDRINUSE and
 * the harness reports that, which is better than fixed ports that collide between parallel runs.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      if (address === null || typeof address === 'string') {
        probe.close();
        reject(new Error('could not read the probe socket address'));
        return;
      }
      probe.close(() => resolve(address.port));
    });
  });
}
