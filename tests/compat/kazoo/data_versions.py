"""get/set/delete/exists/get_children with versions, and how every Stat field moves."""
from kzcompat import connect, emit, outcome, stat_dict, to_json

BASE = '/data-versions'

client = connect()
r = {}

_, s = client.create(BASE, b'a', include_data=True)
r['created'] = stat_dict(s)
data, s = client.get(BASE)
r['get'] = {'data': to_json(data), 'stat': stat_dict(s)}

r['setV0'] = outcome(client.set, BASE, b'bb', version=0)
r['setStaleV0'] = outcome(client.set, BASE, b'cc', version=0)
r['setAny'] = outcome(client.set, BASE, b'ddd', version=-1)
r['afterSets'] = stat_dict(client.exists(BASE))

_, s = client.create(BASE + '/child', b'x', include_data=True)
r['child'] = stat_dict(s)
r['parentAfterCreate'] = stat_dict(client.exists(BASE))

r['setChild'] = outcome(client.set, BASE + '/child', b'xy')
r['parentAfterChildSet'] = stat_dict(client.exists(BASE))

children, s = client.get_children(BASE, include_data=True)
r['getChildren2'] = {'children': children, 'stat': stat_dict(s)}
r['getChildren'] = client.get_children(BASE)

r['deleteNotEmpty'] = outcome(client.delete, BASE)
r['deleteBadVersion'] = outcome(client.delete, BASE + '/child', version=5)
r['deleteChildV1'] = outcome(client.delete, BASE + '/child', version=1)
r['parentAfterDelete'] = stat_dict(client.exists(BASE))
r['deleteNoNode'] = outcome(client.delete, BASE + '/child')
r['setNoNode'] = outcome(client.set, BASE + '/child', b'z')
r['getNoNode'] = outcome(client.get, BASE + '/child')
r['childrenNoNode'] = outcome(client.get_children, BASE + '/child')
r['existsNoNode'] = to_json(client.exists(BASE + '/child'))

# The next write's zxid tells which zxid the delete took (one txn = one zxid, no gaps).
_, s = client.create(BASE + '/after', include_data=True)
r['afterDeleteCreate'] = stat_dict(s)

# Null data (jute buffer length -1) is kept apart from empty data.
client.create(BASE + '/null', None)
client.create(BASE + '/empty', b'')
null_data, null_stat = client.get(BASE + '/null')
empty_data, empty_stat = client.get(BASE + '/empty')
r['nullData'] = {'isNone': null_data is None, 'dataLength': null_stat.dataLength}
r['emptyData'] = {'isNone': empty_data is None, 'value': to_json(empty_data), 'dataLength': empty_stat.dataLength}

# Byte-exact round trip of non-UTF-8 data and of a large (512 KiB) value.
binary = bytes(range(256))
client.set(BASE + '/empty', binary)
r['binaryRoundTrip'] = client.get(BASE + '/empty')[0] == binary
big = b'z' * (512 * 1024)
r['bigSet'] = outcome(client.set, BASE + '/empty', big)
big_data, big_stat = client.get(BASE + '/empty')
r['bigRoundTrip'] = {'equal': big_data == big, 'dataLength': big_stat.dataLength}

r['deleteWithVersionAny'] = outcome(client.delete, BASE + '/null', version=-1)
client.stop()
emit(r)
