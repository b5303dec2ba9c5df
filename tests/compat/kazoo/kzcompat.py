"""Shared helpers for the kazoo compatibility scripts.

Every script connects to the server named by ZK_HOSTS, exercises one scenario with the real,
unmodified kazoo client and prints one line `@@result <json>` that the TypeScript test asserts
on. 64-bit values (zxids, session ids) are printed as decimal strings: they do not fit a JSON
number exactly. A script asks the test runner for an action (a server restart) by printing
`@@phase <name>` and waiting for `go` on stdin.

kazoo 2.8 predates ZooKeeper 3.5+'s container, TTL, addWatch, whoAmI, getEphemerals and
getAllChildrenNumber operations, so those are sent as extra request records through kazoo's own
connection (KazooClient._call): the framing, xids, session and reply matching stay kazoo's.
"""
import json
import os
import struct
import sys
import threading
import time
from collections import namedtuple

from kazoo.client import KazooClient
from kazoo.exceptions import KazooException
from kazoo.protocol import serialization as ser
from kazoo.protocol.states import ZnodeStat
from kazoo.security import ACL, Id

HOSTS = os.environ.get('ZK_HOSTS', '127.0.0.1:2181')

EVENT_NAMES = {
    -1: 'None',
    1: 'NodeCreated',
    2: 'NodeDeleted',
    3: 'NodeDataChanged',
    4: 'NodeChildrenChanged',
    5: 'DataWatchRemoved',
    6: 'ChildWatchRemoved',
    7: 'PersistentWatchRemoved',
}
STATE_NAMES = {0: 'Disconnected', 3: 'SyncConnected', 4: 'AuthFailed', 5: 'ConnectedReadOnly', -112: 'Expired'}


def connect(timeout=10.0, **kwargs):
    client = KazooClient(hosts=HOSTS, timeout=timeout, **kwargs)
    client.start(timeout=15)
    return client


def session_id(client):
    return str(client.client_id[0])


def stat_dict(stat):
    """Every Stat field, under ZooKeeper's jute names."""
    return {
        'czxid': str(stat.czxid),
        'mzxid': str(stat.mzxid),
        'ctime': stat.ctime,
        'mtime': stat.mtime,
        'version': stat.version,
        'cversion': stat.cversion,
        'aversion': stat.aversion,
        'ephemeralOwner': str(stat.ephemeralOwner),
        'dataLength': stat.dataLength,
        'numChildren': stat.numChildren,
        'pzxid': str(stat.pzxid),
    }


def to_json(value):
    """Turns kazoo's replies (stats, ACLs, bytes, tuples, exceptions) into JSON values."""
    if isinstance(value, ZnodeStat):
        return stat_dict(value)
    if isinstance(value, ACL):
        return {'perms': value.perms, 'scheme': value.id.scheme, 'id': value.id.id}
    if isinstance(value, (bytes, bytearray)):
        return {'bytes': value.decode('utf-8', errors='backslashreplace')}
    if isinstance(value, BaseException):
        return {'error': type(value).__name__}
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 2 ** 31:
        return str(value)
    return value


def outcome(fn, *args, **kwargs):
    """Calls fn and returns {'ok': reply} or {'error': ExceptionClassName}."""
    try:
        return {'ok': to_json(fn(*args, **kwargs))}
    except KazooException as exc:
        return {'error': type(exc).__name__}


def emit(result):
    print('@@result ' + json.dumps(result), flush=True)


def phase(name):
    """Blocks until the test runner has performed `name` (e.g. restarted the server)."""
    print('@@phase ' + name, flush=True)
    answer = sys.stdin.readline().strip()
    if answer != 'go':
        raise SystemExit('phase %s: runner answered %r instead of go' % (name, answer))


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def wait_until(predicate, timeout=10.0, what='condition'):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return
        time.sleep(0.02)
    raise AssertionError('timed out after %.1fs waiting for %s' % (timeout, what))


class WireLog(object):
    """Records, in arrival order, every watch event and reply kazoo's connection thread reads.

    It wraps kazoo's own reader methods without changing what they do. Watch events are read
    before they are dispatched to callbacks, and replies before their caller wakes up, so once a
    request made on this client has returned, every event the server sent before that reply is
    already in the log: tests need no sleeps to prove that an event did NOT arrive.
    """

    def __init__(self, client):
        self._lock = threading.Lock()
        self.entries = []
        conn = client._connection
        read_event = conn._read_watch_event
        read_response = conn._read_response

        def spy_event(buffer, offset):
            watch, _ = ser.Watch.deserialize(buffer, offset)
            with self._lock:
                self.entries.append({
                    'event': EVENT_NAMES.get(watch.type, str(watch.type)),
                    'state': STATE_NAMES.get(watch.state, str(watch.state)),
                    'path': watch.path,
                })
            return read_event(buffer, offset)

        def spy_response(header, buffer, offset):
            request = client._pending[0][0] if client._pending else None
            with self._lock:
                self.entries.append({
                    'reply': type(request).__name__,
                    'path': getattr(request, 'path', None),
                    'err': header.err,
                    'zxid': str(header.zxid),
                })
            return read_response(header, buffer, offset)

        conn._read_watch_event = spy_event
        conn._read_response = spy_response

    def events(self):
        with self._lock:
            return [dict(e) for e in self.entries if 'event' in e]

    def take_events(self):
        """Returns the events so far and forgets them (replies are forgotten too)."""
        with self._lock:
            events = [dict(e) for e in self.entries if 'event' in e]
            self.entries = []
            return events

    def take_all(self):
        """Returns every recorded event and reply so far and forgets them."""
        with self._lock:
            entries, self.entries = self.entries, []
            return entries

    def wait_events(self, count, timeout=10.0):
        wait_until(lambda: len(self.events()) >= count, timeout, '%d watch events' % count)
        return self.events()


