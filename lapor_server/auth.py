"""Accounts and sessions: argon2 password hashes, device tokens, login throttling, `current_user`.

- Passwords: argon2id (argon2-cffi). Unknown usernames get a dummy verify so a wrong username and
  a wrong password take the same time and get the same 401.
- Tokens: `secrets.token_urlsafe(32)`, shown once; the database keeps only their SHA-256, with
  the device name, creation, last use and expiry. Revocable one by one or per user.
- Throttling: failed logins per username are rows in the database (shared by every server
  process); after `login_max_failures` within `login_window_seconds` the answer is 429 with
  `Retry-After` until the oldest of those failures leaves the window.
"""

from __future__ import annotations

import hashlib
import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from lapor_core.admin import AuditKind
from lapor_core.workflow import DESK_ROLES, Role, values
from lapor_server.admin import audit
from lapor_server.config import ServerSettings
from lapor_server.db import Database
from lapor_server.errors import Problem
from lapor_server.models import DeviceToken, LoginAttempt, User

ROLES = values(DESK_ROLES)
#: the only paths a `pusat` account may use (its session, and the centre's API)
CENTRE_ACCOUNT_PATHS = ("/api/v1/session", "/api/v1/centre/")
USERNAME_MAX = 64
#: refresh a token's last_seen_at at most this often (a write per request would be waste)
LAST_SEEN_GRANULARITY = timedelta(minutes=5)


@lru_cache(maxsize=4)
def hasher(profile: str = "default") -> PasswordHasher:
    if profile == "fast":
        # Only for tests: the same algorithm with tiny cost parameters.
        return PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    return PasswordHasher()


@lru_cache(maxsize=4)
def _dummy_hash(profile: str) -> str:
    return hasher(profile).hash(secrets.token_urlsafe(16))


def hash_password(password: str, profile: str = "default") -> str:
    return hasher(profile).hash(password)


def needs_rehash(password_hash: str, profile: str) -> bool:
    try:
        return hasher(profile).check_needs_rehash(password_hash)
    except (InvalidHashError, ValueError):
        return True


def verify_password(password_hash: str | None, password: str, profile: str = "default") -> bool:
    """Constant-work check, False for no hash (unknown user).

    An unknown user costs one verify against a dummy hash of the server's profile. A known user
    whose hash has other (e.g. the demo's fast) parameters costs that verify *plus* the dummy one,
    so no account answers faster than an unknown name would (timing enumeration, issue 12 #14);
    the next successful login rehashes it to the server's profile.
    """
    ph = hasher(profile)
    if password_hash is None or needs_rehash(password_hash, profile):
        try:
            ph.verify(_dummy_hash(profile), password)
        except (VerificationError, InvalidHashError):
            pass
        if password_hash is None:
            return False
    try:
        return ph.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def normalise_username(username: str) -> str:
    return username.strip().lower()


@dataclass(frozen=True, slots=True)
class AuthUser:
    """The authenticated caller of a request (plain data, no ORM object)."""

    id: int
    username: str
    display_name: str
    role: str
    agency_code: str | None
    token_id: int

    def as_dict(self) -> dict[str, str | None]:
        return {
            "username": self.username,
            "display_name": self.display_name,
            "role": self.role,
            "agency_code": self.agency_code,
        }


@dataclass(frozen=True, slots=True)
class IssuedToken:
    token: str
    expires_at: datetime
    user: AuthUser


# --- login ---------------------------------------------------------------------------------------


