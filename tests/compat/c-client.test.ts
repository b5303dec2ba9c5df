import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runnableCompatServers, fileExists, InteractiveProcess, killEverything, requireTool, startServer, type RunningServer } from '../harness/index.js';
import { closeClient, connectClient, ok, zk } from './node-zk.js';

// A smoke scenario with ZooKeeper's C client (libzookeeper-mt, Debian zookeeper-bin) through
// its cli_mt shell. Calls are asynchronous, so each command waits for its own completion line.
// cli_mt's `create` always stores the 3 bytes "new"; `get` and `ls` leave a watch behind.

const CLI_MT = process.env.PADDOCK_CLI_MT ?? '/usr/lib/zookeeper/bin/cli_mt';
const haveCliMt = requireTool('cli_mt (Debian zookeeper-bin)', () => fileExists(CLI_MT));

describe.each(haveCliMt ? runnableCompatServers() : [])('C client (cli_mt) against %s', (kind) => {
  let server: RunningServer | undefined;
  let cli: InteractiveProcess | undefined;

  beforeAll(async () => {
    server = await startServer(kind, { tickTime: 500 });
  });
  afterAll(async () => {
    await cli?.close();
    await server?.stop();
    killEverything();
  });

  /** Sends one command and waits for `done` to appear in what it prints; returns that text. */
  async function command(line: string, done: RegExp): Promise<string> {
    const from = cli!.output.length;
    cli!.send(line);
    const match = await cli!.waitFor(done, from, 10_000);
    return cli!.output.slice(from, match.index + match[0].length);
  }

  it('creates, reads, writes, lists and deletes; ephemerals end with the session', async () => {
    cli = InteractiveProcess.start(CLI_MT, ['-h', server!.connectString]);
    await cli.waitFor(/Watcher SESSION_EVENT state = CONNECTED_STATE/);
    const sessionHex = (await cli.waitFor(/Got a new session id: 0x([0-9a-f]+)/))[1]!;

    expect(await command('create /c-smoke', /\[\/c-smoke\]: rc = (-?\d+)\n\tname = (\S+)\n/)).toContain(
      '[/c-smoke]: rc = 0\n\tname = /c-smoke\n',
    );
    const get = await command('get /c-smoke', /ephemeralOwner = \w+\n/);
    expect(get).toMatch(/\/c-smoke: rc = 0\n value_len = 3\nnew\nStat:\n/);
    expect(get).toMatch(/\tversion=0\taversion=0\n\tephemeralOwner = 0\n/);
    const czxid = /\tczxid=([0-9a-f]+)\n/.exec(get)![1]!;
    expect(/\tmzxid=([0-9a-f]+)\n/.exec(get)![1]).toBe(czxid);

    // The watch left by `get` fires on the write, before the write's completion.
    const set = await command('set /c-smoke hello', /\/c-smoke: rc = (-?\d+) Stat:\n(?:.*\n){4}\tversion=\d+\taversion=\d+\n/);
    expect(set).toMatch(/Watcher CHANGED_EVENT state = CONNECTED_STATE for path \/c-smoke\n\/c-smoke: rc = 0 Stat:\n/);
    expect(set).toContain('\tversion=1\taversion=0\n');
    expect(BigInt(`0x${/\tmzxid=([0-9a-f]+)\n/.exec(set)![1]}`)).toBe(BigInt(`0x${czxid}`) + 1n);

    expect(await command('create +s /c-smoke/s-', /\[\/c-smoke\/s-\]: rc = -?\d+\n(\tname = \S+\n)?/)).toContain(
      '[/c-smoke/s-]: rc = 0\n\tname = /c-smoke/s-0000000000\n',
    );
    const eph = await command('create2 +e /c-smoke/e', /ephemeralOwner = \w+\n/);
    expect(eph).toContain('[/c-smoke/e]: rc = 0\n\tname = /c-smoke/e\n');
    expect(eph).toContain(`\tephemeralOwner = ${sessionHex}\n`);

    const ls = await command('ls /c-smoke', /\/c-smoke: rc = 0\n((\t\S+\n)*)time = /);
    expect(ls.match(/^\t(\S+)$/gm)?.map((s) => s.trim()).sort()).toEqual(['e', 's-0000000000']);

    expect(await command('exists /c-smoke/none', /Error (-?\d+) for \/c-smoke\/none/)).toContain('Error -101 for /c-smoke/none');
    expect(await command('delete /c-smoke', /\/c-smoke: rc = -?\d+\n/)).toContain('/c-smoke: rc = -111\n');
    expect(await command('create /c-smoke', /\[\/c-smoke\]: rc = -?\d+\n/)).toContain('[/c-smoke]: rc = -110\n');
    expect(await command('create /c-missing/x', /\[\/c-missing\/x\]: rc = -?\d+\n/)).toContain('[/c-missing/x]: rc = -101\n');

    // The `ls` above left a child watch: the TTL create fires it.
    const ttl = await command('create2 +t=5000 /c-smoke/t', /ephemeralOwner = \w+\n/);
    expect(ttl).toContain('Watcher CHILD_EVENT state = CONNECTED_STATE for path /c-smoke\n');
    expect(ttl).toContain('[/c-smoke/t]: rc = 0\n\tname = /c-smoke/t\n');
    expect(ttl).toContain('\tephemeralOwner = 0\n');
    expect(await command('create +c /c-smoke/c', /\[\/c-smoke\/c\]: rc = -?\d+\n/)).toContain('[/c-smoke/c]: rc = 0\n');
    expect(await command('sync /c-smoke', /\[\/c-smoke\]: rc = -?\d+\n/)).toContain('[/c-smoke]: rc = 0\n');
    expect(await command('delete /c-smoke/s-0000000000', /\/c-smoke\/s-0000000000: rc = -?\d+\n/)).toContain(
      '/c-smoke/s-0000000000: rc = 0\n',
    );

    cli.send('quit');
    await cli.close();
    const check = await connectClient(server!.connectString);
    try {
      expect(ok(await zk.getChildren(check, '/c-smoke')).children).toEqual(['c', 't']);
      expect(ok(await zk.getData(check, '/c-smoke')).data).toBe('hello');
    } finally {
      await closeClient(check);
    }
  });
});
