"""Runs chaos workload operations with kazoo, one JSON request per stdin line, one JSON report
per stdout line (see kazoo-executor.ts). Times are wall-clock epoch milliseconds, floored, so
they compare with Node's Date.now(). Kazoo opens a new session by itself after an expiry."""
import json
import sys
import time

from kazoo.client import KazooClient
from kazoo.exceptions import (BadVersionError, NoNodeError, NodeExistsError, NotEmptyError,
                              KazooException)
from kazoo.handlers.threading import KazooTimeoutError

DEFINITE = {NoNodeError: 'NoNode', NodeExistsError: 'NodeExists', BadVersionError: 'BadVersion',
            NotEmptyError: 'NotEmpty'}


def now_ms():
    return int(time.time() * 1000)


def node_state(stat, value):
    return {'version': stat.version, 'czxid': stat.czxid, 'mzxid': stat.mzxid,
            'ephemeralOwner': format(stat.ephemeralOwner, 'x'), 'value': value}


def session_of(client):
    client_id = client.client_id
    return format(client_id[0], 'x') if client_id else '0'


def perform(client, req, timeout):
    kind, path, value = req['kind'], req['path'], req.get('value', '')
    version = req.get('expectedVersion', -1)
    if kind == 'read':
        try:
            data, stat = client.get_async(path).get(timeout=timeout)
        except NoNodeError:
            return 'absent'
        return node_state(stat, data.decode('utf-8'))
    if kind in ('create', 'ephemeral'):
        _, stat = client.create_async(path, value.encode('utf-8'), ephemeral=(kind == 'ephemeral'),
                                      include_data=True).get(timeout=timeout)
        return node_state(stat, value)
    if kind in ('set', 'cas'):
        stat = client.set_async(path, value.encode('utf-8'), version=version).get(timeout=timeout)
        return node_state(stat, value)
    if kind == 'delete':
        client.delete_async(path, version=version).get(timeout=timeout)
        return None
    raise ValueError('unknown op kind ' + kind)


def main():
    hosts, worker = sys.argv[1], sys.argv[2]
    session_timeout_s, request_timeout_s = float(sys.argv[3]) / 1000, float(sys.argv[4]) / 1000
    client = KazooClient(hosts=hosts, timeout=session_timeout_s,
                         connection_retry={'max_tries': -1, 'delay': 0.1, 'max_delay': 1},
                         command_retry=None)
    client.start(timeout=60)
    for line in sys.stdin:
        req = json.loads(line)
        if req['kind'] == 'session':
            deadline = time.time() + session_timeout_s
            while not client.connected and time.time() < deadline:
                time.sleep(0.05)
            print(json.dumps({'session': session_of(client) if client.connected else None}), flush=True)
            continue
        report = {'worker': worker, 'client': 'kazoo', 'session': session_of(client),
                  'kind': req['kind'], 'path': req['path']}
        for key in ('value', 'expectedVersion'):
            if key in req:
                report[key] = req[key]
        report['invokeMs'] = now_ms()
        try:
            node = perform(client, req, request_timeout_s)
            report['completeMs'] = now_ms()
            report['outcome'] = 'ok'
            report['replyZxid'] = client.last_zxid
            if node == 'absent':
                report['absent'] = True
            elif node is not None:
                report['node'] = node
        except tuple(DEFINITE) as error:
            report['completeMs'] = now_ms()
            report['outcome'] = 'fail'
            report['error'] = DEFINITE[type(error)]
            report['replyZxid'] = client.last_zxid
        except (KazooException, KazooTimeoutError) as error:
            report['completeMs'] = now_ms()
            report['outcome'] = 'unknown'
            report['error'] = type(error).__name__
        print(json.dumps(report), flush=True)
    try:
        client.stop()
        client.close()
    except Exception:  # the run is over; a failed close leaves the session to expire
        pass


if __name__ == '__main__':
    main()
