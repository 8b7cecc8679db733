"""Build the frozen desk (and its .deb) once per source state, for the slow deployment tests.

The PyInstaller build takes minutes, so its result is cached under `build/test-bundle/<key>/`,
where the key hashes everything that goes into the bundle: the spec, the entry script, the desk,
core and resource files, and the PyInstaller and PySide6 versions. A clean checkout (CI) always
builds; a developer re-running the tests without changes reuses the bundle. Only the newest key
is kept on disk.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CACHE = REPO / "build" / "test-bundle"
NAME = "lapor-desk"
INPUTS = ("build_installer.spec", "installer", "lapor_desk", "lapor_core", "resources")
SKIP_SUFFIXES = (".pyc", ".qm")  # .qm files are built from the .ts files, which are hashed


def source_key() -> str:
    digest = hashlib.sha256()
    for dist in ("pyinstaller", "PySide6_Essentials", "PySide6_Addons"):
        digest.update(f"{dist}={metadata.version(dist)}\n".encode())
    for entry in INPUTS:
        path = REPO / entry
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        for file in files:
            if "__pycache__" in file.parts or file.suffix in SKIP_SUFFIXES:
                continue
            digest.update(str(file.relative_to(REPO)).encode() + b"\0")
            digest.update(hashlib.sha256(file.read_bytes()).digest())
    return digest.hexdigest()[:16]


def build_bundle() -> Path:
    """The onedir bundle for the current sources (built now, or reused from the cache)."""
    key = source_key()
    base = CACHE / key
    bundle = base / "dist" / NAME
    if (bundle / NAME).is_file() and (base / "complete").exists():
        return bundle
    if CACHE.exists():
        for old in CACHE.iterdir():
            shutil.rmtree(old, ignore_errors=True)
    subprocess.run(
        [sys.executable, "-m", "lapor_desk.tools.build_translations"], cwd=REPO, check=True
    )
    subprocess.run([sys.executable, str(REPO / "installer" / "make_icons.py"), str(base / "icons")],
                   cwd=REPO, check=True, stdout=subprocess.DEVNULL, env=_qt_env())  # fmt: skip
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--workpath",
            str(base / "work"),
            "--distpath",
            str(base / "dist"),
            str(REPO / "build_installer.spec"),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise AssertionError(
            f"PyInstaller failed:\n{result.stdout[-5000:]}\n{result.stderr[-5000:]}"
        )
    shutil.rmtree(base / "work", ignore_errors=True)
    (base / "complete").write_text(key)
    return bundle


def build_deb(bundle: Path) -> Path:
    """The .deb of `bundle` (gzip level 1: same contents as the xz release, built in seconds)."""
    sys.path.insert(0, str(REPO / "installer" / "linux"))
    sys.path.insert(0, str(REPO / "installer"))
    import build_deb

    base = bundle.parents[1]
    existing = sorted((base / "deb-out").glob("*.deb"))
    if existing:
        return existing[0]
    return build_deb.build(
        bundle, base / "deb-out", icons=base / "icons", work=base / "deb-work", compression="gzip"
    )


def _qt_env() -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def frozen_env(home: Path, **extra: str) -> dict[str, str]:
    """A small, explicit environment: nothing from the developer's venv or settings leaks in."""
    home.mkdir(parents=True, exist_ok=True)
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "QT_QPA_PLATFORM": "offscreen",
        "LAPOR_DESK_DATA_DIR": str(home / "data"),
        "LAPOR_DESK_CONFIG_DIR": str(home / "config"),
        "LAPOR_DESK_MACHINE_CONFIG": str(home / "machine" / "config.toml"),
    }
    env.update(extra)
    return env


def run_frozen(
    exe: Path, *args: str, env: dict[str, str], timeout: float = 120
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(exe), *args],
        env=env,
        cwd=env["HOME"],
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        check=False,
    )
