"""Likely duplicates of a report, for the coordinator's screening.

Candidates come from the full-text index (any of the report's distinctive words, ranked by FTS5's
bm25) among reports submitted within `WINDOW_DAYS` of it, then are scored in Python:

    score = 0.7 × word overlap (Jaccard of title+body words, title words counted twice)
          + 0.3 × same distrik

so a report with the same words in the same distrik a few days apart comes first. Archived reports
are never offered as the original (a duplicate should point at the report that is being handled).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, text

from lapor_core.calendar import local_date

WINDOW_DAYS = 14
MAX_CANDIDATES = 200
TEXT_WEIGHT = 0.7
DISTRICT_WEIGHT = 0.3
MIN_SCORE = 0.3
#: Word overlap below which a candidate is dropped whatever else matches.
MIN_TEXT = 0.25

_TOKEN = re.compile(r"[^\W_]+")
#: Common Indonesian words that say nothing about the problem reported.
STOPWORDS = frozenset(
    {
        "yang",
        "dan",
        "di",
        "ke",
        "dari",
        "ini",
        "itu",
        "sudah",
        "tidak",
        "ada",
        "untuk",
        "dengan",
        "pada",
        "sejak",
        "saat",
        "karena",
        "mohon",
        "kami",
        "saya",
        "kita",
        "warga",
        "sangat",
        "akan",
        "juga",
        "atau",
        "bulan",
        "minggu",
        "hari",
        "tahun",
        "sering",
        "setiap",
        "belum",
        "masih",
        "lagi",
        "oleh",
        "para",
        "agar",
        "bisa",
        "tolong",
        "kepada",
        "telah",
        "dalam",
        "tersebut",
        "banyak",
        "lebih",
        "hanya",
        "bapak",
        "ibu",
        "pak",
        "bu",
        "dua",
        "tiga",
        "sekitar",
    }
)


@dataclass(frozen=True, slots=True)
class DuplicateCandidate:
    report_id: str
    tracking_id: str
    title: str
    status: str
    district_code: str | None
    submitted_at: str
    score: float
    same_district: bool
    days_apart: int


def words(value: str | None) -> list[str]:
    """Lower-cased word tokens without stopwords and very short words."""
    if not value:
        return []
    normalised = unicodedata.normalize("NFKC", value).casefold()
    return [w for w in _TOKEN.findall(normalised) if len(w) >= 3 and w not in STOPWORDS]


def _bag(title: str, body: str) -> set[str]:
    return set(words(title)) | set(words(body))


def similarity(a_title: str, a_body: str, b_title: str, b_body: str) -> float:
    """Word overlap of two reports in [0, 1] (title words count twice)."""
    # Title words are counted a second time: they are what the reporter chose to stress.
    ta, tb = set(words(a_title)), set(words(b_title))
    ba, bb = _bag(a_title, a_body), _bag(b_title, b_body)
    union = len(ba | bb) + len(ta | tb)
    if not union:
        return 0.0
    return (len(ba & bb) + len(ta & tb)) / union


def _match_expression(title: str, body: str, limit: int = 24) -> str | None:
    seen: list[str] = []
    for w in words(title) + words(body):
        if w not in seen:
            seen.append(w)
    if not seen:
        return None
    return " OR ".join('"' + w.replace('"', '""') + '"' for w in seen[:limit])


_CANDIDATES = text(
    """
SELECT r.id, r.tracking_id, r.title, r.body, r.status, r.district_code, r.submitted_at
FROM (SELECT rowid AS rid, rank FROM report_fts WHERE report_fts MATCH :query
      ORDER BY rank LIMIT :limit) AS m
CROSS JOIN reports AS r ON r.rid = m.rid
WHERE r.id != :id AND r.status != 'archived'
  AND abs(julianday(r.submitted_at) - julianday(:submitted_at)) <= :window
ORDER BY m.rank
"""
)


def likely_duplicates(
    conn: Connection,
    report_id: str,
    *,
    limit: int = 5,
    min_score: float = MIN_SCORE,
    window_days: int = WINDOW_DAYS,
) -> list[DuplicateCandidate]:
    """A short list of reports that may describe the same problem, best first."""
    row = conn.execute(
        text("SELECT title, body, district_code, submitted_at FROM reports WHERE id = :id"),
        {"id": report_id},
    ).first()
    if row is None:
        return []
    title, body, district, submitted = row
    query = _match_expression(title, body)
    if query is None:
        return []
    found = conn.execute(
        _CANDIDATES,
        {
            "query": query,
            "limit": MAX_CANDIDATES,
            "id": report_id,
            "submitted_at": submitted,
            "window": window_days,
        },
    ).all()
    when = local_date(datetime.fromisoformat(submitted))
    out = []
    for cid, tracking, ctitle, cbody, status, cdistrict, csubmitted in found:
        same = bool(district) and district == cdistrict
        words_alike = similarity(title, body, ctitle, cbody)
        if words_alike < MIN_TEXT:
            continue  # the same distrik alone does not make a duplicate
        score = TEXT_WEIGHT * words_alike + DISTRICT_WEIGHT * same
        if score < min_score:
            continue
        days = abs((local_date(datetime.fromisoformat(csubmitted)) - when).days)
        out.append(
            DuplicateCandidate(
                cid, tracking, ctitle, status, cdistrict, csubmitted, round(score, 3), same, days
            )
        )
    out.sort(key=lambda c: (-c.score, c.days_apart, c.tracking_id))
    return out[:limit]
