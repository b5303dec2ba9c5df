/**
 * ZooKeeper's `StatsTrack` text, the content of a quota's `zookeeper_limits` and
 * `zookeeper_stats` nodes: `count=5,bytes=-1=;byteHardLimit=-1;countHardLimit=4`. `count` and
 * `bytes` come first; other keys follow sorted, after a spurious `=` and each after a `;`, so
 * that ZooKeeper 3.4's parser still reads the first two.
 */
export class StatsTrack {
  private readonly values = new Map<string, bigint>();

  /** Reads `key=value` pairs separated by `,` or `;` (a value that is not a number is skipped). */
  static parse(text: string): StatsTrack {
    const track = new StatsTrack();
    for (const pair of text.split(/[,;]+/)) {
      const [key, value] = pair.split('=');
      if (key === undefined || key === '' || value === undefined || !/^-?\d+$/.test(value)) continue;
      track.values.set(key, BigInt(value));
    }
    return track;
  }

  /** A key's value; -1 when it is not set. */
  get(key: string): bigint {
    return this.values.get(key) ?? -1n;
  }

  set(key: string, value: bigint): this {
    this.values.set(key, value);
    return this;
  }

  toString(): string {
    const extra = [...this.values.keys()].filter((k) => k !== 'count' && k !== 'bytes').sort();
    const head = `count=${this.get('count')},bytes=${this.get('bytes')}`;
    return extra.length === 0 ? head : `${head}=${extra.map((k) => `;${k}=${this.values.get(k)}`).join('')}`;
  }
}

/** Where ZooKeeper keeps quotas: `/zookeeper/quota` + the node's path. */
export const QUOTA_ROOT = '/zookeeper/quota';
export const LIMIT_NODE = 'zookeeper_limits';
export const STAT_NODE = 'zookeeper_stats';

export function quotaPath(path: string): string {
  return QUOTA_ROOT + path;
}

export function limitPath(path: string): string {
  return `${quotaPath(path)}/${LIMIT_NODE}`;
}

export function statPath(path: string): string {
  return `${quotaPath(path)}/${STAT_NODE}`;
}
