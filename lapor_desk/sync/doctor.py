"""`lapor-desk doctor`: what stands between this desk and its server, and what to do about it.

Each check returns a `Check` with an Indonesian and an English sentence and, when something is
wrong, the fix. Order follows the path of a request: settings, proxy, CA, DNS, TCP, TLS chain,
HTTP, clock skew (the server's `Date`), token, keyring, local database, disk, logs.
"""

from __future__ import annotations

import logging
import os
import shutil
import socket
import ssl
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from lapor_desk import paths
from lapor_desk.errors import DeskError, TlsError
from lapor_desk.models import outbox
from lapor_desk.models.account import last_account, normalise_server_url
from lapor_desk.sync.credentials import CredentialStore
from lapor_desk.sync.transport import Transport, classify_tls, make_ssl_context

log = logging.getLogger(__name__)

#: clock difference with the server above which the officer is told to fix the clock
MAX_SKEW_S = 300
_REBUILD = (
    "Buka LAPOR Desk: basis data dibangun ulang dari server, antrean kirim dipertahankan",
    "Open LAPOR Desk: it rebuilds the database from the server and keeps the outbox",
)


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    #: True ok, None warning, False failure
    ok: bool | None
    message_id: str
    message_en: str
    fix_id: str = ""
    fix_en: str = ""

    def as_dict(self, lang: str = "id") -> dict[str, Any]:
        en = lang == "en"
        return {
            "name": self.name,
            "ok": self.ok,
            "message": self.message_en if en else self.message_id,
            "fix": (self.fix_en if en else self.fix_id) or None,
        }


def _c(name: str, ok: bool | None, msg: tuple[str, str], fix: tuple[str, str] = ("", "")) -> Check:
    return Check(name, ok, msg[0], msg[1], fix[0], fix[1])


def exit_code(checks: list[Check]) -> int:
    """5 TLS, 3 unreachable, 4 token/keyring, 1 anything else failed, 0 ok (warnings allowed)."""
    failed = {c.name for c in checks if c.ok is False}
    for names, code in (({"tls", "ca"}, 5), ({"dns", "tcp", "http"}, 3), ({"token", "keyring"}, 4)):
        if failed & names:
            return code
    return 1 if failed else 0


def diagnose(
    settings: Any, *, server: str | None = None, username: str | None = None, network: bool = True
) -> list[Check]:
    checks = [
        _c(
            "config",
            None,
            (f"Pengaturan: {p}", f"Settings: {p}"),
            ("Perbaiki berkas pengaturan", "Fix the settings file"),
        )
        for p in settings.problems
    ]
    last = last_account()
    server = server or settings.get("server_url") or (last[0] if last else None)
    username = username or (last[1] if last else None)
    if not server:
        checks.append(
            _c(
                "server",
                False,
                ("Alamat server belum diatur", "No server address set"),
                (
                    "TI mengaturnya sekali untuk komputer ini: sudo lapor-desk configure "
                    "--server https://... (atau untuk pengguna ini saja: lapor-desk configure "
                    "--user --server https://...), lalu masuk.",
                    "IT sets it once for this computer: sudo lapor-desk configure "
                    "--server https://... (or for this user only: lapor-desk configure "
                    "--user --server https://...), then log in.",
                ),
            )
        )
    else:
        server = normalise_server_url(server)
        checks.append(_c("server", True, (f"Server: {server}", f"Server: {server}")))
        if network:
            checks += network_checks(server, settings, username)
    checks.append(keyring_check())
    if server and username:
        checks += store_checks(paths.store_path(server, username), _profile_key(server, username))
    checks.append(disk_check(paths.data_root()))
    checks.append(_c("log", True, (f"Log: {paths.log_dir()}", f"Logs: {paths.log_dir()}")))
    return checks


