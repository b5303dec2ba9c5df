/**
 * The measured window of one load phase: a warm-up whose samples are dropped, then a fixed
 * duration (or, for count-bounded phases, until the work runs out). Also samples the generator's
 * own CPU over the window, so a report can show whether the generator was the bottleneck.
 */
import { errorCodeName } from '@paddock/protocol';
import { msToNs, nowNs } from './clock';
import { LatencyHistogram, type SerializedHistogram } from './histogram';

/** How long a phase warms up and measures, and how long it may wait for a stalled server. */
export interface LoadPhase {
  readonly warmupMs: number;
  /** Measured time after the warm-up; Infinity runs until the work is exhausted. */
  readonly durationMs: number;
  /** After the deadline (or from the start, when unbounded), how long before the phase fails. */
  readonly timeoutMs: number;
}

/** The generator's CPU over a measured window. */
export interface CpuSample {
  readonly userMs: number;
  readonly systemMs: number;
  readonly wallMs: number;
}

/** What one generator process measured in one phase. */
export interface PhaseResult {
  readonly histogram: SerializedHistogram;
  /** Successful operations completed inside the measured window. */
  readonly ops: number;
  readonly measuredMs: number;
  /** Error replies by ZooKeeper error name (all of them, warm-up included). */
  readonly errors: Readonly<Record<string, number>>;
  readonly cpu: CpuSample;
}

/** Collects samples for one phase; see the module comment. */
export class Measurement {
  readonly histogram = new LatencyHistogram();
  readonly warmEndNs: number;
  readonly deadlineNs: number;
  private ops = 0;
  private lastSampleNs = 0;
  private readonly errors: Record<string, number> = {};
  private cpuStart: NodeJS.CpuUsage | undefined;
  private cpuStartNs = 0;
  private readonly warmupTimer: NodeJS.Timeout | undefined;

  constructor(phase: LoadPhase) {
    const startNs = nowNs();
    this.warmEndNs = startNs + msToNs(phase.warmupMs);
    this.deadlineNs = this.warmEndNs + msToNs(phase.durationMs);
    if (phase.warmupMs <= 0) this.startCpu();
    else this.warmupTimer = setTimeout(() => this.startCpu(), phase.warmupMs);
  }

  /** Whether `atNs` is past the end of the measured window. */
  pastDeadline(atNs: number): boolean {
    return atNs > this.deadlineNs;
  }

  /** Counts a successful operation whose reply arrived at `arrivedNs`, if inside the window. */
  record(latencyNs: number, arrivedNs: number): void {
    if (arrivedNs < this.warmEndNs || arrivedNs > this.deadlineNs) return;
    this.histogram.record(latencyNs);
    this.ops += 1;
    this.lastSampleNs = arrivedNs;
  }

  /** Counts an error reply with ZooKeeper error code `code`. */
  error(code: number): void {
    const name = errorCodeName(code);
    this.errors[name] = (this.errors[name] ?? 0) + 1;
  }

  /** Ends the phase and returns its figures. */
  finish(): PhaseResult {
    clearTimeout(this.warmupTimer);
    if (this.cpuStart === undefined) this.startCpu();
    const cpu = process.cpuUsage(this.cpuStart);
    const endNs = nowNs();
    // A timed phase measured its whole window; one bounded by work ends with its last reply.
    const windowEndNs = endNs >= this.deadlineNs ? this.deadlineNs : this.lastSampleNs;
    return {
      histogram: this.histogram.serialize(),
      ops: this.ops,
      measuredMs: this.ops === 0 ? 0 : (windowEndNs - this.warmEndNs) / 1e6,
      errors: { ...this.errors },
      cpu: { userMs: cpu.user / 1000, systemMs: cpu.system / 1000, wallMs: (endNs - this.cpuStartNs) / 1e6 },
    };
  }

  /** Stops the warm-up timer of a phase that failed. */
  cancel(): void {
    clearTimeout(this.warmupTimer);
  }

  private startCpu(): void {
    this.cpuStart = process.cpuUsage();
    this.cpuStartNs = nowNs();
  }
}
