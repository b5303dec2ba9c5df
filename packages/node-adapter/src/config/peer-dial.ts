/**
 * `paddock.peerDial.N=host:port`, a Paddock-only zoo.cfg key: dial ensemble member N at this
 * address instead of the quorum address of its `server.N` line, e.g. through a TCP proxy or a
 * NAT. Only where this server connects changes: member N still listens on its own line's
 * address, and the key is not part of the ensemble digest peers compare (each member may dial
 * the others differently).
 */

import { ConfigError } from './config-error';
import type { PropertyEntry } from './java-properties';
import { parseIntIn, type IntRange } from './settings-reader';

/** Where to dial one member. */
export interface PeerAddress {
  readonly host: string;
  readonly port: number;
}

/** Matches every `paddock.peerDial.*` key, valid or not, so that malformed ones are reported. */
export const PEER_DIAL_KEY = /^paddock\.peerDial\./;

const PORT: IntRange = { min: 1, max: 65535 };
const SERVER_ID: IntRange = { min: 1, max: 255 };

/**
 * Parses the `paddock.peerDial.N` entries; each N must have a `server.N` line.
 * @throws ConfigError naming the entry of the first bad one.
 */
export function parsePeerDials(
  entries: readonly PropertyEntry[],
  serverIds: ReadonlySet<number>,
  source: string | null,
): ReadonlyMap<number, PeerAddress> {
  const dials = new Map<number, PeerAddress>();
  for (const entry of entries) {
    const fail = (reason: string) => new ConfigError(reason, entry.key, entry.value, entry.line, source);
    const id = parseIntIn(entry, SERVER_ID, source, entry.key.slice('paddock.peerDial.'.length));
    if (!serverIds.has(id)) throw fail(`there is no server.${id} line for this address to replace`);
    const text = entry.value.trim();
    let host: string;
    let portText: string;
    if (text.startsWith('[')) {
      const close = text.indexOf(']');
      if (close < 0 || text[close + 1] !== ':') throw fail("an IPv6 host must be written '[address]:port'");
      host = text.slice(1, close);
      portText = text.slice(close + 2);
    } else {
      const parts = text.split(':');
      if (parts.length !== 2 || parts[0] === '') throw fail('expected host:port');
      host = parts[0]!;
      portText = parts[1]!;
    }
    dials.set(id, { host, port: parseIntIn(entry, PORT, source, portText) });
  }
  return dials;
}
