import type { ChaosReport } from './run-chaos.js';

/** The run's summary as printed: seed, counts, faults by kind, then each checker's verdict. */
export function formatReport(report: ChaosReport): string {
  const lines: string[] = [];
  const anomalies = report.checks.reduce((n, c) => n + (c.status === 'anomaly' ? c.problems.length : 0), 0);
  lines.push(`seed ${report.seed} (${report.members} ${report.servers} members)`);
  lines.push(`operations: ${report.ops.ok} ok, ${report.ops.failed} failed, ${report.ops.unknown} unknown`);
  const byKind = new Map<string, number>();
  for (const fault of report.faults) byKind.set(fault.kind, (byKind.get(fault.kind) ?? 0) + 1);
  const kinds = [...byKind].map(([kind, n]) => `${kind} ${n}`).join(', ');
  lines.push(`faults: ${report.faults.length}${kinds === '' ? '' : ` (${kinds})`}, kazoo client crashes: ${report.clientCrashes}`);
  lines.push(`anomalies: ${anomalies}`);
  for (const check of report.checks) {
    lines.push(`  ${check.status.padEnd(12)} ${check.name} (${check.checked} checked)`);
    for (const problem of check.problems.slice(0, 10)) lines.push(`      ${problem}`);
    if (check.problems.length > 10) lines.push(`      ... ${check.problems.length - 10} more`);
  }
  return lines.join('\n');
}

/** 0 when every checker passed, 1 on any anomaly, 3 when one was inconclusive. */
export function exitCodeOf(report: ChaosReport): number {
  if (report.checks.some((c) => c.status === 'anomaly')) return 1;
  if (report.checks.some((c) => c.status === 'inconclusive')) return 3;
  return 0;
}
