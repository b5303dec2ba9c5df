/**
 * The one zoo.cfg both servers read, so that they run with equal settings: the same tickTime
 * and session bounds, every write fsynced before it is acknowledged (forceSync), the same
 * snapshot interval, no per-IP connection cap (the generator connects thousands of sessions
 * from 127.0.0.1) and no AdminServer (its fixed port 8080 would collide between servers).
 */

/** The settings the bench fixes for both servers. */
export interface ServerSettings {
  readonly tickTime: number;
  readonly snapCount: number;
}

/** The settings used unless a caller overrides them: ZooKeeper's defaults. */
export const DEFAULT_SETTINGS: ServerSettings = { tickTime: 2000, snapCount: 100_000 };

/** A member's place in a local ensemble: its id (the `myid` file) and every `server.N` line. */
export interface EnsembleSeat {
  readonly id: number;
  readonly serverLines: readonly string[];
}

/**
 * The zoo.cfg text for a server on 127.0.0.1:`port` with data in `dataDir`: standalone, or a
 * member of an ensemble when `seat` is given (both servers read the same `server.N` lines).
 */
export function renderZooCfg(port: number, dataDir: string, settings: ServerSettings, seat?: EnsembleSeat): string {
  const lines: Array<[string, string | number]> = [
    ['tickTime', settings.tickTime],
    ['initLimit', 10],
    ['syncLimit', 5],
    ['dataDir', dataDir],
    ['clientPort', port],
    ['clientPortAddress', '127.0.0.1'],
    ['maxClientCnxns', 0],
    ['minSessionTimeout', 2 * settings.tickTime],
    ['maxSessionTimeout', 20 * settings.tickTime],
    // ZooKeeper reads unknown zoo.cfg keys as `zookeeper.<key>` system properties, which is
    // where forceSync lives; Paddock reads the key itself.
    ['forceSync', 'yes'],
    ['snapCount', settings.snapCount],
    ['autopurge.purgeInterval', 0],
    ['4lw.commands.whitelist', '*'],
    ['admin.enableServer', 'false'],
  ];
  const servers = seat?.serverLines ?? [];
  return [...lines.map(([key, value]) => `${key}=${value}`), ...servers].join('\n') + '\n';
}
