"""A light write load while the test restarts every member one by one: no request fails but
for connection losses (retried), and every acknowledged write is there at the end.

argv: the connect string of every member.
"""
import sys
import threading
import time

from ensemble_common import Writer, connect, phase, result

client = connect(sys.argv[1])
client.ensure_path('/roll')
writer = Writer(client)
stop = threading.Event()


def load():
    n = 0
    while not stop.is_set():
        writer.create('/roll/w-%05d' % n, b'%d' % n)
        n += 1
        time.sleep(0.02)


thread = threading.Thread(target=load)
thread.start()
time.sleep(0.5)
phase('roll')
time.sleep(0.5)
stop.set()
thread.join()
present = set(client.get_children('/roll'))
missing = [p for p in writer.acked if p.rsplit('/', 1)[1] not in present]
session = client.client_id[0]
client.stop()
client.close()
result({
    'acked': len(writer.acked),
    'retries': writer.retries,
    'failures': writer.failures,
    'missing': missing,
    'session': str(session),
})
