"""Reporter tokens: proof that a request speaks for the reporter of one report.

A token is issued to the channel at submission (returned once, stored as SHA-256) and one per
e-mail that carries a rating/reply link. With it, a reply or a rating is accepted from any
channel (and from the e-mail's page); without it only the channel that filed the report may
speak for its reporter (issue 12, item 9).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from lapor_server.citizen.tables import ReporterToken


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def issue(s: Session, report_id: str, purpose: str, now: datetime) -> str:
    token = "rpt_" + secrets.token_urlsafe(24)
    s.add(
        ReporterToken(token_hash=_hash(token), report_id=report_id, purpose=purpose, created_at=now)
    )
    return token


def valid(s: Session, report_id: str, token: str | None) -> bool:
    """Whether `token` is a reporter token of this report (constant-time on the id)."""
    if not token or len(token) > 200:
        return False
    found = s.scalar(
        sa.select(ReporterToken.report_id).where(ReporterToken.token_hash == _hash(token))
    )
    return found is not None and hmac.compare_digest(found, report_id)
