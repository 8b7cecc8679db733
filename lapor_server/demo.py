"""`lapor-server demo`: a ready-to-use demo directory (database, CA, accounts) for loopback HTTPS.

DIR/
  lapor.sqlite3          the database (reference data + N seeded reports)
  ca.pem, ca-key.pem     a local CA (the desk trusts ca.pem)
  server.pem, server-key.pem   certificate for localhost and 127.0.0.1
  attachments/           attachment files
  demo-accounts.json     {"accounts": [{username, password, role, agency_code}], "intake_api_key"}
                         (mode 0600)

Running it again on the same DIR reuses everything (accounts keep their passwords).
"""

from __future__ import annotations

import json
import os
import secrets
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from lapor_core.workflow import Role
from lapor_server import manage
from lapor_server.config import ServerSettings
from lapor_server.db import Database, upgrade
from lapor_server.models import Agency, Report, ServerMeta, User
from lapor_server.tls import ensure_demo_pki

ACCOUNTS_FILE = "demo-accounts.json"
MIN_PETUGAS_AGENCIES = 6
_SEEDED_KEY = "demo_seeded"
#: Demo passwords sit in plain text in demo-accounts.json next to the database, so a costly hash
#: protects nothing here and only slows the start; the server rehashes with its normal
#: parameters at each account's first login.
DEMO_HASH_PROFILE = "fast"


class DemoError(RuntimeError):
    pass


@dataclass(frozen=True, slots=True)
class PreparedDemo:
    dir: Path
    settings: ServerSettings
    ca: Path
    cert: Path
    key: Path
    accounts_file: Path


def _password() -> str:
    return secrets.token_urlsafe(12)


def _write_accounts(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=2)
        f.write("\n")
    os.replace(tmp, path)
    os.chmod(path, 0o600)


def _load_accounts(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("accounts"), list):
        return None
    return data


def prepare(directory: Path, *, reports: int = 300, port: int = 8443) -> PreparedDemo:
    """Create or reuse the demo directory; returns what `serve` needs."""
    if reports < 0:
        raise DemoError("--reports must not be negative")
    directory = directory.resolve()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        pki = ensure_demo_pki(directory)
    except OSError as exc:
        raise DemoError(f"cannot prepare {directory}: {exc.strerror or exc}") from None
    db_url = f"sqlite:///{directory / 'lapor.sqlite3'}"
    upgrade(db_url)
    settings = ServerSettings(
        db_url=db_url,
        attachments_dir=directory / "attachments",
        public_base_url=f"https://localhost:{port}",
    )
    accounts_path = directory / ACCOUNTS_FILE
    db = Database(db_url, pool_size=1)
    try:
        with db.read() as s:
            seeded = s.get(ServerMeta, _SEEDED_KEY) is not None
            user_count = s.scalar(sa.select(sa.func.count()).select_from(User)) or 0
        existing = _load_accounts(accounts_path)
        if seeded and existing is not None and user_count > 0:
            return PreparedDemo(directory, settings, pki.ca, pki.cert, pki.key, accounts_path)
        if seeded and user_count > 0:
            raise DemoError(
                f"{accounts_path} is missing or damaged but {directory} already holds a demo; "
                "remove the directory to start afresh"
            )
        _seed(db, settings, reports, accounts_path)
    finally:
        db.dispose()
    return PreparedDemo(directory, settings, pki.ca, pki.cert, pki.key, accounts_path)


def _seed(db: Database, settings: ServerSettings, reports: int, accounts_path: Path) -> None:
    from lapor_server.seed import mark_seeded, seed_database

    now = datetime.now(UTC)
    accounts: list[dict[str, Any]] = []

    def add(username: str, role: str, display: str, agency: str | None = None) -> None:
        password = _password()
        manage.add_user(
            db,
            username=username,
            role=role,
            password=password,
            display_name=display,
            agency_code=agency,
            profile=DEMO_HASH_PROFILE,
            now=now,
        )
        accounts.append(
            {
                "username": username,
                "password": password,
                "role": role,
                "agency_code": agency,
                "display_name": display,
            }
        )

    # The coordinator exists before the replay so the timelines carry a real account's name.
    from lapor_server.reference import seed_reference

    with db.write() as s:
        seed_reference(s)
    add("koordinator", Role.KOORDINATOR, "Yohana Kambu (Diskominfo)")
    seed_database(
        db,
        reports=reports,
        seed=20261127,
        now=now,
        attachments_dir=settings.attachments_dir,
        koordinator_username="koordinator",
    )
    add("pimpinan", Role.PIMPINAN, "Pimpinan Daerah")
    add("admin", Role.ADMIN, "Admin TI Diskominfo")
    with db.read() as s:
        counts = Counter(
            code
            for code in s.scalars(
                sa.select(Report.agency_code).where(Report.agency_code.is_not(None))
            )
        )
        agencies = {a.code: a for a in s.scalars(sa.select(Agency))}
    top = [code for code, _ in counts.most_common(MIN_PETUGAS_AGENCIES)]
    for code in sorted(agencies):  # too few reports dispatched: fill up with the first OPDs
        if len(top) >= MIN_PETUGAS_AGENCIES:
            break
        if code not in top:
            top.append(code)
    for code in top:
        a = agencies[code]
        add(f"petugas.{code}"[:64], Role.PETUGAS, f"Petugas {a.short_name or a.name}", code)
    key = manage.issue_channel_key(db, channel="web")
    _write_accounts(accounts_path, {"accounts": accounts, "intake_api_key": key})
    with db.write() as s:
        mark_seeded(s, _SEEDED_KEY, now.isoformat())
