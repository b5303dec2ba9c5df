"""sync returns the path it was given; the path need not exist."""
from kzcompat import connect, emit, outcome

client = connect()
client.create('/sync-me')
emit({
    'existing': outcome(client.sync, '/sync-me'),
    'missing': outcome(client.sync, '/sync-missing'),
    'root': outcome(client.sync, '/'),
})
client.stop()
