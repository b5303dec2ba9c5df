import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  forgetTempDir, freePort, killEverything, liveProcessCount, signalTracked, trackProcess, trackTempDir, waitForExit,
} from '../src/index';

/** Whether a process with this pid runs (a zombie waiting for a reaper does not). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

describe('the process registry', () => {
  it('kills a tracked group with its grandchildren, and removes tracked temp dirs', async () => {
    // A wrapper that starts a grandchild and waits, as zkServer.sh runs java.
    const child = trackProcess(spawn('bash', ['-c', 'sleep 30 & echo $!; wait'], { detached: true, stdio: ['ignore', 'pipe', 'ignore'] }), { group: true });
    const grandchild = await new Promise<number>((resolve) => child.stdout!.once('data', (b: Buffer) => resolve(Number(b.toString().trim()))));
    const dir = mkdtempSync(join(tmpdir(), 'process-kit-'));
    trackTempDir(dir);
    expect(liveProcessCount()).toBe(1);
    expect(killEverything()).toBe(1);
    expect(await waitForExit(child, 5000)).toBe(true);
    for (let i = 0; i < 50 && alive(grandchild); i++) await new Promise((r) => setTimeout(r, 20));
    expect(alive(grandchild)).toBe(false);
    expect(existsSync(dir)).toBe(false);
    expect(liveProcessCount()).toBe(0);
  });

  it('signals a child that is not a group leader directly, and forgets a dir its owner keeps', async () => {
    const child = trackProcess(spawn('sleep', ['30'], { stdio: 'ignore' }));
    signalTracked(child, 'SIGTERM');
    expect(await waitForExit(child, 5000)).toBe(true);
    expect(child.signalCode).toBe('SIGTERM');
    const dir = mkdtempSync(join(tmpdir(), 'process-kit-'));
    trackTempDir(dir);
    forgetTempDir(dir);
    killEverything();
    expect(existsSync(dir)).toBe(true);
  });

  it('reports a child that outlives the wait as not exited', async () => {
    const child = trackProcess(spawn('sleep', ['30'], { stdio: 'ignore' }));
    expect(await waitForExit(child, 50)).toBe(false);
    killEverything();
    expect(await waitForExit(child, 5000)).toBe(true);
  });
});

describe('freePort', () => {
  it('returns a loopback port that can be bound', async () => {
    const port = await freePort();
    const server = createServer();
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(port).toBeGreaterThan(0);
  });
});
