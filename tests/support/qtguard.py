"""Finding (and closing) top-level windows a Qt test left open.

Imported only by tests that already use Qt, so PySide6 is never loaded by mere collection.
"""

from __future__ import annotations


def visible_windows() -> set[int]:
    """Ids of the visible top-level widgets now (empty without a QApplication)."""
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        return set()
    return {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}


def close_new_windows(before: set[int]) -> list[str]:
    """Close visible top-level widgets not in `before`; return their descriptions."""
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        return []
    QApplication.processEvents()
    left = [w for w in QApplication.topLevelWidgets() if w.isVisible() and id(w) not in before]
    names = [f"{type(w).__name__}({w.windowTitle()!r})" for w in left]
    for w in left:
        w.close()
        w.deleteLater()
    QApplication.processEvents()
    return names
