"""whoAmI, getEphemerals and getAllChildrenNumber (3.6+), sent through kazoo's connection."""
from kzcompat import connect, emit, get_all_children_number, get_ephemerals, outcome, who_am_i

BASE = '/extended-ops'

client = connect()
other = connect(auth_data=[('digest', 'alice:secret'), ('digest', 'bob:pw')])
client.create(BASE + '/a/b/c', makepath=True)
client.create(BASE + '/a/d')
client.create(BASE + '/e1', ephemeral=True)
client.create(BASE + '/a/e2', ephemeral=True)
client.create(BASE + '/a/e3-', ephemeral=True, sequence=True)
other.create(BASE + '/other-e', ephemeral=True)
r = {
    'whoAmIAnonymous': sorted(who_am_i(client)),
    'whoAmITwoDigests': sorted(who_am_i(other)),
    'ephemeralsAll': sorted(get_ephemerals(client, '/')),
    'ephemeralsUnderA': sorted(get_ephemerals(client, BASE + '/a')),
    # The prefix is a string prefix, not a path prefix: '/…/e' matches '/…/e1'.
    'ephemeralsStringPrefix': sorted(get_ephemerals(client, BASE + '/e')),
    'ephemeralsNoMatch': get_ephemerals(client, '/nothing-here'),
    'ephemeralsOther': sorted(get_ephemerals(other, '/')),
    'allChildrenBase': get_all_children_number(client, BASE),
    'allChildrenA': get_all_children_number(client, BASE + '/a'),
    'allChildrenLeaf': get_all_children_number(client, BASE + '/a/b/c'),
    'allChildrenMissing': outcome(get_all_children_number, client, BASE + '/missing'),
}
client.stop()
other.stop()
emit(r)
