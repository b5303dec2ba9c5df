/** The server commands the shell knows, by name. */
import type { CliCommand } from '../command';
import { addauth, getAcl, setAcl, whoami } from './acl-commands';
import { reconfig, version } from './admin-commands';
import { delquota, listquota, setquota } from './quota-commands';
import { get, getAllChildrenNumber, getEphemerals, ls, stat } from './read-commands';
import { config, sync } from './session-commands';
import { addWatch, removewatches } from './watch-commands';
import { create, del, deleteall, set } from './write-commands';

export const SERVER_COMMANDS: ReadonlyMap<string, CliCommand> = new Map(
  [
    ls, get, stat, getAllChildrenNumber, getEphemerals, create, set, del, deleteall, getAcl, setAcl, addauth, whoami,
    addWatch, removewatches, sync, config, setquota, listquota, delquota, reconfig, version,
  ].map((command) => [command.name, command]),
);
