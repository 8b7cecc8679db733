"""Partner instansi a coordinator may forward reports to, as the reference data brings them
(`GET /api/v1/reference` `partners`; docs/forwarding.md). Kept as one JSON value in `sync_state`
(`reference_partners`): a short list that only the forward dialog and the report page read, so it
needs no table of its own. No address or key ever reaches a desk."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from lapor_desk.models import sync_state

KEY = "reference_partners"


@dataclass(frozen=True, slots=True)
class Partner:
    code: str
    name: str
    kind: str
    runs_lapor: bool


def replace(conn: Any, reference: Mapping[str, Any]) -> None:
    """Keep the reference's partner list (a reference without one leaves the old list)."""
    items = reference.get("partners")
    if not isinstance(items, list):
        return
    clean = [
        {
            "code": str(p["code"])[:64],
            "name": str(p.get("name") or p["code"])[:200],
            "kind": str(p.get("kind") or "lainnya")[:16],
            "runs_lapor": bool(p.get("runs_lapor")),
        }
        for p in items
        if isinstance(p, Mapping) and isinstance(p.get("code"), str) and p["code"]
    ]
    sync_state.put(conn, {KEY: json.dumps(clean, ensure_ascii=False)})


def load(conn: Any) -> tuple[Partner, ...]:
    """The partners, sorted by name (empty before the first reference with partners)."""
    raw = sync_state.get(conn, KEY)
    try:
        items = json.loads(raw) if raw else []
    except ValueError:
        return ()
    out = [
        Partner(str(p["code"]), str(p["name"]), str(p["kind"]), bool(p["runs_lapor"]))
        for p in items
        if isinstance(p, dict) and {"code", "name", "kind", "runs_lapor"} <= set(p)
    ]
    return tuple(sorted(out, key=lambda p: p.name))
