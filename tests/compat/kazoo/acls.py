"""ACLs: digest auth, NoAuth, InvalidACL, read-only world, the auth scheme, super, aversion."""
import os

from kazoo.security import ACL, Id, make_acl, make_digest_acl

from kzcompat import connect, emit, outcome, stat_dict, to_json, who_am_i

BASE = '/acls'
SUPER_PASSWORD = os.environ['SUPER_PASSWORD']

anon = connect()
alice = connect(auth_data=[('digest', 'alice:secret')])
anon.create(BASE)
r = {}

ALICE_ALL = make_digest_acl('alice', 'secret', all=True)
WORLD_READ = make_acl('world', 'anyone', read=True)

alice.create(BASE + '/private', b'p', acl=[ALICE_ALL])
alice.create(BASE + '/shared', b's', acl=[ALICE_ALL, WORLD_READ])
r['alice'] = {
    'whoAmI': sorted(who_am_i(alice)),
    'get': to_json(alice.get(BASE + '/private')[0]),
    'getAcls': to_json(alice.get_acls(BASE + '/private')[0]),
    'set': outcome(alice.set, BASE + '/private', b'p2'),
}
r['anon'] = {
    'whoAmI': sorted(who_am_i(anon)),
    'getPrivate': outcome(anon.get, BASE + '/private'),
    'setPrivate': outcome(anon.set, BASE + '/private', b'x'),
    'childrenPrivate': outcome(anon.get_children, BASE + '/private'),
    'createUnderPrivate': outcome(anon.create, BASE + '/private/c'),
    'getAclsPrivate': outcome(anon.get_acls, BASE + '/private'),
    # exists carries no ACL check in 3.8: the Stat of an unreadable node is visible.
    'existsPrivate': outcome(anon.exists, BASE + '/private'),
    'getShared': to_json(anon.get(BASE + '/shared')[0]),
    'setShared': outcome(anon.set, BASE + '/shared', b'x'),
    # Without ADMIN, digest ids come back with the hash replaced by 'x'.
    'getAclsShared': to_json(anon.get_acls(BASE + '/shared')[0]),
    # Deleting needs DELETE on the parent (world:anyone:all here), not rights on the node.
    'deletePrivate': outcome(anon.delete, BASE + '/private'),
}
alice.create(BASE + '/private', b'p', acl=[ALICE_ALL])

# A wrong password is accepted as an identity but matches nothing.
mallory = connect(auth_data=[('digest', 'alice:wrong')])
r['wrongPassword'] = {
    'whoAmI': sorted(who_am_i(mallory)),
    'get': outcome(mallory.get, BASE + '/private'),
}
mallory.stop()

# Read-only for the world: no write, no create below, but readable.
anon.create(BASE + '/readonly', b'r', acl=[WORLD_READ])
r['readOnly'] = {
    'get': to_json(anon.get(BASE + '/readonly')[0]),
    'set': outcome(anon.set, BASE + '/readonly', b'w'),
    'create': outcome(anon.create, BASE + '/readonly/c'),
    'setAcls': outcome(anon.set_acls, BASE + '/readonly', [make_acl('world', 'anyone', all=True)]),
}

# CREATE-only parent: children can be added, the parent itself cannot be read.
anon.create(BASE + '/dropbox', b'', acl=[make_acl('world', 'anyone', create=True)])
r['createOnly'] = {
    'create': outcome(anon.create, BASE + '/dropbox/c'),
    'list': outcome(anon.get_children, BASE + '/dropbox'),
    'deleteChild': outcome(anon.delete, BASE + '/dropbox/c'),
}

r['invalid'] = {
    'unknownScheme': outcome(anon.create, BASE + '/i1', acl=[ACL(31, Id('bogus', 'x'))]),
    'authWithoutIdentity': outcome(anon.create, BASE + '/i2', acl=[ACL(31, Id('auth', ''))]),
    'digestWithoutHash': outcome(anon.create, BASE + '/i3', acl=[ACL(31, Id('digest', 'alice'))]),
    'badIp': outcome(anon.create, BASE + '/i4', acl=[ACL(31, Id('ip', 'not-an-ip'))]),
    'emptyListOnSet': outcome(anon.set_acls, BASE, []),
    # Perms are not range-checked.
    'zeroPerms': outcome(anon.create, BASE + '/i5', acl=[ACL(0, Id('world', 'anyone'))]),
}
r['invalidLeftNothing'] = sorted(c for c in anon.get_children(BASE) if c.startswith('i'))

# The auth scheme expands to the creator's authenticated identities.
alice.create(BASE + '/mine', b'', acl=[ACL(31, Id('auth', ''))])
r['authScheme'] = to_json(alice.get_acls(BASE + '/mine')[0])
r['ipScheme'] = {
    'create': outcome(anon.create, BASE + '/local', b'l', acl=[ACL(31, Id('ip', '127.0.0.1'))]),
    'get': outcome(anon.get, BASE + '/local'),
    'createNet': outcome(anon.create, BASE + '/net', b'n', acl=[ACL(31, Id('ip', '10.0.0.0/8'))]),
    'getNet': outcome(anon.get, BASE + '/net'),
}

# setACL checks its version against aversion and bumps aversion only.
anon.create(BASE + '/versioned', b'v')
r['setAclsBadVersion'] = outcome(anon.set_acls, BASE + '/versioned', [WORLD_READ], version=3)
r['setAclsV0'] = outcome(anon.set_acls, BASE + '/versioned', [make_acl('world', 'anyone', all=True)], version=0)
r['setAclsAny'] = outcome(anon.set_acls, BASE + '/versioned', [make_acl('world', 'anyone', all=True)], version=-1)
r['versionedStat'] = stat_dict(anon.exists(BASE + '/versioned'))

# The super digest passes every ACL check.
root = connect(auth_data=[('digest', 'super:' + SUPER_PASSWORD)])
r['super'] = {
    'whoAmI': sorted(who_am_i(root)),
    'get': outcome(root.get, BASE + '/private'),
    'set': outcome(root.set, BASE + '/private', b'by-super'),
    'getAcls': outcome(root.get_acls, BASE + '/private'),
    'setAcls': outcome(root.set_acls, BASE + '/private', [make_acl('world', 'anyone', all=True)]),
}
r['afterSuper'] = outcome(anon.get, BASE + '/private')

# An unknown auth scheme fails the session: the server closes it with AuthFailed.
r['badScheme'] = outcome(anon.add_auth, 'nosuchscheme', 'x')
r['afterBadScheme'] = outcome(anon.exists, BASE)

for c in (alice, root):
    c.stop()
emit(r)
