"""Before Qt starts on an X11 desktop: are the system libraries of Qt's xcb plugin there?

Without them Qt aborts with "could not load the Qt platform plugin xcb … no Qt platform plugin
could be initialized", which names no package. The desk checks first (loading each library with
ctypes costs a few milliseconds) and says in one sentence which Debian/Ubuntu packages are missing.
The list is the one the .deb declares (installer/linux/build_deb.py DEPENDS) and
tools/system-deps.sh installs; a test keeps the three in step. No Qt here.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable

#: shared library the xcb plugin (or libQt6XcbQpa) links → the Debian package that ships it
XCB_LIBRARIES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
}


def can_load(soname: str) -> bool:
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def missing_packages(load: Callable[[str], bool] = can_load) -> list[str]:
    """The packages whose library cannot be loaded, in a stable order."""
    return [pkg for lib, pkg in XCB_LIBRARIES.items() if not load(lib)]


def missing_sentence(packages: list[str]) -> str:
    """One sentence (Indonesian, then English) naming what to install."""
    names = " ".join(packages)
    return (
        f"LAPOR Desk tidak dapat membuka jendela: pustaka sistem untuk X11 belum terpasang "
        f"({', '.join(packages)}). Minta IT memasangnya: `sudo apt install {names}`.\n"
        f"LAPOR Desk cannot open its window: X11 system libraries are missing "
        f"({', '.join(packages)}). Ask IT to install them: `sudo apt install {names}`."
    )
