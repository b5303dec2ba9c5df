import { createHash } from 'node:crypto';

export type ServerKind = 'zookeeper' | 'paddock';

export interface ServerOptions {
  /** Milliseconds per tick; session expiry is bucketed on tick boundaries. */
  tickTime?: number;
  minSessionTimeout?: number;
  maxSessionTimeout?: number;
  /** `user:password` in clear; the harness derives the `user:base64(sha1)` digest the server wants. */
  superUser?: { user: string; password: string };
  /**
   * How often container and TTL nodes are garbage-collected (ZooKeeper's system property
   * `znode.container.checkIntervalMs`, default one minute). Paddock gets the same key in zoo.cfg.
   */
  containerCheckIntervalMs?: number;
  /** Extra zoo.cfg lines, for scenarios that need one more key. */
  extraConfig?: Record<string, string | number | boolean>;
}

export interface ResolvedOptions {
  tickTime: number;
  minSessionTimeout: number;
  maxSessionTimeout: number;
  superDigest: string | undefined;
  containerCheckIntervalMs: number | undefined;
  extraConfig: Record<string, string | number | boolean>;
}

export function resolveOptions(opts: ServerOptions = {}): ResolvedOptions {
  const tickTime = opts.tickTime ?? 500;
  return {
    tickTime,
    minSessionTimeout: opts.minSessionTimeout ?? 2 * tickTime,
    maxSessionTimeout: opts.maxSessionTimeout ?? 60 * tickTime,
    superDigest: opts.superUser ? digestId(opts.superUser.user, opts.superUser.password) : undefined,
    containerCheckIntervalMs: opts.containerCheckIntervalMs,
    extraConfig: opts.extraConfig ?? {},
  };
}

/** The id ZooKeeper's digest scheme stores: `user:base64(sha1("user:password"))`. */
export function digestId(user: string, password: string): string {
  const hash = createHash('sha1').update(`${user}:${password}`, 'utf8').digest('base64');
  return `${user}:${hash}`;
}

/**
 * The zoo.cfg both servers read. Keys are ZooKeeper's own; the AdminServer is switched off
 * because its fixed default port (8080) would collide between servers running side by side.
 * ZooKeeper takes the super digest and the container check interval as system properties;
 * Paddock reads them from zoo.cfg.
 */
export function renderZooCfg(kind: ServerKind, port: number, dataDir: string, o: ResolvedOptions): string {
  const lines: Array<[string, string | number | boolean]> = [
    ['tickTime', o.tickTime],
    ['dataDir', dataDir],
    ['clientPort', port],
    ['clientPortAddress', '127.0.0.1'],
    ['minSessionTimeout', o.minSessionTimeout],
    ['maxSessionTimeout', o.maxSessionTimeout],
    ['4lw.commands.whitelist', '*'],
    ['extendedTypesEnabled', true],
    ['admin.enableServer', false],
  ];
  if (kind === 'paddock' && o.superDigest !== undefined) lines.push(['DigestAuthenticationProvider.superDigest', o.superDigest]);
  if (kind === 'paddock' && o.containerCheckIntervalMs !== undefined) {
    lines.push(['znode.container.checkIntervalMs', o.containerCheckIntervalMs]);
  }
  for (const [key, value] of Object.entries(o.extraConfig)) lines.push([key, value]);
  return lines.map(([key, value]) => `${key}=${String(value)}`).join('\n') + '\n';
}
