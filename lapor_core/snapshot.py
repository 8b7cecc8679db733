"""The report snapshot: the fields the server sends for each report, named once.

The server builds snapshots with exactly these keys (`lapor_server/snapshots.py`) and documents
them (`lapor_server/schemas.py`); the desk stores the plain ones under the same column names
(`lapor_desk/models/bulk.py`) and refuses a feed page whose snapshots lack a required one. A
field added here reaches all three. The wire shape is docs/api.md (Feed).
"""

from __future__ import annotations

#: Top-level fields of a report snapshot, in the order the server writes them.
SNAPSHOT_FIELDS = (
    "id",
    "tracking_id",
    "title",
    "body",
    "classification",
    "category_code",
    "district_code",
    "village",
    "address",
    "lat",
    "lon",
    "incident_date",
    "submitted_at",
    "channel",
    "status",
    "agency_code",
    "version",
    "is_anonymous",
    "is_secret",
    "reporter",
    "deadlines",
    "events",
    "attachments",
    # extensions beyond the SP4N-LAPOR! shape
    "postponed_from",
    "archive_reason",
    "duplicate_of",
    "closed_at",
    "updated_at",
    "original_title",  # koordinator only; null for everyone else
    "public_body",  # koordinator only: the redacted public text (null: not redacted)
    "public_address",  # koordinator only, likewise
)

#: Fields a snapshot must carry with a value (a desk refuses a page without them).
REQUIRED_FIELDS = ("id", "tracking_id", "title", "body", "submitted_at", "status", "version")

#: Snapshot fields that hold nested objects (not plain values a desk can store as a column).
NESTED_FIELDS = frozenset({"reporter", "deadlines", "events", "attachments"})

#: Snapshot fields that are true/false.
FLAG_FIELDS = frozenset({"is_anonymous", "is_secret"})

#: Plain (scalar) snapshot fields, in snapshot order.
PLAIN_FIELDS = tuple(f for f in SNAPSHOT_FIELDS if f not in NESTED_FIELDS)

#: Fields of `deadlines` (dates in WIT).
DEADLINE_FIELDS = ("verify_by", "dispatch_by", "respond_by", "closes_at")

#: Fields of each timeline event.
EVENT_FIELDS = (
    "id",
    "kind",
    "actor",
    "actor_role",
    "agency_code",
    "text",
    "visibility",
    "created_at",
    "attachments",
    "data",
    "version",
    "op_id",
    "written_at",  # respond: the bounded time the answer was written (docs/api.md)
)

#: Fields of `reporter` (phone and email for coordinators only; null when anonymous).
REPORTER_FIELDS = ("name", "phone", "email")
