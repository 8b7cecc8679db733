"""Presence of other staff on an open report (issue 6): heartbeat and leave, no Qt.

`announce(transport, report_id)` says "I have this report open" (PUT .../presence) and returns who
else has it open and the report's current version on the server. `leave(...)` says "closed".

Presence is a nicety, never a reason to bother the officer: when the server cannot be reached,
is busy, or does not know the report yet (a 404: not synced, or out of scope), the answer is
`PresenceInfo.unknown()` — the view then shows nothing. Only failures the sync machinery must see
anyway (401 `AuthError`, `TlsError`, a malformed answer as `ProtocolError`) are raised, as the
existing typed errors. No request is retried: the next heartbeat is 30 s away.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from lapor_desk.errors import (
    DeskError,
    OfflineError,
    ProtocolError,
    RejectedError,
    ServerError,
)

log = logging.getLogger(__name__)

#: how often an open report's desk announces itself (the server forgets a viewer after 90 s)
HEARTBEAT_SECONDS = 30


@dataclass(frozen=True)
class Viewer:
    display_name: str
    role: str
    agency_code: str | None
    since: str


@dataclass(frozen=True)
class PresenceInfo:
    """Other viewers and the server's version of the report; `known` False = we could not ask."""

    viewers: tuple[Viewer, ...] = ()
    version: int | None = None
    known: bool = True

    @classmethod
    def unknown(cls) -> PresenceInfo:
        return cls(known=False)


def _path(report_id: str) -> str:
    return f"/api/v1/reports/{quote(report_id, safe='')}/presence"


def _quiet(err: DeskError) -> bool:
    """Failures that mean "we do not know right now" rather than something to report."""
    if isinstance(err, (OfflineError, ServerError)):
        return True
    return isinstance(err, RejectedError) and err.status == 404


def parse(body: Any) -> PresenceInfo:
    """The heartbeat answer as a PresenceInfo; `ProtocolError` when it has the wrong shape."""
    try:
        viewers = tuple(
            Viewer(
                display_name=str(v["display_name"]),
                role=str(v["role"]),
                agency_code=None if v.get("agency_code") is None else str(v["agency_code"]),
                since=str(v.get("since") or ""),
            )
            for v in body["viewers"]
        )
        version = body["version"]
        if not isinstance(version, int) or isinstance(version, bool):
            raise TypeError("version is not an integer")
    except (KeyError, TypeError, AttributeError) as exc:
        raise ProtocolError(f"bad presence answer: {exc}", reason="bad_shape") from exc
    return PresenceInfo(viewers=viewers, version=version)


def announce(transport: Any, report_id: str) -> PresenceInfo:
    """Heartbeat for one open report; `PresenceInfo.unknown()` when offline or not known."""
    if transport is None:
        return PresenceInfo.unknown()
    try:
        resp = transport.request("PUT", _path(report_id), idempotent=True, retry=False)
        try:
            body = resp.json()
        except ValueError as exc:
            raise ProtocolError(f"presence answer is not JSON: {exc}", reason="bad_json") from exc
        return parse(body)
    except DeskError as err:
        if _quiet(err):
            log.debug("presence for %s unknown: %s", report_id, err.code)
            return PresenceInfo.unknown()
        raise


def leave(transport: Any, report_id: str) -> None:
    """Say the report was closed; best effort (the server forgets us after 90 s anyway)."""
    if transport is None:
        return
    try:
        transport.delete(_path(report_id))
    except DeskError as err:
        if not _quiet(err):
            raise
