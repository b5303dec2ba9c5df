"""Helpers shared by the ensemble scripts: connecting, retrying writes, reporting.

A script reports with one `@@result <json>` line and asks the test for an action (kill a
member, restart it) with `@@phase <name>`, then waits for `go` on stdin.
"""
import json
import sys
import time

from kazoo.client import KazooClient
from kazoo.exceptions import ConnectionLoss, NodeExistsError, OperationTimeoutError, SessionExpiredError


def connect(hosts, timeout=10.0):
    client = KazooClient(hosts=hosts, timeout=timeout)
    client.start(timeout=20)
    return client


def phase(name):
    print('@@phase ' + name, flush=True)
    line = sys.stdin.readline()
    if line.strip() != 'go':
        raise SystemExit('the test did not answer go to phase ' + name)


def result(value):
    print('@@result ' + json.dumps(value), flush=True)


class Writer:
    """Creates znodes one at a time, retrying on connection loss only, and keeps count.

    A create retried after a ConnectionLoss may find its node already there: the first attempt
    was applied but its reply lost, so NodeExists on a retry is the create's success.
    """

    def __init__(self, client):
        self.client = client
        self.acked = []
        self.retries = 0
        self.failures = []

    def create(self, path, data=b'', deadline_s=30.0):
        give_up = time.time() + deadline_s
        retried = False
        while True:
            try:
                self.client.create(path, data)
                self.acked.append(path)
                return True
            except NodeExistsError:
                if retried:
                    self.acked.append(path)
                    return True
                self.failures.append('%s: NodeExists on the first attempt' % path)
                return False
            except (ConnectionLoss, OperationTimeoutError) as e:
                self.retries += 1
                retried = True
                if time.time() > give_up:
                    self.failures.append('%s: still %s after %ss' % (path, type(e).__name__, deadline_s))
                    return False
                time.sleep(0.05)
            except SessionExpiredError:
                self.failures.append('%s: SessionExpired' % path)
                return False
            except Exception as e:  # any other error is a failed request
                self.failures.append('%s: %s' % (path, type(e).__name__))
                return False
