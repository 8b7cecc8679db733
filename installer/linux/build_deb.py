"""Build the `.deb` of the desk from the PyInstaller bundle (`make deb` runs it).

    python installer/linux/build_deb.py [--bundle dist/lapor-desk] [--out dist]

Layout of the package:
    /opt/lapor-desk/                       the onedir bundle as PyInstaller made it
    /usr/bin/lapor-desk                    symlink to /opt/lapor-desk/lapor-desk
    /usr/share/applications/lapor-desk.desktop
    /usr/share/icons/hicolor/{16x16..256x256,scalable}/apps/lapor-desk.{png,svg}
    /etc/lapor-desk/config.toml            machine configuration example (a dpkg conffile)
    /usr/share/doc/lapor-desk/             copyright and the IT guide

Built with `dpkg-deb --root-owner-group` so no fakeroot is needed and every file is owned by root.
Only the system libraries the bundle does not carry are declared as dependencies (the xcb pieces
Qt's X11 platform plugin loads, fontconfig, D-Bus, OpenGL).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PACKAGE = "lapor-desk"

#: Runtime libraries of Qt's xcb platform plugin and of Qt GUI that PyInstaller leaves to the OS
#: (its exclude list keeps libGL, libfontconfig and friends out of bundles on purpose).
DEPENDS = [
    "libc6 (>= 2.31)",
    "libdbus-1-3",
    "libfontconfig1",
    "libfreetype6",
    "libgl1",
    "libegl1",
    "libxkbcommon0",
    "libxkbcommon-x11-0",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-randr0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-xinerama0",
    "libxcb-xkb1",
]
#: A Secret Service lets the desk remember the login; without one it asks for the password.
RECOMMENDS = ["gnome-keyring | kwalletmanager | keepassxc"]

DESCRIPTION = """\
LAPOR Desk: back office for SP4N-LAPOR! complaints (Kabupaten Mimika)
 The desk officers of the OPDs use to follow up complaints from citizens:
 a fast work queue, report view and answering, in Indonesian, that keeps
 working without a connection and synchronises with the central server.
 .
 IT presets the server address, certificate authority and proxy in
 /etc/lapor-desk/config.toml (see `lapor-desk configure --help`)."""

_REFRESH = """\
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database -q /usr/share/applications || true
    fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1; then
        gtk-update-icon-cache -q -t -f /usr/share/icons/hicolor || true
    fi"""

POSTINST = """\
#!/bin/sh
# Make the menu entry and the icon appear without a new login.
set -e
if [ "$1" = "configure" ]; then
    REFRESH_CACHES
fi
exit 0
""".replace("    REFRESH_CACHES", _REFRESH)

PRERM = """\
#!/bin/sh
# Nothing to stop: the desk is a per-user program, not a service. The user profiles (queue,
# unsent work) live in each user's home and are deliberately left alone on removal.
set -e
exit 0
"""

POSTRM = """\
#!/bin/sh
set -e
if [ "$1" = "remove" ] || [ "$1" = "purge" ]; then
    REFRESH_CACHES
fi
if [ "$1" = "purge" ]; then
    # The CA copied by `lapor-desk configure` is not a conffile; purge removes it with the dir.
    rm -f /etc/lapor-desk/ca-bundle.pem
    rmdir /etc/lapor-desk 2>/dev/null || true
fi
exit 0
""".replace("    REFRESH_CACHES", _REFRESH)

COPYRIGHT = """\
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: lapor-desk

Files: *
License: Apache-2.0

