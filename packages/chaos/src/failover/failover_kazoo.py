"""The kazoo side of a failover measurement (see run-failover.ts). Connects with every member in
its connect string, holds a data watch, reports `@@ready`; on `go` (sent right after the leader
is killed) it writes until a write succeeds and reports `@@write` with the wall-clock time;
then it waits for its watch to fire (the controller changes the watched node) and reports
`@@watch`. Times are epoch milliseconds, comparable with Node's Date.now()."""
import json
import sys
import threading
import time

from kazoo.client import KazooClient
from kazoo.exceptions import KazooException, NodeExistsError
from kazoo.handlers.threading import KazooTimeoutError


def report(tag, value):
    print('@@' + tag + ' ' + json.dumps(value), flush=True)


def main():
    hosts, base = sys.argv[1], sys.argv[2]
    probe, watched = base + '/kazoo-probe', base + '/kazoo-watched'
    client = KazooClient(hosts=hosts)
    client.start(timeout=60)
    for path in (base, probe, watched):
        try:
            client.create(path, b'')
        except NodeExistsError:
            pass
    fired = threading.Event()
    events = []

    def on_change(event):
        events.append(event.type)
        fired.set()

    client.get(watched, watch=on_change)
    session = format(client.client_id[0], 'x')
    report('ready', {'session': session})

    sys.stdin.readline()
    attempts = 0
    while True:
        attempts += 1
        try:
            client.set_async(probe, str(attempts).encode()).get(timeout=2)
            break
        except (KazooException, KazooTimeoutError):
            time.sleep(0.02)
    written_ms = int(time.time() * 1000)
    report('write', {'ms': written_ms, 'attempts': attempts, 'session': format(client.client_id[0], 'x')})

    fired.wait(30)
    report('watch', {'fired': fired.is_set(), 'events': [str(e) for e in events]})
    client.stop()
    client.close()


if __name__ == '__main__':
    main()
