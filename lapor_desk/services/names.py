"""Display names of reference codes (agencies, distrik, categories, classifications, channels).

The store's reference tables (synced from the server) win; the reference data shipped with
`lapor_core` fills in before the first sync, so a fresh desk shows names, not codes.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection

from lapor_core.reference import load_reference


@dataclass(frozen=True, slots=True)
class Names:
    agencies: dict[str, str]
    districts: dict[str, str]
    categories: dict[str, str]
    classifications: dict[str, str]
    channels: dict[str, str]

    def agency(self, code: str | None) -> str:
        return self.agencies.get(code, code) if code else ""

    def district(self, code: str | None) -> str:
        return self.districts.get(code, code) if code else ""

    def category(self, code: str | None) -> str:
        return self.categories.get(code, code) if code else ""

    def classification(self, code: str | None) -> str:
        return self.classifications.get(code, code) if code else ""

    def channel(self, code: str | None) -> str:
        return self.channels.get(code, code) if code else ""


def _shipped() -> Names:
    ref = load_reference()
    return Names(
        agencies={a.code: a.name for a in ref.agencies},
        districts={d.code: d.name for d in ref.districts},
        categories={c.code: c.name for c in ref.categories},
        classifications={c.code: c.name for c in ref.classifications},
        channels={c.code: c.name for c in ref.channels},
    )


def load(conn: Connection) -> Names:
    """Names from the store's reference tables over the shipped ones."""
    base = _shipped()

    def table(name: str) -> dict[str, str]:
        rows = conn.exec_driver_sql(f"SELECT code, name FROM {name}").all()
        return {code: label for code, label in rows}

    return Names(
        agencies={**base.agencies, **table("agencies")},
        districts={**base.districts, **table("districts")},
        categories={**base.categories, **table("categories")},
        classifications=base.classifications,
        channels=base.channels,
    )