Files: opt/lapor-desk/_internal/PySide6/*
License: LGPL-3.0-only
Comment: Qt for Python and Qt 6, used under the LGPL v3 as shared libraries.
"""


def version() -> str:
    sys.path.insert(0, str(ROOT))
    from lapor_core import __version__

    return __version__


def architecture() -> str:
    return subprocess.run(
        ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
    ).stdout.strip()


def _write(path: Path, text: str, mode: int = 0o644) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    os.chmod(path, mode)


def _normalise_modes(root: Path) -> None:
    """0755 for directories and executables, 0644 for everything else (umask-independent)."""
    for dirpath, _dirnames, filenames in os.walk(root):
        os.chmod(dirpath, 0o755)
        for name in filenames:
            path = Path(dirpath) / name
            if path.is_symlink():
                continue
            executable = path.stat().st_mode & 0o111
            os.chmod(path, 0o755 if executable else 0o644)


def installed_size_kib(root: Path) -> int:
    total = 0
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            path = Path(dirpath) / name
            if not path.is_symlink():
                total += path.stat().st_size
    return (total + 1023) // 1024


def stage(bundle: Path, staging: Path, icons: Path, ver: str, arch: str) -> None:
    if staging.exists():
        shutil.rmtree(staging)
    opt = staging / "opt" / PACKAGE
    shutil.copytree(bundle, opt, symlinks=True)
    (staging / "usr" / "bin").mkdir(parents=True)
    os.symlink(f"/opt/{PACKAGE}/{PACKAGE}", staging / "usr" / "bin" / PACKAGE)
    share = staging / "usr" / "share"
    _write(share / "applications" / f"{PACKAGE}.desktop", (HERE / f"{PACKAGE}.desktop").read_text())
    hicolor = share / "icons" / "hicolor"
    for png in icons.glob(f"*x*/{PACKAGE}.png"):
        target = hicolor / png.parent.name / "apps" / png.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(png, target)
    (hicolor / "scalable" / "apps").mkdir(parents=True)
    shutil.copyfile(icons / f"{PACKAGE}.svg", hicolor / "scalable" / "apps" / f"{PACKAGE}.svg")
    _write(staging / "etc" / PACKAGE / "config.toml", (HERE / "config.toml").read_text())
    doc = share / "doc" / PACKAGE
    _write(doc / "copyright", COPYRIGHT)
    guide = ROOT / "docs" / "deploy.md"
    if guide.exists():
        _write(doc / "deploy.md", guide.read_text(encoding="utf-8"))

    debian = staging / "DEBIAN"
    _normalise_modes(staging)
    control = {
        "Package": PACKAGE,
        "Version": ver,
        "Architecture": arch,
        "Maintainer": "Diskominfo Kabupaten Mimika <it@mimikakab.go.id>",
        "Installed-Size": str(installed_size_kib(staging)),
        "Depends": ", ".join(DEPENDS),
        "Recommends": ", ".join(RECOMMENDS),
        "Section": "misc",
        "Priority": "optional",
        "Homepage": "https://www.lapor.go.id",
        "Description": DESCRIPTION,
    }
    _write(debian / "control", "".join(f"{k}: {v}\n" for k, v in control.items()))
    _write(debian / "conffiles", f"/etc/{PACKAGE}/config.toml\n")
    _write(debian / "postinst", POSTINST, 0o755)
    _write(debian / "prerm", PRERM, 0o755)
    _write(debian / "postrm", POSTRM, 0o755)
    os.chmod(debian, 0o755)


def build(
    bundle: Path,
    out: Path,
    *,
    icons: Path | None = None,
    work: Path | None = None,
    compression: str = "xz",
) -> Path:
    """Stage and build the package; return the .deb path.

    `compression`: "xz" for releases (smallest); the tests pass "gzip" (level 1), which builds
    the same package contents in seconds instead of minutes.
    """
    if not (bundle / PACKAGE).is_file():
        raise SystemExit(f"build_deb: no bundle at {bundle}; run `make installer` first")
    ver, arch = version(), architecture()
    work = work or ROOT / "build" / "deb"
    icons = icons or work / "icons"
    sys.path.insert(0, str(ROOT / "installer"))
    from make_icons import make_icons

    make_icons(icons)
    staging = work / f"{PACKAGE}_{ver}_{arch}"
    stage(bundle, staging, icons, ver, arch)
    out.mkdir(parents=True, exist_ok=True)
    deb = out / f"{PACKAGE}_{ver}_{arch}.deb"
    subprocess.run(
        [
            "dpkg-deb",
            "--root-owner-group",
            f"-Z{compression}",
            *(["-z1"] if compression == "gzip" else []),
            "--build",
            str(staging),
            str(deb),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return deb


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / PACKAGE)
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    parser.add_argument("--compression", choices=("xz", "gzip"), default="xz")
    args = parser.parse_args(argv)
    deb = build(args.bundle, args.out, compression=args.compression)
    print(f"{deb} ({deb.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
