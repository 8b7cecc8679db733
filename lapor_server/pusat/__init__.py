"""The centre (pusat): regional servers send privacy-safe monthly aggregates, signed, to one
centre server that maps them nationally (docs/pusat.md).

- `disclosure`: the rule that merges small cells (no count under the threshold points to anyone)
- `aggregate`: a region's month as the centre receives it
- `signing`: Ed25519 keys and signatures between region and centre
- `push`: the regional job that signs new versions and sends them until the centre confirms
- `centre`: the centre's side: regions, keys, ingest, and the figures of the map
- `tables`: the tables of both sides (server revision 0012)
"""
