"""A server restart (graceful or crash) keeps sessions, ephemerals and committed data.

The test runner performs the restart when this script reaches the `restart` phase. kazoo 2.8
does not re-register watches after a reconnect (it hands them a None event instead), so the
watch checked afterwards is set on the new connection.
"""
import sys
import time

from kzcompat import WireLog, connect, emit, phase, session_id, settle, stat_dict, to_json, wait_until

BASE = sys.argv[1] if len(sys.argv) > 1 else '/restart'

client = connect(timeout=10.0)
other = connect(timeout=10.0)
log = WireLog(client)
states = []
client.add_listener(lambda state: states.append(str(state)))
client.create(BASE)
client.create(BASE + '/eph', b'e', ephemeral=True)
_, before = client.create(BASE + '/w', b'0', include_data=True)
sid_before = session_id(client)
r = {'lastStatBefore': stat_dict(before)}

phase('restart')
started = time.time()
wait_until(lambda: client.connected and other.connected and states[-1:] == ['CONNECTED'], 30, 'reconnect')
r['reconnectMs'] = int((time.time() - started) * 1000)
r['states'] = list(states)
r['sessionKept'] = session_id(client) == sid_before
r['ephemeral'] = stat_dict(other.exists(BASE + '/eph'))
r['ephemeralOwnerIsSession'] = str(other.exists(BASE + '/eph').ephemeralOwner) == sid_before
r['data'] = to_json(other.get(BASE + '/w')[0])
r['statAfter'] = stat_dict(other.exists(BASE + '/w'))

log.take_events()
client.get(BASE + '/w', watch=lambda event: None)
other.set(BASE + '/w', b'1')
settle(client)
r['watchAfterRestart'] = [[e['event'], e['path']] for e in log.take_events()]
_, after = other.create(BASE + '/after', include_data=True)
r['firstStatAfter'] = stat_dict(after)
client.stop()
other.stop()
emit(r)
