"""How the benchmarks open a desk store: encrypted with a profile key, as the desk does, unless
`LAPOR_BENCH_PLAIN=1` asks for the plain SQLite baseline (`bench/encryption_cost.py` runs each
store benchmark both ways in one run and reports the ratio). The variable reaches the child
processes some benchmarks start."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from lapor_desk.models import crypto
from lapor_desk.models.encryption import encrypt_in_place
from lapor_desk.models.store import Store

#: A fixed key: benchmark data only (the desk's keys are random and live in the keyring).
BENCH_KEY = bytes(range(32))


def plain() -> bool:
    return os.environ.get("LAPOR_BENCH_PLAIN") == "1"


def mode() -> str:
    return "plain" if plain() else "encrypted"


def key() -> bytes | None:
    return None if plain() else BENCH_KEY


def open_store(path: str | Path, **kwargs: Any) -> Store:
    """The store at `path` as the desk opens it (a plain prepared copy is encrypted first)."""
    path = Path(path)
    if plain():
        return Store.open(path, **kwargs)
    if crypto.is_plain_sqlite(path):
        encrypt_in_place(path, BENCH_KEY)  # prepared profiles are cached plain; not timed
    return Store.open(path, key=BENCH_KEY, **kwargs)


def prepare(path: str | Path) -> Path:
    """Encrypt a freshly copied (plain) prepared profile in place, before anything is timed."""
    path = Path(path)
    if not plain() and crypto.is_plain_sqlite(path):
        encrypt_in_place(path, BENCH_KEY)
    return path
