"""The cyclic garbage collector is paused while feed pages are applied (its full collections
over parsed pages froze the window for 80–130 ms each), and always comes back as it was."""

from __future__ import annotations

import gc
import threading

import pytest

from lapor_desk.sync.engine import collector_paused


@pytest.fixture(autouse=True)
def _collector_restored():
    was = gc.isenabled()
    yield
    (gc.enable if was else gc.disable)()


def test_paused_inside_and_back_after():
    gc.enable()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_back_after_an_exception():
    gc.enable()
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("page refused")
    assert gc.isenabled()


def test_nested_and_concurrent_pauses_end_with_the_last():
    gc.enable()
    inside, release = threading.Event(), threading.Event()

    def other() -> None:
        with collector_paused():
            inside.set()
            release.wait(5)

    worker = threading.Thread(target=other)
    with collector_paused():
        worker.start()
        assert inside.wait(5)
        with collector_paused():
            assert not gc.isenabled()
    assert not gc.isenabled()  # the other thread still applies pages
    release.set()
    worker.join(5)
    assert gc.isenabled()


def test_a_collector_someone_else_disabled_stays_disabled():
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()
