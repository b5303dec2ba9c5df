"""addWatch (3.6+): PERSISTENT and PERSISTENT_RECURSIVE watches are not removed when they fire.

kazoo 2.8 has no add_watch, so the request goes through kazoo's connection as a raw record and
the events are read off the wire log (kazoo itself drops events it has no watcher for).
"""
from kzcompat import WireLog, add_watch, connect, emit, outcome, settle

BASE = '/persistent-watches'

watcher = connect()
writer = connect()
log = WireLog(watcher)
writer.create(BASE)
r = {}


def step(name, action):
    action()
    settle(watcher)
    r[name] = [[e['event'], e['path']] for e in log.take_events()]


# PERSISTENT on /p: data and child events of /p itself, every time, and it survives deletion.
writer.create(BASE + '/p', b'0')
r['addPersistent'] = outcome(add_watch, watcher, BASE + '/p', 0)
step('pSet1', lambda: writer.set(BASE + '/p', b'1'))
step('pSet2', lambda: writer.set(BASE + '/p', b'2'))
step('pCreateChild', lambda: writer.create(BASE + '/p/c', b'c'))
step('pSetChild', lambda: writer.set(BASE + '/p/c', b'cc'))
step('pCreateGrandchild', lambda: writer.create(BASE + '/p/c/g'))
step('pDeleteGrandchild', lambda: writer.delete(BASE + '/p/c/g'))
step('pDeleteChild', lambda: writer.delete(BASE + '/p/c'))
step('pDelete', lambda: writer.delete(BASE + '/p'))
step('pRecreate', lambda: writer.create(BASE + '/p'))
# addWatch on a path that does not exist yet is allowed.
r['addPersistentMissing'] = outcome(add_watch, watcher, BASE + '/later', 0)
step('laterCreate', lambda: writer.create(BASE + '/later'))

# PERSISTENT_RECURSIVE on /r: the whole subtree, and never NodeChildrenChanged.
writer.create(BASE + '/r')
r['addRecursive'] = outcome(add_watch, watcher, BASE + '/r', 1)
step('rCreateChild', lambda: writer.create(BASE + '/r/a'))
step('rCreateGrandchild', lambda: writer.create(BASE + '/r/a/b', b'1'))
step('rSetGrandchild', lambda: writer.set(BASE + '/r/a/b', b'2'))
step('rSetGrandchildAgain', lambda: writer.set(BASE + '/r/a/b', b'3'))
step('rSetSelf', lambda: writer.set(BASE + '/r', b'x'))
step('rDeleteGrandchild', lambda: writer.delete(BASE + '/r/a/b'))
step('rOutsideSubtree', lambda: writer.create(BASE + '/rr'))

# A one-shot data watch next to a persistent one: the server sends one event per change.
watcher.get(BASE + '/r/a', watch=lambda e: None)
step('rWithOneShot', lambda: writer.set(BASE + '/r/a', b'y'))

watcher.stop()
writer.stop()
emit(r)
