/** ACLs as zkCli reads them (`AclParser`) and prints them (jute's `Id.toString()` and perm letters). */
import { Perms, type ACL } from '@paddock/protocol';

const LETTERS: ReadonlyArray<readonly [string, number]> = [
  ['c', Perms.CREATE], ['d', Perms.DELETE], ['r', Perms.READ], ['w', Perms.WRITE], ['a', Perms.ADMIN],
];

/** `cdrwa`-style letters, in ZooKeeper's order (`ZKUtil.getPermString`). */
export function permString(perms: number): string {
  return LETTERS.filter(([, bit]) => (perms & bit) !== 0).map(([letter]) => letter).join('');
}

/**
 * Parses `scheme:id:perms[,...]`. Like zkCli, a malformed entry or an unknown perm letter is
 * reported through `warn` and skipped rather than failing the command.
 */
export function parseAcl(text: string, warn: (line: string) => void): ACL[] {
  const acl: ACL[] = [];
  for (const entry of text.split(',')) {
    const first = entry.indexOf(':');
    const last = entry.lastIndexOf(':');
    if (first === -1 || first === last) {
      warn(`${entry} does not have the form scheme:id:perm`);
      continue;
    }
    let perms = 0;
    for (const letter of entry.slice(last + 1)) {
      const bit = LETTERS.find(([l]) => l === letter)?.[1];
      if (bit === undefined) warn(`Unknown perm type: ${letter}`);
      else perms |= bit;
    }
    acl.push({ perms, id: { scheme: entry.slice(0, first), id: entry.slice(first + 1, last) } });
  }
  return acl;
}

/** jute's ToStringOutputArchive string escaping: a leading quote, a few characters as %XX. */
function juteString(s: string): string {
  const escapes: Record<string, string> = { '\0': '%00', '\n': '%0A', '\r': '%0D', ',': '%2C', '}': '%7D', '%': '%25' };
  return `'${[...s].map((c) => escapes[c] ?? c).join('')}`;
}

/** One ACL as getAcl prints it: the Id record (which ends in a newline), then `: perms`. */
export function aclLines(entry: ACL): string[] {
  return [`${juteString(entry.id.scheme)},${juteString(entry.id.id)}`, `: ${permString(entry.perms)}`];
}
