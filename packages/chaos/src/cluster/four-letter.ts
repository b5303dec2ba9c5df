import { connect } from 'node:net';

/**
 * Sends a four-letter word to a client port and returns the whole answer (the server closes
 * the connection after it). Rejects on a connection error or after `timeoutMs`.
 */
export function fourLetterWord(port: number, word: string, timeoutMs = 2000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let answer = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`${word} on port ${port}: no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(word));
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(answer);
    });
  });
}

/** The `Mode:` line of `srvr` (leader, follower, observer, standalone), or undefined when not serving. */
export async function serverMode(port: number, timeoutMs = 2000): Promise<string | undefined> {
  try {
    const srvr = await fourLetterWord(port, 'srvr', timeoutMs);
    return /^Mode: (\S+)/m.exec(srvr)?.[1];
  } catch {
    return undefined;
  }
}
