"""Helper for sessions.py: owns ephemerals, reports its session, then hangs until SIGKILLed.

Being killed (not closed) means no closeSession request is sent: the server must notice the
silence and expire the session by itself.
"""
import binascii
import sys
import time

from kzcompat import connect

timeout_s = float(sys.argv[1])
client = connect(timeout=timeout_s)
for path in sys.argv[2:]:
    client.create(path, b'zombie', ephemeral=True)
sid, passwd = client.client_id
print('@@session %d %s' % (sid, binascii.hexlify(passwd).decode()), flush=True)
while True:
    time.sleep(60)
