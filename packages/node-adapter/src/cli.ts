/**
 * `paddock-server [zoo.cfg]`: runs a server with the given ZooKeeper config file (standalone,
 * or the ensemble member its dataDir/myid names), or, without one, with the embedded defaults
 * (127.0.0.1:2181, data in ./data). `paddock-server --ensemble N [--dir DIR]` runs N members
 * on this machine instead. Logs one line per lifecycle event to stderr. SIGTERM or SIGINT stops
 * it cleanly (exit 0); a config error, damaged data on disk or a fatal runtime error exits 1.
 */
import { embeddedConfig, EMBEDDED_DEFAULTS, loadZooCfg, type ParsedZooCfg } from './config/index';
import { runLocalEnsemble } from './ensemble/ensemble-launcher';
import { stderrLogger, type Logger } from './logger';
import { startPaddockServer, type RunningServer } from './paddock-server';
import { VERSION_LINE } from './version';

const USAGE = `usage: paddock-server [path/to/zoo.cfg]
       paddock-server --ensemble 3|5 [--dir DIR]

  path/to/zoo.cfg  run with this ZooKeeper config file: standalone, or, when it lists
                   server.N lines, as the ensemble member named by dataDir/myid
                   (without a file: 127.0.0.1:2181, data in ./data)
  --ensemble N     run an ensemble of N members on 127.0.0.1, one process each, with free
                   client, quorum and election ports and a data directory each; prints the
                   connect string (every member) on stdout; Ctrl-C stops them all
  --dir DIR        where the members' directories go (default: a new temp directory);
                   reusing DIR after a stop writes fresh configs, so give a new one
  -h, --help       this help

  PADDOCK_TRACE=1  log the core's traces too`;

/** What the command line asks for, or why it cannot be run. */
type Command =
  | { readonly kind: 'help' }
  | { readonly kind: 'server'; readonly configPath: string | undefined }
  | { readonly kind: 'ensemble'; readonly size: number; readonly dir: string | undefined }
  | { readonly kind: 'bad'; readonly reason: string };

function parseArgs(args: readonly string[]): Command {
  if (args.includes('--help') || args.includes('-h')) return { kind: 'help' };
  if (!args.some((a) => a.startsWith('--'))) {
    return args.length > 1 ? { kind: 'bad', reason: 'expected at most one config file' } : { kind: 'server', configPath: args[0] };
  }
  let size: number | undefined;
  let dir: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const value = args[i + 1];
    if ((arg === '--ensemble' || arg === '--dir') && value === undefined) return { kind: 'bad', reason: `${arg} needs a value` };
    if (arg === '--ensemble') {
      if (!/^\d+$/.test(value!) || Number(value) < 1 || Number(value) > 9) return { kind: 'bad', reason: `--ensemble takes a member count from 1 to 9 (3 or 5 make sense), not '${value}'` };
      size = Number(value);
      i++;
    } else if (arg === '--dir') {
      dir = value;
      i++;
    } else {
      return { kind: 'bad', reason: `unknown argument '${arg}'` };
    }
  }
  if (size === undefined) return { kind: 'bad', reason: '--dir goes with --ensemble N' };
  return { kind: 'ensemble', size, dir };
}

async function main(args: readonly string[]): Promise<number> {
  const logger = stderrLogger({ traces: process.env.PADDOCK_TRACE === '1' });
  const command = parseArgs(args);
  switch (command.kind) {
    case 'help':
      process.stdout.write(`${USAGE}\n`);
      return 0;
    case 'bad':
      process.stderr.write(`paddock-server: ${command.reason}\n${USAGE}\n`);
      return 2;
    case 'ensemble':
      logger.info(`Paddock ${VERSION_LINE} starting an ensemble of ${command.size} (pid ${process.pid})`);
      return runLocalEnsemble({ size: command.size, dir: command.dir, logger });
    case 'server':
      return runServer(command.configPath, logger);
  }
}

async function runServer(configPath: string | undefined, logger: Logger): Promise<number> {
  logger.info(`Paddock ${VERSION_LINE} starting (pid ${process.pid})`);
  let server: RunningServer;
  try {
    const { config, warnings } = await loadConfig(configPath, logger);
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
