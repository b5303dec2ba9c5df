/** zkCli's version and reconfig commands. */
import { readFileSync } from 'node:fs';
import packageJson from '../../../package.json' with { type: 'json' };
import { asCliError, CliError } from '../cli-error';
import type { CliCommand } from '../command';
import { CliParseError, type ParsedArgs } from '../option-parser';
import { printStat } from './read-commands';

const decoder = new TextDecoder();

export const version: CliCommand = {
  name: 'version',
  usage: '',
  options: {},
  async run(parsed, { console }) {
    if (parsed.args.length > 1) throw new CliError(`${this.name} ${this.usage}`);
    console.println(`Paddock CLI version: ${packageJson.version} (zkCli 3.8 compatible)`);
  },
};

/** ReconfigCommand's options: commons-cli short options with long names (`-file`, `-members`, ...). */
const RECONFIG_FLAGS = new Set(['s']);
const RECONFIG_VALUED = new Set(['v', 'file', 'members', 'add', 'remove']);

/** commons-cli's DefaultParser over reconfig's options, in zkCli's words. */
export function parseReconfigWords(words: readonly string[]): ParsedArgs {
  const args: string[] = [];
  const flags = new Set<string>();
  const values = new Map<string, string>();
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (!word.startsWith('-') || word === '-' || /^-\d/.test(word)) {
      args.push(word);
      continue;
    }
    const name = word.slice(1);
    if (RECONFIG_FLAGS.has(name)) {
      flags.add(name);
    } else if (RECONFIG_VALUED.has(name)) {
      const value = words[i + 1];
      const isOption = value !== undefined && value.startsWith('-') && (RECONFIG_FLAGS.has(value.slice(1)) || RECONFIG_VALUED.has(value.slice(1)));
      if (value === undefined || isOption) throw new CliParseError(`org.apache.commons.cli.MissingArgumentException: Missing argument for option: ${name}`);
      values.set(name, value);
      i++;
    } else {
      throw new CliParseError(`org.apache.commons.cli.UnrecognizedOptionException: Unrecognized option: ${word}`);
    }
  }
  return { args, flags, values };
}

/** The `server.N=...` lines of a dynamic config file (Java properties), as one members list. */
function membersFromFile(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'No such file or directory' : (error as Error).message;
    throw new CliError(`Error processing ${file}${file} (${reason})`);
  }
  const servers = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => /^server\.\d+\s*=/.test(l)).map((l) => l.replace(/\s*=\s*/, '='));
  if (servers.length === 0) throw new CliError(`Error processing ${file}no server.N entries`);
  return servers.join(',');
}

export const reconfig: CliCommand = {
  name: 'reconfig',
  usage: '[-s] [-v version] [[-file path] | [-members serverID=host:port1:port2;port3[,...]*]] | [-add serverId=host:port1:port2;port3[,...]]* [-remove serverId[,...]*]',
  options: {},
  parseWords: parseReconfigWords,
  async run(parsed, { client, console }) {
    const has = (name: string): boolean => parsed.values.has(name);
    if (!has('file') && !has('members') && !has('add') && !has('remove')) throw new CliError(`${this.name} ${this.usage}`);
    let fromConfig = -1n;
    const versionText = parsed.values.get('v');
    if (versionText !== undefined) {
      if (!/^[+-]?[0-9a-fA-F]+$/.test(versionText)) throw new CliError('-v must be followed by a long (configuration version)');
      fromConfig = BigInt.asIntN(64, BigInt(versionText.startsWith('-') ? `-0x${versionText.slice(1)}` : `0x${versionText.replace(/^\+/, '')}`));
    }
    if ((has('file') || has('members')) && (has('add') || has('remove'))) {
      throw new CliError("Can't use -file or -members together with -add or -remove (mixing incremental and non-incremental modes is not allowed)");
    }
    if (has('file') && has('members')) throw new CliError("Can't use -file and -members together (conflicting non-incremental modes)");
    const lower = (name: string): string | undefined => parsed.values.get(name)?.toLowerCase();
    const file = parsed.values.get('file');
    const newMembers = file === undefined ? lower('members') : membersFromFile(file);
    try {
      const { data, stat } = await client.reconfig({
        ...(has('add') ? { joiningServers: lower('add')! } : {}),
        ...(has('remove') ? { leavingServers: lower('remove')! } : {}),
        ...(newMembers === undefined ? {} : { newMembers }),
        fromConfig,
      });
      console.println(`Committed new configuration:\n${data === null ? '' : decoder.decode(data)}`);
      if (parsed.flags.has('s')) printStat(console, stat);
    } catch (error) {
      asCliError(error);
    }
  },
};
