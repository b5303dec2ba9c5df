import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  kazooAvailable,
  killEverything,
  paddockSelected,
  requireTool,
  runPythonScript,
  startServer,
  type RunningServer,
  type ServerKind,
  ZOOKEEPER_TOOL,
  zookeeperInstalled,
} from '../harness/index.js';
import { compareTranscripts, normalizeTranscript } from '../harness/transcript.js';

// One scripted kazoo session (kazoo/differential_sequence.py) run against two servers started
// side by side; their transcripts of every reply must agree field by field once session ids,
// zxids (relabelled by first appearance, order still compared) and wall-clock times are
// normalised. ZooKeeper against ZooKeeper proves the comparison is sound; ZooKeeper against
// Paddock is the real check and runs whenever Paddock is among PADDOCK_COMPAT_SERVERS.

const SCRIPT = fileURLToPath(new URL('./kazoo/differential_sequence.py', import.meta.url));
const OPTIONS = { tickTime: 500, minSessionTimeout: 1000, maxSessionTimeout: 30_000 };
const haveKazoo = requireTool('python3-kazoo', kazooAvailable);
const haveZooKeeper = requireTool(ZOOKEEPER_TOOL, zookeeperInstalled);

type Step = { step: string; client: string; result?: unknown; replies?: unknown[]; events?: unknown[] };

describe.skipIf(!haveKazoo || !haveZooKeeper)('differential transcript (kazoo)', () => {
  const servers: RunningServer[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    killEverything();
  });

  async function transcriptsOf(kinds: [ServerKind, ServerKind]): Promise<[Step[], Step[]]> {
    const pair = await Promise.all(kinds.map((kind) => startServer(kind, OPTIONS)));
    servers.push(...pair);
    const runs = await Promise.all(
      pair.map((server) => runPythonScript<{ transcript: Step[] }>(SCRIPT, { env: { ZK_HOSTS: server.connectString } })),
    );
    return [runs[0]!.result.transcript, runs[1]!.result.transcript];
  }

  it('zookeeper vs zookeeper: identical after normalisation', async () => {
    const [a, b] = await transcriptsOf(['zookeeper', 'zookeeper']);
    // The sequence really ran: many steps, errors, events and both sessions are in it.
    expect(a.length).toBeGreaterThan(100);
    const normalized = normalizeTranscript(a).value as Step[];
    const byName = new Map(normalized.map((s) => [s.step, s]));
    expect(byName.get('create exists')).toMatchObject({ result: { error: 'NodeExistsError' }, replies: [{ type: 'Create', err: -110 }] });
    expect((byName.get('seq next')?.result as { ok: unknown[] }).ok[0]).toBe('/diff/q/n0000000003');
    expect(byName.get('events after b writes')?.events).toEqual([
      ['NodeDataChanged', 'SyncConnected', '/diff/p'],
      ['NodeCreated', 'SyncConnected', '/diff/w'],
      ['NodeChildrenChanged', 'SyncConnected', '/diff/q'],
    ]);
    expect(normalizeTranscript(a).sessionCount).toBe(2);
    expect(compareTranscripts(a, b)).toEqual([]);
  });

  it.skipIf(!paddockSelected())('zookeeper vs paddock: identical after normalisation', async () => {
    const [reference, candidate] = await transcriptsOf(['zookeeper', 'paddock']);
    expect(compareTranscripts(reference, candidate)).toEqual([]);
  });
});
