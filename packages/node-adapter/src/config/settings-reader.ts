/**
 * Typed access to parsed zoo.cfg entries. It remembers which keys were read, so that every key
 * nobody read can be reported instead of silently ignored, and turns a bad value into a
 * `ConfigError` naming key, value and line.
 */

import { ConfigError } from './config-error';
import type { PropertyEntry } from './java-properties';

/** Bounds of an integer setting, inclusive. */
export interface IntRange {
  readonly min: number;
  readonly max: number;
}

const INT32: IntRange = { min: -(2 ** 31), max: 2 ** 31 - 1 };

export class SettingsReader {
  private readonly entries = new Map<string, PropertyEntry>();
  private readonly consumed = new Set<string>();

  constructor(
    entries: readonly PropertyEntry[],
    readonly source: string | null,
    private readonly warnings: string[],
  ) {
    for (const entry of entries) {
      const earlier = this.entries.get(entry.key);
      if (earlier !== undefined) {
        this.warn(`'${entry.key}' is set on line ${earlier.line} and again on line ${entry.line}; the later value wins`);
      }
      this.entries.set(entry.key, entry);
    }
  }

  /** Adds a warning, prefixed with the config file name. */
  warn(message: string): void {
    this.warnings.push(`${this.source ?? 'zoo.cfg'}: ${message}`);
  }

  /** The entry for `key`, marking it read. */
  entry(key: string): PropertyEntry | undefined {
    this.consumed.add(key);
    return this.entries.get(key);
  }

  /** Entries whose key matches `pattern`, marking them read, in file order. */
  matching(pattern: RegExp): PropertyEntry[] {
    const found = [...this.entries.values()].filter((e) => pattern.test(e.key));
    for (const e of found) this.consumed.add(e.key);
    return found.sort((a, b) => a.line - b.line);
  }

  /** Entries nobody has read yet, in file order. */
  unread(): PropertyEntry[] {
    return [...this.entries.values()].filter((e) => !this.consumed.has(e.key)).sort((a, b) => a.line - b.line);
  }

  /** A ConfigError located at `key`'s entry (or at no line when the key is absent). */
  error(key: string, reason: string): ConfigError {
    const entry = this.entries.get(key);
    return new ConfigError(reason, key, entry?.value ?? null, entry?.line ?? null, this.source);
  }

  string(key: string): string | undefined {
    return this.entry(key)?.value;
  }

  /** A decimal integer (optional sign), as Java's Integer.parseInt reads it, within `range`. */
  int(key: string, fallback: number, range: IntRange = INT32): number {
    const entry = this.entry(key);
    return entry === undefined ? fallback : parseIntIn(entry, range, this.source);
  }

  /** Like `int` but absent gives undefined, for settings whose default depends on others. */
  optionalInt(key: string, range: IntRange = INT32): number | undefined {
    const entry = this.entry(key);
    return entry === undefined ? undefined : parseIntIn(entry, range, this.source);
  }

  /**
   * true/false or yes/no, any case. ZooKeeper reads some keys as true/false and others (those
   * that are really system properties, like forceSync) as yes/no; accepting both everywhere
   * is kinder, and anything else is an error rather than a silent false.
   */
  bool(key: string, fallback: boolean): boolean {
    const entry = this.entry(key);
    if (entry === undefined) return fallback;
    const v = entry.value.toLowerCase();
    if (v === 'true' || v === 'yes') return true;
    if (v === 'false' || v === 'no') return false;
    throw new ConfigError("expected 'true' or 'false' (or 'yes' or 'no')", key, entry.value, entry.line, this.source);
  }
}

/** Parses `entry.value` as an integer in `range`; also used for parts of compound values. */
export function parseIntIn(entry: PropertyEntry, range: IntRange, source: string | null, text = entry.value): number {
  const fail = (reason: string) => new ConfigError(reason, entry.key, entry.value, entry.line, source);
  if (!/^[+-]?\d+$/.test(text)) throw fail(`'${text}' is not a decimal integer`);
  const n = Number(text);
  if (n < range.min || n > range.max) throw fail(`${n} is outside ${range.min} .. ${range.max}`);
  return n;
}
