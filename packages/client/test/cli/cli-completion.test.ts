/**
 * TAB completion against a real server: command names for the first word, znode paths (the
 * children of the partial path's parent, from the server) for words starting with `/`, and the
 * same through node:readline in terminal mode, as a user at the prompt gets it.
 */
import { PassThrough } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { completeLine } from '../../src/cli/completer';
import type { CliConsole } from '../../src/cli/command';
import { runLineLoop } from '../../src/cli/line-loop';
import { Shell } from '../../src/cli/shell';
import { Clients, until } from '../support/clients';
import { clientServerKinds, killEverything, serverAvailable, startServer, type RunningServer } from '../support/servers';

const silent: CliConsole = { print: () => {}, println: () => {}, eprintln: () => {} };

describe.each(clientServerKinds())('TAB completion against %s', (kind) => {
  if (!serverAvailable(kind)) return;
  let server: RunningServer;
  const clients = new Clients();

  beforeAll(async () => {
    server = await startServer(kind, { tickTime: 500 });
    const zk = await clients.connect(server.connectString);
    for (const path of ['/apps', '/apps/web', '/apps/worker', '/apps/api', '/archive', '/apps/web/v1']) await zk.create(path);
  });
  afterEach(async () => {
    await clients.closeAll();
  });
  afterAll(async () => {
    await server?.stop();
    killEverything();
  });

  it('completes paths from the server and command names', async () => {
    const zk = await clients.connect(server.connectString);
    const names = ['create', 'delete', 'deleteall', 'get', 'getAcl', 'ls'];
    expect(await completeLine('ls /a', zk, names)).toEqual([['/apps', '/archive'], '/a']);
    expect(await completeLine('ls /', zk, names)).toEqual([['/apps', '/archive', '/zookeeper'], '/']);
    expect(await completeLine('get -s /apps/w', zk, names)).toEqual([['/apps/web', '/apps/worker'], '/apps/w']);
    expect(await completeLine('ls /apps/', zk, names)).toEqual([['/apps/api', '/apps/web', '/apps/worker'], '/apps/']);
    expect(await completeLine('ls /apps/web/', zk, names)).toEqual([['/apps/web/v1'], '/apps/web/']);
    expect(await completeLine('ls /missing/x', zk, names)).toEqual([[], '/missing/x']);
    expect(await completeLine('del', zk, names)).toEqual([['delete', 'deleteall'], 'del']);
    expect(await completeLine('  ge', zk, names)).toEqual([['get', 'getAcl'], 'ge']);
    expect(await completeLine('ls -', zk, names)).toEqual([[], '-']);
    expect(await completeLine('ls /a', undefined, names)).toEqual([[], '/a']);
  });

  it('TAB at the prompt completes a unique path and lists the choices of an ambiguous one', async () => {
    const printed: string[] = [];
    const shell = new Shell({ console: { ...silent, println: (line) => printed.push(line) } });
    await shell.connect(server.connectString);
    await shell.client!.waitForConnected(10_000);
    const input = new PassThrough();
    const output = new PassThrough();
    let screen = '';
    output.on('data', (chunk: Buffer) => (screen += chunk.toString()));
    const loop = runLineLoop(shell, { input, output, terminal: true });
    // "/apps/wo" + TAB completes to /apps/worker; Enter runs it.
    input.write('ls /apps/wo\t');
    await until(() => screen.includes('/apps/worker'), 'the completed path on screen');
    input.write('\r');
    await until(() => printed.includes('[]'), 'ls /apps/worker to print its (empty) children');
    // "/apps/" + TAB TAB lists the three children.
    screen = '';
    input.write('get /apps/\t');
    // The second TAB must come after the first one's answer (completion asks the server).
    await new Promise((r) => setTimeout(r, 300));
    input.write('\t');
    await until(() => ['/apps/api', '/apps/web', '/apps/worker'].every((p) => screen.includes(p)), 'the choices listed');
    input.end();
    expect(await loop).toBe('eof');
    // The unfinished `get /apps/` ran at the end of input, like a last line without a newline.
    expect(shell.prompt()).toMatch(/^\[zk: 127\.0\.0\.1:\d+\(CONNECTED\) 2\] $/);
    await shell.shutdown();
  });
});
