/** zoo.cfg settings mapped onto what the core needs to know (`CoreConfig`). */
import { randomInt } from 'node:crypto';
import { defaultCoreConfig, type CoreConfig } from '@paddock/core';
import type { ServerConfig } from './config/server-config';
import { coreEnsemble, ensembleConfigText, type Membership } from './ensemble/membership';

/** ZooKeeper's standalone server id: the top byte of every session id it hands out. */
const STANDALONE_SERVER_ID = 1;
/** Znodes serialized per turn while a snapshot is written: a few ms of work, so writes keep flowing. */
const SNAPSHOT_SLICE_NODES = 5000;

/**
 * The core's configuration for a standalone server (`membership` null) or an ensemble member.
 * The PRNG seed is drawn here (the core may not draw randomness itself) and the wall clock at
 * start seeds session ids, as ZooKeeper does (with the server id as their top byte).
 */
export function coreConfigFor(config: ServerConfig, startWallMs: number, membership: Membership | null = null): CoreConfig {
  return defaultCoreConfig({
    serverId: membership?.myId ?? STANDALONE_SERVER_ID,
    ensemble: membership === null ? [] : coreEnsemble(membership),
    ensembleConfig: membership === null ? null : ensembleConfigText(membership.members),
    initLimit: config.initLimitTicks,
    syncLimit: config.syncLimitTicks,
    tickTimeMs: config.tickTimeMs,
    minSessionTimeoutMs: config.minSessionTimeoutMs,
    maxSessionTimeoutMs: config.maxSessionTimeoutMs,
    maxClientCnxnsPerHost: config.maxClientCnxns,
    // ZooKeeper's globalOutstandingLimit throttles reading once that many requests wait; the
    // core counts per connection, so the same number bounds each connection.
    maxOutstandingPerConnection: config.globalOutstandingLimit,
    snapCount: config.snapCount,
    snapshotSliceNodes: SNAPSHOT_SLICE_NODES,
    extendedTypesEnabled: config.extendedTypesEnabled,
    skipACL: config.skipACL,
    superDigest: config.superDigest,
    containerCheckIntervalMs: config.containers.checkIntervalMs,
    containerMaxPerMinute: config.containers.maxPerMinute,
    containerMaxNeverUsedIntervalMs: config.containers.maxNeverUsedIntervalMs,
    randomSeed: randomInt(0, 2 ** 32 - 1),
    startWallMs,
  });
}
