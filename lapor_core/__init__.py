"""Rules shared by desk and central server: workflow, roles, calendar, deadlines, wire shapes.

Nothing here imports Qt, a database or an HTTP library, so both sides (and plain pytest) can use it.
"""

__version__ = "0.1.0"
