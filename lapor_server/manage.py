"""Admin tasks behind the `lapor-server` subcommands: users, agencies, channel keys, calendar days.

Functions take a `Database` and raise `ManageError` (one Indonesian/English sentence) for bad
input; the CLI prints it and exits with code 2.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import UTC, date, datetime
from pathlib import Path

import sqlalchemy as sa

from lapor_core.wire import is_code
from lapor_server import auth
from lapor_server.db import Database
from lapor_server.models import Agency, CalendarDay, Channel, ChannelKey, User

_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")


class ManageError(ValueError):
    pass


def _now() -> datetime:
    return datetime.now(UTC)


def add_user(
    db: Database,
    *,
    username: str,
    role: str,
    password: str,
    display_name: str | None = None,
    agency_code: str | None = None,
    profile: str = "default",
    now: datetime | None = None,
) -> int:
    """Create an account; returns its id."""
    name = auth.normalise_username(username)
    if not _USERNAME.match(name):
        raise ManageError(
            "username must be 2-64 characters: lower-case letters, digits, '.', '_' or '-'"
        )
    if role not in auth.ROLES:
        raise ManageError(f"role must be one of {', '.join(auth.ROLES)}")
    if role == "petugas" and not agency_code:
        raise ManageError("a petugas needs --agency (the code of their OPD)")
    if role != "petugas" and agency_code:
        raise ManageError("only a petugas belongs to an agency; leave out --agency")
    if len(password) < 8:
        raise ManageError("the password must have at least 8 characters")
    with db.write() as s:
        if agency_code and s.get(Agency, agency_code) is None:
            raise ManageError(f"unknown agency '{agency_code}' (add it with add-agency first)")
        if s.scalar(sa.select(User.id).where(User.username == name)) is not None:
            raise ManageError(f"user '{name}' already exists")
        user = User(
            username=name,
            display_name=(display_name or name).strip()[:200],
            role=role,
            agency_code=agency_code,
            password_hash=auth.hash_password(password, profile),
            disabled=False,
            created_at=now or _now(),
        )
        s.add(user)
        s.flush()
        return user.id


def _user(s, username: str) -> User:  # type: ignore[no-untyped-def]
    user = s.scalar(sa.select(User).where(User.username == auth.normalise_username(username)))
    if user is None:
        raise ManageError(f"no user '{username}'")
    return user


def set_password(db: Database, *, username: str, password: str, profile: str = "default") -> None:
    if len(password) < 8:
        raise ManageError("the password must have at least 8 characters")
    now = _now()
    with db.write() as s:
        user = _user(s, username)
        user.password_hash = auth.hash_password(password, profile)
        user.password_changed_at = now
        auth.revoke_user_tokens(s, user.id, now)


def set_disabled(db: Database, *, username: str, disabled: bool) -> int:
    """Disable (revoking every device) or enable an account; returns revoked tokens."""
    now = _now()
    with db.write() as s:
        user = _user(s, username)
        user.disabled = disabled
        return auth.revoke_user_tokens(s, user.id, now) if disabled else 0


def revoke_devices(db: Database, *, username: str) -> int:
    with db.write() as s:
        return auth.revoke_user_tokens(s, _user(s, username).id, _now())


def add_agency(db: Database, *, code: str, name: str, short_name: str | None = None) -> None:
    if not is_code(code):
        raise ManageError("agency code must be lower-case letters, digits, '_', '.' or '-'")
    if not name.strip():
        raise ManageError("the agency needs a name")
    with db.write() as s:
        agency = s.get(Agency, code)
        if agency is None:
            s.add(
                Agency(
                    code=code, name=name.strip(), short_name=short_name, kind="dinas", active=True
                )
            )
        else:
            agency.name = name.strip()
            agency.active = True
            if short_name:
                agency.short_name = short_name


def channel_key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def issue_channel_key(db: Database, *, channel: str) -> str:
    """Create the channel if needed and issue a new API key (returned once, stored hashed)."""
    name = channel.strip().lower()
    if not is_code(name):
        raise ManageError("channel name must be lower-case letters, digits, '_', '.' or '-'")
    key = "lpk_" + secrets.token_urlsafe(32)
    now = _now()
    with db.write() as s:
        ch = s.scalar(sa.select(Channel).where(Channel.name == name))
        if ch is None:
            ch = Channel(name=name, created_at=now, active=True)
            s.add(ch)
            s.flush()
        s.add(
            ChannelKey(
                channel_id=ch.id, key_hash=channel_key_hash(key), prefix=key[:10], created_at=now
            )
        )
    return key


def channel_for_key(s, key: str) -> Channel | None:  # type: ignore[no-untyped-def]
    """The active channel an API key belongs to, or None (for the intake routers)."""
    if not key or len(key) > 200:
        return None
    row = s.execute(
        sa.select(Channel)
        .join(ChannelKey, ChannelKey.channel_id == Channel.id)
        .where(
            ChannelKey.key_hash == channel_key_hash(key),
            ChannelKey.revoked_at.is_(None),
            Channel.active.is_(True),
        )
    ).first()
    return row[0] if row else None


def add_calendar_day(db: Database, *, day: date, name: str, working: bool = False) -> None:
    if not name.strip():
        raise ManageError("give the day a name (e.g. 'Cuti bersama Natal')")
    with db.write() as s:
        row = s.get(CalendarDay, day)
        if row is None:
            s.add(CalendarDay(day=day, name=name.strip()[:200], working=working))
        else:
            row.name = name.strip()[:200]
            row.working = working


def close_expired(db: Database, *, now: datetime) -> int:
    from lapor_server.jobs import close_expired as job

    return job(db, now)


def seed(db: Database, *, reports: int, seed: int = 1, attachments_dir: Path | None = None) -> int:
    """Reference data plus `reports` generated reports (photos stored when a directory is given).

    Run it on a quiet server: a batch holds the feed lock on PostgreSQL while it replays.
    """
    from lapor_server.seed import seed_database

    if reports < 0 or reports > 1_000_000:
        raise ManageError("--reports must be between 0 and 1000000")
    return seed_database(db, reports=reports, seed=seed, attachments_dir=attachments_dir).reports