def network_checks(server: str, settings: Any, username: str | None) -> list[Check]:
    checks: list[Check] = []
    parts = urlsplit(server)
    host, port = parts.hostname or "", parts.port or 443
    proxy = settings.get("proxy")
    env_proxy = os.environ.get("HTTPS_PROXY") or os.environ.get("https_proxy")
    used = (
        proxy if proxy not in (None, "system", "none") else (env_proxy if proxy != "none" else None)
    )
    if used:
        checks.append(_c("proxy", True, (f"Proxy: {used}", f"Proxy: {used}")))
    else:
        checks.append(_c("proxy", True, ("Tanpa proxy (langsung)", "No proxy (direct)")))
    ca = settings.get("ca_bundle")
    try:
        ctx = make_ssl_context(ca)
    except TlsError as exc:
        checks.append(
            _c(
                "ca",
                False,
                (f"Berkas CA tidak bisa dipakai: {exc}", f"CA file unusable: {exc}"),
                ("Periksa berkas CA dari TI", "Check the CA file from IT"),
            )
        )
        return checks
    what = (
        (f"CA tambahan: {ca}", f"Extra CA: {ca}")
        if ca
        else ("CA: sertifikat sistem", "CA: system trust store")
    )
    checks.append(_c("ca", True, what))
    if not used:
        direct = _direct_checks(host, port, ctx)
        checks += direct
        if any(c.ok is False for c in direct):
            return checks
    checks += _http_checks(server, settings, username)
    return checks


def _direct_checks(host: str, port: int, ctx: ssl.SSLContext) -> list[Check]:
    try:
        addr = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][4][0]
    except OSError as exc:
        return [
            _c(
                "dns",
                False,
                (f"DNS: nama {host} tidak ditemukan ({exc})", f"DNS: {host} not found ({exc})"),
                ("Periksa koneksi internet dan DNS", "Check the internet connection and DNS"),
            )
        ]
    out = [_c("dns", True, (f"DNS: {host} → {addr}", f"DNS: {host} → {addr}"))]
    started = time.monotonic()
    try:
        raw = socket.create_connection((host, port), timeout=5)
    except OSError as exc:
        out.append(
            _c(
                "tcp",
                False,
                (f"TCP {host}:{port} gagal: {exc}", f"TCP {host}:{port} failed: {exc}"),
                (
                    "Periksa firewall, proxy, dan apakah server menyala",
                    "Check the firewall, proxy and whether the server is up",
                ),
            )
        )
        return out
    ms = (time.monotonic() - started) * 1000
    out.append(
        _c(
            "tcp",
            True,
            (
                f"TCP {host}:{port} terhubung ({ms:.0f} ms)",
                f"TCP {host}:{port} connected ({ms:.0f} ms)",
            ),
        )
    )
    try:
        with ctx.wrap_socket(raw, server_hostname=host) as tls:
            cert = tls.getpeercert() or {}
            issuer, until = _name(cert.get("issuer")), cert.get("notAfter", "?")
            out.append(
                _c(
                    "tls",
                    True,
                    (
                        f"TLS {tls.version()}: sertifikat sah dari {issuer}, berlaku s.d. {until}",
                        f"TLS {tls.version()}: valid certificate from {issuer}, until {until}",
                    ),
                )
            )
    except (ssl.SSLError, OSError) as exc:
        err = TlsError(str(exc), reason=classify_tls(exc))
        out.append(
            _c(
                "tls",
                False,
                (err.user_message("id"), err.user_message("en")),
                (
                    "Pasang CA instansi (lapor-desk login --ca BERKAS) atau hubungi TI",
                    "Install the agency CA (lapor-desk login --ca FILE) or contact IT",
                ),
            )
        )
    finally:
        raw.close()
    return out


def _http_checks(server: str, settings: Any, username: str | None) -> list[Check]:
    out: list[Check] = []
    proxy = settings.get("proxy")
    try:
        with Transport(server, ca_bundle=settings.get("ca_bundle"), proxy=proxy) as t:
            health = t.get_json("health", retry=False)
            version = health.get("version", "?") if isinstance(health, dict) else "?"
            out.append(
                _c(
                    "http",
                    True,
                    (f"Server menjawab (versi {version})", f"Server answers (version {version})"),
                )
            )
            if t.server_date is not None:
                skew = (datetime.now(UTC) - t.server_date).total_seconds()
                out.append(
                    _c(
                        "clock",
                        True if abs(skew) < MAX_SKEW_S else None,
                        (
                            f"Selisih jam dengan server: {skew:+.0f} dtk",
                            f"Clock difference with the server: {skew:+.0f} s",
                        ),
                        ("Setel tanggal dan jam komputer", "Set the computer's date and time"),
                    )
                )
            if username:
                out.append(_token_check(t, server, username))
    except DeskError as exc:
        name = {"tls": "tls", "auth": "token", "protocol": "http"}.get(exc.code, "http")
        out.append(
            _c(
                name,
                False,
                (exc.user_message("id"), exc.user_message("en")),
                (exc.next_step("id"), exc.next_step("en")),
            )
        )
    return out


