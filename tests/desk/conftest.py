"""Fixtures for the desk's tests: offscreen Qt, an op runner per test, a leak check.

pytest-qt's single `qapp` is the one application every Qt test shares.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtWidgets import QApplication

from lapor_desk.views.ops import OpRunner


@pytest.fixture
def runner(qapp):
    """A fresh op runner installed as the shared one; drained and shut down after the test."""
    r = OpRunner()
    OpRunner.set_shared(r)
    yield r
    r.shutdown(wait=True)
    # Deliver what the workers queued before shutdown so nothing fires into the next test.
    QApplication.processEvents()
    OpRunner.set_shared(None)
    r.deleteLater()


@pytest.fixture
def no_leaks(qapp):
    """Fail the test if it leaves visible top-level windows behind (napari's leak check)."""
    before = {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}
    yield
    QApplication.processEvents()
    left = [w for w in QApplication.topLevelWidgets() if w.isVisible() and id(w) not in before]
    for w in left:
        w.close()
    assert not left, f"windows left open: {[type(w).__name__ for w in left]}"
