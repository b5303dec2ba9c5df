/** A Stat as the client scripts print it: 64-bit fields as decimal strings. */
export interface StatJson {
  czxid: string;
  mzxid: string;
  ctime: number;
  mtime: number;
  version: number;
  cversion: number;
  aversion: number;
  ephemeralOwner: string;
  dataLength: number;
  numChildren: number;
  pzxid: string;
}

export type Outcome<T = unknown> = { ok: T } | { error: string };

/** A 64-bit decimal string as a bigint, for exact zxid arithmetic. */
export function zx(value: string): bigint {
  return BigInt(value);
}

/** The Stat of a fresh node: its three zxids equal and every counter at zero. */
export function expectFreshStat(stat: StatJson, dataLength: number, ephemeralOwner = '0'): void {
  const problems: string[] = [];
  if (stat.mzxid !== stat.czxid) problems.push(`mzxid ${stat.mzxid} != czxid ${stat.czxid}`);
  if (stat.pzxid !== stat.czxid) problems.push(`pzxid ${stat.pzxid} != czxid ${stat.czxid}`);
  if (stat.ctime !== stat.mtime) problems.push(`ctime ${stat.ctime} != mtime ${stat.mtime}`);
  for (const field of ['version', 'cversion', 'aversion', 'numChildren'] as const) {
    if (stat[field] !== 0) problems.push(`${field} = ${stat[field]}, expected 0`);
  }
  if (stat.dataLength !== dataLength) problems.push(`dataLength ${stat.dataLength}, expected ${dataLength}`);
  if (stat.ephemeralOwner !== ephemeralOwner) problems.push(`ephemeralOwner ${stat.ephemeralOwner}, expected ${ephemeralOwner}`);
  if (problems.length > 0) throw new Error(`not a fresh Stat: ${problems.join('; ')}\n${JSON.stringify(stat)}`);
}
