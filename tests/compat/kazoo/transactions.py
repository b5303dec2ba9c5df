"""multi: all-or-nothing, one zxid for the whole transaction, per-op results."""
from kzcompat import connect, emit, outcome, stat_dict, to_json

BASE = '/transactions'

client = connect()
client.create(BASE)
r = {}

tx = client.transaction()
tx.create(BASE + '/a', b'1')
tx.create(BASE + '/s-', b'', sequence=True)
tx.create(BASE + '/s-', b'', sequence=True)
tx.set_data(BASE + '/a', b'2', version=0)
tx.check(BASE + '/a', 1)
tx.create(BASE + '/gone')
tx.delete(BASE + '/gone')
r['success'] = to_json(tx.commit())
r['aStat'] = stat_dict(client.exists(BASE + '/a'))
r['baseStat'] = stat_dict(client.exists(BASE))
r['childrenAfterSuccess'] = sorted(client.get_children(BASE))

# Failure in the middle: ops before it report RolledBack, ops after it RuntimeInconsistency,
# and nothing is applied.
tx = client.transaction()
tx.create(BASE + '/b', b'')
tx.set_data(BASE + '/a', b'3', version=99)
tx.create(BASE + '/c', b'')
r['badVersion'] = to_json(tx.commit())

tx = client.transaction()
tx.check(BASE + '/a', 1)
tx.delete(BASE + '/missing')
r['noNode'] = to_json(tx.commit())

tx = client.transaction()
tx.create(BASE + '/d')
tx.create(BASE + '/d')
r['nodeExistsWithinTx'] = to_json(tx.commit())

tx = client.transaction()
tx.check(BASE + '/a', 0)
r['checkOnlyFails'] = to_json(tx.commit())

tx = client.transaction()
tx.check(BASE + '/a', 1)
r['checkOnlySucceeds'] = to_json(tx.commit())

r['afterFailures'] = {
    'children': sorted(client.get_children(BASE)),
    'a': to_json(client.get(BASE + '/a')),
}
# Sequence numbers used inside a failed transaction are not consumed.
# Each commit above, failed or not, is one txn: the next zxid shows how many were used.
path, stat = client.create(BASE + '/s-', sequence=True, include_data=True)
r['nextSequential'] = {'path': path, 'stat': stat_dict(stat)}
client.stop()
emit(r)
