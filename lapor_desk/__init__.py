"""LAPOR Desk: the offline-first desktop back office that officers install (PySide6 client)."""

from lapor_core import __version__ as __version__
