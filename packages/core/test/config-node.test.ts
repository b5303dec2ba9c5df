/** /zookeeper/config: empty when standalone, the ensemble's config text in an ensemble member. */
import { describe, expect, it } from 'vitest';
import { decodeUtf8, encodeJavaUtf8 } from '@paddock/protocol';
import { defaultCoreConfig, Server } from '../src/index';
import { encodeSnapshot, joinChunks } from '../src/snapshot/snapshot-codec';
import { DataTree } from '../src/tree/data-tree';

const TEXT = 'server.1=127.0.0.1:2888:3888:participant;0.0.0.0:2181\nserver.2=127.0.0.1:2889:3889:participant;0.0.0.0:2182\nversion=0';
const ENSEMBLE = [{ id: 1, observer: false }, { id: 2, observer: false }];

describe('/zookeeper/config', () => {
  it('is empty on a standalone server, with version 0', () => {
    const node = Server.bootstrap(defaultCoreConfig()).readNode('/zookeeper/config')!;
    expect(node.data).toEqual(new Uint8Array(0));
    expect(node.stat.version).toBe(0);
  });

  it("holds an ensemble member's config text, version -1 and zxids 0, as a ZooKeeper 3.8 quorum peer's does", () => {
    const server = Server.bootstrap(defaultCoreConfig({ serverId: 1, ensemble: ENSEMBLE, ensembleConfig: TEXT }));
    const node = server.readNode('/zookeeper/config')!;
    expect(decodeUtf8(node.data!)).toBe(TEXT);
    expect(node.stat).toMatchObject({ version: -1, aversion: -1, czxid: 0n, mzxid: 0n, mtime: 0n, dataLength: TEXT.length });
  });

  it('gives two members with the same config the same digest', () => {
    const a = Server.bootstrap(defaultCoreConfig({ serverId: 1, ensemble: ENSEMBLE, ensembleConfig: TEXT, startWallMs: 1 }));
    const b = Server.bootstrap(defaultCoreConfig({ serverId: 2, ensemble: ENSEMBLE, ensembleConfig: TEXT, startWallMs: 2 }));
    expect(a.inspect().digest).toBe(b.inspect().digest);
    expect(a.inspect().digest).not.toBe(Server.bootstrap(defaultCoreConfig()).inspect().digest);
  });

  it('is set from the config again after recovery, whatever the snapshot held', () => {
    const old = new DataTree();
    old.setConfigData(encodeJavaUtf8('version=0'));
    const snapshot = joinChunks(encodeSnapshot(old, []));
    const after = Server.recover(defaultCoreConfig({ serverId: 1, ensemble: ENSEMBLE, ensembleConfig: TEXT }), { snapshot, txns: [] });
    expect(decodeUtf8(after.readNode('/zookeeper/config')!.data!)).toBe(TEXT);
  });
});
