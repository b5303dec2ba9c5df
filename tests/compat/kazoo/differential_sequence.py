"""One fixed sequence of operations; prints a transcript of every reply for differential testing.

The transcript is a list of steps. Each step names the operation and the client, and records
the reply kazoo returned (value, Stat, or exception class), the reply headers read for it
(request type, error code, zxid) and, for `events` steps, the watch events received. Nothing is
normalised here: the TypeScript side maps session ids and zxids to their order of appearance and
drops wall-clock times, then compares two servers' transcripts field by field.

The sequence is deterministic on a correct server: one writer at a time, no timers firing
(TTLs are long, containers are never emptied), children sorted before recording.
"""
from kazoo.security import ACL, Id, make_acl, make_digest_acl

from kzcompat import (OPEN_ACL_UNSAFE, CreateContainer, WireLog, add_watch, call, connect, create_container,
                      create_ttl, emit, get_all_children_number, get_ephemerals, outcome, ser, settle, to_json,
                      who_am_i)

B = '/diff'
transcript = []
clients = {}
logs = {}


def open_client(name, **kwargs):
    clients[name] = connect(**kwargs)
    logs[name] = WireLog(clients[name])
    logs[name].take_all()
    return clients[name]


def replies(name):
    return [{'type': e['reply'], 'err': e['err'], 'zxid': e['zxid']} for e in logs[name].take_all() if 'reply' in e]


def step(label, who, fn, *args, **kwargs):
    result = outcome(fn, clients[who], *args, **kwargs)
    transcript.append({'step': label, 'client': who, 'result': result, 'replies': replies(who)})
    return result


def events(label, who):
    """Records the watch events `who` has received (after a round trip, so none is in flight)."""
    settle(clients[who])
    entries = logs[who].take_all()
    transcript.append({
        'step': label,
        'client': who,
        'events': [[e['event'], e['state'], e['path']] for e in entries if 'event' in e],
    })


def sorted_children(client, path):
    children, stat = client.get_children(path, include_data=True)
    return [sorted(children), stat]


def raw_create(client, path, flags=0, data=b''):
    return call(client, ser.Create(path, data, OPEN_ACL_UNSAFE, flags))


def commit(client, build):
    tx = client.transaction()
    build(tx)
    return tx.commit()


a = open_client('a')
b = open_client('b', auth_data=[('digest', 'alice:secret')])

# --- The fresh tree -------------------------------------------------------------------------
step('root stat', 'a', lambda c: c.exists('/'))
step('root children', 'a', sorted_children, '/')
step('/zookeeper children', 'a', sorted_children, '/zookeeper')
step('/zookeeper/config', 'a', lambda c: c.get('/zookeeper/config'))
step('/zookeeper/config acl', 'a', lambda c: c.get_acls('/zookeeper/config'))
step('/zookeeper/quota', 'a', lambda c: c.get('/zookeeper/quota'))

# --- Create modes and create errors -----------------------------------------------------------
step('create base', 'a', lambda c: c.create(B, b'root', include_data=True))
step('create persistent', 'a', lambda c: c.create(B + '/p', b'p', include_data=True))
step('create ephemeral', 'a', lambda c: c.create(B + '/e', b'e', ephemeral=True, include_data=True))
step('create sequential', 'a', lambda c: c.create(B + '/s-', b's', sequence=True, include_data=True))
step('create eph-seq', 'a', lambda c: c.create(B + '/es-', b'', ephemeral=True, sequence=True, include_data=True))
step('create container', 'a', create_container, B + '/c', b'c')
step('create ttl', 'a', create_ttl, B + '/t', 3600000, b't')
step('create ttl-seq', 'a', create_ttl, B + '/ts-', 3600000, b'', 6)
step('create ttl flags 0', 'a', create_ttl, B + '/tx', 3600000, b'', 0)
step('create ttl 0', 'a', create_ttl, B + '/tx', 0)
step('create container via op 1', 'a', raw_create, B + '/cf', 4)
step('create container op flags 0', 'a', lambda c: call(c, CreateContainer(B + '/co', b'', OPEN_ACL_UNSAFE, 0)))
step('create exists', 'a', lambda c: c.create(B + '/p'))
step('create no parent', 'a', lambda c: c.create(B + '/none/x'))
step('create under ephemeral', 'a', lambda c: c.create(B + '/e/x'))
step('create root', 'a', raw_create, '/')
step('create trailing slash', 'a', raw_create, B + '/')
step('create empty segment', 'a', raw_create, B + '//x')
step('create dot segment', 'a', raw_create, B + '/./x')
step('create dotdot segment', 'a', raw_create, B + '/../x')
step('create relative', 'a', raw_create, 'diff-relative')
step('create control char', 'a', raw_create, B + '/a\u0001')
step('create non-BMP', 'a', raw_create, B + '/\U0001F600')
step('create BMP unicode', 'a', raw_create, B + '/\u00e9t\u00e9')
step('create seq trailing slash', 'a', raw_create, B + '/', 2)
step('create seq dot', 'a', raw_create, B + '/.', 2)
step('create null data', 'a', lambda c: c.create(B + '/null', None))
step('create under /zookeeper', 'a', lambda c: c.create('/zookeeper/diff'))
step('base children', 'a', sorted_children, B)

