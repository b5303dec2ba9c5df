/**
 * Facts about this process and host that mntr and envi report (ZooKeeper reads the same from
 * the JVM and the OS). File-descriptor counts come from /proc and are null where there is none.
 */
import { readdir, readFile } from 'node:fs/promises';
import { hostname, release, userInfo } from 'node:os';
import { getHeapStatistics } from 'node:v8';

export interface FileDescriptorCounts {
  readonly open: number;
  /** The soft limit (`ulimit -n`). */
  readonly max: number;
}

/** Open and allowed file descriptors, or null off Linux (ZooKeeper omits them off Unix). */
export async function fileDescriptorCounts(): Promise<FileDescriptorCounts | null> {
  try {
    const [fds, limits] = await Promise.all([readdir('/proc/self/fd'), readFile('/proc/self/limits', 'utf8')]);
    const line = limits.split('\n').find((l) => l.startsWith('Max open files'));
    const soft = line?.slice('Max open files'.length).trim().split(/\s+/)[0];
    if (soft === undefined) return null;
    return { open: fds.length, max: soft === 'unlimited' ? Number.MAX_SAFE_INTEGER : Number(soft) };
  } catch {
    return null;
  }
}

/** envi's `key=value` pairs after the version, in ZooKeeper's order where a key has a Node counterpart. */
export function environmentEntries(cwd: string): Array<[string, string]> {
  const heap = process.memoryUsage();
  const mb = (bytes: number) => `${Math.floor(bytes / (1024 * 1024))}MB`;
  const user = safeUserInfo();
  return [
    ['host.name', hostname()],
    ['node.version', process.version],
    ['node.exec.path', process.execPath],
    ['os.name', process.platform === 'linux' ? 'Linux' : process.platform],
    ['os.arch', process.arch === 'x64' ? 'amd64' : process.arch],
    ['os.version', release()],
    ['user.name', user?.username ?? '?'],
    ['user.home', user?.homedir ?? '?'],
    ['user.dir', cwd],
    ['os.memory.free', mb(heap.heapTotal - heap.heapUsed)],
    ['os.memory.max', mb(getHeapStatistics().heap_size_limit)],
    ['os.memory.total', mb(heap.heapTotal)],
  ];
}

function safeUserInfo(): { username: string; homedir: string } | null {
  try {
    return userInfo();
  } catch {
    // No passwd entry for this uid (common in containers).
    return null;
  }
}

