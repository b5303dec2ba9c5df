/**
 * `config -c`: the dynamic configuration reduced to what clients need, as ZooKeeper's
 * `ConfigUtils.getClientConfigStr` makes it: `<version> <host:port>,<host:port>...`, the client
 * address of each `server.N` entry (`...;[host:]port`, host `0.0.0.0` when only a port is given).
 * Servers are listed by id; ZooKeeper lists them in hash order.
 */
export function clientConfigString(config: string): string {
  let version = '';
  const servers: Array<{ id: number; address: string }> = [];
  for (const raw of config.split('\n')) {
    const line = raw.trim();
    const eq = line.indexOf('=');
    if (line === '' || line.startsWith('#') || eq === -1) continue;
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    if (key === 'version') version = value;
    const id = /^server\.(\d+)$/.exec(key);
    if (id === null) continue;
    const address = clientAddress(value);
    if (address !== undefined) servers.push({ id: Number(id[1]), address });
  }
  return `${version} ${servers.sort((a, b) => a.id - b.id).map((s) => s.address).join(',')}`;
}

/** `host:2888:3888[:role][;[clientHost:]clientPort]` → `clientHost:clientPort`; '' without one; undefined if malformed. */
function clientAddress(value: string): string | undefined {
  const parts = value.split(';');
  if (parts.length > 2) return undefined;
  if (parts.length === 1) return '';
  const client = parts[1]!.trim();
  const bracketed = /^\[([^\]]+)\]:(\d+)$/.exec(client);
  if (bracketed !== null) return `${bracketed[1]}:${bracketed[2]}`;
  const pieces = client.split(':');
  if (pieces.length > 2 || !/^\d+$/.test(pieces.at(-1)!)) return undefined;
  return pieces.length === 2 ? `${pieces[0]}:${pieces[1]}` : `0.0.0.0:${pieces[0]}`;
}
