"""Look for secrets in a built bundle or package: keys, tokens, passwords, profiles, local paths.

Scans every file's bytes, and inside PyInstaller archives (the executable's embedded archive and
its compressed PYZ of modules) and zip files, the decompressed members, since a secret compiled
into a module would otherwise hide behind zlib.
"""

from __future__ import annotations

import json
import marshal
import re
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

PATTERNS = {
    "private key": re.compile(rb"-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----\s*[A-Za-z0-9+/=\s]{40,}"),
    "bearer token": re.compile(rb"Bearer [A-Za-z0-9_\-]{20,}"),
    "demo accounts file content": re.compile(rb'"intake_api_key"\s*:\s*"[^"]+"'),
}
FORBIDDEN_NAMES = re.compile(
    r"(\.sqlite3(-wal|-shm)?|\.key|demo-accounts\.json|settings\.json|direct_url\.json)$"
)


def known_secrets() -> dict[str, bytes]:
    """Secrets that exist on this machine and must never reach a bundle."""
    from tests.support.keyring_daemon import PASSWORD
    from tests.support.servers import DEFAULT_PASSWORD

    found = {
        "test account password": DEFAULT_PASSWORD.encode(),
        "test keyring password": PASSWORD,
        "this machine's virtualenv path": str(Path(sys.prefix)).encode(),
        "this checkout's path": str(REPO).encode(),
    }
    for accounts in _demo_account_files():
        try:
            data = json.loads(accounts.read_text())
        except (OSError, ValueError):
            continue
        for account in data.get("accounts", []):
            if account.get("password"):
                found[f"demo password of {account.get('username')}"] = account["password"].encode()
        if data.get("intake_api_key"):
            found["demo intake key"] = str(data["intake_api_key"]).encode()
    return found


def _demo_account_files() -> Iterator[Path]:
    for base in (REPO / "demo-data", REPO / ".bench-data"):
        if base.is_dir():
            yield from base.rglob("demo-accounts.json")


def _blobs(path: Path) -> Iterator[tuple[str, bytes]]:
    """(label, bytes) of a file and of everything packed inside it."""
    data = path.read_bytes()
    yield str(path), data
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(path) as zf:
                for name in zf.namelist():
                    yield f"{path}!{name}", zf.read(name)
        except zipfile.BadZipFile:
            pass
    if data[:4] == b"\x7fELF" or data[:2] == b"MZ":
        yield from _pyinstaller_members(path)


def _pyinstaller_members(path: Path) -> Iterator[tuple[str, bytes]]:
    from PyInstaller.archive.readers import CArchiveReader

    try:
        archive = CArchiveReader(str(path))
    except Exception:
        return  # not a PyInstaller executable
    for name in archive.toc:
        if name.endswith(".pyz"):
            pyz = archive.open_embedded_archive(name)
            for module in pyz.toc:
                code = pyz.extract(module)
                if code is not None:
                    yield f"{path}!{name}!{module}", _as_bytes(code)
        else:
            member = archive.extract(name)
            if member is not None:
                yield f"{path}!{name}", _as_bytes(member)


def _as_bytes(value: object) -> bytes:
    return value if isinstance(value, bytes) else marshal.dumps(value)


def scan(root: Path, *, allow_names: set[str] = frozenset()) -> list[str]:
    """Every finding under `root` as 'where: what'; empty when clean."""
    secrets = known_secrets()
    findings = []
    for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink()):
        rel = str(path.relative_to(root))
        if FORBIDDEN_NAMES.search(path.name) and rel not in allow_names:
            findings.append(f"{rel}: file that must not ship")
        for label, blob in _blobs(path):
            for what, pattern in PATTERNS.items():
                if pattern.search(blob):
                    findings.append(f"{label}: {what}")
            for what, secret in secrets.items():
                if secret in blob:
                    findings.append(f"{label}: {what}")
    return findings
