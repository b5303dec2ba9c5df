/** Commands about access: getAcl, setAcl, addauth, whoami. */
import { KeeperError } from '../../keeper-error';
import { aclLines, parseAcl } from '../acl-format';
import { asCliError, CliError, keeperMessage } from '../cli-error';
import type { CliCommand } from '../command';
import { pathArg, printStat, visitSubtree } from './read-commands';
import { checkAcl, intOption } from './write-commands';

export const getAcl: CliCommand = {
  name: 'getAcl',
  usage: '[-s] path',
  options: { flags: 's' },
  async run(parsed, { client, console }) {
    const path = pathArg(parsed, this);
    try {
      const { acl, stat } = await client.getACL(path);
      for (const entry of acl) for (const line of aclLines(entry)) console.println(line);
      if (parsed.flags.has('s')) printStat(console, stat);
    } catch (error) {
      asCliError(error);
    }
  },
};

export const setAcl: CliCommand = {
  name: 'setAcl',
  usage: '[-s] [-v version] [-R] path acl',
  options: { flags: 'sR', valued: 'v' },
  async run(parsed, { client, console }) {
    if (parsed.args.length < 3) throw new CliError(`${this.name} ${this.usage}`);
    const path = pathArg(parsed, this);
    const acl = parseAcl(parsed.args[2]!, (line) => console.eprintln(line));
    const version = intOption(parsed, 'v', -1);
    checkAcl(acl);
    try {
      if (parsed.flags.has('R')) {
        await visitSubtree(client, path, undefined, async (node) => {
          try {
            await client.setACL(node, acl, version);
          } catch (error) {
            if (!(error instanceof KeeperError)) throw error;
            // zkCli prints these without a newline and carries on with the rest of the tree.
            console.print(keeperMessage(error));
          }
        });
        return;
      }
      const stat = await client.setACL(path, acl, version);
      if (parsed.flags.has('s')) printStat(console, stat);
    } catch (error) {
      asCliError(error);
    }
  },
};

export const addauth: CliCommand = {
  name: 'addauth',
  usage: 'scheme auth',
  options: {},
  async run(parsed, { client }) {
    const [, scheme, auth] = parsed.args;
    if (scheme === undefined) throw new CliError(`${this.name} ${this.usage}`);
    try {
      await client.addAuth(scheme, auth ?? new Uint8Array(0));
    } catch (error) {
      // zkCli does not wait for the answer: a rejected credential shows up as the session's
      // AuthFailed state (printed by the shell's watcher), not as this command's error.
      if (!(error instanceof KeeperError)) throw error;
    }
  },
};

export const whoami: CliCommand = {
  name: 'whoami',
  usage: '',
  options: {},
  async run(_parsed, { client, console }) {
    try {
      const identities = await client.whoAmI();
      console.println('Auth scheme: User');
      for (const { authScheme, user } of identities) console.println(`${authScheme}: ${user}`);
    } catch (error) {
      asCliError(error);
    }
  },
};
