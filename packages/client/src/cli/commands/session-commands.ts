/** Commands about the session and the ensemble: sync, config. */
import { KeeperError } from '../../keeper-error';
import { asCliError } from '../cli-error';
import { clientConfigString } from '../client-config';
import type { CliCommand } from '../command';
import { pathArg, printStat } from './read-commands';

const decoder = new TextDecoder();

export const sync: CliCommand = {
  name: 'sync',
  usage: 'path',
  options: {},
  async run(parsed, { client, console }) {
    const path = pathArg(parsed, this);
    try {
      await client.sync(path);
      console.println('Sync is OK');
    } catch (error) {
      if (!(error instanceof KeeperError)) throw error;
      console.println(`Sync has failed. rc=${error.code}`);
    }
  },
};

export const config: CliCommand = {
  name: 'config',
  usage: '[-c] [-w] [-s]',
  options: { flags: 'cws' },
  async run(parsed, { client, console, watcher }) {
    try {
      const { data, stat } = await client.getConfig(parsed.flags.has('w') ? { watch: watcher } : {});
      const text = data === null ? 'null' : decoder.decode(data);
      console.println(parsed.flags.has('c') ? clientConfigString(text) : text);
      if (parsed.flags.has('s')) printStat(console, stat);
    } catch (error) {
      asCliError(error);
    }
  },
};
