/** One line per lifecycle event, to stderr by default; tests pass their own or a silent one. */

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** The core's `trace` outputs: very chatty, so off unless asked for. */
  trace(message: string): void;
}

/** Writes `<ISO time> <LEVEL> <message>` lines to stderr; traces only when `traces` is set. */
export function stderrLogger(options: { readonly traces: boolean }): Logger {
  const write = (level: string, message: string) => {
    process.stderr.write(`${new Date().toISOString()} ${level} ${message}\n`);
  };
  return {
    info: (m) => write('INFO', m),
    warn: (m) => write('WARN', m),
    error: (m) => write('ERROR', m),
    trace: (m) => {
      if (options.traces) write('TRACE', m);
    },
  };
}

/** Drops everything. */
export const silentLogger: Logger = { info() {}, warn() {}, error() {}, trace() {} };
