"""Partner instansi: the admin's tasks behind `lapor-server partners …` (docs/forwarding.md).

A partner has a code (what the forward op names), a name, a kind, and either runs LAPOR Desk (then
its base URL and the channel key its admin issued for us are required: forwards go to its channel
intake) or not (forwards are recorded only). The channel key is never printed back: listings say
only whether one is set.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa

from lapor_core.wire import PARTNER_KINDS, is_code
from lapor_server.db import Database
from lapor_server.forwarding.tables import Forward, Partner

#: keep unless given (update): a sentinel distinct from None (None clears a field)
KEEP: Any = object()


class PartnerError(ValueError):
    """A partner task refused, with a sentence for the admin."""


@dataclass(frozen=True, slots=True)
class PartnerInfo:
    """What a listing shows of a partner (never its channel key)."""

    code: str
    name: str
    kind: str
    runs_lapor: bool
    base_url: str | None
    has_channel_key: bool
    ca_file: str | None
    active: bool
    forwards: int
    pending: int
    failed: int
    last_polled_at: str | None
    last_error: str | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _code(code: str) -> str:
    value = (code or "").strip().lower()
    if not is_code(value):
        raise PartnerError("partner code must be lower-case letters, digits, '_', '.' or '-'")
    return value


def _name(name: str) -> str:
    value = " ".join((name or "").split())
    if not value or len(value) > 200:
        raise PartnerError("partner name must be 1 to 200 characters")
    return value


def _kind(kind: str) -> str:
    if kind not in PARTNER_KINDS:
        raise PartnerError("kind must be one of " + ", ".join(PARTNER_KINDS))
    return kind


def _base_url(url: str | None) -> str | None:
    if url is None or not url.strip():
        return None
    value = url.strip().rstrip("/")
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.hostname:
        raise PartnerError("base URL must be https://host[:port][/path] (reports travel over TLS)")
    if parts.username or parts.password or parts.query or parts.fragment:
        raise PartnerError("base URL must not carry credentials, a query or a fragment")
    if len(value) > 500:
        raise PartnerError("base URL is longer than 500 characters")
    return value


def _key(key: str | None) -> str | None:
    if key is None:
        return None
    value = key.strip()
    if not value:
        return None
    if len(value) > 200 or any(ch.isspace() or not ch.isprintable() for ch in value):
        raise PartnerError("channel key must be one line of at most 200 printable characters")
    return value


def _ca(path: str | None) -> str | None:
    if path is None or not str(path).strip():
        return None
    p = Path(path).expanduser().resolve()
    try:
        text = p.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as exc:
        raise PartnerError(f"CA file {p} cannot be read: {exc}") from None
    if "BEGIN CERTIFICATE" not in text:
        raise PartnerError(f"CA file {p} holds no PEM certificate")
    return str(p)


def _check_complete(p: Partner) -> None:
    if p.runs_lapor and (not p.base_url or not p.channel_key):
        raise PartnerError(
            "a partner that runs LAPOR Desk needs --base-url and a channel key "
            "(--channel-key-file, --channel-key-env or --channel-key-stdin)"
        )


def add(
    db: Database,
    *,
    code: str,
    name: str,
    kind: str,
    runs_lapor: bool,
    base_url: str | None,
    channel_key: str | None,
    ca_file: str | None,
    now: datetime,
) -> None:
    code = _code(code)
    with db.write() as s:
        if s.scalar(sa.select(Partner.id).where(Partner.code == code)) is not None:
            raise PartnerError(f"partner '{code}' exists already (use partners update)")
        p = Partner(
            code=code,
            name=_name(name),
            kind=_kind(kind),
            runs_lapor=runs_lapor,
            base_url=_base_url(base_url),
            channel_key=_key(channel_key),
            ca_file=_ca(ca_file),
            active=True,
            created_at=now,
            updated_at=now,
        )
        _check_complete(p)
        s.add(p)


def update(
    db: Database,
    *,
    code: str,
    now: datetime,
    name: Any = KEEP,
    kind: Any = KEEP,
    runs_lapor: Any = KEEP,
    base_url: Any = KEEP,
    channel_key: Any = KEEP,
    ca_file: Any = KEEP,
    active: Any = KEEP,
) -> None:
    with db.write() as s:
        p = _get(s, code)
        if name is not KEEP:
            p.name = _name(name)
        if kind is not KEEP:
            p.kind = _kind(kind)
        if runs_lapor is not KEEP:
            p.runs_lapor = bool(runs_lapor)
        if base_url is not KEEP:
            new_url = _base_url(base_url)
            if new_url != p.base_url:
                p.updates_cursor = None  # another server: its feed starts from the beginning
            p.base_url = new_url
        if channel_key is not KEEP:
            p.channel_key = _key(channel_key)
        if ca_file is not KEEP:
            p.ca_file = _ca(ca_file)
        if active is not KEEP:
            p.active = bool(active)
        _check_complete(p)
        p.last_error = None
        p.updated_at = now


def remove(db: Database, *, code: str, now: datetime) -> str:
    """Delete a partner nobody forwarded to; one with forwards is deactivated (its history stays).
    Returns `removed` or `deactivated`."""
    with db.write() as s:
        p = _get(s, code)
        used = s.scalar(sa.select(sa.func.count()).where(Forward.partner_id == p.id)) or 0
        if used:
            p.active = False
            p.updated_at = now
            return "deactivated"
        s.delete(p)
        return "removed"


def listing(db: Database) -> list[PartnerInfo]:
    with db.read() as s:
        counts: dict[tuple[int, str], int] = {
            (pid, state): n
            for pid, state, n in s.execute(
                sa.select(Forward.partner_id, Forward.state, sa.func.count()).group_by(
                    Forward.partner_id, Forward.state
                )
            )
        }
        out = []
        for p in s.scalars(sa.select(Partner).order_by(Partner.code)):
            mine = {state: n for (pid, state), n in counts.items() if pid == p.id}
            out.append(
                PartnerInfo(
                    code=p.code,
                    name=p.name,
                    kind=p.kind,
                    runs_lapor=p.runs_lapor,
                    base_url=p.base_url,
                    has_channel_key=bool(p.channel_key),
                    ca_file=p.ca_file,
                    active=p.active,
                    forwards=sum(mine.values()),
                    pending=mine.get("pending", 0),
                    failed=mine.get("failed", 0),
                    last_polled_at=p.last_polled_at.isoformat() if p.last_polled_at else None,
                    last_error=p.last_error,
                )
            )
        return out


def reference_list(s: sa.orm.Session) -> list[dict[str, Any]]:
    """The active partners as desks learn them (`GET /api/v1/reference` `partners`): code, name,
    kind and whether it runs LAPOR Desk; never its address or key."""
    return [
        {"code": p.code, "name": p.name, "kind": p.kind, "runs_lapor": p.runs_lapor}
        for p in s.scalars(
            sa.select(Partner).where(Partner.active.is_(True)).order_by(Partner.name)
        )
    ]


def _get(s: sa.orm.Session, code: str) -> Partner:
    p = s.scalar(sa.select(Partner).where(Partner.code == _code(code)))
    if p is None:
        raise PartnerError(f"no partner '{code}' (see partners list)")
    return p
