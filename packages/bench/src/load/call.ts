/**
 * One request, one reply: for setup, verification and cleanup, where latency does not matter
 * and the reply body is decoded in full (`decodeReply`) so that the servers' answers are checked,
 * not just counted.
 */
import { decodeReply, type DecodedReply, type Request } from '@paddock/protocol';
import { requestFrame } from './requests';
import type { BenchSession } from './session';

/** Sends `request` on an idle session and resolves with the decoded reply. */
export function call(session: BenchSession, request: Request): Promise<DecodedReply> {
  return new Promise((resolve, reject) => {
    session.listener = {
      onReply(_s, _err, payload) {
        try {
          resolve(decodeReply(payload, request.op));
        } catch (error) {
          reject(error as Error);
        }
      },
      onWatch(s) {
        s.abort('watch notification on a session that sets no watches');
      },
      onLost(_s, reason) {
        reject(new Error(`session lost during op ${request.op}: ${reason}`));
      },
    };
    session.issue(requestFrame(request));
  });
}
