/**
 * Sends a four-letter word on a fresh connection, then half-closes it as `echo ruok | nc` does,
 * and returns everything the server wrote before closing.
 */
import { connect } from 'node:net';

export function askWord(port: number, word: string, extra?: Uint8Array): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1' }, () => {
      socket.end(extra ? Buffer.concat([Buffer.from(word), extra]) : word);
    });
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}
