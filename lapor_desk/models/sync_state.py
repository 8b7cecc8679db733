"""The `sync_state` key/value table: the feed cursor, last attempt/success/error, upload marks.

One place for its SQL, so the sync engine, the services and the headless `status` read and write
the same keys the same way (docs/sync.md).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from lapor_core.digests import Rules

#: a marker per attachment already uploaded: `uploaded:<sha256>`
UPLOADED_PREFIX = "uploaded:"
#: the server's digest thresholds from the reference (JSON, `lapor_core.digests.Rules`)
DEADLINE_RULES = "deadline_rules"
#: the local date the start-of-day notice was last shown (ISO; once per day)
START_OF_DAY_SHOWN = "start_of_day_shown"


def deadline_rules(conn: Any) -> Rules:
    """The server's digest thresholds as last synced (the defaults before the first sync or
    from a server that does not send them)."""
    raw = get(conn, DEADLINE_RULES)
    try:
        data = json.loads(raw) if raw else None
    except ValueError:
        data = None
    return Rules.from_mapping(data if isinstance(data, dict) else None)


def get(conn: Any, key: str) -> str | None:
    return conn.exec_driver_sql("SELECT value FROM sync_state WHERE key = ?", (key,)).scalar()


def put(conn: Any, values: Mapping[str, str | None]) -> None:
    """Set each key; a value of None removes the key."""
    for key, value in values.items():
        if value is None:
            conn.exec_driver_sql("DELETE FROM sync_state WHERE key = ?", (key,))
        else:
            conn.exec_driver_sql(
                "INSERT INTO sync_state(key, value) VALUES (?, ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )


def read(conn: Any, keys: tuple[str, ...] | None = None) -> dict[str, str]:
    """The bookkeeping keys (all but the upload marks), or only `keys`."""
    if keys is not None:
        return dict(
            conn.exec_driver_sql(
                "SELECT key, value FROM sync_state WHERE key IN (SELECT value FROM json_each(?))",
                (json.dumps(list(keys)),),
            ).all()
        )
    return dict(
        conn.exec_driver_sql(
            "SELECT key, value FROM sync_state WHERE key NOT LIKE ?", (UPLOADED_PREFIX + "%",)
        ).all()
    )


def uploaded(conn: Any) -> set[str]:
    """The attachment hashes this profile already uploaded."""
    return set(
        conn.exec_driver_sql(
            "SELECT substr(key, ?) FROM sync_state WHERE key LIKE ?",
            (len(UPLOADED_PREFIX) + 1, UPLOADED_PREFIX + "%"),
        ).scalars()
    )
