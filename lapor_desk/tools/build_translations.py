"""Compile the Qt Linguist sources `resources/i18n/*.ts` into the `.qm` files the desk loads.

`make test`, `make demo` and the installer build run it; it only runs `pyside6-lrelease` and skips
files that are already up to date, so it costs almost nothing. With `--update` it first runs
`pyside6-lupdate` over the desk's Qt code so that new `tr()` strings appear in the `.ts` files
for the translator (then fill in `lapor_id.ts` with Qt Linguist or a text editor).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
I18N_DIR = ROOT / "resources" / "i18n"
#: The Qt code whose strings users see (views, the composition root and the demo launcher).
SOURCES = ("lapor_desk/views", "lapor_desk/app.py", "lapor_desk/demo.py")
#: .ts files that lupdate keeps in step with the sources; others (qt_extra_*.ts) are hand-kept.
UPDATED = ("lapor_id.ts", "lapor_en.ts")


def _tool(name: str) -> str:
    """The PySide6 wrapper script next to the running interpreter (a venv may not be on PATH)."""
    here = Path(sys.executable).parent / name
    found = str(here) if here.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"build_translations: {name} not found; install PySide6 into this Python")
    return found


def source_files(root: Path = ROOT) -> list[str]:
    files: list[str] = []
    for entry in SOURCES:
        path = root / entry
        if path.is_dir():
            files += sorted(str(p) for p in path.rglob("*.py"))
        elif path.exists():
            files.append(str(path))
    return files


def update(ts_files: list[Path], root: Path = ROOT) -> None:
    """Refresh the given .ts files from the sources, keeping finished translations."""
    for ts in ts_files:
        lang = ts.stem.split("_", 1)[1]
        subprocess.run(
            [
                _tool("pyside6-lupdate"),
                *source_files(root),
                "-no-obsolete",
                "-locations",
                "none",
                "-source-language",
                "en",
                "-target-language",
                lang,
                "-ts",
                str(ts),
            ],
            check=True,
            cwd=root,
            stdout=subprocess.DEVNULL,
        )


def release(i18n_dir: Path = I18N_DIR, *, force: bool = False) -> list[Path]:
    """Build every .qm that is missing or older than its .ts; return the files written."""
    written = []
    for ts in sorted(i18n_dir.glob("*.ts")):
        qm = ts.with_suffix(".qm")
        if not force and qm.exists() and qm.stat().st_mtime >= ts.stat().st_mtime:
            continue
        subprocess.run([_tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)
        written.append(qm)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="run lupdate over the sources first")
    parser.add_argument("--force", action="store_true", help="rebuild every .qm")
    args = parser.parse_args(argv)
    if args.update:
        update([I18N_DIR / name for name in UPDATED])
    written = release(force=args.force or args.update)
    if written:
        print("build_translations: wrote " + ", ".join(p.name for p in written))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
