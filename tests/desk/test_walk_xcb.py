"""Issue 18, item 9: on a fresh Linux desktop `make demo` died in Qt's xcb plugin abort because
libxcb-icccm4, libxcb-keysyms1 and friends were missing — declared by the .deb, not installed by
tools/system-deps.sh. The script installs them, and the desk says in one sentence which packages
are missing before Qt can abort."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from lapor_desk import app
from lapor_desk.deploy import xcb

ROOT = Path(__file__).resolve().parents[2]


def _deb_depends() -> set[str]:
    sys.path.insert(0, str(ROOT / "installer" / "linux"))
    try:
        import build_deb
    finally:
        sys.path.pop(0)
    return {d.split()[0] for d in build_deb.DEPENDS if d.startswith(("libxcb", "libxkb"))}


def test_system_deps_installs_every_xcb_library_the_deb_declares():
    script = (ROOT / "tools" / "system-deps.sh").read_text()
    listed = set(re.search(r'XCB_PACKAGES="([^"]+)"', script).group(1).split())
    declared = _deb_depends()
    assert declared <= listed, declared - listed
    assert declared <= set(xcb.XCB_LIBRARIES.values()), declared - set(xcb.XCB_LIBRARIES.values())


def test_a_missing_xcb_library_is_one_sentence_naming_the_package(monkeypatch, capsys):
    monkeypatch.setattr(sys, "platform", "linux")
    gone = {"libxcb-icccm.so.4", "libxcb-keysyms.so.1"}
    x11 = {"DISPLAY": ":0"}
    reason = app.missing_xcb_reason(x11, load=lambda lib: lib not in gone)
    assert reason is not None
    first = reason.splitlines()[0]
    assert "libxcb-icccm4" in first and "libxcb-keysyms1" in first
    assert "sudo apt install libxcb-icccm4 libxcb-keysyms1" in first
    assert "libxcb-image0" not in reason  # only what is missing
    assert app.missing_xcb_reason(x11, load=lambda lib: True) is None
    # Qt takes another plugin: nothing to check
    wayland = {"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"}
    assert app.missing_xcb_reason(wayland, load=lambda lib: False) is None
    offscreen = {"QT_QPA_PLATFORM": "offscreen"}
    assert app.missing_xcb_reason(offscreen, load=lambda lib: False) is None
    forced = {"QT_QPA_PLATFORM": "xcb", "WAYLAND_DISPLAY": "w"}
    assert app.missing_xcb_reason(forced, load=lambda lib: lib not in gone) is not None

    # run_gui says it and stops before any QApplication or demo server
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setattr(xcb, "can_load", lambda lib: lib not in gone)
    assert app.run_gui(None) == 2
    err = capsys.readouterr().err
    assert "libxcb-icccm4" in err and "Traceback" not in err


def test_the_real_check_loads_libraries_of_this_machine():
    assert xcb.can_load("libc.so.6")
    assert not xcb.can_load("libdoes-not-exist.so.9")
