"""The desk's log files: rotation, no secrets, no reporter identities, and a zip for support.

`setup_logging()` writes `desk.log` in the log directory (`lapor_desk.paths.log_dir()`),
rotating at 1 MB and keeping 5 old files, so a desk that runs for months never fills a disk.
Every handler gets `PrivacyFilter`: the token filter of the sync layer (registered secrets,
`Authorization`, `token=`, `password=`) plus reporter contact data (e-mail addresses, Indonesian
phone numbers, 16-digit NIK) and `reporter_*`/`pelapor*` fields. Code must still not log a
reporter's name; the filter is the second line of defence, not the first.

`export_support_zip(dest)` bundles what support needs in one file IT can send: the logs (redacted
again on the way in), versions, the effective settings and the doctor and self-test output. Never
a database, a token, the keyring or the user's drafts.
"""

from __future__ import annotations

import logging
import logging.handlers
import platform
import re
import sys
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from lapor_desk import paths
from lapor_desk.sync import logsafe

#: the same name app.py's own logging setup uses, so the files rotate together
LOG_FILENAME = "desk.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
FORMAT = "%(asctime)s %(levelname)-7s %(name)s [%(threadName)s] %(message)s"

_PII_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    # Fields that carry a reporter's identity, in JSON, repr or key=value form.
    (
        re.compile(
            r"(?i)(['\"]?\b(?:reporter[_a-z]*|pelapor[_a-z]*|contact[_a-z]*|phone|telepon|"
            r"email|nik)['\"]?\s*[:=]\s*)(?:'[^']*'|\"[^\"]*\"|[^\s,;}\]]+)"
        ),
        r"\1[DISAMARKAN]",
    ),
    (re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"), "[email]"),
    # Indonesian mobile and landline numbers: +62 / 62 / 0 prefix, separators allowed.
    (
        re.compile(r"(?<![\w+])(?:\+62|62|0)[\s.-]?\(?\d{2,4}\)?(?:[\s.-]?\d{2,5}){2,3}(?!\w)"),
        "[telepon]",
    ),
    # NIK, the 16-digit national identity number.
    (re.compile(r"(?<!\d)\d{16}(?!\d)"), "[NIK]"),
]


def redact(text: str) -> str:
    """`text` without secrets (tokens, passwords) and reporter contact data."""
    text = logsafe.redact(text)
    for pattern, repl in _PII_PATTERNS:
        text = pattern.sub(repl, text)
    return text


class PrivacyFilter(logsafe.RedactingFilter):
    """The sync layer's token filter, extended with reporter contact data."""

    def filter(self, record: logging.LogRecord) -> bool:
        super().filter(record)  # tokens first: it also renders the message and exception text
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


def log_file(directory: Path | None = None, filename: str = LOG_FILENAME) -> Path:
    return (directory or paths.log_dir()) / filename


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """Log files readable by the user only (0600), whatever the umask."""

    def _open(self):  # type: ignore[override]
        return paths.open_private(
            Path(self.baseFilename), self.mode, encoding=self.encoding, errors=self.errors
        )


def setup_logging(
    level: int = logging.INFO,
    *,
    directory: Path | None = None,
    console: bool = False,
    filename: str = LOG_FILENAME,
) -> Path:
    """Send the desk's logs to the rotating file (and stderr if `console`); return the file.

    The GUI writes `desk.log`, the headless commands `cli.log` (two processes must not rotate
    one file). Calling it again replaces the handlers it installed before (tests, a second login).
    """
    path = log_file(directory, filename)
    paths.ensure_private_dir(path.parent)
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_lapor_desk", False)]:
        root.removeHandler(old)
        old.close()
    handlers: list[logging.Handler] = [
        PrivateRotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8", delay=True
        )
    ]
    if console:
        handlers.append(logging.StreamHandler(sys.stderr))
    for handler in handlers:
        handler.setFormatter(logging.Formatter(FORMAT))
        handler.addFilter(PrivacyFilter())
        handler._lapor_desk = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    root.setLevel(level)
    # Third-party chatter that would log URLs with query strings or headers at DEBUG.
    logging.getLogger("urllib3").setLevel(max(level, logging.WARNING))
    # SQLAlchemy logs statements *with their parameters* (report text, reporter names) as soon
    # as its logger is at INFO; the log never holds reporter data, whatever level is asked for.
    logging.getLogger("sqlalchemy").setLevel(max(level, logging.WARNING))
    return path


