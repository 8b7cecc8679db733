"""Text in spreadsheet cells that never runs (OWASP "CSV injection"): one rule for the desk's
exports and the server's audit CSV."""

from __future__ import annotations

#: First characters (after leading spaces) that make a spreadsheet treat a cell as a formula,
#: a DDE command or a special input; full-width forms included (Excel folds some of them).
FORMULA_LEADS = frozenset("=+-@\t\r\n|\uff1d\uff0b\uff0d\uff20")


def inert_text(text: str) -> str:
    """`text` as a spreadsheet shows it but never evaluates it."""
    stripped = text.lstrip(" \u00a0\u3000")
    if stripped and (stripped[0] in FORMULA_LEADS or text[:1] in FORMULA_LEADS):
        return "'" + text
    return text
