"""The administration pane's work (issue 15; docs/admin.md): reads from the server's admin API
while online, changes as admin ops in the outbox — offline too, sent by the next sync exactly
once like any op (docs/api.md, "Administration").

- Reads need the network: without a connection they raise `AdminOfflineError`, whose sentence
  says so and that queued changes are kept.
- Changes are checked with `lapor_core.admin.validate_admin_op` before they are queued (a bad
  e-mail address is refused while the admin is still typing) and carry the version the admin
  saw, so a change by another admin meanwhile comes back as a conflict, not an overwrite.
- A one-time password or channel secret is never in the outbox or the store: the op carries no
  secret; the server makes it and this desk fetches it once (`fetch_secret`) to show it.
"""

from __future__ import annotations

import csv
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from lapor_core.admin import ADMIN_OPS, EXPORT_KINDS, AdminOp, target, validate_admin_op
from lapor_core.wire import PayloadError
from lapor_desk.errors import AuthError, OfflineError, RejectedError, ValidationError
from lapor_desk.models import outbox
from lapor_desk.models.account import Account
from lapor_desk.models.store import Store


class AdminOfflineError(OfflineError):
    """An administration read was tried without a connection."""

    code = "admin_offline"
    user_message_id = "Data administrasi hanya bisa dibaca saat terhubung ke server."
    next_step_id = (
        "Coba lagi setelah koneksi kembali. Perubahan yang sudah Anda buat tetap tersimpan di "
        "komputer ini dan dikirim otomatis."
    )
    user_message_en = "Administration data can only be read while connected to the server."
    next_step_en = (
        "Try again when the connection is back. Changes you already made stay saved on this "
        "computer and are sent automatically."
    )


@dataclass(frozen=True, slots=True)
class QueuedOp:
    """An admin op in this desk's outbox (what the pane lists as pending, sent or refused)."""

    op_id: str
    kind: str
    target: str
    label: str
    state: str
    created_at: str
    outcome: str | None
    detail: str | None
    reason: str | None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


