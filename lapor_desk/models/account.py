"""Who is logged in on a profile: server, username, role and agency (no secrets here).

The desk needs the role and agency offline, to offer and check actions with the shared workflow
rules; they are kept in the profile's `sync_state` table (key `account`) at login.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit


def normalise_server_url(url: str) -> str:
    """`HTTPS://Host:443/x/` → `https://host:443/x`: one keyring entry per server however typed."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    netloc = f"{host}:{parts.port}" if parts.port else host
    return f"{parts.scheme.lower()}://{netloc}{parts.path.rstrip('/')}"


@dataclass(frozen=True, slots=True)
class Account:
    """Who is logged in on a profile: what the desk needs to check actions offline."""

    server_url: str
    username: str
    role: str
    agency_code: str | None = None
    display_name: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "server_url": self.server_url,
            "username": self.username,
            "role": self.role,
            "agency_code": self.agency_code,
            "display_name": self.display_name,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Account:
        return cls(
            server_url=normalise_server_url(data["server_url"]),
            username=data["username"],
            role=data["role"],
            agency_code=data.get("agency_code"),
            display_name=data.get("display_name") or "",
        )


# -- where the account is remembered -----------------------------------------------------------

_ACCOUNT_KEY = "account"
_LAST_ACCOUNT_FILE = "last-account.json"


def save_account(conn: Any, account: Account) -> None:
    """Keep the account in the profile's `sync_state` (inside the caller's write transaction)."""
    conn.exec_driver_sql(
        "INSERT INTO sync_state(key, value) VALUES (?, ?)"
        " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (_ACCOUNT_KEY, json.dumps(account.as_dict(), ensure_ascii=False)),
    )


def load_account(conn: Any) -> Account | None:
    value = conn.exec_driver_sql(
        "SELECT value FROM sync_state WHERE key = ?", (_ACCOUNT_KEY,)
    ).scalar()
    return Account.from_dict(json.loads(value)) if value else None


def remember_last(account: Account, root: Path | None = None) -> None:
    """Note which profile the desk opens next time (server and username only, no secret)."""
    from lapor_desk.paths import data_root, ensure_private_dir, open_private

    folder = ensure_private_dir(root or data_root())
    target = folder / _LAST_ACCOUNT_FILE
    tmp = target.with_suffix(".tmp")
    with open_private(tmp, "w", encoding="utf-8") as fh:
        fh.write(json.dumps({"server_url": account.server_url, "username": account.username}))
    os.replace(tmp, target)


def last_account(root: Path | None = None) -> tuple[str, str] | None:
    """(server_url, username) of the last login on this machine, or None."""
    from lapor_desk.paths import data_root

    path = (root or data_root()) / _LAST_ACCOUNT_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return str(data["server_url"]), str(data["username"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def forget_last(root: Path | None = None) -> None:
    from lapor_desk.paths import data_root

    ((root or data_root()) / _LAST_ACCOUNT_FILE).unlink(missing_ok=True)
