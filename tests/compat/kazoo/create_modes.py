"""Every create mode, and the create errors, as seen through kazoo."""
from kzcompat import (OPEN_ACL_UNSAFE, CreateContainer, call, connect, create_container, create_ttl, emit,
                      outcome, ser, session_id, stat_dict, to_json)

BASE = '/create-modes'

client = connect()
client.create(BASE)
r = {'sessionId': session_id(client)}

path, stat = client.create(BASE + '/persistent', b'p', include_data=True)
r['persistent'] = {'path': path, 'stat': stat_dict(stat)}

path, stat = client.create(BASE + '/ephemeral', b'e', ephemeral=True, include_data=True)
r['ephemeral'] = {'path': path, 'stat': stat_dict(stat)}

path, stat = client.create(BASE + '/seq-', b's', sequence=True, include_data=True)
r['sequential'] = {'path': path, 'stat': stat_dict(stat)}

path, stat = client.create(BASE + '/eseq-', b'es', ephemeral=True, sequence=True, include_data=True)
r['ephemeralSequential'] = {'path': path, 'stat': stat_dict(stat)}

path, stat = create_container(client, BASE + '/container', b'c')
r['container'] = {'path': path, 'stat': stat_dict(stat)}

path, stat = create_ttl(client, BASE + '/ttl', 60000, b't')
r['ttl'] = {'path': path, 'stat': stat_dict(stat)}

path, stat = create_ttl(client, BASE + '/ttlseq-', 60000, b'ts', flags=6)
r['ttlSequential'] = {'path': path, 'stat': stat_dict(stat)}

r['ttlErrors'] = {
    # Only PERSISTENT_WITH_TTL (5) and PERSISTENT_SEQUENTIAL_WITH_TTL (6) may carry a TTL.
    'flagsPersistent': outcome(create_ttl, client, BASE + '/ttl-f0', 60000, flags=0),
    'flagsEphemeral': outcome(create_ttl, client, BASE + '/ttl-f1', 60000, flags=1),
    'zero': outcome(create_ttl, client, BASE + '/ttl-zero', 0),
    'negative': outcome(create_ttl, client, BASE + '/ttl-neg', -1),
    'tooLarge': outcome(create_ttl, client, BASE + '/ttl-big', 0x10000000000),
}

# The opcode, not the flags, decides what a container is: createContainer with flags 0 still
# makes a container, and a plain create carrying the container flag makes a persistent node.
# (Which of these is a container is proven by garbage collection in containers_ttl.py.)
r['plainCreateWithContainerFlag'] = outcome(call, client, ser.Create(BASE + '/c-flag', b'', OPEN_ACL_UNSAFE, 4))
r['createContainerFlags0'] = outcome(call, client, CreateContainer(BASE + '/c-op', b'', OPEN_ACL_UNSAFE, 0))

r['errors'] = {
    'nodeExists': outcome(client.create, BASE + '/persistent'),
    'noParent': outcome(client.create, BASE + '/missing/child'),
    'childOfEphemeral': outcome(client.create, BASE + '/ephemeral/child'),
    'sequentialChildOfEphemeral': outcome(client.create, BASE + '/ephemeral/s-', sequence=True),
    'rootExists': outcome(call, client, ser.Create('/', b'', OPEN_ACL_UNSAFE, 0)),
}

r['data'] = {
    'persistent': to_json(client.get(BASE + '/persistent')[0]),
    'ttl': to_json(client.get(BASE + '/ttl')[0]),
    'container': to_json(client.get(BASE + '/container')[0]),
}
r['children'] = sorted(client.get_children(BASE))
client.stop()
emit(r)
