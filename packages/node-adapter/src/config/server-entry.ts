/**
 * `server.N=host:quorumPort:electionPort[:participant|observer][;[clientAddress:]clientPort]`,
 * the ensemble member lines of zoo.cfg (DOCS/zookeeperAdmin.md, "server.x"; the client part
 * is the 3.5+ dynamic-config form). IPv6 hosts are written in brackets: `[::1]:2888:3888`.
 */

import { ConfigError } from './config-error';
import type { PropertyEntry } from './java-properties';
import { parseIntIn, type IntRange } from './settings-reader';

/** One `server.N` line. */
export interface QuorumServerEntry {
  /** N, the server id that the member's `myid` file holds. */
  readonly id: number;
  readonly host: string;
  /** Port followers connect to the leader on (2888 in the docs). */
  readonly quorumPort: number;
  /** Port for leader election (3888 in the docs). */
  readonly electionPort: number;
  readonly type: 'participant' | 'observer';
  /** From the `;[address:]port` suffix; null when absent (then `clientPortAddress` applies). */
  readonly clientAddress: string | null;
  readonly clientPort: number | null;
}

const PORT: IntRange = { min: 1, max: 65535 };
/** ZooKeeper documents server ids 1..255: the id is the top byte of session ids. */
const SERVER_ID: IntRange = { min: 1, max: 255 };

/** Matches every `server.*` key, valid or not, so that malformed ones are reported. */
export const SERVER_KEY = /^server\./;

/** Parses one `server.*` entry. */
export function parseServerEntry(entry: PropertyEntry, source: string | null): QuorumServerEntry {
  const fail = (reason: string) => new ConfigError(reason, entry.key, entry.value, entry.line, source);
  const idText = entry.key.slice('server.'.length);
  const id = parseIntIn(entry, SERVER_ID, source, idText);
  const parts = entry.value.split(';');
  if (parts.length > 2) throw fail("expected at most one ';' (before the client address)");
  const quorumPart = parts[0]!.trim();
  if (quorumPart.includes('|')) throw fail("multiple addresses per server ('|', multiAddress.enabled) are not supported");
  const [host, rest] = splitHost(quorumPart, fail);
  if (rest.length < 2 || rest.length > 3) throw fail('expected host:quorumPort:electionPort[:participant|observer]');
  const quorumPort = parseIntIn(entry, PORT, source, rest[0]!);
  const electionPort = parseIntIn(entry, PORT, source, rest[1]!);
  const typeText = (rest[2] ?? 'participant').toLowerCase();
  if (typeText !== 'participant' && typeText !== 'observer') {
    throw fail(`unknown server type '${rest[2]}' (expected participant or observer)`);
  }
  const client = parts[1] === undefined ? null : parseClientPart(parts[1].trim(), entry, source, fail);
  return {
    id,
    host,
    quorumPort,
    electionPort,
    type: typeText,
    clientAddress: client?.address ?? null,
    clientPort: client?.port ?? null,
  };
}

function parseClientPart(
  text: string,
  entry: PropertyEntry,
  source: string | null,
  fail: (reason: string) => ConfigError,
): { address: string | null; port: number } {
  if (!text.includes(':')) return { address: null, port: parseIntIn(entry, PORT, source, text) };
  const [address, rest] = splitHost(text, fail);
  if (rest.length !== 1) throw fail("expected ';[clientAddress:]clientPort' after the ports");
  return { address, port: parseIntIn(entry, PORT, source, rest[0]!) };
}

/** Splits `host:a:b…` or `[ipv6]:a:b…` into the host and the colon-separated rest. */
function splitHost(text: string, fail: (reason: string) => ConfigError): [string, string[]] {
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0 || text[close + 1] !== ':') throw fail("an IPv6 host must be written '[address]:port'");
    return [text.slice(1, close), text.slice(close + 2).split(':')];
  }
  const [host, ...rest] = text.split(':');
  if (host === undefined || host === '') throw fail('missing host');
  return [host, rest];
}
