"""Creates parent/b-0000 .. b-NNNN (data: the number) with pipelined async creates.

argv: host:port, the parent path, the count, and optionally a size: the data is then the
number padded with dots to that many bytes.
"""
import sys

from ensemble_common import connect, result

member, parent, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
size = int(sys.argv[4]) if len(sys.argv) > 4 else 0
client = connect(member)
client.ensure_path(parent)
pending = [client.create_async('%s/b-%04d' % (parent, i), (b'%d' % i).ljust(size, b'.')) for i in range(count)]
for p in pending:
    p.get(timeout=30)
children = sorted(client.get_children(parent))
client.stop()
client.close()
result({'children': children})