# --- Data and versions ------------------------------------------------------------------------
step('get', 'a', lambda c: c.get(B + '/p'))
step('get null data', 'a', lambda c: c.get(B + '/null'))
step('set v0', 'a', lambda c: c.set(B + '/p', b'p1', version=0))
step('set stale', 'a', lambda c: c.set(B + '/p', b'p2', version=0))
step('set any', 'a', lambda c: c.set(B + '/p', b'', version=-1))
step('set null', 'a', lambda c: c.set(B + '/p', None))
step('get after sets', 'a', lambda c: c.get(B + '/p'))
step('set missing', 'a', lambda c: c.set(B + '/missing', b''))
step('get missing', 'a', lambda c: c.get(B + '/missing'))
step('exists missing', 'a', lambda c: c.exists(B + '/missing'))
step('children missing', 'a', lambda c: c.get_children(B + '/missing'))
step('delete not empty', 'a', lambda c: c.delete(B))
step('delete bad version', 'a', lambda c: c.delete(B + '/p', version=9))
step('delete missing', 'a', lambda c: c.delete(B + '/missing'))
step('set /zookeeper', 'a', lambda c: c.set('/zookeeper', b'x'))
step('delete /zookeeper', 'a', lambda c: c.delete('/zookeeper'))
step('delete /zookeeper/quota', 'a', lambda c: c.delete('/zookeeper/quota'))
step('set /zookeeper/config', 'a', lambda c: c.set('/zookeeper/config', b'x'))

# --- Sequential numbering ---------------------------------------------------------------------
step('seq parent', 'a', lambda c: c.create(B + '/q'))
for i in range(2):
    step('seq n%d' % i, 'a', lambda c: c.create(B + '/q/n', sequence=True))
step('seq x', 'a', lambda c: c.create(B + '/q/x'))
step('seq delete x', 'a', lambda c: c.delete(B + '/q/x'))
step('seq next', 'a', lambda c: c.create(B + '/q/n', sequence=True, include_data=True))
step('seq parent stat', 'a', lambda c: c.exists(B + '/q'))

# --- One-shot watches, triggered by the other session ------------------------------------------
step('watch data', 'a', lambda c: c.get(B + '/p', watch=lambda e: None))
step('watch exists missing', 'a', lambda c: c.exists(B + '/w', watch=lambda e: None))
step('watch children', 'a', lambda c: sorted(c.get_children(B + '/q', watch=lambda e: None)))
step('b sets watched', 'b', lambda c: c.set(B + '/p', b'b'))
step('b creates watched', 'b', lambda c: c.create(B + '/w', b'w'))
step('b sets again', 'b', lambda c: c.set(B + '/p', b'bb'))
step('b creates child', 'b', lambda c: c.create(B + '/q/k'))
events('events after b writes', 'a')
step('watch data+child', 'a', lambda c: c.get(B + '/w', watch=lambda e: None))
step('watch child same node', 'a', lambda c: c.get_children(B + '/w', watch=lambda e: None))
step('b deletes watched', 'b', lambda c: c.delete(B + '/w'))
events('events after delete', 'a')

