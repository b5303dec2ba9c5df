/**
 * Who this server is in its configuration: standalone (no `server.N` lines, or a single
 * participant with standaloneEnabled, exactly as before ensembles existed) or one member of an
 * ensemble, with ZooKeeper's startup checks (QuorumPeerConfig): the id from `myid` must have a
 * `server.N` line, the line decides participant or observer (a differing `peerType` is warned
 * about), and no two ports of the ensemble may collide.
 */
import type { EnsembleMember } from '@paddock/core';
import type { ServerConfig } from '../config/server-config';
import type { QuorumServerEntry } from '../config/server-entry';

/** A member's place in its ensemble. */
export interface Membership {
  readonly myId: number;
  /** Every `server.N` line, by id, this server's included. */
  readonly members: readonly QuorumServerEntry[];
  readonly self: QuorumServerEntry;
  /** Where clients connect to this member. */
  readonly client: { readonly host: string | null; readonly port: number };
  /** Things the operator should know (a peerType the server list overrides). */
  readonly warnings: readonly string[];
}

/**
 * Whether the configuration asks for an ensemble: more than one participant, or server lines
 * with standaloneEnabled=false (ZooKeeper's QuorumPeerConfig.isDistributed).
 */
export function isEnsemble(config: ServerConfig): boolean {
  const participants = config.servers.filter((s) => s.type === 'participant').length;
  return participants > 1 || (!config.standaloneEnabled && config.servers.length > 1);
}

/**
 * Checks the ensemble configuration as member `myId` and resolves its client address.
 * @throws Error with a readable message for a configuration no member could run.
 */
export function resolveMembership(config: ServerConfig, myId: number): Membership {
  const members = config.servers;
  const self = members.find((m) => m.id === myId);
  if (self === undefined) {
    throw new Error(`myid is ${myId}, but the configuration has no server.${myId} line (its servers are ${members.map((m) => m.id).join(', ')})`);
  }
  const port = config.clientPort ?? self.clientPort;
  if (port === null) throw new Error(`no client port for server ${myId}: set clientPort, or end its server.${myId} line with ;[address:]port`);
  const client = { host: config.clientPortAddress ?? self.clientAddress, port };
  checkPorts(members, myId, client.port);
  const warnings: string[] = [];
  if (config.peerType !== self.type) {
    warnings.push(`peerType is ${config.peerType} but the server.${myId} line makes this server a ${self.type}; using ${self.type} (as ZooKeeper does)`);
  }
  return { myId, members, self, client, warnings };
}

/** The ensemble as the core sees it. */
export function coreEnsemble(membership: Membership): EnsembleMember[] {
  return membership.members.map((m) => ({ id: m.id, observer: m.type === 'observer' }));
}

/** Every port of the ensemble must be distinct on its host: two servers cannot listen on one. */
function checkPorts(members: readonly QuorumServerEntry[], myId: number, myClientPort: number): void {
  const owners = new Map<string, string>();
  const claim = (host: string, port: number, what: string) => {
    if (port === 0) return;
    const key = `${host.toLowerCase()}:${port}`;
    const earlier = owners.get(key);
    if (earlier !== undefined) throw new Error(`port ${port} on ${host} is both ${earlier} and ${what}; every port of the ensemble must differ`);
    owners.set(key, what);
  };
  for (const m of members) {
    claim(m.host, m.quorumPort, `the quorum port of server.${m.id}`);
    claim(m.host, m.electionPort, `the election port of server.${m.id}`);
    const clientPort = m.id === myId ? myClientPort : m.clientPort;
    if (clientPort !== null) claim(m.host, clientPort, `the client port of server.${m.id}`);
  }
}

/**
 * The ensemble as ZooKeeper prints it in `conf` (after `membership: `) and holds in
 * `/zookeeper/config`: one `server.N=host:quorumPort:electionPort:type[;clientAddress:clientPort]`
 * line per member, then `version=0`, with no newline at the end. The client part appears only
 * for lines that give one (ZooKeeper leaves out a client port taken from clientPort), with
 * 0.0.0.0 for "all addresses". The version is 0: a static configuration that was never
 * reconfigured, as ZooKeeper 3.8 reports it with reconfigEnabled=false.
 */
export function ensembleConfigText(members: readonly QuorumServerEntry[]): string {
  const host = (h: string) => (h.includes(':') ? `[${h}]` : h);
  const lines = members.map((m) => {
    const client = m.clientPort === null ? '' : `;${host(m.clientAddress ?? '0.0.0.0')}:${m.clientPort}`;
    return `server.${m.id}=${host(m.host)}:${m.quorumPort}:${m.electionPort}:${m.type}${client}`;
  });
  return [...lines, 'version=0'].join('\n');
}
