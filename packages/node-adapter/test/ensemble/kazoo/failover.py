"""The leader dies under a session with a watch: the session, its watch and every acknowledged
write survive; the dead member comes back and catches up.

kazoo 2.8 fires and forgets its one-shot watches on any connection loss (with ZooKeeper too),
so the watch is kazoo's DataWatch, which sets it again on the member it reconnects to.

argv: the connect string of the voters, then the host:port of a member that stays up (for a
second client that changes the watched node).
"""
import sys
import threading
import time

from ensemble_common import Writer, connect, phase, result

hosts, other = sys.argv[1], sys.argv[2]
client = connect(hosts)
client.ensure_path('/fo/data')
client.create('/fo/watched', b'v0')
fired = threading.Event()
seen = []


def on_change(data, stat, event):
    seen.append(data.decode() if data is not None else None)
    if data == b'v1':
        fired.set()


client.DataWatch('/fo/watched', on_change)
writer = Writer(client)
for i in range(50):
    writer.create('/fo/data/before-%03d' % i)
session_before = client.client_id[0]
# Writes in flight while the leader dies: a create whose reply is lost is retried.
stop = threading.Event()


def load():
    n = 0
    while not stop.is_set():
        writer.create('/fo/data/during-%05d' % n)
        n += 1
        time.sleep(0.01)


thread = threading.Thread(target=load)
thread.start()
time.sleep(0.3)
phase('kill-leader')
time.sleep(0.3)
stop.set()
thread.join()
for i in range(50):
    writer.create('/fo/data/after-%03d' % i)
session_after = client.client_id[0]
changer = connect(other)
changer.set('/fo/watched', b'v1')
changer.stop()
changer.close()
watch_fired = fired.wait(15)
phase('restart-killed')
children = sorted(client.get_children('/fo/data'))
client.stop()
client.close()
result({
    'sessionBefore': str(session_before),
    'sessionAfter': str(session_after),
    'watchFired': watch_fired,
    'seen': seen,
    'acked': writer.acked,
    'retries': writer.retries,
    'failures': writer.failures,
    'children': children,
})