def _username_lock_key(username: str) -> int:
    """A stable signed 64-bit key for PostgreSQL's advisory lock on one username."""
    digest = hashlib.sha256(b"login:" + username.encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


@dataclass(frozen=True, slots=True)
class LoginAttemptSlot:
    """A login in progress: its reserved failure row and the account's stored hash."""

    username: str
    attempt_id: int
    user_id: int | None
    password_hash: str | None
    remote_addr: str | None = None


def _throttled(retry_after: int) -> Problem:
    return Problem(
        429,
        "login-throttled",
        "Terlalu banyak percobaan masuk yang gagal untuk akun ini. "
        f"Coba lagi dalam {math.ceil(retry_after / 60)} menit.",
        headers={"Retry-After": str(retry_after)},
        reason="login_throttled",
    )


def begin_login(
    db: Database,
    settings: ServerSettings,
    username: str,
    now: datetime,
    remote_addr: str | None = None,
) -> LoginAttemptSlot:
    """Count and decide in one transaction: refuse (429) or reserve a failure row for this attempt.

    The reservation is what makes parallel guesses count: the attempt is recorded as failed
    *before* the slow hash check, under a per-username lock (PostgreSQL: an advisory transaction
    lock; SQLite: `BEGIN IMMEDIATE` serialises writers), so 40 parallel wrong passwords see each
    other and only `login_max_failures` of them are ever checked. A success removes the rows.
    """
    name = normalise_username(username)[:USERNAME_MAX]
    window_start = now - timedelta(seconds=settings.login_window_seconds)
    with db.write() as s:
        if s.get_bind().dialect.name == "postgresql":
            s.execute(sa.select(sa.func.pg_advisory_xact_lock(_username_lock_key(name))))
        rows = s.scalars(
            sa.select(LoginAttempt.at)
            .where(
                LoginAttempt.username == name,
                LoginAttempt.success.is_(False),
                LoginAttempt.at > window_start,
            )
            .order_by(LoginAttempt.at.desc())
            .limit(settings.login_max_failures)
        ).all()
        if len(rows) >= settings.login_max_failures:
            oldest = rows[-1]
            wait = (oldest + timedelta(seconds=settings.login_window_seconds) - now).total_seconds()
            raise _throttled(max(1, math.ceil(wait)))
        row = LoginAttempt(username=name, at=now, success=False, remote_addr=remote_addr)
        s.add(row)
        s.flush()
        user = s.execute(
            sa.select(User.id, User.password_hash).where(User.username == name)
        ).first()
        return LoginAttemptSlot(
            name, row.id, user[0] if user else None, user[1] if user else None, remote_addr
        )


def finish_login(
    db: Database,
    settings: ServerSettings,
    slot: LoginAttemptSlot,
    ok: bool,
    password: str,
    device_name: str,
    now: datetime,
    desk_version: str | None = None,
) -> IssuedToken:
    """After the hash check: keep the failure (401), or clear the count and issue a token.
    Every outcome is in the audit log (address, device name; never the password)."""
    device = (device_name or "perangkat tanpa nama").strip()[:200]
    if not ok or slot.user_id is None:
        _audit_login(db, slot, now, device, "failed", "invalid_credentials")
        raise Problem(
            401,
            "invalid-credentials",
            "Nama pengguna atau kata sandi salah.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    with db.write() as s:
        # A success forgets earlier failures: a user who finally typed it right starts afresh.
        s.execute(sa.delete(LoginAttempt).where(LoginAttempt.username == slot.username))
        user = s.get(User, slot.user_id)
        if user is None:  # removed meanwhile
            raise Problem(401, "invalid-credentials", "Nama pengguna atau kata sandi salah.")
        user_data = AuthUser(
            user.id, user.username, user.display_name, user.role, user.agency_code, 0
        )
        disabled = user.disabled
    if disabled:
        _audit_login(db, slot, now, device, "refused", "account_disabled")
        raise Problem(
            403,
            "account-disabled",
            "Akun dinonaktifkan. Hubungi admin Diskominfo untuk mengaktifkannya kembali.",
        )
    token = secrets.token_urlsafe(32)
    expires = now + timedelta(days=settings.token_ttl_days)
    # Rehash when the parameters differ from the server's profile (upgrade path; also a demo
    # account's fast hash): the slow hash is computed before the write transaction.
    new_hash = None
    if slot.password_hash and needs_rehash(slot.password_hash, settings.password_hash_profile):
        new_hash = hash_password(password, settings.password_hash_profile)
    with db.write() as s:
        row = DeviceToken(
            user_id=user_data.id,
            token_hash=token_hash(token),
            device_name=device,
            created_at=now,
            last_seen_at=now,
            expires_at=expires,
            desk_version=(desk_version or None) and desk_version[:32],
        )
        s.add(row)
        s.flush()
        token_id = row.id
        who = audit.Actor(
            name=user_data.username, role=user_data.role, user_id=user_data.id,
            remote_addr=slot.remote_addr, device=device, device_id=token_id,
        )  # fmt: skip
        for kind in (AuditKind.SIGN_IN, AuditKind.DEVICE_REGISTERED):
            audit.record(
                s, kind, who, now, subject=user_data.username, subject_user_id=user_data.id,
                agency_code=user_data.agency_code,
                detail={"desk_version": row.desk_version} if row.desk_version else None,
            )  # fmt: skip
        if new_hash is not None:
            s.execute(sa.update(User).where(User.id == user_data.id).values(password_hash=new_hash))
    return IssuedToken(
        token,
        expires,
        AuthUser(
            user_data.id, user_data.username, user_data.display_name, user_data.role,
            user_data.agency_code, token_id,
        ),
    )  # fmt: skip


def _audit_login(
    db: Database, slot: LoginAttemptSlot, now: datetime, device: str, outcome: str, reason: str
) -> None:
    """A refused sign-in in the audit log, under the name typed (known account or not)."""
    with db.write() as s:
        audit.record(
            s, AuditKind.SIGN_IN_FAILED,
            audit.Actor(name=slot.username, user_id=slot.user_id, remote_addr=slot.remote_addr,
                        device=device),
            now, subject=slot.username, subject_user_id=slot.user_id, outcome=outcome,
            detail={"reason": reason},
        )  # fmt: skip


def login(
    db: Database,
    settings: ServerSettings,
    username: str,
    password: str,
    device_name: str,
    now: datetime,
    remote_addr: str | None = None,
) -> IssuedToken:
    """Check the credentials and issue a token, or raise Problem 401/403/429 (synchronous form;
    the HTTP endpoint runs the same steps with the hash behind `login_guard`)."""
    slot = begin_login(db, settings, username, now, remote_addr)
    ok = verify_password(slot.password_hash, password, settings.password_hash_profile)
    return finish_login(db, settings, slot, ok, password, device_name, now)


def revoke_token(
    db: Database, token_id: int, now: datetime, user: AuthUser | None = None,
    remote_addr: str | None = None,
) -> None:  # fmt: skip
    """Log out: revoke the presented token (audited as the user's sign-out when `user` given)."""
    with db.write() as s:
        done = s.execute(
            sa.update(DeviceToken)
            .where(DeviceToken.id == token_id, DeviceToken.revoked_at.is_(None))
            .values(revoked_at=now)
        ).rowcount
        if user is not None and done:
            name = s.scalar(sa.select(DeviceToken.device_name).where(DeviceToken.id == token_id))
            audit.record(
                s, AuditKind.SIGN_OUT,
                audit.Actor(name=user.username, role=user.role, user_id=user.id,
                            remote_addr=remote_addr, device=name, device_id=token_id),
                now, subject=user.username, subject_user_id=user.id,
                agency_code=user.agency_code,
            )  # fmt: skip


def revoke_user_tokens(s, user_id: int, now: datetime) -> int:
    """Revoke every live token of a user (lost laptop, disabled account). Returns the count."""
    result = s.execute(
        sa.update(DeviceToken)
        .where(DeviceToken.user_id == user_id, DeviceToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    return result.rowcount or 0


# --- request authentication ----------------------------------------------------------------------

_bearer = HTTPBearer(auto_error=False, description="A device token from POST /api/v1/session")


def _unauthorized(detail: str) -> Problem:
    return Problem(401, "unauthorized", detail, headers={"WWW-Authenticate": "Bearer"})


#: every request runs this: built once, Core columns (no ORM objects) — see bench/server_load.py
_TOKEN_LOOKUP = (
    sa.select(
        DeviceToken.id, DeviceToken.revoked_at, DeviceToken.expires_at, DeviceToken.last_seen_at,
        User.id, User.username, User.display_name, User.role, User.agency_code, User.disabled,
    )
    .join(User, User.id == DeviceToken.user_id)
    .where(DeviceToken.token_hash == sa.bindparam("digest", type_=sa.String))
)  # fmt: skip


def authenticate(db: Database, token: str, now: datetime) -> AuthUser:
    """The user behind a bearer token, or Problem 401."""
    if not token or len(token) > 200:
        raise _unauthorized("token tidak valid")
    digest = token_hash(token)
    with db.single_read() as conn:
        row = conn.execute(_TOKEN_LOOKUP, {"digest": digest}).first()
    if row is None:
        raise _unauthorized("token tidak valid")
    (tok_id, revoked_at, expires_at, last_seen_at, user_id, username, display_name, role,
     agency_code, disabled) = row  # fmt: skip
    if revoked_at is not None:
        raise _unauthorized("token sudah dicabut; silakan masuk lagi")
    if expires_at <= now:
        raise _unauthorized("token sudah kedaluwarsa; silakan masuk lagi")
    if disabled:
        raise _unauthorized("akun dinonaktifkan")
    if now - last_seen_at > LAST_SEEN_GRANULARITY:
        with db.write() as s:
            s.execute(
                sa.update(DeviceToken).where(DeviceToken.id == tok_id).values(last_seen_at=now)
            )
    return AuthUser(user_id, username, display_name, role, agency_code, tok_id)


def current_user(
    request: Request,
    credentials: HTTPAuthorizationCredentials | None = Depends(_bearer),
) -> AuthUser:
    """FastAPI dependency: the caller, or a 401 problem with `WWW-Authenticate: Bearer`."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise _unauthorized("login diperlukan (Authorization: Bearer <token>)")
    state = request.app.state
    user = authenticate(state.db, credentials.credentials, state.clock())
    if user.role == Role.PUSAT and not request.url.path.startswith(CENTRE_ACCOUNT_PATHS):
        # a centre account sees aggregates only, never a region's reports (docs/pusat.md)
        raise Problem(
            403,
            "forbidden",
            "akun pusat hanya melihat agregat pusat",
            reason="centre_account",
        )
    request.state.user = user
    return user


def require_roles(*roles: str):  # type: ignore[no-untyped-def]
    """Dependency factory: the caller must have one of `roles` (403 otherwise)."""

    def dependency(user: AuthUser = Depends(current_user)) -> AuthUser:
        if user.role not in roles:
            raise Problem(403, "forbidden", "peran Anda tidak boleh memakai fitur ini")
        return user

    return dependency
