"""The centre's screens (docs/pusat.md): the national map and its desk for a `pusat` account
(`desk.py`, `window.py`), and a region's national standing for its coordinators
(`standing.py`)."""
