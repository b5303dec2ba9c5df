/**
 * Many idle sessions at once, for the concurrent-sessions figure: open them with a bounded number
 * of handshakes in flight, keep them alive with pings, check that each still answers, close them.
 */
import { OpCode } from '@paddock/protocol';
import { nowNs } from './clock';
import { requestFrame } from './requests';
import { BenchSession, type SessionListener, type SessionOptions } from './session';

/** The outcome of opening a crowd. */
export interface Crowd {
  readonly sessions: BenchSession[];
  /** Failed handshakes by reason. */
  readonly failures: Readonly<Record<string, number>>;
  readonly openMs: number;
}

/** Opens `count` sessions, at most `parallel` handshakes at a time; failures are counted, not thrown. */
export async function openCrowd(options: SessionOptions, count: number, parallel: number): Promise<Crowd> {
  const sessions: BenchSession[] = [];
  const failures: Record<string, number> = {};
  // A session the server drops shows up later as one that does not answer `pollCrowd`.
  const listener: SessionListener = {
    onReply: (s) => s.abort('reply with no request outstanding'),
    onWatch: () => undefined,
    onLost: () => undefined,
  };
  const startNs = nowNs();
  let next = 0;
  const opener = async (): Promise<void> => {
    while (next < count) {
      const index = next++;
      try {
        const session = await BenchSession.open(options, index);
        session.listener = listener;
        sessions.push(session);
      } catch (error) {
        const reason = (error as Error).message;
        failures[reason] = (failures[reason] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, opener));
  return { sessions, failures, openMs: (nowNs() - startNs) / 1e6 };
}

/** Sends `exists /` on every open session; resolves with how many answered without error. */
export function pollCrowd(sessions: readonly BenchSession[], timeoutMs: number): Promise<number> {
  const probe = requestFrame({ op: OpCode.exists, path: '/', watch: false });
  const open = sessions.filter((s) => s.isOpen);
  return new Promise((resolve) => {
    let pending = open.length;
    let ok = 0;
    const timer = setTimeout(() => resolve(ok), timeoutMs);
    const answered = (): void => {
      pending -= 1;
      if (pending === 0) {
        clearTimeout(timer);
        resolve(ok);
      }
    };
    const listener: SessionListener = {
      onReply(_s, err) {
        if (err === 0) ok += 1;
        answered();
      },
      onWatch: () => undefined,
      onLost: answered,
    };
    if (pending === 0) {
      clearTimeout(timer);
      resolve(0);
      return;
    }
    for (const session of open) {
      session.listener = listener;
      session.issue(probe);
    }
  });
}

/** Closes every open session, `parallel` at a time; resolves with how many closed cleanly. */
export async function closeCrowd(sessions: readonly BenchSession[], parallel: number): Promise<number> {
  const open = sessions.filter((s) => s.isOpen && s.inFlight === 0);
  let next = 0;
  let closed = 0;
  const closer = async (): Promise<void> => {
    while (next < open.length) {
      const session = open[next++]!;
      try {
        await session.close();
        closed += 1;
      } catch {
        // Counted by omission: the caller compares `closed` with the number it opened.
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, open.length) }, closer));
  for (const session of sessions) if (session.isOpen) session.abort('not closed cleanly');
  return closed;
}

/**
 * Pings every idle session a third of its negotiated timeout after its last send, as ZooKeeper
 * clients do, so a crowd that takes long to open or measure does not expire. Returns a stopper.
 */
export function keepAlive(sessions: readonly BenchSession[]): () => void {
  if (sessions.length === 0) return () => undefined;
  const shortestMs = Math.min(...sessions.map((s) => s.timeoutMs));
  const periodMs = Math.max(100, Math.floor(shortestMs / 3));
  const timer = setInterval(() => {
    const staleNs = nowNs() - periodMs * 1e6;
    for (const session of sessions) {
      if (session.isOpen && session.lastSentNs < staleNs) session.ping();
    }
  }, periodMs / 2);
  return () => clearInterval(timer);
}
