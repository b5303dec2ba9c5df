import type { Prng } from '../prng.js';
import type { OpKind, OpReport } from './history.js';

/** The root under which a run's keys and ephemerals live. */
export const CHAOS_ROOT = '/chaos';
export const KEYS_ROOT = `${CHAOS_ROOT}/keys`;
export const EPHEMERALS_ROOT = `${CHAOS_ROOT}/eph`;

/** One operation for an executor to perform. */
export interface OpRequest {
  readonly kind: OpKind;
  readonly path: string;
  readonly value?: string;
  readonly expectedVersion?: number;
}

/**
 * Picks a worker's next operation on a few shared keys (so that writers contend), with written
 * values unique in the run (`worker:seq`). A cas or versioned delete expects the version this
 * worker last saw for the key, which is sometimes stale: both outcomes get exercised.
 */
export class OpChooser {
  private seq = 0;
  private readonly lastVersion = new Map<string, number>();

  constructor(
    private readonly worker: string,
    private readonly prng: Prng,
    private readonly keyCount: number,
  ) {}

  next(): OpRequest {
    const path = `${KEYS_ROOT}/k${this.prng.int(this.keyCount)}`;
    const roll = this.prng.next();
    const known = this.lastVersion.get(path) ?? 0;
    if (roll < 0.3) return { kind: 'read', path };
    if (roll < 0.45) return { kind: 'create', path, value: this.value() };
    if (roll < 0.65) return { kind: 'set', path, value: this.value() };
    if (roll < 0.88) return { kind: 'cas', path, value: this.value(), expectedVersion: known };
    return this.prng.next() < 0.5 ? { kind: 'delete', path } : { kind: 'delete', path, expectedVersion: known };
  }

  /** The ephemeral node a new session creates, named for the worker and session. */
  ephemeral(session: string): OpRequest {
    return { kind: 'ephemeral', path: `${EPHEMERALS_ROOT}/${this.worker}-${session}`, value: this.value() };
  }

  /** Learns the versions the replies reveal. */
  observe(report: OpReport): void {
    if (report.node !== undefined) this.lastVersion.set(report.path, report.node.version);
    else if (report.outcome === 'ok' && report.kind === 'delete') this.lastVersion.delete(report.path);
  }

  private value(): string {
    this.seq += 1;
    return `${this.worker}:${this.seq}`;
  }
}
