"""Update notices: the server announces the current desk release; the desk only tells people.

The central server's `GET /api/v1/health` carries `desk_update: {version, url, sha256}` when its
operator sets `LAPOR_SERVER_DESK_UPDATE_VERSION`, `..._URL` and `..._SHA256` (see
lapor_server/config.py).
`check_for_update()` fetches it over the desk's verified transport and returns an `UpdateNotice`
when the announced version is newer than the running one. Nothing downloads or installs itself:
the notice gives the address and the SHA-256 for IT (or a user with rights) to act on.

An announcement with a non-https address or without a well-formed SHA-256 is ignored (and logged),
so a misconfigured server can never point desks at an unverifiable download.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import lapor_desk

log = logging.getLogger(__name__)

_SHA256 = re.compile(r"^[0-9a-fA-F]{64}$")
_VERSION = re.compile(
    r"^v?(?P<release>\d+(?:\.\d+)*)"
    r"(?:[-_.]?(?P<pre>a|alpha|b|beta|rc|c)[-_.]?(?P<pre_n>\d*))?"
    r"(?:[-_.]?post[-_.]?(?P<post>\d*))?"
    r"(?:[-_.]?dev[-_.]?(?P<dev>\d*))?$",
    re.IGNORECASE,
)
_PRE_RANK = {"a": 0, "alpha": 0, "b": 1, "beta": 1, "c": 2, "rc": 2}


def version_key(text: str) -> tuple:
    """A sortable key for a PEP 440-style version (`1.2`, `1.2.0rc1`, `1.2.post1`, `1.3.dev2`).

    Enough of PEP 440 for our own release numbers, without a packaging dependency in the desk.
    ValueError for anything else.
    """
    m = _VERSION.match(text.strip())
    if not m:
        raise ValueError(f"not a version: {text!r}")
    release = [int(p) for p in m["release"].split(".")]
    while len(release) > 1 and release[-1] == 0:
        release.pop()  # 1.2 == 1.2.0
    inf = float("inf")
    dev = int(m["dev"] or 0) if m["dev"] is not None else inf
    if m["pre"] is not None:
        pre: tuple = (_PRE_RANK[m["pre"].lower()], int(m["pre_n"] or 0))
    elif m["post"] is None and m["dev"] is not None:
        pre = (-1, 0)  # 1.0.dev1 sorts before 1.0a1
    else:
        pre = (inf, 0)
    post = int(m["post"] or 0) if m["post"] is not None else -1
    return (tuple(release), pre, post, dev)


def is_newer(candidate: str, current: str) -> bool:
    return version_key(candidate) > version_key(current)


@dataclass(frozen=True)
class UpdateNotice:
    """A newer desk release the server announced."""

    current: str
    version: str
    url: str
    sha256: str

    def message(self, language: str = "id") -> str:
        """One unobtrusive sentence for the status bar or the about dialog."""
        if language == "en":
            return (
                f"LAPOR Desk {self.version} is available (this computer has {self.current}). "
                "Ask IT to install it."
            )
        return (
            f"LAPOR Desk {self.version} tersedia (komputer ini memakai {self.current}). "
            "Minta TI untuk memasangnya."
        )

    def details(self) -> str:
        """What IT needs: version, address and the checksum to verify the download against."""
        return (
            f"versi / version: {self.version} (terpasang / installed: {self.current})\n"
            f"unduh / download: {self.url}\n"
            f"SHA-256: {self.sha256}"
        )


def notice_from_health(body: Any, current: str | None = None) -> UpdateNotice | None:
    """The notice in a `/api/v1/health` body, or None (nothing newer, or nothing trustworthy)."""
    current = current or lapor_desk.__version__
    info = body.get("desk_update") if isinstance(body, dict) else None
    if not isinstance(info, dict):
        return None
    version, url, sha256 = info.get("version"), info.get("url"), info.get("sha256")
    if not isinstance(version, str) or not isinstance(url, str):
        return None
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        log.warning("update announcement ignored: download address is not https: %s", url)
        return None
    if not isinstance(sha256, str) or not _SHA256.match(sha256):
        log.warning("update announcement ignored: missing or malformed SHA-256 for %s", version)
        return None
    try:
        newer = is_newer(version, current)
    except ValueError:
        log.warning("update announcement ignored: unreadable version %r", version)
        return None
    return UpdateNotice(current, version, url, sha256.lower()) if newer else None


def transport_proxy(setting: str | None) -> str | None:
    """The proxy argument for the transport from the `proxy` setting ('system' = environment)."""
    return None if setting in (None, "system", "none") else setting


def check_for_update(
    server_url: str,
    *,
    ca_bundle: str | None = None,
    proxy: str | None = None,
    current: str | None = None,
) -> UpdateNotice | None:
    """Ask the server (verified HTTPS, one attempt) whether a newer desk is announced.

    Raises the transport's typed errors (OfflineError, TlsError, ...) when the server cannot be
    asked; callers in the GUI treat that as "no notice" and try again at the next sync.
    """
    from lapor_desk.sync.transport import NO_RETRY, Transport

    with Transport(
        server_url, ca_bundle=ca_bundle, proxy=transport_proxy(proxy), retry=NO_RETRY
    ) as transport:
        body = transport.get_json("/api/v1/health", retry=False)
    return notice_from_health(body, current)


def check_configured(current: str | None = None) -> UpdateNotice | None:
    """`check_for_update` against the server in the effective settings (ValueError if none)."""
    from lapor_desk.settings import Settings

    s = Settings.load()
    server = s.get("server_url")
    if not server:
        raise ValueError("alamat server belum diatur (server address not configured)")
    return check_for_update(
        server, ca_bundle=s.get("ca_bundle"), proxy=s.get("proxy"), current=current
    )
