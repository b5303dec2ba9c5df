import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FOUR_LETTER_WORDS } from '@paddock/protocol';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  EMBEDDED_DEFAULTS,
  embeddedConfig,
  loadZooCfg,
  parseZooCfg,
  supportedConfigKeys,
  type ServerConfig,
} from '../../src/config';

/** /etc/zookeeper/conf/zoo.cfg of Debian's zookeeper 3.8.0 package, unchanged. */
const FIXTURE = fileURLToPath(new URL('./fixtures/debian-zoo.cfg', import.meta.url));
const MINIMAL = 'tickTime=2000\ndataDir=/var/lib/zk\nclientPort=2181\n';

function parse(text: string): { config: ServerConfig; warnings: string[] } {
  return parseZooCfg(text, { cwd: '/srv/paddock' });
}

function configError(text: string): ConfigError {
  try {
    parse(text);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('zoo.cfg: the Debian zookeeper package sample', () => {
  it('parses with ZooKeeper defaults and no warnings', async () => {
    const { config, warnings } = await loadZooCfg(FIXTURE, { cwd: '/srv/paddock' });
    expect(warnings).toEqual([]);
    expect(config).toEqual({
      tickTimeMs: 2000,
      initLimitTicks: 10,
      syncLimitTicks: 5,
      dataDir: '/tmp/zookeeper',
      dataLogDir: '/tmp/zookeeper',
      clientPort: 2181,
      clientPortAddress: null,
      clientPortListenBacklog: -1,
      minSessionTimeoutMs: 4000,
      maxSessionTimeoutMs: 40000,
      maxClientCnxns: 60,
      maxCnxns: 0,
      globalOutstandingLimit: 1000,
      snapCount: 100000,
      snapSizeLimitKb: 4194304,
      txnLogSizeLimitKb: -1,
      preAllocSizeKb: 65536,
      forceSync: true,
      juteMaxBuffer: 0xfffff,
      autopurge: { snapRetainCount: 3, purgeIntervalHours: 0 },
      fourLetterWords: new Set(['srvr']),
      extendedTypesEnabled: false,
      skipACL: false,
      superDigest: null,
      servers: [],
      peerDial: new Map(),
      peerType: 'participant',
      standaloneEnabled: true,
      reconfigEnabled: false,
      electionAlg: 3,
      quorumListenOnAllIPs: false,
      syncEnabled: true,
      leaderServes: true,
      localSessionsEnabled: false,
      localSessionsUpgradingEnabled: false,
      containers: { checkIntervalMs: 60000, maxPerMinute: 10000, maxNeverUsedIntervalMs: 0 },
      admin: { enableServer: false, serverAddress: '0.0.0.0', serverPort: 8080, commandURL: '/commands', idleTimeoutMs: 30000 },
      metricsProvider: { className: null, options: {} },
    } satisfies ServerConfig);
  });

  it('picks up its commented-out settings once they are enabled', async () => {
    const text = (await readFile(FIXTURE, 'utf8')).replace(/^#(maxClientCnxns|autopurge\.)/gm, '$1');
    const { config, warnings } = parse(text);
    expect(config.maxClientCnxns).toBe(60);
    expect(config.autopurge).toEqual({ snapRetainCount: 3, purgeIntervalHours: 1 });
    expect(warnings).toEqual([]);
  });
});

describe('zoo.cfg: the admin guide ensemble sample', () => {
  const ensemble = `tickTime=2000
dataDir=/var/lib/zookeeper/
clientPort=2181
initLimit=5
syncLimit=2
server.1=zoo1:2888:3888
server.2=zoo2:2888:3888
server.3=zoo3:2888:3888
`;

  it('parses the server lines into typed entries', () => {
    const { config, warnings } = parse(ensemble);
    expect(warnings).toEqual([]);
    expect(config.dataDir).toBe('/var/lib/zookeeper');
    expect(config.servers).toEqual([1, 2, 3].map((id) => ({
      id,
      host: `zoo${id}`,
      quorumPort: 2888,
      electionPort: 3888,
      type: 'participant',
      clientAddress: null,
      clientPort: null,
    })));
  });

  it('parses observers, client addresses and IPv6 hosts, sorted by id', () => {
    const { config } = parse(`${MINIMAL}initLimit=5\nsyncLimit=2\nserver.3=[::1]:2890:3890:observer;[::1]:2183
server.1=10.0.0.1:2888:3888:participant;2181\nserver.2=zoo2:2889:3889;0.0.0.0:2182\n`);
    expect(config.servers).toEqual([
      { id: 1, host: '10.0.0.1', quorumPort: 2888, electionPort: 3888, type: 'participant', clientAddress: null, clientPort: 2181 },
      { id: 2, host: 'zoo2', quorumPort: 2889, electionPort: 3889, type: 'participant', clientAddress: '0.0.0.0', clientPort: 2182 },
      { id: 3, host: '::1', quorumPort: 2890, electionPort: 3890, type: 'observer', clientAddress: '::1', clientPort: 2183 },
    ]);
  });

  it('requires initLimit and syncLimit with more than one participant, as ZooKeeper does', () => {
    const error = configError(ensemble.replace('initLimit=5\n', ''));
    expect(error.key).toBe('initLimit');
    expect(error.message).toMatch(/initLimit is not set/);
    expect(configError(ensemble.replace('syncLimit=2\n', '')).key).toBe('syncLimit');
    // One participant and an observer are not an ensemble that needs them.
    const single = parse(`${MINIMAL}server.1=a:1:2\nserver.2=b:1:2:observer\n`);
    expect(single.config.initLimitTicks).toBe(10);
  });

  it('reads paddock.peerDial.N as where to dial member N instead of its server.N address', () => {
    const { config, warnings } = parse(`${ensemble}paddock.peerDial.2=127.0.0.1:40002\npaddock.peerDial.3=[::1]:40003\n`);
    expect(warnings).toEqual([]);
    expect(config.peerDial).toEqual(new Map([[2, { host: '127.0.0.1', port: 40002 }], [3, { host: '::1', port: 40003 }]]));
    // The server lines, and so the ensemble every member agrees on, are unchanged.
    expect(config.servers.map((s) => `${s.host}:${s.quorumPort}`)).toEqual(['zoo1:2888', 'zoo2:2888', 'zoo3:2888']);
  });

  it.each([
    ['paddock.peerDial.4=127.0.0.1:1', 'there is no server.4 line'],
    ['paddock.peerDial.2=127.0.0.1', 'expected host:port'],
    ['paddock.peerDial.2=127.0.0.1:0', '0 is outside 1 .. 65535'],
    ['paddock.peerDial.x=127.0.0.1:1', "'x' is not a decimal integer"],
  ])('refuses %s', (line, reason) => {
    const error = configError(`${ensemble}${line}\n`);
    expect(error.key).toBe(line.slice(0, line.indexOf('=')));
    expect(error.reason).toContain(reason);
  });

  it('lets the server lines carry the client port instead of clientPort', () => {
    const { config } = parse(ensemble.replace('clientPort=2181\n', ''));
    expect(config.clientPort).toBeNull();
  });
});

describe('zoo.cfg defaults', () => {
  it('derives the session timeouts from tickTime', () => {
    const { config } = parse('tickTime=500\ndataDir=/d\nclientPort=1\n');
    expect([config.minSessionTimeoutMs, config.maxSessionTimeoutMs]).toEqual([1000, 10000]);
    const explicit = parse('tickTime=500\ndataDir=/d\nclientPort=1\nminSessionTimeout=-1\nmaxSessionTimeout=60000\n');
    expect([explicit.config.minSessionTimeoutMs, explicit.config.maxSessionTimeoutMs]).toEqual([1000, 60000]);
  });

  it('uses 2000 ms when tickTime is missing, and says so', () => {
    const { config, warnings } = parse('dataDir=/d\nclientPort=2181\n');
    expect(config.tickTimeMs).toBe(2000);
    expect(warnings).toEqual(['zoo.cfg: tickTime is not set; using 2000 ms (ZooKeeper would refuse to start)']);
  });

  it('defaults dataLogDir to dataDir and resolves relative paths against the working directory', () => {
    const { config, warnings } = parseZooCfg('tickTime=1\ndataDir=./data\ndataLogDir=logs\nclientPort=1\n', {
      cwd: '/work/dir',
      source: '/etc/paddock/zoo.cfg',
    });
    expect(config.dataDir).toBe('/work/dir/data');
    expect(config.dataLogDir).toBe('/work/dir/logs');
    expect(warnings).toEqual([
      "/etc/paddock/zoo.cfg: dataLogDir 'logs' is relative and resolves against the working directory /work/dir; prepend ./ to show that is intended",
    ]);
    expect(parseZooCfg('tickTime=1\ndataDir=d\nclientPort=1\n').config.dataDir).toBe(resolve('d'));
  });

  it('clamps snapRetainCount and snapCount like ZooKeeper, with warnings', () => {
    const { config, warnings } = parse(`${MINIMAL}autopurge.snapRetainCount=1\nsnapCount=1\nautopurge.purgeInterval=-1\n`);
    expect(config.autopurge).toEqual({ snapRetainCount: 3, purgeIntervalHours: 0 });
    expect(config.snapCount).toBe(2);
    expect(warnings).toEqual([
      'zoo.cfg: snapCount must be at least 2; using 2 (as ZooKeeper does)',
      'zoo.cfg: autopurge.snapRetainCount 1 is below the minimum; using 3 (as ZooKeeper does)',
    ]);
  });

  it('reads the four-letter-word whitelist', () => {
    expect(parse(`${MINIMAL}4lw.commands.whitelist=*\n`).config.fourLetterWords).toEqual(new Set(FOUR_LETTER_WORDS));
    const listed = parse(`${MINIMAL}4lw.commands.whitelist=stat, ruok, conf,isro,, nope\n`);
    expect(listed.config.fourLetterWords).toEqual(new Set(['stat', 'ruok', 'conf', 'isro']));
    expect(listed.warnings).toEqual(["zoo.cfg: line 4: unknown four-letter word 'nope' in 4lw.commands.whitelist ignored"]);
    expect(parse(`${MINIMAL}4lw.commands.whitelist=\n`).config.fourLetterWords).toEqual(new Set());
  });

  it('reads booleans as true/false or yes/no', () => {
    const { config, warnings } = parse(`${MINIMAL}forceSync=no\nskipACL=yes\nleaderServes=No\nsyncEnabled=FALSE\nreconfigEnabled=true\n`);
    expect([config.forceSync, config.skipACL, config.leaderServes, config.syncEnabled, config.reconfigEnabled]).toEqual([false, true, false, false, true]);
    expect(warnings).toEqual([
      'zoo.cfg: forceSync is off: acknowledged writes can be lost if the machine crashes',
      'zoo.cfg: reconfigEnabled is true, but Paddock has no dynamic reconfiguration yet; reconfig requests are answered ReconfigDisabled',
      'zoo.cfg: leaderServes=no is not supported yet: the leader serves clients like every member',
      'zoo.cfg: syncEnabled=false is not supported yet: observers log txns and take snapshots like participants',
    ]);
  });

  it('reads jute.maxbuffer in decimal or hex, and the super digest', () => {
    const digest = 'super:D/InIHSb7yEEbrWz8b9l71RjZJU=';
    const { config } = parse(`${MINIMAL}jute.maxbuffer=0x400000\nDigestAuthenticationProvider.superDigest=${digest}\n`);
    expect(config.juteMaxBuffer).toBe(0x400000);
    expect(config.superDigest).toBe(digest);
    expect(parse(`${MINIMAL}jute.maxbuffer=4096\n`).config.juteMaxBuffer).toBe(4096);
  });

  it('parses admin and metrics settings and reports that they are not served', () => {
    const { config, warnings } = parse(`${MINIMAL}admin.enableServer=true\nadmin.serverPort=9090
metricsProvider.className=org.apache.zookeeper.metrics.prometheus.PrometheusMetricsProvider
metricsProvider.httpPort=7000\nmetricsProvider.exportJvmInfo=true\n`);
    expect(config.admin).toEqual({ enableServer: true, serverAddress: '0.0.0.0', serverPort: 9090, commandURL: '/commands', idleTimeoutMs: 30000 });
    expect(config.metricsProvider).toEqual({
      className: 'org.apache.zookeeper.metrics.prometheus.PrometheusMetricsProvider',
      options: { httpPort: '7000', exportJvmInfo: 'true' },
    });
    expect(warnings).toEqual([
      'zoo.cfg: admin.enableServer is true, but Paddock has no AdminServer yet; nothing will listen on 0.0.0.0:9090',
      'zoo.cfg: metricsProvider settings (metricsProvider.className, metricsProvider.httpPort, metricsProvider.exportJvmInfo) are parsed but no metrics provider is supported; the mntr four-letter word reports the metrics',
    ]);
  });
});

describe('zoo.cfg keys nobody reads are reported', () => {
  it('warns about unknown keys, unsupported ZooKeeper keys and duplicates', () => {
    const { warnings } = parse(`${MINIMAL}foo=bar\nsecureClientPort=2281\nssl.keyStore.location=/k\nclientPort=2182\npreAllocSize=1024\n`);
    expect(warnings).toEqual([
      "zoo.cfg: 'clientPort' is set on line 3 and again on line 7; the later value wins",
      "zoo.cfg: line 4: unknown key 'foo' ignored",
      "zoo.cfg: line 5: 'secureClientPort' is a ZooKeeper setting Paddock does not support; ignored",
      "zoo.cfg: line 6: 'ssl.keyStore.location' is a ZooKeeper setting Paddock does not support; ignored",
    ]);
  });

  it('knows every key it documents', () => {
    const documented = supportedConfigKeys().map((k) => k.key);
    expect(documented).toContain('4lw.commands.whitelist');
    for (const doc of supportedConfigKeys()) {
      const key = doc.key.replace('server.N', 'server.9').replace('*', 'anything');
      let warnings: string[] = [];
      try {
        ({ warnings } = parse(`${MINIMAL}${key}=${key === 'server.9' ? 'h:1:2' : 'zzz'}\n`));
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
      }
      expect(warnings.filter((w) => w.includes('unknown key'))).toEqual([]);
    }
  });
});

describe('zoo.cfg errors name the key, the value and the line', () => {
  it.each([
    ['tickTime=2s', 'tickTime', "'2s' is not a decimal integer"],
    ['tickTime=0', 'tickTime', '0 is outside 1 .. 2147483647'],
    ['clientPort=-1', 'clientPort', '-1 is outside 0 .. 65535'],
    ['clientPort=65536', 'clientPort', '65536 is outside 0 .. 65535'],
    ['admin.serverPort=0', 'admin.serverPort', '0 is outside 1 .. 65535'],
    ['maxClientCnxns=-5', 'maxClientCnxns', '-5 is outside 0 .. 2147483647'],
    ['syncLimit=99999999999', 'syncLimit', 'is outside'],
    ['minSessionTimeout=50000', 'minSessionTimeout', 'minSessionTimeout (50000 ms) must not be larger than maxSessionTimeout (40000 ms)'],
    ['forceSync=maybe', 'forceSync', "expected 'true' or 'false' (or 'yes' or 'no')"],
    ['peerType=voter', 'peerType', 'expected participant or observer'],
    ['electionAlg=1', 'electionAlg', 'only 3 (fast leader election) is supported'],
    ['jute.maxbuffer=0x0', 'jute.maxbuffer', '0 is outside 1 .. 1073741824'],
    ['jute.maxbuffer=1M', 'jute.maxbuffer', "'1M' is not a decimal integer"],
    ['DigestAuthenticationProvider.superDigest=super:secret', 'DigestAuthenticationProvider.superDigest', 'expected user:<base64'],
    ['clientPortListenBacklog=0', 'clientPortListenBacklog', 'must be positive'],
    ['server.1=zoo1:2888', 'server.1', 'expected host:quorumPort:electionPort'],
    ['server.1=zoo1:2888:70000', 'server.1', '70000 is outside 1 .. 65535'],
    ['server.1=zoo1:2888:3888:leader', 'server.1', "unknown server type 'leader'"],
    ['server.1=a:1:2|b:1:2', 'server.1', 'multiple addresses per server'],
    ['server.1=a:1:2;x;y', 'server.1', "at most one ';'"],
    ['server.one=a:1:2', 'server.one', "'one' is not a decimal integer"],
    ['server.256=a:1:2', 'server.256', '256 is outside 1 .. 255'],
    ['dynamicConfigFile=/etc/zoo.cfg.dynamic', 'dynamicConfigFile', 'put the server.N lines in zoo.cfg'],
    ['group.1=1:2:3', 'group.1', 'hierarchical quorums'],
  ])('%s', (line, key, reason) => {
    const error = configError(`${MINIMAL}${line}\n`);
    expect(error.key).toBe(key);
    expect(error.value).toBe(line.slice(line.indexOf('=') + 1));
    expect(error.line).toBe(4);
    expect(error.message).toContain(`zoo.cfg:4: ${line}: `);
    expect(error.reason).toContain(reason);
  });

  it('reports missing required keys without a line', () => {
    expect(configError('tickTime=1\nclientPort=1\n').message).toBe('zoo.cfg: dataDir: dataDir is not set');
    expect(configError('tickTime=1\ndataDir=/d\n').message).toBe('zoo.cfg: clientPort: clientPort is not set (and no server.N line gives one)');
    expect(configError('tickTime=1\ndataDir=/d\nclientPortAddress=127.0.0.1\n').reason).toBe('clientPortAddress is set but clientPort is not');
  });

  it('limits server ids to 254 with extendedTypesEnabled', () => {
    expect(configError(`${MINIMAL}extendedTypesEnabled=true\nserver.255=a:1:2\n`).reason).toMatch(/at most 254/);
  });

  it('reports an unreadable file as a ConfigError', async () => {
    await expect(loadZooCfg('/nonexistent/zoo.cfg')).rejects.toThrow(/^\/nonexistent\/zoo\.cfg: cannot read the config file: ENOENT/);
  });
});

describe('embedded defaults', () => {
  it('run a loopback development server with every four-letter word', () => {
    expect(EMBEDDED_DEFAULTS).toEqual({
      tickTime: '2000',
      dataDir: './data',
      clientPort: '2181',
      clientPortAddress: '127.0.0.1',
      '4lw.commands.whitelist': '*',
      'autopurge.purgeInterval': '1',
    });
    const config = embeddedConfig({ cwd: '/home/dev/project' });
    expect(config.autopurge.purgeIntervalHours).toBe(1);
    expect(config.dataDir).toBe('/home/dev/project/data');
    expect(config.dataLogDir).toBe('/home/dev/project/data');
    expect(config.clientPort).toBe(2181);
    expect(config.clientPortAddress).toBe('127.0.0.1');
    expect(config.tickTimeMs).toBe(2000);
    expect(config.fourLetterWords).toEqual(new Set(FOUR_LETTER_WORDS));
    expect(config.maxSessionTimeoutMs).toBe(40000);
  });

  it('load the same through a file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'paddock-config-'));
    try {
      const file = join(dir, 'zoo.cfg');
      await writeFile(file, Object.entries(EMBEDDED_DEFAULTS).map(([k, v]) => `${k}: ${v}`).join('\r\n'));
      const { config, warnings } = await loadZooCfg(file, { cwd: '/home/dev/project' });
      expect(warnings).toEqual([]);
      expect(config).toEqual(embeddedConfig({ cwd: '/home/dev/project' }));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('settings parsed but not acted on', () => {
  it('are reported at startup instead of silently ignored', () => {
    const text = [
      'tickTime=2000', 'dataDir=/tmp/x', 'clientPort=2181', 'reconfigEnabled=true', 'localSessionsEnabled=true',
      'snapSizeLimitInKb=100',
    ].join('\n');
    const { warnings } = parseZooCfg(text);
    expect(warnings.join('\n')).toMatch(/reconfigEnabled/);
    expect(warnings.join('\n')).toMatch(/local sessions/);
    expect(warnings.join('\n')).toMatch(/snapSizeLimitInKb/);
  });
});