def settle(client):
    """A round trip on `client`: afterwards every event sent to it before now has been read."""
    client.exists('/')


# --- Requests kazoo 2.8 lacks, written from zookeeper.jute (3.8). ---------------------------

def _write_acls(acls):
    b = bytearray(struct.pack('!i', len(acls)))
    for acl in acls:
        b.extend(struct.pack('!i', acl.perms))
        b.extend(_ustring(acl.id.scheme))
        b.extend(_ustring(acl.id.id))
    return b


def _ustring(text):
    # kazoo's write_string sends '' as null (-1); these records send it as a real empty string.
    if text is None:
        return struct.pack('!i', -1)
    data = text.encode('utf-8')
    return struct.pack('!i', len(data)) + data


def _read_create2(buffer, offset):
    path, offset = ser.read_string(buffer, offset)
    stat = ZnodeStat._make(ser.stat_struct.unpack_from(buffer, offset))
    return path, stat


def _read_string_vector(buffer, offset):
    count = struct.unpack_from('!i', buffer, offset)[0]
    offset += 4
    items = []
    for _ in range(max(count, 0)):
        item, offset = ser.read_string(buffer, offset)
        items.append(item)
    return items, offset


class CreateContainer(namedtuple('CreateContainer', 'path data acl flags')):
    """createContainer (19): CreateRequest, answered with Create2Response."""
    type = 19

    def serialize(self):
        return bytearray(_ustring(self.path) + ser.write_buffer(self.data) + _write_acls(self.acl)
                         + struct.pack('!i', self.flags))

    @classmethod
    def deserialize(cls, buffer, offset):
        return _read_create2(buffer, offset)


class CreateTTL(namedtuple('CreateTTL', 'path data acl flags ttl')):
    """createTTL (21): CreateTTLRequest{path, data, acl, flags, long ttl} -> Create2Response."""
    type = 21

    def serialize(self):
        return bytearray(_ustring(self.path) + ser.write_buffer(self.data) + _write_acls(self.acl)
                         + struct.pack('!iq', self.flags, self.ttl))

    @classmethod
    def deserialize(cls, buffer, offset):
        return _read_create2(buffer, offset)


class AddWatch(namedtuple('AddWatch', 'path mode')):
    """addWatch (106): mode 0 = PERSISTENT, 1 = PERSISTENT_RECURSIVE. Reply body: int err."""
    type = 106

    def serialize(self):
        return bytearray(_ustring(self.path) + struct.pack('!i', self.mode))

    @classmethod
    def deserialize(cls, buffer, offset):
        return struct.unpack_from('!i', buffer, offset)[0]


class WhoAmI(object):
    """whoAmI (107): no body; reply vector<ClientInfo{authScheme, user}>.

    A plain object, not an empty namedtuple: kazoo only completes a reply whose request is
    truthy, and an empty tuple is not.
    """
    type = 107

    def serialize(self):
        return bytearray()

    @classmethod
    def deserialize(cls, buffer, offset):
        count = struct.unpack_from('!i', buffer, offset)[0]
        offset += 4
        infos = []
        for _ in range(max(count, 0)):
            scheme, offset = ser.read_string(buffer, offset)
            user, offset = ser.read_string(buffer, offset)
            infos.append([scheme, user])
        return infos


class GetEphemerals(namedtuple('GetEphemerals', 'path')):
    """getEphemerals (103): GetEphemeralsRequest{prefixPath} -> vector<ustring>."""
    type = 103

    def serialize(self):
        return bytearray(_ustring(self.path))

    @classmethod
    def deserialize(cls, buffer, offset):
        return _read_string_vector(buffer, offset)[0]


class GetAllChildrenNumber(namedtuple('GetAllChildrenNumber', 'path')):
    """getAllChildrenNumber (104): -> int totalNumber."""
    type = 104

    def serialize(self):
        return bytearray(_ustring(self.path))

    @classmethod
    def deserialize(cls, buffer, offset):
        return struct.unpack_from('!i', buffer, offset)[0]


OPEN_ACL_UNSAFE = [ACL(31, Id('world', 'anyone'))]


def call(client, request, timeout=10.0):
    """Sends a request record through kazoo's connection and waits for its reply."""
    async_result = client.handler.async_result()
    client._call(request, async_result)
    return async_result.get(timeout=timeout)


def create_container(client, path, data=b''):
    return call(client, CreateContainer(path, data, OPEN_ACL_UNSAFE, 4))


def create_ttl(client, path, ttl, data=b'', flags=5):
    return call(client, CreateTTL(path, data, OPEN_ACL_UNSAFE, flags, ttl))


def add_watch(client, path, mode):
    return call(client, AddWatch(path, mode))


def who_am_i(client):
    return call(client, WhoAmI())


def get_ephemerals(client, prefix):
    return call(client, GetEphemerals(prefix))


def get_all_children_number(client, path):
    return call(client, GetAllChildrenNumber(path))
