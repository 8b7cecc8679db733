"""How an administrative change is applied to a versioned row (account, OPD, category): refused
when the admin saw an older version (the second of two admins gets a conflict, not a silent
overwrite), otherwise only the fields that really change are set and the version moves on."""

from __future__ import annotations

from typing import Any

from lapor_core.admin import AdminReason
from lapor_server.admin.errors import AdminError


def check_version(what: str, current: int, seen: int | None) -> None:
    if seen is not None and seen != current:
        raise AdminError(
            AdminReason.VERSION,
            f"{what} sudah diubah orang lain (versi {current}, Anda melihat versi {seen}). "
            "Muat ulang dan periksa sebelum mengubah lagi.",
            conflict=True,
            version=current,
            status=409,
        )


def apply_changes(row: Any, changes: dict[str, Any]) -> dict[str, list[Any]]:
    """Set what differs and bump `row.version`; returns {field: [old, new]} (empty: nothing)."""
    diff = {k: [getattr(row, k), v] for k, v in changes.items() if getattr(row, k) != v}
    if diff:
        for key, (_old, value) in diff.items():
            setattr(row, key, value)
        row.version = (row.version or 1) + 1
    return diff
