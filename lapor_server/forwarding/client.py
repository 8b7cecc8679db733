"""HTTPS to a partner's LAPOR Desk: its channel intake, attachment upload and updates feed.

The same public interfaces any channel uses (docs/channels.md), with the channel key the partner's
admin issued for this server in `X-Api-Key`. TLS is verified (the partner's CA file, else the
system's trust store); redirects are not followed (a key is never sent to another address).
Failures are `PartnerError` with a short reason for `partners list` (never the key, never the
report's text); `permanent` says whether repeating the same request can help.
"""

from __future__ import annotations

import json
import ssl
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lapor_server import __version__

USER_AGENT = f"LAPOR-Desk-forwarding/{__version__}"
MAX_ANSWER = 4 * 1024 * 1024


class PartnerError(Exception):
    def __init__(self, reason: str, *, status: int | None = None):
        super().__init__(reason)
        self.reason = reason[:300]
        self.status = status


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        return None


@dataclass(frozen=True, slots=True)
class PartnerLink:
    """Where and how to reach one partner (read from `partners` for one pass)."""

    base_url: str
    channel_key: str
    ca_file: str | None
    timeout: float

    def _opener(self) -> urllib.request.OpenerDirector:
        ctx = ssl.create_default_context(cafile=self.ca_file or None)
        return urllib.request.build_opener(_NoRedirects(), urllib.request.HTTPSHandler(context=ctx))

    def _call(
        self,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        content_type: str | None = None,
        query: dict[str, str] | None = None,
    ) -> tuple[int, Any]:
        url = self.base_url.rstrip("/") + path
        if query:
            url += "?" + urllib.parse.urlencode(query)
        headers = {
            "X-Api-Key": self.channel_key,
            "User-Agent": USER_AGENT,
            "Accept": "application/json",
        }
        if content_type:
            headers["Content-Type"] = content_type
        request = urllib.request.Request(url, data=body, method=method, headers=headers)
        try:
            with self._opener().open(request, timeout=self.timeout) as response:
                raw = response.read(MAX_ANSWER + 1)
                status = response.status
        except urllib.error.HTTPError as exc:
            detail = ""
            try:
                problem = json.loads(exc.read(65536) or b"{}")
                detail = str(problem.get("reason") or problem.get("title") or "")[:80]
            except (ValueError, OSError, AttributeError):
                pass
            raise PartnerError(
                f"HTTP {exc.code}" + (f" ({detail})" if detail else ""), status=exc.code
            ) from None
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            raise PartnerError(f"{type(exc).__name__}: {reason}") from None
        if len(raw) > MAX_ANSWER:
            raise PartnerError("answer too large")
        if status >= 300:
            raise PartnerError(f"HTTP {status}", status=status)
        try:
            return status, json.loads(raw) if raw else None
        except ValueError:
            raise PartnerError("answer is not JSON") from None

    def upload(self, sha256: str, media_type: str, path: Path) -> None:
        """PUT one attachment (the partner answers 200 when it has the bytes already)."""
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise PartnerError(
                f"attachment {sha256[:12]} unreadable here: {exc.strerror}"
            ) from None
        self._call("PUT", f"/api/v1/attachments/{sha256}", body=data, content_type=media_type)

    def submit(self, report: dict[str, Any]) -> tuple[str, str]:
        """POST the report to the intake; (partner report id, tracking id). A resend with the same
        `external_id` answers the report made the first time."""
        _, answer = self._call(
            "POST",
            "/api/v1/intake/reports",
            body=json.dumps(report).encode(),
            content_type="application/json",
        )
        if not isinstance(answer, dict) or not answer.get("id") or not answer.get("tracking_id"):
            raise PartnerError("intake answer without id and tracking_id")
        return str(answer["id"]), str(answer["tracking_id"])

    def reply(self, tracking_id: str, text: str, reply_id: str) -> None:
        """The reporter's reply to the report we filed there (once per `reply_id`)."""
        path = f"/api/v1/intake/reports/{urllib.parse.quote(tracking_id, safe='')}/replies"
        body = json.dumps({"text": text, "reply_id": reply_id}).encode()
        self._call("POST", path, body=body, content_type="application/json")

    def updates(self, cursor: str | None, limit: int = 200) -> dict[str, Any]:
        """One page of the partner's channel updates feed (entries of the reports we sent)."""
        query = {"limit": str(limit)}
        if cursor:
            query["cursor"] = cursor
        _, page = self._call("GET", "/api/v1/channel/updates", query=query)
        if not isinstance(page, dict) or not isinstance(page.get("items"), list):
            raise PartnerError("updates page has the wrong shape")
        return page
