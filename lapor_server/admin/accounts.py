"""Accounts and their devices: create (with a one-time password), change (name, role, OPD,
e-mail, disabled), reset the password, revoke devices, list and search (docs/admin.md).

Every function works in the caller's transaction and writes its audit entry there. A change
given with the version the admin saw is refused as a conflict when the account changed since.
A koordinator's remit is the accounts of OPD officers (`petugas`): it reads them and their
devices and may revoke a device; everything else is the admin's (`lapor_core.admin`).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from lapor_core import contact
from lapor_core.admin import USERNAME, AdminReason, AuditKind
from lapor_core.workflow import Role
from lapor_server import auth
from lapor_server.admin import audit
from lapor_server.admin.edits import apply_changes, check_version
from lapor_server.admin.errors import AdminError
from lapor_server.models import Agency, DeviceToken, User

_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read aloud or off a screen


def generate_password() -> str:
    """A one-time password to hand over: four groups of four (about 79 bits)."""
    return "-".join("".join(secrets.choice(_ALPHABET) for _ in range(4)) for _ in range(4))


def _check_role_agency(s: Session, role: str, agency_code: str | None) -> None:
    if role not in auth.ROLES:
        raise AdminError(
            AdminReason.PAYLOAD,
            "Peran harus salah satu dari: " + ", ".join(auth.ROLES) + ".",
            f"role must be one of {', '.join(auth.ROLES)}",
        )
    if role == Role.PETUGAS and not agency_code:
        raise AdminError(
            AdminReason.PAYLOAD,
            "Petugas harus punya OPD.",
            "a petugas needs --agency (the code of their OPD)",
        )
    if role != Role.PETUGAS and agency_code:
        raise AdminError(
            AdminReason.PAYLOAD,
            "Hanya petugas yang terikat pada OPD; kosongkan OPD.",
            "only a petugas belongs to an agency; leave out --agency",
        )
    if agency_code and s.get(Agency, agency_code) is None:
        raise AdminError(
            AdminReason.NOT_FOUND,
            f"OPD '{agency_code}' tidak dikenal.",
            f"unknown agency '{agency_code}' (add it with add-agency first)",
        )


def get_user(s: Session, username: str, *, lock: bool = False) -> User:
    q = sa.select(User).where(User.username == auth.normalise_username(username))
    user = s.scalar(q.with_for_update() if lock else q)
    if user is None:
        raise AdminError(
            AdminReason.NOT_FOUND,
            f"Akun '{username}' tidak ada.",
            f"no user '{username}'",
            status=404,
        )
    return user


def in_remit(viewer_role: str, user: User) -> bool:
    return viewer_role == Role.ADMIN or (
        viewer_role == Role.KOORDINATOR and user.role == Role.PETUGAS
    )


def check_remit(actor: audit.Actor, user: User) -> None:
    if actor.role != Role.ADMIN and not in_remit(actor.role or "", user):
        # the same answer as for an account that does not exist: no oracle of who exists
        raise AdminError(
            AdminReason.NOT_FOUND,
            f"Akun '{user.username}' tidak ada.",
            f"no user '{user.username}'",
            status=404,
        )


def create_account(
    s: Session,
    actor: audit.Actor,
    now: datetime,
    *,
    username: str,
    role: str,
    password_hash: str,
    display_name: str | None = None,
    agency_code: str | None = None,
    email: str | None = None,
) -> User:
    name = auth.normalise_username(username)
    if not USERNAME.match(name):
        raise AdminError(
            AdminReason.PAYLOAD,
            "Nama pengguna 2-64 huruf kecil, angka, '.', '_' atau '-'.",
            "username must be 2-64 characters: lower-case letters, digits, '.', '_' or '-'",
        )
    _check_role_agency(s, role, agency_code)
    try:
        email = contact.clean_email(email)
    except contact.ContactError as exc:
        raise AdminError(exc.code, exc.id_text, exc.en_text) from None
    if s.scalar(sa.select(User.id).where(User.username == name)) is not None:
        raise AdminError(
            AdminReason.EXISTS,
            f"Nama pengguna '{name}' sudah dipakai.",
            f"user '{name}' already exists",
            status=409,
        )
    user = User(
        username=name,
        display_name=(display_name or name).strip()[:200],
        role=role,
        agency_code=agency_code,
        password_hash=password_hash,
        disabled=False,
        created_at=now,
        email=email,
        version=1,
    )
    s.add(user)
    s.flush()
    audit.record(
        s, AuditKind.ACCOUNT_CREATED, actor, now,
        subject=name, subject_user_id=user.id, agency_code=agency_code,
        detail={k: v for k, v in (("role", role), ("agency_code", agency_code), ("email", email),
                                  ("display_name", user.display_name)) if v is not None},
    )  # fmt: skip
    return user


def _last_admin(s: Session, user: User) -> bool:
    others = s.scalar(
        sa.select(sa.func.count())
        .select_from(User)
        .where(User.role == Role.ADMIN.value, User.disabled.is_(False), User.id != user.id)
    )
    return user.role == Role.ADMIN and not user.disabled and not others


def update_account(
    s: Session,
    actor: audit.Actor,
    now: datetime,
    username: str,
    changes: dict[str, Any],
    *,
    base_version: int | None = None,
) -> User:
    """Change name, role, OPD, e-mail or disabled. Disabling revokes every device."""
    user = get_user(s, username, lock=True)
    check_remit(actor, user)
    if actor.role != Role.ADMIN:
        raise AdminError(AdminReason.ROLE, "Hanya admin yang boleh mengubah akun.", status=403)
    check_version(f"Akun '{user.username}'", user.version, base_version)
    demotes = "role" in changes and changes["role"] != Role.ADMIN
    if user.id == actor.user_id and (changes.get("disabled") or demotes):
        raise AdminError(
            AdminReason.SELF,
            "Anda tidak dapat menonaktifkan akun sendiri atau mengubah peran sendiri.",
        )
    # the CLI on the server machine is the way back in: it may leave no admin on the desks
    if actor.user_id is not None and (changes.get("disabled") or demotes) and _last_admin(s, user):
        raise AdminError(
            AdminReason.LAST_ADMIN,
            "Ini admin aktif terakhir: buat atau aktifkan admin lain dahulu.",
            "this is the last active admin: add or enable another admin first",
        )
    role = changes.get("role", user.role)
    agency = changes.get("agency_code", user.agency_code)
    if role != Role.PETUGAS and "agency_code" not in changes:
        agency = None  # leaving the petugas role leaves the OPD
    if "role" in changes or "agency_code" in changes:
        _check_role_agency(s, role, agency)
    new = {
        "display_name": changes.get("display_name", user.display_name),
        "role": role,
        "agency_code": agency,
        "email": changes.get("email", user.email),
        "disabled": changes.get("disabled", user.disabled),
    }
    diff = apply_changes(user, new)
    if not diff:
        return user
    audit.record(
        s, AuditKind.ACCOUNT_CHANGED, actor, now,
        subject=user.username, subject_user_id=user.id, agency_code=user.agency_code,
        detail={k: audit.change(old, value) for k, (old, value) in diff.items()},
    )  # fmt: skip
    if new["disabled"] or "role" in diff or "agency_code" in diff:
        # a new role or OPD needs a new login: the desk's store and scope belong to the old one
        revoke_devices(s, actor, now, user, reason="account_changed")
    return user


def reset_password(
    s: Session,
    actor: audit.Actor,
    now: datetime,
    username: str,
    password_hash: str,
    *,
    base_version: int | None = None,
) -> User:
    """A new password (the caller shows it once); every device of the account must log in again."""
    user = get_user(s, username, lock=True)
    check_remit(actor, user)
    if actor.role != Role.ADMIN:
        raise AdminError(AdminReason.ROLE, "Hanya admin yang boleh mengatur ulang kata sandi.",
                         status=403)  # fmt: skip
    check_version(f"Akun '{user.username}'", user.version, base_version)
    user.password_hash = password_hash
    user.password_changed_at = now
    user.version = (user.version or 1) + 1
    audit.record(
        s, AuditKind.PASSWORD_RESET, actor, now,
        subject=user.username, subject_user_id=user.id, agency_code=user.agency_code,
    )  # fmt: skip
    revoke_devices(s, actor, now, user, reason="password_reset")
    return user


def revoke_devices(
    s: Session,
    actor: audit.Actor,
    now: datetime,
    user: User,
    *,
    device_id: int | None = None,
    reason: str = "revoked",
) -> int:
    """Revoke one device (or every live one) of `user`; one audit entry per device."""
    check_remit(actor, user)
    q = sa.select(DeviceToken).where(
        DeviceToken.user_id == user.id, DeviceToken.revoked_at.is_(None)
    )
    if device_id is not None:
        known = s.scalar(
            sa.select(DeviceToken.id).where(
                DeviceToken.id == device_id, DeviceToken.user_id == user.id
            )
        )
        if known is None:
            raise AdminError(
                AdminReason.NOT_FOUND,
                f"Perangkat {device_id} bukan milik akun '{user.username}'.",
                status=404,
            )
        q = q.where(DeviceToken.id == device_id)
    rows = list(s.scalars(q.with_for_update()))
    for tok in rows:
        tok.revoked_at = now
        audit.record(
            s, AuditKind.DEVICE_REVOKED, actor, now,
            subject=user.username, subject_user_id=user.id, agency_code=user.agency_code,
            device=tok.device_name, device_id=tok.id, detail={"reason": reason},
        )  # fmt: skip
    s.flush()
    return len(rows)


# --- reading -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AccountFilter:
    search: str | None = None
    role: str | None = None
    agency_code: str | None = None
    include_disabled: bool = True
    limit: int = 500


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat().replace("+00:00", "Z")


def account_dict(user: User, devices: list[DeviceToken] | None = None) -> dict[str, Any]:
    live = [d for d in devices or [] if d.revoked_at is None]
    return {
        "username": user.username,
        "display_name": user.display_name,
        "role": user.role,
        "agency_code": user.agency_code,
        "email": user.email,
        "disabled": bool(user.disabled),
        "version": user.version,
        "created_at": _iso(user.created_at),
        "password_changed_at": _iso(user.password_changed_at),
        "devices": len(live),
        "last_seen_at": _iso(max((d.last_seen_at for d in live), default=None)),
    }


def list_accounts(s: Session, viewer_role: str, f: AccountFilter) -> list[dict[str, Any]]:
    q = sa.select(User)
    if viewer_role != Role.ADMIN:
        q = q.where(User.role == Role.PETUGAS.value)
    if f.search:
        needle = "%" + f.search.strip().lower().replace("%", "").replace("_", "\\_") + "%"
        q = q.where(
            sa.or_(
                sa.func.lower(User.username).like(needle, escape="\\"),
                sa.func.lower(User.display_name).like(needle, escape="\\"),
                sa.func.lower(sa.func.coalesce(User.email, "")).like(needle, escape="\\"),
            )
        )
    if f.role:
        q = q.where(User.role == f.role)
    if f.agency_code:
        q = q.where(User.agency_code == f.agency_code)
    if not f.include_disabled:
        q = q.where(User.disabled.is_(False))
    users = list(s.scalars(q.order_by(User.username).limit(max(1, min(f.limit, 2000)))))
    by_user: dict[int, list[DeviceToken]] = {}
    if users:
        for tok in s.scalars(
            sa.select(DeviceToken).where(
                DeviceToken.user_id.in_([u.id for u in users]), DeviceToken.revoked_at.is_(None)
            )
        ):
            by_user.setdefault(tok.user_id, []).append(tok)
    return [account_dict(u, by_user.get(u.id)) for u in users]


def devices_of(s: Session, actor: audit.Actor, username: str) -> list[dict[str, Any]]:
    """Every device the account ever signed in with, newest first (revoked ones too)."""
    user = get_user(s, username)
    check_remit(actor, user)
    rows = s.scalars(
        sa.select(DeviceToken)
        .where(DeviceToken.user_id == user.id)
        .order_by(DeviceToken.id.desc())
        .limit(200)
    )
    return [
        {
            "id": d.id,
            "name": d.device_name,
            "desk_version": d.desk_version,
            "created_at": _iso(d.created_at),
            "last_seen_at": _iso(d.last_seen_at),
            "expires_at": _iso(d.expires_at),
            "revoked_at": _iso(d.revoked_at),
        }
        for d in rows
    ]
