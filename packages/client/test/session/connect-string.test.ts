import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ConnectStringError, HostList, parseConnectString, prependChroot, seededRandom, stripChroot } from '../../src/session/index';

describe('parseConnectString', () => {
  it('reads several hosts, default ports and a chroot', () => {
    expect(parseConnectString('zk1:2181,zk2,127.0.0.1:2183/app/one')).toEqual({
      hosts: [{ host: 'zk1', port: 2181 }, { host: 'zk2', port: 2181 }, { host: '127.0.0.1', port: 2183 }],
      chroot: '/app/one',
    });
  });

  it('reads bracketed IPv6 hosts', () => {
    expect(parseConnectString('[::1]:2182,[fe80::1]').hosts).toEqual([{ host: '::1', port: 2182 }, { host: 'fe80::1', port: 2181 }]);
  });

  it('treats a chroot of / as none', () => {
    expect(parseConnectString('h:1/').chroot).toBe('');
  });

  it.each(['', '/app', 'h:0', 'h:70000', 'h:x', 'h:1/app/', 'h:1/a//b', 'h:1/a/../b', '[::1', ':2181'])(
    'rejects %j',
    (text) => {
      expect(() => parseConnectString(text)).toThrow(ConnectStringError);
    },
  );
});

describe('chroot', () => {
  it('prefixes and strips', () => {
    expect(prependChroot('/app', '/')).toBe('/app');
    expect(prependChroot('/app', '/x/y')).toBe('/app/x/y');
    expect(stripChroot('/app', '/app')).toBe('/');
    expect(stripChroot('/app', '/app/x')).toBe('/x');
    expect(stripChroot('/app', '/apple')).toBe('/apple');
    expect(stripChroot('/app', '/zookeeper/config')).toBe('/zookeeper/config');
    expect(prependChroot('', '/x')).toBe('/x');
  });

  it('strip undoes prepend for every client path', () => {
    const segment = fc.stringMatching(/^[a-z0-9]{1,5}$/);
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 4 }), fc.array(segment, { maxLength: 4 }), (root, rel) => {
        const chroot = root.length === 0 ? '' : '/' + root.join('/');
        const path = '/' + rel.join('/');
        expect(stripChroot(chroot, prependChroot(chroot, path))).toBe(path);
      }),
    );
  });
});

describe('HostList', () => {
  const hosts = ['a', 'b', 'c', 'd', 'e'].map((host, i) => ({ host, port: 2181 + i }));

  it('shuffles with the injected PRNG: same seed, same order; every host once', () => {
    const one = new HostList(hosts, seededRandom(1)).order;
    expect(new HostList(hosts, seededRandom(1)).order).toEqual(one);
    expect([...one].sort((x, y) => x.port - y.port)).toEqual(hosts);
    const orders = new Set([1, 2, 3, 4, 5, 6].map((s) => JSON.stringify(new HostList(hosts, seededRandom(s)).order)));
    expect(orders.size).toBeGreaterThan(1);
  });

  it('walks round-robin and reports a full round of failures', () => {
    const list = new HostList(hosts.slice(0, 2), seededRandom(3));
    const [first, second] = list.order;
    expect(list.next()).toBe(first);
    expect(list.exhausted).toBe(false);
    expect(list.next()).toBe(second);
    expect(list.exhausted).toBe(true);
    expect(list.next()).toBe(first);
    expect(list.exhausted).toBe(false);
    list.connected();
    expect(list.next()).toBe(second);
    expect(list.exhausted).toBe(false);
  });
});
