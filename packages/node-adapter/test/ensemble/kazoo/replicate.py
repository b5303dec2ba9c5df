"""A write through one member is read from every member, and /zookeeper/config holds the ensemble.

argv: the connect string of all members, then one host:port per member.
"""
import sys

from ensemble_common import connect, result

all_hosts, members = sys.argv[1], sys.argv[2:]
client = connect(all_hosts)
client.ensure_path('/rep')
client.create('/rep/a', b'written once')
for i in range(20):
    client.create('/rep/n%02d' % i, b'%d' % i)
session = client.client_id[0]
reads = {}
for member in members:
    one = connect(member)
    one.sync('/rep')
    data, _ = one.get('/rep/a')
    config, stat = one.get('/zookeeper/config')
    reads[member] = {
        'a': data.decode(),
        'children': len(one.get_children('/rep')),
        'config': config.decode(),
        'configVersion': stat.version,
    }
    one.stop()
    one.close()
client.stop()
client.close()
result({'session': str(session), 'reads': reads})
