"""OPDs, categories and the calendar as the admin changes them (docs/admin.md).

Distrik and kampung stay as the reference data has them. Every change lands in the reference
that desks fetch again when the feed's `reference_version` moves; a calendar change also moves
the deadlines of open reports in the same transaction (`reports.recompute_open_deadlines`).
A koordinator may change an OPD's contact person only (its remit); names and the rest are the
admin's.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from lapor_core import contact
from lapor_core.admin import AdminReason, AuditKind
from lapor_core.wire import is_code
from lapor_core.workflow import Role
from lapor_server.admin import audit
from lapor_server.admin.edits import apply_changes, check_version
from lapor_server.admin.errors import AdminError
from lapor_server.models import Agency, CalendarDay, Category

CONTACT_FIELDS = ("contact_name", "contact_email", "contact_phone")


def save_agency(
    s: Session,
    actor: audit.Actor,
    now: datetime,
    code: str,
    changes: dict[str, Any],
    *,
    base_version: int | None = None,
) -> Agency:
    """Add an OPD (needs a name) or change one: name, short name, contact person, active."""
    if not is_code(code):
        raise AdminError(
            AdminReason.PAYLOAD,
            "Kode OPD hanya huruf kecil, angka, '_', '.' atau '-'.",
            "agency code must be lower-case letters, digits, '_', '.' or '-'",
        )
    if actor.role != Role.ADMIN and set(changes) - set(CONTACT_FIELDS):
        raise AdminError(
            AdminReason.ROLE,
            "Koordinator hanya boleh mengubah narahubung OPD; nama dan lainnya oleh admin.",
            status=403,
        )
    try:
        for key, clean in (
            ("contact_name", contact.clean_name),
            ("contact_email", contact.clean_email),
            ("contact_phone", contact.clean_phone),
        ):
            if key in changes:
                changes[key] = clean(changes[key])
    except contact.ContactError as exc:
        raise AdminError(exc.code, exc.id_text, exc.en_text) from None
    if "name" in changes:
        changes["name"] = (changes["name"] or "").strip()
        if not changes["name"]:
            raise AdminError(AdminReason.PAYLOAD, "OPD perlu nama.", "the agency needs a name")
    agency = s.scalar(sa.select(Agency).where(Agency.code == code).with_for_update())
    if agency is None:
        if actor.role != Role.ADMIN:
            raise AdminError(AdminReason.NOT_FOUND, f"OPD '{code}' tidak ada.", status=404)
        if not changes.get("name"):
            raise AdminError(AdminReason.PAYLOAD, "OPD baru perlu nama.", "the agency needs a name")
        agency = Agency(code=code, kind="dinas", version=1, **{"active": True, **changes})
        s.add(agency)
        s.flush()
        diff = {k: [None, v] for k, v in changes.items()}
    else:
        check_version(f"OPD '{code}'", agency.version, base_version)
        diff = apply_changes(agency, changes)
        if not diff:
            return agency
    audit.record(
        s, AuditKind.AGENCY_SAVED, actor, now, subject=code, agency_code=code,
        detail={k: audit.change(old, new) for k, (old, new) in diff.items()},
    )  # fmt: skip
    return agency


def save_category(
    s: Session,
    actor: audit.Actor,
    now: datetime,
    code: str,
    changes: dict[str, Any],
    *,
    base_version: int | None = None,
) -> Category:
    """Add a category (needs a name) or change its name, default OPD or group."""
    if not is_code(code):
        raise AdminError(AdminReason.PAYLOAD, "Kode kategori tidak sah.")
    default = changes.get("default_agency_code")
    if default is not None and s.get(Agency, default) is None:
        raise AdminError(AdminReason.NOT_FOUND, f"OPD '{default}' tidak dikenal.", status=404)
    category = s.scalar(sa.select(Category).where(Category.code == code).with_for_update())
    if category is None:
        if not changes.get("name"):
            raise AdminError(AdminReason.PAYLOAD, "Kategori baru perlu nama.")
        category = Category(code=code, version=1, **changes)
        s.add(category)
        s.flush()
        diff = {k: [None, v] for k, v in changes.items()}
    else:
        check_version(f"Kategori '{code}'", category.version, base_version)
        diff = apply_changes(category, changes)
        if not diff:
            return category
    audit.record(
        s, AuditKind.CATEGORY_SAVED, actor, now, subject=code,
        detail={k: audit.change(old, new) for k, (old, new) in diff.items()},
    )  # fmt: skip
    return category


def save_calendar_day(
    s: Session, actor: audit.Actor, now: datetime, day: date, name: str, working: bool = False
) -> int:
    """Save an extra non-working (or working) day; returns how many open reports' deadlines
    moved (same transaction)."""
    from lapor_server import reports as rep

    name = (name or "").strip()[:200]
    if not name:
        raise AdminError(
            AdminReason.PAYLOAD,
            "Beri nama hari itu (mis. 'Cuti bersama Natal').",
            "give the day a name (e.g. 'Cuti bersama Natal')",
        )
    before = rep.load_calendar(s)
    row = s.get(CalendarDay, day)
    old = None if row is None else {"name": row.name, "working": row.working}
    if row is None:
        s.add(CalendarDay(day=day, name=name, working=working))
    else:
        row.name = name
        row.working = working
    s.flush()
    after = rep.load_calendar(s)
    why = {"day": day.isoformat(), "name": name, "working": working}
    moved = rep.recompute_open_deadlines(s, now, before, after, why)
    audit.record(
        s, AuditKind.CALENDAR_CHANGED, actor, now, subject=day.isoformat(),
        detail={"name": name, "working": working, "before": old, "moved_reports": moved},
    )  # fmt: skip
    return moved


def remove_calendar_day(s: Session, actor: audit.Actor, now: datetime, day: date) -> int:
    """Drop an extra day (it is an ordinary day again); deadlines move back. Returns the count."""
    from lapor_server import reports as rep

    row = s.get(CalendarDay, day)
    if row is None:
        raise AdminError(
            AdminReason.NOT_FOUND, f"Tanggal {day.isoformat()} tidak ada di kalender.", status=404
        )
    before = rep.load_calendar(s)
    old = {"name": row.name, "working": row.working}
    s.delete(row)
    s.flush()
    after = rep.load_calendar(s)
    why = {"day": day.isoformat(), "name": old["name"], "removed": True}
    moved = rep.recompute_open_deadlines(s, now, before, after, why)
    audit.record(
        s, AuditKind.CALENDAR_CHANGED, actor, now, subject=day.isoformat(),
        detail={"removed": old, "moved_reports": moved},
    )  # fmt: skip
    return moved


def agencies(s: Session) -> list[dict[str, Any]]:
    return [
        {
            "code": a.code,
            "name": a.name,
            "short_name": a.short_name,
            "kind": a.kind,
            "active": bool(a.active),
            "contact_name": a.contact_name,
            "contact_email": a.contact_email,
            "contact_phone": a.contact_phone,
            "version": a.version,
        }
        for a in s.scalars(sa.select(Agency).order_by(Agency.name))
    ]


def categories(s: Session) -> list[dict[str, Any]]:
    return [
        {
            "code": c.code,
            "name": c.name,
            "default_agency_code": c.default_agency_code,
            "group": c.group,
            "version": c.version,
        }
        for c in s.scalars(sa.select(Category).order_by(Category.name))
    ]


def calendar(s: Session, year: int | None = None) -> list[dict[str, Any]]:
    q = sa.select(CalendarDay).order_by(CalendarDay.day)
    if year is not None:
        q = q.where(CalendarDay.day >= date(year, 1, 1), CalendarDay.day <= date(year, 12, 31))
    return [{"date": d.day.isoformat(), "name": d.name, "working": d.working} for d in s.scalars(q)]
