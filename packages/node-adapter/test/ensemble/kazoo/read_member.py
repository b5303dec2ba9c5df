"""Reads a subtree from one member only: its children and each child's data.

argv: host:port of the member, the parent path.
"""
import sys

from ensemble_common import connect, result

member, parent = sys.argv[1], sys.argv[2]
client = connect(member)
client.sync(parent)
children = sorted(client.get_children(parent))
data = {c: client.get(parent + '/' + c)[0].decode() for c in children}
client.stop()
client.close()
result({'children': children, 'data': data})
