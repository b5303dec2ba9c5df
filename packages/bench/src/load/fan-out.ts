/**
 * Watch fan-out: many sessions hold a data watch on one znode; a writer session sets its data
 * and every watcher's notification is timed from the turn the setData was written. Watchers
 * re-arm (getData with watch) as soon as they are notified, and the next setData goes out only
 * when every watch is armed again, so each write fans out to all watchers.
 */
import { EventType, OpCode, decodeWatcherEvent } from '@paddock/protocol';
import { Measurement, type LoadPhase, type PhaseResult } from './measurement';
import { requestFrame } from './requests';
import type { BenchSession, SessionListener } from './session';

/**
 * Runs the fan-out phase on `path` (which must exist). Rejects if a watcher is not notified, or
 * a request not answered, within `phase.timeoutMs` of a write.
 */
export function runFanOut(
  writer: BenchSession,
  watchers: readonly BenchSession[],
  path: string,
  data: Uint8Array,
  phase: LoadPhase,
): Promise<PhaseResult> {
  const arm = requestFrame({ op: OpCode.getData, path, watch: true });
  const write = requestFrame({ op: OpCode.setData, path, data, version: -1 });
  return new Promise((resolve, reject) => {
    const m = new Measurement(phase);
    let arming = 0;
    let notifying = 0;
    let writing = false;
    let settled = false;

    const fail = (reason: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(stall);
      m.cancel();
      reject(new Error(reason));
    };
    const stall = setTimeout(() => {
      fail(`fan-out stalled: ${notifying} of ${watchers.length} watchers not notified, ${arming} watches not re-armed, setData ${writing ? 'unanswered' : 'answered'} after ${phase.timeoutMs} ms`);
    }, phase.timeoutMs);

    const armWatch = (watcher: BenchSession): void => {
      arming += 1;
      watcher.issue(arm);
    };
    // Starts the next write once the previous one has fanned out completely and every watch
    // is set again; past the deadline it ends the phase instead.
    const writeWhenSettled = (atNs: number): void => {
      if (settled || arming > 0 || notifying > 0 || writing) return;
      if (m.pastDeadline(atNs)) {
        settled = true;
        clearTimeout(stall);
        resolve(m.finish());
        return;
      }
      stall.refresh();
      writing = true;
      notifying = watchers.length;
      writer.issue(write);
    };

    const listener: SessionListener = {
      onReply(session, err, _payload, _latencyNs, arrivedNs) {
        if (err !== 0) m.error(err);
        if (session === writer) writing = false;
        else arming -= 1;
        writeWhenSettled(arrivedNs);
      },
      onWatch(session, payload, arrivedNs) {
        const { event } = decodeWatcherEvent(payload);
        if (session === writer || event.type !== EventType.NodeDataChanged || event.path !== path) {
          fail(`unexpected notification type ${event.type} for ${event.path} on session ${session.index}`);
          return;
        }
        m.record(arrivedNs - writer.lastSentNs, arrivedNs);
        notifying -= 1;
        if (!m.pastDeadline(arrivedNs)) armWatch(session);
        writeWhenSettled(arrivedNs);
      },
      onLost(session, reason) {
        fail(`session ${session.index} lost: ${reason}`);
      },
    };

    writer.listener = listener;
    for (const watcher of watchers) {
      watcher.listener = listener;
      armWatch(watcher);
    }
  });
}
