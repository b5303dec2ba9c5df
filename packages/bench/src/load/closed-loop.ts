/**
 * Closed-loop pipelined load: every session keeps `window` requests in flight and sends the next
 * one as each reply arrives, until the measured window ends (or its request source runs dry).
 * Each reply's latency runs from the turn its request was written to the turn its reply arrived.
 */
import { Measurement, type LoadPhase, type PhaseResult } from './measurement';
import type { RequestFrame } from './requests';
import type { BenchSession, SessionListener } from './session';

/** Supplies the requests of a phase. */
export interface RequestSource {
  /** The request for op number `seq` of session `session`, or null when that session is done. */
  next(session: number, seq: number): RequestFrame | null;
}

/** A closed-loop phase's figures plus how many requests each session issued. */
export interface ClosedLoopResult extends PhaseResult {
  readonly issued: readonly number[];
}

/**
 * Runs `source` over `sessions` (whose `index` must be their position in the array) with
 * `window` requests in flight per session. Rejects if a session is lost or the server stops
 * answering for `phase.timeoutMs`.
 */
export function runClosedLoop(
  sessions: readonly BenchSession[],
  window: number,
  source: RequestSource,
  phase: LoadPhase,
): Promise<ClosedLoopResult> {
  return new Promise((resolve, reject) => {
    const m = new Measurement(phase);
    const issued: number[] = sessions.map(() => 0);
    let inFlight = 0;
    let stopping = false;
    let settled = false;
    let watchdog: NodeJS.Timeout | undefined;

    const fail = (reason: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(watchdog);
      m.cancel();
      reject(new Error(reason));
    };
    const armWatchdog = (): void => {
      watchdog = setTimeout(
        () => fail(`${inFlight} requests unanswered ${phase.timeoutMs} ms after the phase ended`),
        phase.timeoutMs,
      );
    };
    const finishIfIdle = (): void => {
      if (settled || inFlight !== 0) return;
      settled = true;
      clearTimeout(watchdog);
      resolve({ ...m.finish(), issued });
    };
    const issueNext = (index: number): void => {
      if (stopping) return;
      const request = source.next(index, issued[index]!);
      if (request === null) return;
      issued[index]! += 1;
      inFlight += 1;
      sessions[index]!.issue(request);
    };

    const listener: SessionListener = {
      onReply(session, err, _payload, latencyNs, arrivedNs) {
        inFlight -= 1;
        if (err === 0) m.record(latencyNs, arrivedNs);
        else m.error(err);
        if (!stopping && m.pastDeadline(arrivedNs)) {
          stopping = true;
          clearTimeout(watchdog);
          armWatchdog();
        }
        issueNext(session.index);
        finishIfIdle();
      },
      onWatch(session) {
        session.abort('watch notification in a workload that sets no watches');
      },
      onLost(session, reason) {
        fail(`session ${session.index} lost: ${reason}`);
      },
    };

    if (Number.isFinite(phase.durationMs)) {
      // A server that goes silent produces no reply to notice the deadline with; the timer does.
      watchdog = setTimeout(() => {
        stopping = true;
        armWatchdog();
      }, phase.warmupMs + phase.durationMs);
    } else {
      watchdog = setTimeout(() => fail(`phase not finished within ${phase.timeoutMs} ms`), phase.timeoutMs);
    }
    for (const session of sessions) session.listener = listener;
    for (const session of sessions) {
      for (let k = 0; k < window; k++) issueNext(session.index);
    }
    finishIfIdle();
  });
}
