/**
 * Facts read from Linux's /proc and the filesystem: a process's resident memory and CPU time,
 * this process's open files and their limit, the filesystem under a directory (fsync on tmpfs is
 * free, which would make a durability-equal comparison meaningless, so the report names it) and
 * the bytes a data directory holds.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { join, resolve, sep } from 'node:path';

/** /proc reports CPU time in USER_HZ ticks, which Linux fixes at 100 per second for userspace. */
const USER_HZ = 100;

/** Resident set size of `pid` in bytes (`VmRSS` in /proc/<pid>/status). */
export function readRssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  if (match === null) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(match[1]) * 1024;
}

/** User plus system CPU time of `pid` (all its threads) in milliseconds. */
export function readCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may contain spaces; fields are counted after its closing paren.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1000) / USER_HZ;
}

/** The soft limit on open files of this process (what `ulimit -n` shows); Infinity if unlimited. */
export function openFilesLimit(): number {
  const limits = readFileSync('/proc/self/limits', 'utf8');
  const match = /^Max open files\s+(\S+)/m.exec(limits);
  if (match === null) throw new Error('no "Max open files" in /proc/self/limits');
  return match[1] === 'unlimited' ? Number.POSITIVE_INFINITY : Number(match[1]);
}

/** The mount holding `path`: its filesystem type and device. */
export function filesystemOf(path: string): { readonly type: string; readonly device: string; readonly mountPoint: string } {
  const target = resolve(path);
  let best = { type: 'unknown', device: 'unknown', mountPoint: '' };
  for (const line of readFileSync('/proc/self/mounts', 'utf8').split('\n')) {
    const [device, mountPoint, type] = line.split(' ');
    if (device === undefined || mountPoint === undefined || type === undefined) continue;
    const inside = target === mountPoint || target.startsWith(mountPoint.endsWith(sep) ? mountPoint : mountPoint + sep);
    if (inside && mountPoint.length >= best.mountPoint.length) best = { type, device, mountPoint };
  }
  return best;
}

/** The machine, as the results file records it. */
export interface MachineFacts {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memoryBytes: number;
  /** 1, 5 and 15 minute load averages when the run started: a busy shared machine shows here. */
  readonly loadAverage: readonly number[];
  readonly kernel: string;
  readonly node: string;
}

/** Facts about this machine now. */
export function machineFacts(): MachineFacts {
  const list = cpus();
  return {
    cpus: list.length,
    cpuModel: list[0]?.model ?? 'unknown',
    memoryBytes: totalmem(),
    loadAverage: loadavg(),
    kernel: release(),
    node: process.version,
  };
}

/** Bytes in the files under `dir` (what the server keeps on disk), walked without recursion. */
export function directoryBytes(dir: string): number {
  let total = 0;
  const pending = [dir];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    for (const entry of readdirSync(next, { withFileTypes: true })) {
      const path = join(next, entry.name);
      if (entry.isDirectory()) pending.push(path);
      else if (entry.isFile()) total += statSync(path).size;
    }
  }
  return total;
}

/** File descriptors this process has open now. */
export function openFileCount(): number {
  return readdirSync('/proc/self/fd').length;
}
