"""Admin tasks behind the `lapor-server` subcommands: users, agencies, channel keys, calendar days.

Functions take a `Database` and raise `ManageError` (one Indonesian/English sentence) for bad
input; the CLI prints it and exits with code 2.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import sqlalchemy as sa

from lapor_core import contact
from lapor_core.wire import is_code
from lapor_core.workflow import Role
from lapor_server import auth
from lapor_server.admin import accounts, audit, channels, reference
from lapor_server.admin.errors import AdminError
from lapor_server.db import Database
from lapor_server.models import Channel, ChannelKey, DeviceToken

_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
#: how many leading characters of a channel key are stored in clear (`ChannelKey.prefix`)
KEY_PREFIX_CHARS = channels.KEY_PREFIX_CHARS


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
    email: str | None = None,
) -> int:
    """Create an account; returns its id."""
    name = auth.normalise_username(username)
    if not _USERNAME.match(name):
        raise ManageError(
            "username must be 2-64 characters: lower-case letters, digits, '.', '_' or '-'"
        )
    if role not in auth.ROLES:
        raise ManageError(f"role must be one of {', '.join(auth.ROLES)}")
    if role == Role.PETUGAS and not agency_code:
        raise ManageError("a petugas needs --agency (the code of their OPD)")
    if role != Role.PETUGAS and agency_code:
        raise ManageError("only a petugas belongs to an agency; leave out --agency")
    if len(password) < 8:
        raise ManageError("the password must have at least 8 characters")
    email = _contact(contact.clean_email, email)
    with _admin(), db.write() as s:
        user = accounts.create_account(
            s, audit.CLI, now or _now(),
            username=name, role=role, password_hash=auth.hash_password(password, profile),
            display_name=display_name, agency_code=agency_code, email=email,
        )  # fmt: skip
        return user.id


@contextlib.contextmanager
def _admin() -> Iterator[None]:
    """The admin functions' refusals as `ManageError` (their English sentence)."""
    try:
        yield
    except AdminError as exc:
        raise ManageError(exc.en_text) from None


def _contact(clean, value):  # type: ignore[no-untyped-def]
    """A contact detail checked by `lapor_core.contact`, its refusal as a `ManageError`."""
    try:
        return clean(value)
    except contact.ContactError as exc:
        raise ManageError(exc.en_text) from None


def set_password(db: Database, *, username: str, password: str, profile: str = "default") -> None:
    if len(password) < 8:
        raise ManageError("the password must have at least 8 characters")
    password_hash = auth.hash_password(password, profile)
    with _admin(), db.write() as s:
        accounts.reset_password(s, audit.CLI, _now(), username, password_hash)


def set_disabled(db: Database, *, username: str, disabled: bool) -> int:
    """Disable (revoking every device) or enable an account; returns revoked tokens."""
    now = _now()
    with _admin(), db.write() as s:
        user = accounts.get_user(s, username, lock=True)
        if disabled and user.disabled:
            return accounts.revoke_devices(s, audit.CLI, now, user, reason="account_disabled")
        live = s.scalar(
            sa.select(sa.func.count())
            .select_from(DeviceToken)
            .where(DeviceToken.user_id == user.id, DeviceToken.revoked_at.is_(None))
        )
        accounts.update_account(s, audit.CLI, now, username, {"disabled": disabled})
        return int(live or 0) if disabled else 0


def revoke_devices(db: Database, *, username: str) -> int:
    with _admin(), db.write() as s:
        user = accounts.get_user(s, username, lock=True)
        return accounts.revoke_devices(s, audit.CLI, _now(), user)


#: `add_agency`'s "leave the contact as it is"
KEEP = object()


def add_agency(
    db: Database,
    *,
    code: str,
    name: str,
    short_name: str | None = None,
    contact_name: object = KEEP,
    contact_email: object = KEEP,
    contact_phone: object = KEEP,
) -> None:
    """Add an OPD or rename an existing one; contact fields given (None clears) are saved too."""
    if not is_code(code):
        raise ManageError("agency code must be lower-case letters, digits, '_', '.' or '-'")
    if not name.strip():
        raise ManageError("the agency needs a name")
    changes: dict[str, object] = {
        field: _contact(clean, value)
        for field, clean, value in (
            ("contact_name", contact.clean_name, contact_name),
            ("contact_email", contact.clean_email, contact_email),
            ("contact_phone", contact.clean_phone, contact_phone),
        )
        if value is not KEEP
    }
    changes.update(name=name.strip(), active=True)
    if short_name:
        changes["short_name"] = short_name
    with _admin(), db.write() as s:
        reference.save_agency(s, audit.CLI, _now(), code, changes)


def channel_key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def issue_channel_key(db: Database, *, channel: str) -> str:
    """Create the channel if needed and issue a new API key (returned once, stored hashed)."""
    with _admin(), db.write() as s:
        return channels.issue_key(s, audit.CLI, _now(), channel)


@dataclass(frozen=True)
class ChannelKeyInfo:
    """What an admin may see of a channel key (never the key or its hash)."""

    id: int
    channel: str
    prefix: str
    created_at: datetime
    revoked_at: datetime | None
    #: the channel itself accepts keys (`Channel.active`); a key works only if this is true too
    channel_active: bool

    @property
    def active(self) -> bool:
        return self.revoked_at is None and self.channel_active


