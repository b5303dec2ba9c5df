"""Ephemerals end with their session: at once on close, after the timeout on a crash."""
import binascii
import logging
import os
import signal
import subprocess
import sys
import time

from kazoo.client import KazooClient

from kzcompat import HOSTS, WireLog, connect, emit, get_ephemerals, outcome, session_id, settle, stat_dict

BASE = '/sessions'
SESSION_TIMEOUT_S = float(sys.argv[1]) if len(sys.argv) > 1 else 2.0

observer = connect()
log = WireLog(observer)
observer.create(BASE)
r = {}

# --- Closed session: its ephemerals are deleted by the close itself. ---
owner = connect()
owner.create(BASE + '/closed-e', b'e', ephemeral=True)
owner.create(BASE + '/closed-s-', b'e', ephemeral=True, sequence=True)
r['ownerSession'] = session_id(owner)
r['ownerEphemerals'] = sorted(get_ephemerals(owner, BASE))
r['observerEphemerals'] = get_ephemerals(observer, BASE)
r['ownerStat'] = stat_dict(observer.exists(BASE + '/closed-e', watch=lambda e: None))
observer.get_children(BASE, watch=lambda e: None)
owner.stop()
owner.close()
log.wait_events(2)
settle(observer)
r['closeEvents'] = sorted([e['event'], e['path']] for e in log.take_events())
r['afterClose'] = sorted(observer.get_children(BASE))

# --- Crashed client: the session expires after its timeout, not on disconnect. ---
zombie = subprocess.Popen(
    [sys.executable, '-u', os.path.join(os.path.dirname(os.path.abspath(__file__)), 'zombie_owner.py'),
     str(SESSION_TIMEOUT_S), BASE + '/zombie-e'],
    stdout=subprocess.PIPE, env=dict(os.environ), text=True)
line = zombie.stdout.readline().split()
if not line or line[0] != '@@session':
    zombie.kill()
    raise SystemExit('zombie_owner.py did not report its session: %r' % line)
zombie_sid, zombie_passwd = int(line[1]), binascii.unhexlify(line[2])
r['zombieStat'] = stat_dict(observer.exists(BASE + '/zombie-e', watch=lambda e: None))
r['zombieSession'] = str(zombie_sid)
zombie.send_signal(signal.SIGKILL)
zombie.wait()
killed_at = time.time()
r['existsRightAfterKill'] = observer.exists(BASE + '/zombie-e') is not None
log.wait_events(1, timeout=SESSION_TIMEOUT_S * 5 + 5)
r['expiryMs'] = int((time.time() - killed_at) * 1000)
r['expiryEvents'] = [[e['event'], e['path']] for e in log.take_events()]
r['afterExpiry'] = sorted(observer.get_children(BASE))

# Resuming the expired session is refused (ConnectResponse with timeOut 0): kazoo logs
# "Session has expired", drops the old id and transparently starts a new session.
warnings = []


class Capture(logging.Handler):
    def emit(self, record):
        warnings.append(record.getMessage())


capture = Capture(level=logging.WARNING)
logging.getLogger('kazoo').addHandler(capture)
logging.getLogger('kazoo').propagate = False
resumed = KazooClient(hosts=HOSTS, timeout=SESSION_TIMEOUT_S, client_id=(zombie_sid, zombie_passwd))
resumed.start(timeout=10)
r['resumeSawExpiry'] = 'Session has expired' in warnings
r['resumeGotNewSession'] = resumed.client_id[0] != zombie_sid
r['resumeCanRead'] = resumed.exists(BASE) is not None
resumed.stop()
resumed.close()

observer.stop()
emit(r)