class AdminService:
    def __init__(
        self,
        store: Store,
        account: Account,
        client_factory: Callable[[], Any] | None = None,
        clock: Callable[[], str] = _now,
    ):
        self.store = store
        self.account = account
        self.client_factory = client_factory or (lambda: None)
        self.clock = clock

    @property
    def is_admin(self) -> bool:
        return self.account.role == "admin"

    # -- reads (online) --------------------------------------------------------------------
    def _get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        client = self.client_factory()
        if client is None:
            raise AdminOfflineError("no connection to read administration data", reason="offline")
        try:
            return client.get_json(
                path,
                params={k: v for k, v in (params or {}).items() if v not in (None, "", [])},
                retry=False,
            )
        except AuthError:
            raise
        except OfflineError as exc:
            raise AdminOfflineError(str(exc), reason=exc.reason or "offline") from exc

    def accounts(self, search: str = "", role: str | None = None) -> list[dict[str, Any]]:
        return self._get("admin/accounts", {"search": search.strip()[:100], "role": role})[
            "accounts"
        ]

    def devices(self, username: str) -> list[dict[str, Any]]:
        return self._get(f"admin/accounts/{username}/devices")["devices"]

    def agencies(self) -> list[dict[str, Any]]:
        return self._get("admin/agencies")["agencies"]

    def categories(self) -> list[dict[str, Any]]:
        return self._get("admin/categories")["categories"]

    def calendar(self, year: int | None = None) -> list[dict[str, Any]]:
        return self._get("admin/calendar", {"year": year})["days"]

    def channels(self) -> list[dict[str, Any]]:
        return self._get("admin/channels")["channels"]

    def deliveries(self, state: str | None = "failed") -> list[dict[str, Any]]:
        return self._get("admin/deliveries", {"state": state})["deliveries"]

    def audit(
        self,
        account: str = "",
        kinds: list[str] | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 500,
        before_id: int | None = None,
    ) -> list[dict[str, Any]]:
        """Entries newest first; the next page is `before_id` = the last entry's id."""
        params = self._audit_params(account, kinds, since, until) | {"limit": limit}
        if before_id is not None:
            params["before_id"] = before_id
        return self._get("admin/audit", params)["entries"]

    @staticmethod
    def _audit_params(account, kinds, since, until) -> dict[str, Any]:  # type: ignore[no-untyped-def]
        return {
            "account": account.strip().lower()[:64] or None,
            "kind": list(kinds or []),
            "since": since.isoformat() if since else None,
            "until": until.isoformat() if until else None,
        }

    def export_audit(
        self,
        path: str | Path,
        account: str = "",
        kinds: list[str] | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> int:
        """Write the server's audit CSV (the export is audited there) to `path`; returns rows."""
        client = self.client_factory()
        if client is None:
            raise AdminOfflineError("no connection to export the audit log", reason="offline")
        params = {k: v for k, v in self._audit_params(account, kinds, since, until).items() if v}
        try:
            resp = client.request("GET", "admin/audit.csv", params=params, idempotent=True)
        except OfflineError as exc:
            raise AdminOfflineError(str(exc), reason=exc.reason or "offline") from exc
        data = resp.content
        target_path = Path(path)
        tmp = target_path.with_name(target_path.name + ".part")
        tmp.write_bytes(data)
        tmp.replace(target_path)
        return max(0, len(list(csv.reader(data.decode("utf-8-sig").splitlines()))) - 1)

    def fetch_secret(self, op_id: str) -> dict[str, str]:
        """The one-time secret of an applied op of this desk, once (never stored here)."""
        try:
            return self._get(f"admin/secrets/{op_id}")
        except RejectedError as exc:
            raise ValidationError(
                "rahasia ini sudah diambil, kedaluwarsa, atau dibuat di perangkat lain; "
                "atur ulang kata sandi atau buat kunci baru",
                detail_en="this secret was already fetched, expired, or made on another device; "
                "reset the password or make a new key",
            ) from exc

    # -- changes (queued, offline too) -----------------------------------------------------
    def queue(
        self,
        kind: AdminOp,
        target_id: str,
        payload: dict[str, Any] | None = None,
        *,
        base_version: int | None = None,
        label: str | None = None,
    ) -> str:
        """Check and queue one admin op; returns its op_id. Durable when it returns."""
        try:
            _key, clean = validate_admin_op(kind.value, target_id, payload or {})
        except PayloadError as exc:
            raise ValidationError(_reason_id(exc), detail_en=str(exc), field=exc.field) from None
        op_id = str(uuid.uuid4())
        with self.store.write_conn() as conn:
            outbox.enqueue(
                conn,
                op_id=op_id,
                report_id=target_id,
                kind=kind.value,
                payload=clean,
                base_version=base_version,
                created_at=self.clock(),
                report_title=(label or target_id)[:200],
            )
        return op_id

    def create_account(
        self,
        username: str,
        display_name: str,
        role: str,
        agency_code: str | None,
        email: str | None,
    ) -> str:
        payload: dict[str, Any] = {"display_name": display_name, "role": role, "email": email}
        if agency_code:
            payload["agency_code"] = agency_code
        name = username.strip().lower()
        return self.queue(
            AdminOp.ACCOUNT_CREATE, target("account", name), payload, label=f"Akun baru {name}"
        )

    def update_account(self, username: str, changes: dict[str, Any], version: int | None) -> str:
        return self.queue(
            AdminOp.ACCOUNT_UPDATE,
            target("account", username),
            changes,
            base_version=version,
            label=f"Akun {username}",
        )

    def reset_password(self, username: str, version: int | None) -> str:
        return self.queue(
            AdminOp.ACCOUNT_RESET_PASSWORD,
            target("account", username),
            base_version=version,
            label=f"Kata sandi {username}",
        )

    def revoke_device(self, username: str, device_id: int, device_name: str = "") -> str:
        return self.queue(
            AdminOp.DEVICE_REVOKE,
            target("account", username),
            {"device_id": device_id},
            label=f"Perangkat {device_name or device_id} ({username})",
        )

    def save_agency(self, code: str, changes: dict[str, Any], version: int | None) -> str:
        return self.queue(
            AdminOp.AGENCY_SAVE,
            target("agency", code),
            changes,
            base_version=version,
            label=f"OPD {code}",
        )

    def save_category(self, code: str, changes: dict[str, Any], version: int | None) -> str:
        return self.queue(
            AdminOp.CATEGORY_SAVE,
            target("category", code),
            changes,
            base_version=version,
            label=f"Kategori {code}",
        )

    def save_calendar_day(self, day: str, name: str, working: bool = False) -> str:
        return self.queue(
            AdminOp.CALENDAR_DAY_SAVE,
            target("calendar", day),
            {"name": name, "working": working},
            label=f"Kalender {day}",
        )

    def remove_calendar_day(self, day: str) -> str:
        return self.queue(
            AdminOp.CALENDAR_DAY_REMOVE, target("calendar", day), label=f"Kalender {day}"
        )

    def create_channel_key(self, channel: str) -> str:
        name = channel.strip().lower()
        return self.queue(
            AdminOp.CHANNEL_KEY_CREATE, target("channel", name), label=f"Kunci kanal {name}"
        )

    def revoke_channel_key(self, channel: str, key_id: int) -> str:
        return self.queue(
            AdminOp.CHANNEL_KEY_REVOKE,
            target("channel", channel),
            {"key_id": key_id},
            label=f"Kunci {key_id} kanal {channel}",
        )

    def rotate_webhook_secret(self, channel: str) -> str:
        return self.queue(
            AdminOp.WEBHOOK_SECRET_ROTATE,
            target("channel", channel),
            label=f"Rahasia webhook {channel}",
        )

    def retry_delivery(self, delivery_id: int) -> str:
        return self.queue(
            AdminOp.DELIVERY_RETRY,
            target("delivery", str(delivery_id)),
            label=f"Pengiriman {delivery_id}",
        )

    def record_export(self, export: str, rows: int, filters: str | None = None) -> str:
        payload: dict[str, Any] = {"export": export, "rows": rows}
        if filters:
            payload["filters"] = filters[:500]
        return self.queue(
            AdminOp.EXPORT_RECORDED, target("export", export), payload, label=f"Ekspor {export}"
        )

    def queued(self, limit: int = 200) -> list[QueuedOp]:
        """This desk's admin ops, newest first: pending, sent, or refused with the reason."""
        with self.store.read_conn() as conn:
            rows = outbox.rows_of_kinds(conn, ADMIN_OPS, limit=limit)
        return [
            QueuedOp(
                r.op_id,
                r.kind,
                r.report_id,
                r.report_title or r.report_id,
                r.state,
                r.created_at,
                r.outcome,
                r.outcome_detail,
                r.outcome_reason,
            )
            for r in rows
        ]


def record_export(
    store: Store,
    export: str,
    rows: int,
    filters: str | None = None,
    clock: Callable[[], str] = _now,
) -> str:
    """Queue an `export_recorded` op: the server's audit log learns of an export made on this
    desk (with the next sync; offline exports too). Never the exported data itself."""
    if export not in EXPORT_KINDS:
        export = "other"
    payload: dict[str, Any] = {"export": export, "rows": int(rows)}
    if filters:
        payload["filters"] = filters[:500]
    _key, clean = validate_admin_op(
        AdminOp.EXPORT_RECORDED.value, target("export", export), payload
    )
    op_id = str(uuid.uuid4())
    with store.write_conn() as conn:
        outbox.enqueue(
            conn,
            op_id=op_id,
            report_id=target("export", export),
            kind=AdminOp.EXPORT_RECORDED.value,
            payload=clean,
            base_version=None,
            created_at=clock(),
            report_title=f"Ekspor {export}",
        )
    return op_id


_FIELD_ID = {
    "email": "alamat e-mail",
    "contact_email": "e-mail narahubung",
    "contact_phone": "telepon narahubung",
    "contact_name": "nama narahubung",
    "display_name": "nama tampilan",
    "name": "nama",
    "role": "peran",
    "agency_code": "OPD",
    "report_id": "nama pengguna / kode",
}


def _reason_id(exc: PayloadError) -> str:
    field = _FIELD_ID.get(exc.field or "", exc.field or "isian")
    if exc.code == "required":
        return f"{field} wajib diisi"
    return f"{field} tidak sah"