@dataclass(frozen=True)
class RevokedKeys:
    """The outcome of `revoke_channel_key`."""

    #: keys revoked by this call
    revoked: list[ChannelKeyInfo]
    #: keys that matched but were revoked before (nothing changed for them)
    already_revoked: list[ChannelKeyInfo]
    #: channels touched by this call that have no unrevoked key any more
    channels_without_key: list[str]


def _channel_name(channel: str) -> str:
    name = channel.strip().lower()
    if not is_code(name):
        raise ManageError("channel name must be lower-case letters, digits, '_', '.' or '-'")
    return name


def _channel(s, channel: str) -> Channel:  # type: ignore[no-untyped-def]
    ch = s.scalar(sa.select(Channel).where(Channel.name == _channel_name(channel)))
    if ch is None:
        raise ManageError(
            f"no channel '{channel.strip()}' (channels get keys with issue-channel-key)"
        )
    return ch


def _key_rows(s, *where) -> list[tuple[ChannelKey, Channel]]:  # type: ignore[no-untyped-def]
    stmt = (
        sa.select(ChannelKey, Channel)
        .join(Channel, Channel.id == ChannelKey.channel_id)
        .where(*where)
        .order_by(Channel.name, ChannelKey.id)
    )
    return [(k, ch) for k, ch in s.execute(stmt)]


def _key_info(key: ChannelKey, ch: Channel) -> ChannelKeyInfo:
    return ChannelKeyInfo(
        id=key.id,
        channel=ch.name,
        prefix=key.prefix,
        created_at=key.created_at,
        revoked_at=key.revoked_at,
        channel_active=bool(ch.active),
    )


def list_channel_keys(db: Database, *, channel: str | None = None) -> list[ChannelKeyInfo]:
    """Every key (revoked ones too), by channel name and id; only one channel's if given."""
    with db.read() as s:
        where = [] if channel is None else [ChannelKey.channel_id == _channel(s, channel).id]
        return [_key_info(k, ch) for k, ch in _key_rows(s, *where)]


def revoke_channel_key(
    db: Database,
    *,
    key_id: int | None = None,
    prefix: str | None = None,
    channel: str | None = None,
    now: datetime | None = None,
) -> RevokedKeys:
    """Revoke one key (by id, or by a prefix that matches exactly one key) or every key of a
    channel. Intake and Open311 then refuse the key like an unknown one. Revoking a revoked key
    changes nothing and is not an error."""
    if sum(x is not None for x in (key_id, prefix, channel)) != 1:
        raise ManageError("give exactly one of a key id, a key prefix or a channel")
    now = now or _now()
    with db.write() as s:
        touched: dict[int, str] = {}  # channel id -> name
        if key_id is not None:
            rows = _key_rows(s, ChannelKey.id == key_id)
            if not rows:
                raise ManageError(f"no channel key with id {key_id} (see list-channel-keys)")
        elif prefix is not None:
            wanted = prefix.strip()
            if not wanted:
                raise ManageError("the key prefix is empty (see list-channel-keys)")
            if len(wanted) > KEY_PREFIX_CHARS:  # never echo what may be a whole key
                raise ManageError(
                    f"a key prefix has at most {KEY_PREFIX_CHARS} characters (the PREFIX column "
                    "of list-channel-keys), not the whole key"
                )
            rows = [(k, ch) for k, ch in _key_rows(s) if k.prefix.startswith(wanted)]
            if not rows:
                raise ManageError(f"no channel key starts with '{wanted}' (see list-channel-keys)")
            if len(rows) > 1:
                ids = ", ".join(str(k.id) for k, _ in rows)
                raise ManageError(
                    f"the prefix '{wanted}' matches {len(rows)} keys (ids {ids}); "
                    "give a longer prefix or use --key-id"
                )
        else:
            named = _channel(s, channel or "")
            touched[named.id] = named.name  # also when it has no key at all
            rows = _key_rows(s, ChannelKey.channel_id == named.id)
        revoked, already = [], []
        for key, ch in rows:
            if key.revoked_at is None:
                key.revoked_at = now
                channels.record_revoked(s, audit.CLI, now, key, ch)
                revoked.append(_key_info(key, ch))
            else:
                already.append(_key_info(key, ch))
        s.flush()
        touched.update((ch.id, ch.name) for _, ch in rows)
        left = set(
            s.scalars(
                sa.select(ChannelKey.channel_id).where(
                    ChannelKey.channel_id.in_(list(touched)), ChannelKey.revoked_at.is_(None)
                )
            )
        )
        without = sorted(name for cid, name in touched.items() if cid not in left)
    return RevokedKeys(revoked=revoked, already_revoked=already, channels_without_key=without)


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


def add_calendar_day(
    db: Database,
    *,
    day: date,
    name: str,
    working: bool = False,
    now: datetime | None = None,
) -> int:
    """Save an extra non-working (or working) day and move the open reports' deadlines to it.

    One transaction: the day, the recomputed deadlines (a `deadlines` event and a new version
    per report whose dates moved, so desks get them through the feed) commit together. Desks
    fetch the calendar itself again when the feed's `reference_version` changes. Returns how
    many reports' deadlines moved.
    """
    if not name.strip():
        raise ManageError("give the day a name (e.g. 'Cuti bersama Natal')")
    with _admin(), db.write() as s:
        return reference.save_calendar_day(
            s, audit.CLI, now or datetime.now(UTC), day, name, working
        )


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
