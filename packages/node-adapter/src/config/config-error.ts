/** A zoo.cfg problem that stops the server from starting, located as precisely as possible. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(
    /** What is wrong, in one sentence. */
    readonly reason: string,
    /** The offending key, the value as written, its 1-based line and the file, when known. */
    readonly key: string | null = null,
    readonly value: string | null = null,
    readonly line: number | null = null,
    readonly source: string | null = null,
  ) {
    const where = [source ?? 'zoo.cfg', line === null ? null : String(line)].filter((p) => p !== null).join(':');
    const what = key === null ? '' : value === null ? `${key}: ` : `${key}=${value}: `;
    super(`${where}: ${what}${reason}`);
  }
}
