/**
 * Four-letter words over a real socket. The expected shapes are those of ZooKeeper 3.8.0's
 * answers, captured from a running server with the same session state (one session, /a and
 * /a/b persistent, /e ephemeral, watches on /a and /e).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpCode } from '@paddock/protocol';
import { startServer, type EmbeddedServer } from '../src/index';
import { askWord } from './support/four-letter';
import { RawClient } from './support/raw-client';
import { removeTempDirs, tempDir } from './support/temp-dir';

let server: EmbeddedServer;
let client: RawClient;
let sessionHex: string;

beforeAll(async () => {
  server = await startServer({ dataDir: await tempDir(), settings: { '4lw.commands.whitelist': '*' } });
  const connected = await RawClient.connect(server.port);
  client = connected.client;
  sessionHex = `0x${connected.session.sessionId.toString(16)}`;
  await client.create('/a', 'hello');
  await client.create('/a/b', 'x');
  await client.create('/e', '', 1);
  await client.call({ op: OpCode.getData, path: '/a', watch: true });
  await client.call({ op: OpCode.exists, path: '/e', watch: true });
});

afterAll(async () => {
  client.destroy();
  await server.close();
  await removeTempDirs();
});

const lines = (s: string) => s.split('\n');

describe('four-letter words', () => {
  it('ruok and isro answer without a newline', async () => {
    expect(await askWord(server.port, 'ruok')).toBe('imok');
    expect(await askWord(server.port, 'isro')).toBe('rw');
    expect(await askWord(server.port, 'gtmk')).toBe('306');
  });

  it('srvr', async () => {
    const out = await askWord(server.port, 'srvr');
    expect(lines(out)).toEqual([
      expect.stringMatching(/^Zookeeper version: 3\.8\.0-paddock-[\d.]+, built on .*Paddock/),
      expect.stringMatching(/^Latency min\/avg\/max: \d+\/\d+\.\d+(E-?\d+)?\/\d+$/),
      expect.stringMatching(/^Received: \d+$/),
      expect.stringMatching(/^Sent: \d+$/),
      'Connections: 2',
      'Outstanding: 0',
      'Zxid: 0x4',
      'Mode: standalone',
      // ZooKeeper counts the root twice: 7 znodes are reported as 8.
      'Node count: 8',
      '',
    ]);
  });

  it('stat lists the clients, then the server stats', async () => {
    const out = lines(await askWord(server.port, 'stat'));
    expect(out[1]).toBe('Clients:');
    const clients = out.slice(2, out.indexOf(''));
    expect(clients).toHaveLength(2);
    for (const c of clients) expect(c).toMatch(/^ \/127\.0\.0\.1:\d+\[[01]\]\(queued=\d+,recved=\d+,sent=\d+\)$/);
    expect(out.slice(out.indexOf('') + 1)).toEqual([
      expect.stringMatching(/^Latency min\/avg\/max: /),
      expect.stringMatching(/^Received: /),
      expect.stringMatching(/^Sent: /),
      'Connections: 2',
      'Outstanding: 0',
      'Zxid: 0x4',
      'Mode: standalone',
      'Node count: 8',
      '',
    ]);
  });

  it('cons gives the session details of established connections', async () => {
    const out = lines(await askWord(server.port, 'cons'));
    expect(out.slice(-2)).toEqual(['', '']);
    const session = out.find((l) => l.includes('sid='));
    expect(session).toMatch(
      new RegExp(
        `^ /127\\.0\\.0\\.1:\\d+\\[1\\]\\(queued=0,recved=6,sent=6,sid=${sessionHex},lop=EXIS,est=\\d+,to=30000,` +
          'lcxid=0x5,lzxid=0x4,lresp=\\d+,llat=\\d+,minlat=\\d+,avglat=\\d+,maxlat=\\d+\\)$',
      ),
    );
    expect(out.filter((l) => /^ \/127\.0\.0\.1:\d+\[0\]\(queued=0,recved=0,sent=0\)$/.test(l))).toHaveLength(1);
  });

  it('mntr has ZooKeeper keys, tab-separated', async () => {
    const out = await askWord(server.port, 'mntr');
    const entries = new Map(lines(out).filter((l) => l !== '').map((l) => l.split('\t') as [string, string]));
    for (const l of lines(out).filter((x) => x !== '')) expect(l).toMatch(/^zk_[a-z_]+\t\S.*$/);
    expect(entries.get('zk_version')).toMatch(/^3\.8\.0-paddock-/);
    expect(entries.get('zk_server_state')).toBe('standalone');
    expect(entries.get('zk_znode_count')).toBe('8');
    expect(entries.get('zk_ephemerals_count')).toBe('1');
    expect(entries.get('zk_watch_count')).toBe('2');
    expect(entries.get('zk_global_sessions')).toBe('1');
    expect(entries.get('zk_num_alive_connections')).toBe('2');
    expect(entries.get('zk_outstanding_requests')).toBe('0');
    expect(entries.get('zk_avg_latency')).toMatch(/^\d+\.\d+$/);
    expect(Number(entries.get('zk_approximate_data_size'))).toBeGreaterThan(0);
    for (const key of [
      'zk_min_latency', 'zk_max_latency', 'zk_packets_received', 'zk_packets_sent', 'zk_uptime',
      'zk_open_file_descriptor_count', 'zk_max_file_descriptor_count', 'zk_cnt_fsynctime',
    ]) {
      expect(entries.get(key), key).toMatch(/^\d+$/);
    }
  });

  it('wchs, wchc and wchp', async () => {
    expect(await askWord(server.port, 'wchs')).toBe('1 connections watching 2 paths\nTotal watches:2\n');
    expect(await askWord(server.port, 'wchc')).toBe(`${sessionHex}\n\t/a\n\t/e\n\n`);
    expect(await askWord(server.port, 'wchp')).toBe(`/a\n\t${sessionHex}\n/e\n\t${sessionHex}\n\n`);
  });

  it('dump lists sessions by expiry, ephemerals by session, and connections', async () => {
    const out = lines(await askWord(server.port, 'dump'));
    const date = '[A-Z][a-z]{2} [A-Z][a-z]{2} \\d{2} \\d{2}:\\d{2}:\\d{2} UTC \\d{4}';
    expect(out.slice(0, 9)).toEqual([
      'SessionTracker dump:',
      'Session Sets (1)/(1):',
      expect.stringMatching(new RegExp(`^1 expire at ${date}:$`)),
      `\t${sessionHex}`,
      'ephemeral nodes dump:',
      'Sessions with Ephemerals (1):',
      `${sessionHex}:`,
      '\t/e',
      'Connections dump:',
    ]);
    expect(out[9]).toMatch(/^Connections Sets \(\d+\)\/\(2\):$/);
    expect(out.filter((l) => new RegExp(`^\\tip: /127\\.0\\.0\\.1:\\d+ sessionId: ${sessionHex}$`).test(l))).toHaveLength(1);
  });

  it('conf prints the settings the server runs with', async () => {
    const out = lines(await askWord(server.port, 'conf'));
    expect(out.map((l) => l.split('=')[0])).toEqual([
      'clientPort', 'secureClientPort', 'dataDir', 'dataDirSize', 'dataLogDir', 'dataLogSize', 'tickTime',
      'maxClientCnxns', 'minSessionTimeout', 'maxSessionTimeout', 'clientPortListenBacklog', 'serverId', '',
    ]);
    expect(out).toContain(`clientPort=${server.port}`);
    expect(out).toContain('tickTime=2000');
    expect(out).toContain('minSessionTimeout=4000');
    expect(out).toContain('maxSessionTimeout=40000');
    expect(out.find((l) => l.startsWith('dataDir='))).toMatch(/\/version-2$/);
    expect(Number(out.find((l) => l.startsWith('dataLogSize='))?.split('=')[1])).toBeGreaterThan(0);
  });

  it('dirs, envi, crst and srst', async () => {
    expect(await askWord(server.port, 'dirs')).toMatch(/^datadir_size: \d+\nlogdir_size: [1-9]\d*\n$/);
    const envi = lines(await askWord(server.port, 'envi'));
    expect(envi[0]).toBe('Environment:');
    expect(envi[1]).toMatch(/^zookeeper\.version=3\.8\.0-paddock-/);
    expect(envi.slice(2, -1).every((l) => /^[a-z.]+=/.test(l))).toBe(true);
    expect(await askWord(server.port, 'crst')).toBe('Connection stats reset.\n');
    expect(await askWord(server.port, 'srst')).toBe('Server stats reset.\n');
    // The reset is an input like any other: it applies on the next turn.
    await client.call({ op: OpCode.ping });
    expect(server.inspect().packetsReceived).toBe(1);
  });

  it('stmk sets the mask gtmk reports', async () => {
    const mask = Buffer.alloc(8);
    mask.writeBigInt64BE(42n);
    expect(await askWord(server.port, 'stmk', mask)).toBe('42');
    expect(await askWord(server.port, 'gtmk')).toBe('42');
  });
});

describe('the four-letter-word whitelist', () => {
  it('answers words outside it with ZooKeeper refusal, and others normally', async () => {
    const restricted = await startServer({ dataDir: await tempDir(), settings: { '4lw.commands.whitelist': 'srvr, ruok' } });
    try {
      expect(await askWord(restricted.port, 'ruok')).toBe('imok');
      expect(await askWord(restricted.port, 'srvr')).toMatch(/^Zookeeper version: /);
      expect(await askWord(restricted.port, 'stat')).toBe('stat is not executed because it is not in the whitelist.\n');
      expect(await askWord(restricted.port, 'dump')).toBe('dump is not executed because it is not in the whitelist.\n');
    } finally {
      await restricted.close();
    }
  });
});