def _token_check(t: Transport, server: str, username: str) -> Check:
    try:
        token = CredentialStore().get_token(server, username)
    except DeskError:
        token = None
    if not token:
        return _c(
            "token",
            None,
            (f"Tidak ada token tersimpan untuk {username}", f"No stored token for {username}"),
            ("Login: lapor-desk login", "Log in: lapor-desk login"),
        )
    t.token = token
    try:
        t.get_json("session", retry=False)
    except DeskError as exc:
        return _c(
            "token",
            False,
            (
                f"Token {username} ditolak: {exc.user_message('id')}",
                f"Token of {username} refused: {exc.user_message('en')}",
            ),
            ("Login lagi: lapor-desk login", "Log in again: lapor-desk login"),
        )
    return _c("token", True, (f"Token {username} masih berlaku", f"Token of {username} is valid"))


def _name(rdns: Any) -> str:
    try:
        return ", ".join(f"{k}={v}" for rdn in rdns for k, v in rdn)
    except TypeError:
        return "?"


def keyring_check() -> Check:
    store = CredentialStore()
    name = store.backend_name()
    if store.is_available():
        return _c("keyring", True, (f"Keyring: {name}", f"Keyring: {name}"))
    return _c(
        "keyring",
        None,
        (
            f"Keyring tidak tersedia ({name}): kata sandi diminta setiap kali",
            f"No keyring ({name}): the password is asked each time",
        ),
        (
            "TI dapat mengaktifkan Credential Manager / Secret Service",
            "IT can enable Credential Manager / Secret Service",
        ),
    )


def _profile_key(server: str, username: str) -> bytes | None:
    """The profile key when it can be had without asking (keyring, or the passphrase variable)."""
    from lapor_desk.sync.profile_keys import ProfileKeys, env_passphrase

    try:
        return ProfileKeys().find(
            server, username, paths.profile_dir(server, username), env_passphrase
        )
    except DeskError as exc:
        log.info("doctor: no profile key: %s", exc)
        return None


def store_checks(path: Path, key: bytes | None = None) -> list[Check]:
    if not path.exists():
        return [
            _c(
                "database",
                None,
                (f"Belum ada basis data lokal ({path})", f"No local database yet ({path})"),
            )
        ]
    from lapor_desk.models.crypto import is_plain_sqlite
    from lapor_desk.models.store import DB_ERRORS, raw_connect

    plain = is_plain_sqlite(path)
    if not plain and key is None:
        return [
            _c(
                "database",
                None,
                (
                    "Basis data lokal terenkripsi; kuncinya tidak tersedia tanpa frasa sandi "
                    "(LAPOR_DESK_PASSPHRASE) atau setelah logout",
                    "Local database is encrypted; its key is not available without the "
                    "passphrase (LAPOR_DESK_PASSPHRASE) or after a logout",
                ),
            )
        ]
    try:
        conn = raw_connect(f"file:{path}?mode=ro", None if plain else key, uri=True, timeout=5)
        try:
            result = "\n".join(r[0] for r in conn.execute("PRAGMA integrity_check"))
            counts = outbox.counts(conn, open_only=True)
            waiting, conflicts = counts.waiting, counts.conflicts
        finally:
            conn.close()
    except DB_ERRORS as exc:
        return [
            _c(
                "database",
                False,
                (f"Basis data lokal tidak terbaca: {exc}", f"Local database unreadable: {exc}"),
                _REBUILD,
            )
        ]
    return [
        _c(
            "database",
            result == "ok",
            (
                f"Basis data lokal: integrity_check {result}",
                f"Local database: integrity_check {result}",
            ),
            _REBUILD,
        ),
        _c(
            "outbox",
            True if not conflicts else None,
            (
                f"Antrean kirim: {waiting} menunggu, {conflicts} konflik",
                f"Outbox: {waiting} waiting, {conflicts} conflict(s)",
            ),
            ("Lihat: lapor-desk conflicts", "See: lapor-desk conflicts"),
        ),
    ]


def disk_check(root: Path) -> Check:
    probe = root
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    mb = shutil.disk_usage(probe).free // (1024 * 1024)
    ok: bool | None = True if mb >= 500 else (None if mb >= 100 else False)
    return _c(
        "disk",
        ok,
        (f"Ruang disk kosong: {mb} MB", f"Free disk space: {mb} MB"),
        ("Kosongkan ruang disk", "Free some disk space"),
    )
