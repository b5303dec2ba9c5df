"""Sequential suffixes come from the parent's count of creates ever made under it."""
from kzcompat import connect, emit, stat_dict

BASE = '/sequential'

client = connect()
client.create(BASE)
r = {}
r['n0'] = client.create(BASE + '/n', sequence=True)
r['n1'] = client.create(BASE + '/n', sequence=True)
client.create(BASE + '/x')
client.delete(BASE + '/x')
r['parentAfterDelete'] = stat_dict(client.exists(BASE))
# Deleting x does not give its number back: the next suffix is 3, not 2.
r['next'] = client.create(BASE + '/n', sequence=True)
r['parentAfterNext'] = stat_dict(client.exists(BASE))

# A different parent counts on its own; a trailing '/' makes the suffix the whole name.
client.create(BASE + '/other')
r['otherFirst'] = client.create(BASE + '/other/', sequence=True)
r['otherSecond'] = client.create(BASE + '/other/q-', sequence=True)

# Non-sequential creates advance the counter too; failed creates do not.
client.create(BASE + '/plain')
try:
    client.create(BASE + '/plain')
except Exception:
    pass
r['afterPlain'] = client.create(BASE + '/n', sequence=True)
r['children'] = sorted(client.get_children(BASE))
client.stop()
emit(r)