# --- Persistent watches -----------------------------------------------------------------------
step('add persistent', 'a', add_watch, B + '/q', 0)
step('add recursive', 'a', add_watch, B + '/r', 1)
step('b creates r', 'b', lambda c: c.create(B + '/r'))
step('b creates r child', 'b', lambda c: c.create(B + '/r/x'))
step('b creates r grandchild', 'b', lambda c: c.create(B + '/r/x/y'))
step('b sets q', 'b', lambda c: c.set(B + '/q', b'q'))
step('b sets q again', 'b', lambda c: c.set(B + '/q', b'qq'))
step('b deletes q child', 'b', lambda c: c.delete(B + '/q/k'))
step('b deletes r grandchild', 'b', lambda c: c.delete(B + '/r/x/y'))
events('persistent events', 'a')

# --- Transactions -----------------------------------------------------------------------------
step('multi ok', 'a', commit, lambda t: (
    t.create(B + '/m', b'1'), t.create(B + '/m/s-', b'', sequence=True), t.set_data(B + '/m', b'2'),
    t.check(B + '/m', 1), t.delete(B + '/m/s-0000000000')))
step('multi bad version', 'a', commit, lambda t: (
    t.create(B + '/m2'), t.set_data(B + '/m', b'3', version=7), t.create(B + '/m3')))
step('multi no node', 'a', commit, lambda t: (t.check(B + '/m', 1), t.delete(B + '/gone')))
step('multi exists', 'a', commit, lambda t: (t.create(B + '/m4'), t.create(B + '/m4')))
step('multi check only', 'a', commit, lambda t: (t.check(B + '/m', 1),))
step('after multis', 'a', sorted_children, B + '/m')

# --- ACLs -------------------------------------------------------------------------------------
ALICE = make_digest_acl('alice', 'secret', all=True)
step('whoami a', 'a', lambda c: sorted(who_am_i(c)))
step('whoami b', 'b', lambda c: sorted(who_am_i(c)))
step('b creates private', 'b', lambda c: c.create(B + '/acl', b'x', acl=[ALICE]))
step('b creates shared', 'b', lambda c: c.create(B + '/acl2', b'y', acl=[ALICE, make_acl('world', 'anyone', read=True)]))
step('a get private', 'a', lambda c: c.get(B + '/acl'))
step('a exists private', 'a', lambda c: c.exists(B + '/acl'))
step('a acls private', 'a', lambda c: c.get_acls(B + '/acl'))
step('a acls shared', 'a', lambda c: c.get_acls(B + '/acl2'))
step('b acls shared', 'b', lambda c: c.get_acls(B + '/acl2'))
step('a set shared', 'a', lambda c: c.set(B + '/acl2', b'z'))
step('a create unknown scheme', 'a', lambda c: c.create(B + '/bad', acl=[ACL(31, Id('nope', 'x'))]))
step('a create auth no id', 'a', lambda c: c.create(B + '/bad', acl=[ACL(31, Id('auth', ''))]))
step('b create auth', 'b', lambda c: c.create(B + '/mine', acl=[ACL(31, Id('auth', ''))]))
step('b acls auth', 'b', lambda c: c.get_acls(B + '/mine'))
step('a set acls empty', 'a', lambda c: c.set_acls(B + '/p', []))
step('a set acls bad version', 'a', lambda c: c.set_acls(B + '/p', OPEN_ACL_UNSAFE, version=4))
step('a set acls v0', 'a', lambda c: c.set_acls(B + '/p', [make_acl('world', 'anyone', read=True, write=True)], version=0))
step('a delete p', 'a', lambda c: c.delete(B + '/p'))

# --- Newer reads and sync ---------------------------------------------------------------------
step('ephemerals a', 'a', lambda c: sorted(get_ephemerals(c, B)))
step('ephemerals b', 'b', lambda c: sorted(get_ephemerals(c, '/')))
step('all children base', 'a', get_all_children_number, B)
step('all children root', 'a', get_all_children_number, '/')
step('all children missing', 'a', get_all_children_number, B + '/missing')
step('sync', 'a', lambda c: c.sync(B))
step('sync missing', 'a', lambda c: c.sync(B + '/missing'))

# --- Session end: the ephemerals go, watchers hear it -----------------------------------------
step('b ephemeral', 'b', lambda c: c.create(B + '/be', ephemeral=True))
step('watch b ephemeral', 'a', lambda c: c.exists(B + '/be', watch=lambda e: None))
clients['b'].stop()
clients['b'].close()
events('after b closed', 'a')
step('base after close', 'a', sorted_children, B)
step('base stat', 'a', lambda c: c.exists(B))
step('root stat end', 'a', lambda c: c.exists('/'))
clients['a'].stop()
emit({'transcript': transcript})