# -- support zip -----------------------------------------------------------------------------------


def versions_text() -> str:
    """Versions of the desk, Python, Qt and the libraries that matter for support."""
    from importlib import metadata

    import lapor_desk

    lines = [
        f"lapor-desk {lapor_desk.__version__}",
        f"frozen: {bool(getattr(sys, 'frozen', False))}",
        f"python {platform.python_version()} ({sys.executable})",
        f"os {platform.platform()}",
    ]
    try:  # the version string only: no QtGui, so this works without a display
        import PySide6

        lines.append(f"PySide6 {PySide6.__version__}")
    except ImportError:
        lines.append("PySide6 (not importable)")
    for dist in ("SQLAlchemy", "alembic", "requests", "truststore", "keyring", "holidays"):
        try:
            lines.append(f"{dist} {metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            lines.append(f"{dist} (no metadata)")
    import sqlite3

    lines.append(f"sqlite {sqlite3.sqlite_version}")
    return "\n".join(lines) + "\n"


def _settings_text() -> str:
    from lapor_desk import settings as st
    from lapor_desk.deploy.configure import describe

    s = st.Settings.load()
    text = describe(s)
    if s.machine_path and s.machine_path.is_file():
        text += f"\n\n--- {s.machine_path} ---\n" + s.machine_path.read_text(errors="replace")
    return text + "\n"


def _run_section(name: str, producer: Callable[[], str] | None) -> str:
    if producer is None:
        return f"({name}: not run)\n"
    try:
        return producer()
    except Exception as exc:  # a broken check must not stop the zip IT asked for
        return f"({name} failed: {type(exc).__name__}: {exc})\n"


def export_support_zip(
    dest: Path,
    *,
    log_directory: Path | None = None,
    doctor: Callable[[], str] | None = None,
    selftest: Callable[[], str] | None = None,
) -> Path:
    """Write the support zip to `dest`: a `.zip` file name, or a directory for a dated file.

    Contents: `logs/` (the rotating log files, redacted again), `versions.txt`, `settings.txt`
    (effective values and their sources, the machine configuration file), `doctor.txt` and
    `selftest.txt` from the given producers, and `README.txt` saying what is (not) inside.
    """
    dest = Path(dest)
    if dest.is_dir() or dest.suffix.lower() != ".zip":
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        dest = dest / f"lapor-desk-support-{stamp}.zip"
    directory = log_directory or paths.log_dir()
    sections = {
        "versions.txt": _run_section("versions", versions_text),
        "settings.txt": _run_section("settings", _settings_text),
        "doctor.txt": _run_section("doctor", doctor),
        "selftest.txt": _run_section("self-test", selftest),
        "README.txt": (
            "LAPOR Desk support bundle / berkas dukungan.\n"
            "Isi: log (disamarkan), versi, pengaturan, hasil doctor dan self-test.\n"
            "Contents: logs (redacted), versions, settings, doctor and self-test output.\n"
            "Tidak berisi / never contains: database, token, kata sandi / passwords, "
            "identitas pelapor / reporter identities.\n"
        ),
    }
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, text in sections.items():
            zf.writestr(name, redact(text))
        # Every log of the desk (desk.log, its rotations, and any other *.log the desk writes).
        logs = sorted(directory.glob("*.log*")) if directory.is_dir() else []
        for path in logs:
            if not path.is_file():
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            zf.writestr(f"logs/{path.name}", redact(text))
    tmp.replace(dest)
    return dest


def remove_logging() -> None:
    """Take the handlers `setup_logging` installed off the root logger and close them."""
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_lapor_desk", False)]:
        root.removeHandler(old)
        old.close()
