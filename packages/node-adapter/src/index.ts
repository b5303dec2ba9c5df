/**
 * Paddock's deployable server, embeddable: `startServer` runs a standalone ZooKeeper-compatible
 * server in this process (no JVM), for tests and applications.
 */
import type { ServerInspection } from '@paddock/core';
import { EMBEDDED_DEFAULTS, parseZooCfg } from './config/index';
import { silentLogger, type Logger } from './logger';
import { startPaddockServer } from './paddock-server';

export { stderrLogger, silentLogger, type Logger } from './logger';
export { DEFAULT_CONNECTION_LIMITS, startPaddockServer, type RunningServer } from './paddock-server';
export { PADDOCK_VERSION, VERSION_LINE } from './version';

/** Options of {@link startServer}. */
export interface StartServerOptions {
  /** Where snapshots (and, without `dataLogDir` in `settings`, the log) live. Required. */
  readonly dataDir: string;
  /** Client port; 0 (the default) picks a free ephemeral port. */
  readonly port?: number;
  /** Address to bind; default 127.0.0.1. */
  readonly host?: string;
  /**
   * Further zoo.cfg settings, exactly as they would appear in the file
   * (`{ tickTime: '500', '4lw.commands.whitelist': 'ruok,srvr' }`). They override the
   * embedded defaults (every four-letter word enabled, tickTime 2000); `dataDir`, `port` and
   * `host` above override them.
   */
  readonly settings?: Readonly<Record<string, string>>;
  /** Where lifecycle lines and config warnings go; default: nowhere. */
  readonly logger?: Logger;
}

/** A started server. */
export interface EmbeddedServer {
  readonly host: string;
  /** The bound client port. */
  readonly port: number;
  /** Stops accepting, drops connections, flushes and fsyncs the log. */
  close(): Promise<void>;
  /** The core's read-only view: znode and session counts, last zxid, connections, watches. */
  inspect(): ServerInspection;
  /** Resolves when the server stops: null after `close()`, the error after a fatal one. */
  readonly stopped: Promise<Error | null>;
}

/**
 * Recovers whatever `options.dataDir` holds and starts serving it.
 * @throws ConfigError for a bad setting; CorruptLogError / CorruptSnapshotError when the data
 *   directory holds damaged acknowledged data; the listen error when the port is taken.
 */
export async function startServer(options: StartServerOptions): Promise<EmbeddedServer> {
  const logger = options.logger ?? silentLogger;
  const settings: Record<string, string> = {
    ...EMBEDDED_DEFAULTS,
    ...options.settings,
    clientPort: String(options.port ?? 0),
    clientPortAddress: options.host ?? '127.0.0.1',
    dataDir: options.dataDir,
  };
  const text = Object.entries(settings).map(([key, value]) => `${key}=${value}`).join('\n');
  const { config, warnings } = parseZooCfg(text, { source: 'startServer options' });
  for (const warning of warnings) logger.warn(warning);
  const running = await startPaddockServer(config, logger);
  return {
    host: running.host,
    port: running.port,
    close: () => running.close(),
    inspect: () => running.inspect(),
    stopped: running.stopped,
  };
}
