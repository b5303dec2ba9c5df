"""One-shot watches: which event each operation fires, and that each fires exactly once.

The watching client (`watcher`) and the writing client (`writer`) are separate sessions, as in
real use; `settle(watcher)` after each write makes every event already sent observable.
"""
from kzcompat import WireLog, connect, emit, outcome, settle

BASE = '/watches'

watcher = connect()
writer = connect()
log = WireLog(watcher)
writer.create(BASE)
r = {}


def remember(event):
    # The wire log is what is asserted; kazoo's callbacks run later on its own thread.
    pass


def step(name, action):
    """Runs a write on `writer`, then records what reached the watching client."""
    action()
    settle(watcher)
    r[name] = log.take_events()


writer.create(BASE + '/d', b'1')
watcher.get(BASE + '/d', watch=remember)
step('dataWatchSet', lambda: writer.set(BASE + '/d', b'2'))
step('dataWatchSecondSet', lambda: writer.set(BASE + '/d', b'3'))

watcher.get(BASE + '/d', watch=remember)
step('dataWatchDelete', lambda: writer.delete(BASE + '/d'))

r['existsOnMissing'] = watcher.exists(BASE + '/e', watch=remember) is None
step('existsWatchCreate', lambda: writer.create(BASE + '/e', b'x'))
watcher.exists(BASE + '/e', watch=remember)
step('existsWatchSet', lambda: writer.set(BASE + '/e', b'y'))
watcher.exists(BASE + '/e', watch=remember)
step('existsWatchDelete', lambda: writer.delete(BASE + '/e'))

# getData on a missing node fails and leaves no watch behind.
r['getMissing'] = outcome(watcher.get, BASE + '/g', watch=remember)
step('afterGetMissingCreate', lambda: writer.create(BASE + '/g'))

writer.create(BASE + '/p')
watcher.get_children(BASE + '/p', watch=remember)
step('childWatchCreate', lambda: writer.create(BASE + '/p/c1', b'a'))
watcher.get_children(BASE + '/p', watch=remember)
step('childWatchSetChild', lambda: writer.set(BASE + '/p/c1', b'b'))
step('childWatchDeleteChild', lambda: writer.delete(BASE + '/p/c1'))
step('childWatchAfterFired', lambda: writer.create(BASE + '/p/c2'))

# A child watch on the node itself reports the node's own deletion as NodeDeleted.
writer.create(BASE + '/p/c2/leaf')
writer.delete(BASE + '/p/c2/leaf')
watcher.get_children(BASE + '/p/c2', watch=remember)
step('childWatchOnDeletedNode', lambda: writer.delete(BASE + '/p/c2'))

# Data and child watch on one node, both armed: the deletion is delivered once, not twice.
writer.create(BASE + '/both')
watcher.get(BASE + '/both', watch=remember)
watcher.get_children(BASE + '/both', watch=remember)
watcher.exists(BASE + '/both', watch=remember)
step('dataAndChildWatchDelete', lambda: writer.delete(BASE + '/both'))

# Exists watch and parent child watch, on a create: one event each, for different paths.
watcher.exists(BASE + '/p/c3', watch=remember)
watcher.get_children(BASE + '/p', watch=remember)
step('createFiresNodeAndParent', lambda: writer.create(BASE + '/p/c3'))

# A client sees the event for its own write before the write's reply.
watcher.get(BASE + '/p/c3', watch=remember)
log.take_events()
watcher.set(BASE + '/p/c3', b'own')
r['ownWriteOrder'] = [
    e.get('event', 'reply:' + str(e.get('reply'))) for e in log.entries if e.get('path') == BASE + '/p/c3'
]
log.take_events()

watcher.stop()
writer.stop()
emit(r)
