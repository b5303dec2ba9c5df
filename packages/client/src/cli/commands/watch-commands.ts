/** Commands that manage watches: addWatch, removewatches. */
import { asCliError, CliError } from '../cli-error';
import type { CliCommand } from '../command';
import { pathArg } from './read-commands';

const ADD_WATCH_USAGE = '[-m mode] path # optional mode is one of [PERSISTENT, PERSISTENT_RECURSIVE] - default is PERSISTENT_RECURSIVE';

export const addWatch: CliCommand = {
  name: 'addWatch',
  usage: ADD_WATCH_USAGE,
  options: { valued: 'm' },
  async run(parsed, { client, watcher }) {
    if (parsed.args.length !== 2) throw new CliError(`${this.name} ${this.usage}`);
    const modeText = (parsed.values.get('m') ?? 'PERSISTENT_RECURSIVE').toUpperCase();
    if (modeText !== 'PERSISTENT' && modeText !== 'PERSISTENT_RECURSIVE') throw new CliError(`${this.name} ${this.usage}`);
    const path = pathArg(parsed, this);
    try {
      await client.addWatch(path, modeText === 'PERSISTENT' ? 'persistent' : 'persistentRecursive', { listener: watcher });
    } catch (error) {
      asCliError(error);
    }
  },
};

export const removewatches: CliCommand = {
  name: 'removewatches',
  usage: 'path [-c|-d|-a] [-l]',
  options: { flags: 'cdal' },
  async run(parsed, { client }) {
    const path = pathArg(parsed, this);
    // The first of -c, -d, -a wins, as in zkCli; none means any.
    const type = parsed.flags.has('c') ? 'children' : parsed.flags.has('d') ? 'data' : 'any';
    try {
      await client.removeWatches(path, type, { local: parsed.flags.has('l') });
    } catch (error) {
      asCliError(error);
    }
  },
};
