/**
 * `paddock-server [zoo.cfg]`: runs a standalone server with the given ZooKeeper config file,
 * or, without one, with the embedded defaults (127.0.0.1:2181, data in ./data). Logs one line
 * per lifecycle event to stderr. SIGTERM or SIGINT stops it cleanly (exit 0); a config error,
 * damaged data on disk or a fatal runtime error exits 1.
 */
import { embeddedConfig, EMBEDDED_DEFAULTS, loadZooCfg, type ParsedZooCfg } from './config/index';
import { stderrLogger, type Logger } from './logger';
import { startPaddockServer, type RunningServer } from './paddock-server';
import { VERSION_LINE } from './version';

const USAGE = 'usage: paddock-server [path/to/zoo.cfg]';

async function main(args: readonly string[]): Promise<number> {
  const logger = stderrLogger({ traces: process.env.PADDOCK_TRACE === '1' });
  if (args.length > 1 || args[0] === '--help' || args[0] === '-h') {
    process.stderr.write(`${USAGE}\n`);
    return args.length > 1 ? 1 : 0;
  }
  logger.info(`Paddock ${VERSION_LINE} starting (pid ${process.pid})`);
  let server: RunningServer;
  try {
    const { config, warnings } = await loadConfig(args[0], logger);
    for (const warning of warnings) logger.warn(warning);
    server = await startPaddockServer(config, logger);
  } catch (error) {
    logger.error(`cannot start: ${(error as Error).message}`);
    return 1;
  }
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) {
      logger.warn(`${signal} again; exiting without waiting for the shutdown`);
      process.exit(1);
    }
    signalled = true;
    logger.info(`${signal} received; shutting down`);
    server.close().catch((error: unknown) => logger.error(`shutdown failed: ${(error as Error).message}`));
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  const fatal = await server.stopped;
  return fatal === null ? 0 : 1;
}

async function loadConfig(path: string | undefined, logger: Logger): Promise<ParsedZooCfg> {
  if (path !== undefined) {
    logger.info(`reading ${path}`);
    return loadZooCfg(path);
  }
  const shown = Object.entries(EMBEDDED_DEFAULTS).map(([k, v]) => `${k}=${v}`).join(' ');
  logger.info(`no config file given; using the embedded defaults (${shown})`);
  return { config: embeddedConfig(), warnings: [] };
}

process.exit(await main(process.argv.slice(2)));
