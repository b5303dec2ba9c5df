"""Drives kazoo (a non-Java client) against the capture proxy of scripts/capture-golden.ts.

kazoo encodes strings as proper UTF-8, so supplementary characters arrive as 4-byte sequences,
while the Java server answers in its per-UTF-16-unit (CESU-8) form. Run as:
python3 kazoo-session.py <port>
"""
import sys

from kazoo.client import KazooClient
from kazoo.exceptions import BadArgumentsError
from kazoo.security import ACL, Id, make_digest_acl_credential

EMOJI = "\U0001F600"


def main(port):
    zk = KazooClient(hosts="127.0.0.1:%s" % port, timeout=10)
    zk.start()
    zk.create("/kazoo", b"kz")
    zk.create("/kazoo/n", b"", include_data=True)
    try:
        zk.create("/kazoo/" + EMOJI, b"")
    except BadArgumentsError:
        pass
    zk.get_children("/kazoo")
    zk.add_auth("digest", EMOJI + "kz:pw")
    digest = make_digest_acl_credential(EMOJI + "kz", "pw")
    zk.set_acls("/kazoo/n", [ACL(31, Id("digest", digest)), ACL(1, Id("world", "anyone"))])
    try:
        zk.get_acls("/kazoo/n")
    except UnicodeDecodeError:
        # The server writes the id back in CESU-8, which strict UTF-8 decoders reject.
        pass
    tx = zk.transaction()
    tx.create("/kazoo/t", b"t")
    tx.set_data("/kazoo/n", b"v")
    tx.check("/kazoo/n", 1)
    tx.commit()
    zk.get("/kazoo/n")
    zk.stop()
    zk.close()


if __name__ == "__main__":
    main(sys.argv[1])
