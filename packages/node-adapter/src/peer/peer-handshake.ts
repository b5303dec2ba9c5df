/**
 * The first frame each way on a peer connection. The dialer says who it is, whom it meant to
 * reach, which ensemble it belongs to and which link incarnation it proposes; the acceptor
 * answers with the incarnation both ends will use, or with why it refuses. Until both have
 * spoken, no peer message flows, so a mis-wired server (a copied `myid`, a config from another
 * ensemble, a port pointing at the wrong member) never reaches the core.
 *
 *     hello:  int magic, int version, ustring ensembleDigest, int fromId, int toId, long incarnation
 *     accept: int magic, int version, boolean true,  int serverId, long incarnation
 *     reject: int magic, int version, boolean false, ustring reason
 */
import { createHash } from 'node:crypto';
import { JuteDecodeError, JuteReader, JuteWriter } from '@paddock/protocol';
import type { QuorumServerEntry } from '../config/server-entry';

/** "PDKP": tells a peer connection from a stray client or another protocol at once. */
const MAGIC = 0x50444b50;
/**
 * Bumped on any incompatible change to the handshake or the peer message encoding.
 * 2: a SNAP streams as `snap` + `snap-chunk`s + `snap-end` instead of one message.
 */
export const PEER_PROTOCOL_VERSION = 2;

export interface Hello {
  readonly version: number;
  readonly ensembleDigest: string;
  readonly fromId: number;
  readonly toId: number;
  readonly incarnation: number;
}

export type HelloReply =
  | { readonly accepted: true; readonly version: number; readonly serverId: number; readonly incarnation: number }
  | { readonly accepted: false; readonly version: number; readonly reason: string };

export function encodeHello(h: Omit<Hello, 'version'>): Uint8Array {
  const w = new JuteWriter(64).int(MAGIC).int(PEER_PROTOCOL_VERSION).ustring(h.ensembleDigest);
  return w.int(h.fromId).int(h.toId).long(BigInt(h.incarnation)).finish();
}

/** @throws JuteDecodeError when the frame is not a hello. */
export function decodeHello(bytes: Uint8Array): Hello {
  const r = new JuteReader(bytes);
  const version = readPreamble(r);
  const hello = {
    version,
    ensembleDigest: r.requiredUstring('ensembleDigest'),
    fromId: r.int(),
    toId: r.int(),
    incarnation: readIncarnation(r),
  };
  r.expectEnd('hello');
  return hello;
}

export function encodeAccept(serverId: number, incarnation: number): Uint8Array {
  return new JuteWriter(32).int(MAGIC).int(PEER_PROTOCOL_VERSION).bool(true).int(serverId).long(BigInt(incarnation)).finish();
}

export function encodeReject(reason: string): Uint8Array {
  return new JuteWriter(64 + reason.length).int(MAGIC).int(PEER_PROTOCOL_VERSION).bool(false).ustring(reason).finish();
}

/** @throws JuteDecodeError when the frame is not a reply. */
export function decodeHelloReply(bytes: Uint8Array): HelloReply {
  const r = new JuteReader(bytes);
  const version = readPreamble(r);
  const reply: HelloReply = r.bool()
    ? { accepted: true, version, serverId: r.int(), incarnation: readIncarnation(r) }
    : { accepted: false, version, reason: r.requiredUstring('reason') };
  r.expectEnd('hello reply');
  return reply;
}

/**
 * A digest of the ensemble's membership: every `server.N` line (id, host, ports, type),
 * canonically ordered. Two servers agree on it exactly when their member lists agree, so a
 * server started with another ensemble's config (or a stale one) is refused at the handshake
 * instead of voting in the wrong quorum.
 */
export function ensembleDigest(members: readonly QuorumServerEntry[]): string {
  const lines = [...members]
    .sort((a, b) => a.id - b.id)
    .map((m) => `server.${m.id}=${m.host}:${m.quorumPort}:${m.electionPort}:${m.type}`);
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

function readPreamble(r: JuteReader): number {
  const magic = r.int();
  if (magic !== MAGIC) throw new JuteDecodeError(`not a Paddock peer handshake (magic 0x${(magic >>> 0).toString(16)})`);
  return r.int();
}

function readIncarnation(r: JuteReader): number {
  const n = r.long();
  if (n < 1n || n > BigInt(Number.MAX_SAFE_INTEGER)) throw new JuteDecodeError(`bad link incarnation ${n}`);
  return Number(n);
}
