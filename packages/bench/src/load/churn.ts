/**
 * Session churn: `parallel` loops each open a session (TCP connect + handshake, a createSession
 * txn on the server) and close it (closeSession, another txn), back to back. One operation is
 * one full cycle, timed from the connect to the closeSession reply.
 */
import { nowNs } from './clock';
import { Measurement, type LoadPhase, type PhaseResult } from './measurement';
import { BenchSession, type SessionOptions } from './session';

/** Runs the churn phase; rejects on the first session that cannot be opened or closed. */
export async function runChurn(options: SessionOptions, parallel: number, phase: LoadPhase): Promise<PhaseResult> {
  const m = new Measurement(phase);
  let failed = false;
  const loop = async (index: number): Promise<void> => {
    while (!failed && !m.pastDeadline(nowNs())) {
      const startNs = nowNs();
      const session = await BenchSession.open(options, index);
      const closedNs = await session.close(phase.timeoutMs);
      m.record(closedNs - startNs, closedNs);
    }
  };
  const loops = Array.from({ length: parallel }, (_, index) =>
    loop(index).catch((error: unknown) => {
      failed = true;
      throw error;
    }),
  );
  try {
    await Promise.all(loops);
  } catch (error) {
    // Let the other loops reach their end so no connection outlives the phase.
    await Promise.allSettled(loops);
    m.cancel();
    throw error;
  }
  return m.finish();
}
