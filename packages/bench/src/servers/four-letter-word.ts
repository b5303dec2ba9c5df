/** Four-letter words ("ruok", "srvr", ...) over a fresh TCP connection: write the word, read to EOF. */
import { connect } from 'node:net';

/** Sends `word` and resolves with the whole answer; rejects on error or after `timeoutMs`. */
export function fourLetterWord(host: string, port: number, word: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const chunks: Buffer[] = [];
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`${word}: no answer within ${timeoutMs} ms`)));
    socket.on('connect', () => socket.end(word));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}
