/** The two server implementations a chaos run can drive. */
export type ServerKind = 'paddock' | 'zookeeper';

/** The loopback ports one member binds. */
export interface MemberPorts {
  readonly id: number;
  readonly clientPort: number;
  readonly quorumPort: number;
  readonly electionPort: number;
}

/** Where member `from` dials member `to`: the ports of the proxies in between. */
export interface DialPorts {
  readonly quorumPort: number;
  readonly electionPort: number;
}

export interface MemberConfigInput {
  readonly kind: ServerKind;
  readonly self: MemberPorts;
  readonly members: readonly MemberPorts[];
  readonly dataDir: string;
  readonly tickTime: number;
  /** How this member reaches each other member (by id); absent: directly. */
  readonly dialVia: ReadonlyMap<number, DialPorts>;
}

/**
 * The zoo.cfg of one member. Both servers read the same ZooKeeper keys; the difference is how a
 * member is made to dial its peers through the chaos proxies:
 * - Paddock keeps every member's real `server.N` line (they are part of the ensemble digest) and
 *   takes `paddock.peerDial.N=host:port` for the address to dial instead;
 * - ZooKeeper reads other members' addresses only from their `server.N` lines, so each member's
 *   own file lists the proxies there, and its own line keeps the ports it binds. With dynamic
 *   reconfiguration off, members never exchange these lines, so per-member files are sound.
 */
export function renderMemberConfig(input: MemberConfigInput): string {
  const { kind, self, members, dataDir, tickTime, dialVia } = input;
  const lines: string[] = [
    `tickTime=${tickTime}`,
    'initLimit=10',
    'syncLimit=5',
    `dataDir=${dataDir}`,
    `clientPort=${self.clientPort}`,
    'clientPortAddress=127.0.0.1',
    `minSessionTimeout=${2 * tickTime}`,
    `maxSessionTimeout=${20 * tickTime}`,
    '4lw.commands.whitelist=*',
    'admin.enableServer=false',
  ];
  for (const member of members) {
    const via = member.id === self.id || kind === 'paddock' ? undefined : dialVia.get(member.id);
    const quorum = via?.quorumPort ?? member.quorumPort;
    const election = via?.electionPort ?? member.electionPort;
    lines.push(`server.${member.id}=127.0.0.1:${quorum}:${election};127.0.0.1:${member.clientPort}`);
  }
  if (kind === 'paddock') {
    for (const [id, via] of dialVia) {
      if (id !== self.id) lines.push(`paddock.peerDial.${id}=127.0.0.1:${via.quorumPort}`);
    }
  }
  return lines.join('\n') + '\n';
}
