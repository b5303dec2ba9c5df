/**
 * ZooKeeper connect strings: `host1:port1,host2:port2[/chroot]`, as the Java client's
 * `ConnectStringParser` reads them. IPv6 hosts are written in brackets (`[::1]:2181`).
 */

/** One server address of a connect string. */
export interface HostPort {
  readonly host: string;
  readonly port: number;
}

/** A parsed connect string. `chroot` is `''` when there is none. */
export interface ConnectString {
  readonly hosts: readonly HostPort[];
  readonly chroot: string;
}

/** ZooKeeper's default client port. */
export const DEFAULT_CLIENT_PORT = 2181;

/** A connect string that cannot be used; thrown by {@link parseConnectString}. */
export class ConnectStringError extends Error {
  override readonly name = 'ConnectStringError';
}

/**
 * Parses a connect string. A chroot of `/` means no chroot, as in the Java client; any other
 * chroot must be a valid absolute path without a trailing slash.
 *
 * @throws ConnectStringError on an empty host list, a bad port or a bad chroot.
 */
export function parseConnectString(text: string): ConnectString {
  const slash = text.indexOf('/');
  const hostPart = slash === -1 ? text : text.slice(0, slash);
  const chroot = slash === -1 ? '' : normalizeChroot(text.slice(slash));
  const hosts = hostPart
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(parseHostPort);
  if (hosts.length === 0) throw new ConnectStringError(`no hosts in connect string ${JSON.stringify(text)}`);
  return { hosts, chroot };
}

function normalizeChroot(chroot: string): string {
  if (chroot === '/') return '';
  const problem = chrootProblem(chroot);
  if (problem !== undefined) throw new ConnectStringError(`invalid chroot ${JSON.stringify(chroot)}: ${problem}`);
  return chroot;
}

function chrootProblem(chroot: string): string | undefined {
  if (chroot.endsWith('/')) return 'trailing slash';
  for (const segment of chroot.slice(1).split('/')) {
    if (segment === '') return 'empty segment';
    if (segment === '.' || segment === '..') return `relative segment ${segment}`;
  }
  return undefined;
}

function parseHostPort(entry: string): HostPort {
  if (entry.startsWith('[')) {
    const close = entry.indexOf(']');
    if (close === -1) throw new ConnectStringError(`unclosed IPv6 bracket in ${JSON.stringify(entry)}`);
    const host = entry.slice(1, close);
    const rest = entry.slice(close + 1);
    if (rest === '') return { host, port: DEFAULT_CLIENT_PORT };
    if (!rest.startsWith(':')) throw new ConnectStringError(`unexpected ${JSON.stringify(rest)} after ${host}`);
    return { host, port: parsePort(rest.slice(1), entry) };
  }
  const colon = entry.lastIndexOf(':');
  if (colon === -1) return { host: entry, port: DEFAULT_CLIENT_PORT };
  const host = entry.slice(0, colon);
  if (host === '') throw new ConnectStringError(`empty host in ${JSON.stringify(entry)}`);
  return { host, port: parsePort(entry.slice(colon + 1), entry) };
}

function parsePort(text: string, entry: string): number {
  if (!/^\d+$/.test(text)) throw new ConnectStringError(`bad port in ${JSON.stringify(entry)}`);
  const port = Number(text);
  if (port < 1 || port > 65535) throw new ConnectStringError(`port out of range in ${JSON.stringify(entry)}`);
  return port;
}
