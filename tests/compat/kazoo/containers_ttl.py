"""Server-side garbage collection of container and TTL nodes.

Needs a server whose container check interval is short (the test starts it with 250 ms).
Every wait is bounded; a node that must survive is checked after several check intervals.
"""
import time

from kzcompat import (OPEN_ACL_UNSAFE, CreateContainer, WireLog, call, connect, create_container, create_ttl,
                      emit, ser, wait_until)

BASE = '/containers-ttl'

client = connect()
log = WireLog(client)
client.create(BASE)
r = {}


def exists(path):
    return client.exists(path) is not None


def gone_within(path, seconds):
    started = time.time()
    wait_until(lambda: not exists(path), seconds, path + ' to be collected')
    return int((time.time() - started) * 1000)


def used_once(path):
    client.create(path + '/child')
    client.delete(path + '/child')


create_container(client, BASE + '/used')
create_container(client, BASE + '/never-used')
call(client, ser.Create(BASE + '/flag-only', b'', OPEN_ACL_UNSAFE, 4))
call(client, CreateContainer(BASE + '/op-flags0', b'', OPEN_ACL_UNSAFE, 0))
create_container(client, BASE + '/has-child')
client.create(BASE + '/has-child/keep')
client.exists(BASE + '/used', watch=lambda e: None)
for p in ('/used', '/flag-only', '/op-flags0'):
    used_once(BASE + p)
r['usedCollectedMs'] = gone_within(BASE + '/used', 10)
r['opFlags0CollectedMs'] = gone_within(BASE + '/op-flags0', 10)
r['usedEvents'] = [[e['event'], e['path']] for e in log.events() if e['path'] == BASE + '/used']

_, ttl_stat = create_ttl(client, BASE + '/ttl', 800)
create_ttl(client, BASE + '/ttl-with-child', 300)
client.create(BASE + '/ttl-with-child/keep')
create_ttl(client, BASE + '/ttl-touched', 1500)
created = time.time()
time.sleep(0.9)
client.set(BASE + '/ttl-touched', b'keep me')
wait_until(lambda: not exists(BASE + '/ttl'), 10, 'TTL node to expire')
r['ttlCollectedAfterMs'] = int((time.time() - created) * 1000)
r['ttlOwner'] = str(ttl_stat.ephemeralOwner)
# The touched node's TTL counts from its last modification (0.9 s after creation), so it goes
# at about 2.4 s, where an untouched one would have gone at about 1.5 s.
wait_until(lambda: not exists(BASE + '/ttl-touched'), 10, 'touched TTL node to expire')
r['touchedCollectedAfterMs'] = int((time.time() - created) * 1000)

# Survivors, checked after many check intervals.
time.sleep(1.0)
r['survivors'] = {
    'neverUsedContainer': exists(BASE + '/never-used'),
    'plainCreateWithContainerFlag': exists(BASE + '/flag-only'),
    'containerWithChild': exists(BASE + '/has-child'),
    'ttlWithChild': exists(BASE + '/ttl-with-child'),
}
# A container that loses its last child later is collected then.
client.delete(BASE + '/has-child/keep')
r['hasChildCollectedMs'] = gone_within(BASE + '/has-child', 10)
client.stop()
emit(r)
