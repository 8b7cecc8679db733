"""Kanal: channel keys (create — shown once after the sync —, revoke), the webhook signing
secret (rotate), and failed webhook and e-mail deliveries (retry). Admin only."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QInputDialog, QLabel, QPushButton, QWidget

from lapor_desk.views.admin.common import AdminTab, fill, make_table, selected, when


class ChannelsTab(AdminTab):
    def __init__(self, service: Any, parent: QWidget | None = None):
        super().__init__(service, parent)
        self.keys = make_table(
            self,
            [self.tr("Channel"), self.tr("Key"), self.tr("Created"), self.tr("Revoked"),
             self.tr("Webhook")],
        )  # fmt: skip
        self.body.addWidget(self.keys, 1)
        bar = QHBoxLayout()
        new_key = QPushButton(self.tr("New key…"), self)
        revoke = QPushButton(self.tr("Revoke key"), self)
        rotate = QPushButton(self.tr("Rotate webhook secret"), self)
        refresh = QPushButton(self.tr("Refresh"), self)
        new_key.clicked.connect(self._on_new_key_clicked)
        revoke.clicked.connect(self._on_revoke_clicked)
        rotate.clicked.connect(self._on_rotate_clicked)
        refresh.clicked.connect(self.load)
        for b in (new_key, revoke, rotate, refresh):
            bar.addWidget(b)
        bar.addStretch(1)
        self.body.addLayout(bar)
        self.body.addWidget(QLabel(self.tr("Failed deliveries (webhook and e-mail)"), self))
        self.failed = make_table(
            self,
            [self.tr("Id"), self.tr("Kind"), self.tr("Channel"), self.tr("Report"),
             self.tr("Attempts"), self.tr("Last error")],
        )  # fmt: skip
        self.body.addWidget(self.failed, 1)
        retry_bar = QHBoxLayout()
        retry = QPushButton(self.tr("Retry delivery"), self)
        retry.clicked.connect(self._on_retry_clicked)
        retry_bar.addWidget(retry)
        retry_bar.addStretch(1)
        self.body.addLayout(retry_bar)

    def load(self) -> None:
        self.read(self.service.channels, then=self._show_channels)
        self.read(self.service.deliveries, "failed", then=self._show_failed)

    def _show_channels(self, channels: list[dict[str, Any]]) -> None:
        rows, data = [], []
        for ch in channels:
            for key in ch["keys"] or [{}]:
                rows.append((ch["name"], key.get("prefix", "") + ("…" if key else ""),
                             when(key.get("created_at")), when(key.get("revoked_at")),
                             ch.get("webhook_url") or ""))  # fmt: skip
                data.append({"channel": ch["name"], **key})
        fill(self.keys, rows, data)

    def _show_failed(self, deliveries: list[dict[str, Any]]) -> None:
        fill(
            self.failed,
            [(d["id"], d["kind"], d.get("channel") or "", d["tracking_id"], d["attempts"],
              d.get("last_error") or "") for d in deliveries],
            deliveries,
        )  # fmt: skip

    def _on_new_key_clicked(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("New channel key"), self.tr("Channel name"))
        if ok and name.strip():
            self.change(self.service.create_channel_key, name,
                        message=self.tr("The key appears once under Pending changes after the "
                                        "sync."))  # fmt: skip

    def _on_revoke_clicked(self) -> None:
        key = selected(self.keys)
        if not key or not key.get("id") or key.get("revoked_at"):
            self.say(self.tr("Choose a key that is not revoked."), warn=True)
            return
        self.change(self.service.revoke_channel_key, key["channel"], key["id"],
                    message=self.tr("Key revoked."))  # fmt: skip

    def _on_rotate_clicked(self) -> None:
        key = selected(self.keys)
        if not key:
            self.say(self.tr("Choose a channel."), warn=True)
            return
        self.change(self.service.rotate_webhook_secret, key["channel"],
                    message=self.tr("The new secret appears once under Pending changes after the "
                                    "sync; the old one signs 24 hours more."))  # fmt: skip

    def _on_retry_clicked(self) -> None:
        delivery = selected(self.failed)
        if delivery:
            self.change(self.service.retry_delivery, delivery["id"],
                        message=self.tr("Delivery will be retried."))  # fmt: skip
