"""Perubahan tertunda: this desk's admin changes — waiting for the sync, sent, or refused with
the server's reason — and, once a secret-making change is applied, the one-time password or key
shown once (fetched from the server; never kept on this computer)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QMessageBox, QPushButton, QWidget

from lapor_core.admin import SECRET_OPS
from lapor_desk.views.admin.common import AdminTab, fill, make_table, selected, when
from lapor_desk.views.errors import show_error
from lapor_desk.views.ops import Op


class PendingTab(AdminTab):
    def __init__(self, service: Any, parent: QWidget | None = None):
        super().__init__(service, parent)
        self.table = make_table(
            self,
            [self.tr("Change"), self.tr("State"), self.tr("Made"), self.tr("Server's answer")],
        )
        self.body.addWidget(self.table, 1)
        bar = QHBoxLayout()
        self.secret_button = QPushButton(self.tr("Show one-time secret…"), self)
        self.secret_button.clicked.connect(self._on_secret_clicked)
        refresh = QPushButton(self.tr("Refresh"), self)
        refresh.clicked.connect(self.load)
        bar.addWidget(self.secret_button)
        bar.addWidget(refresh)
        bar.addStretch(1)
        self.body.addLayout(bar)
        self.say(
            self.tr("Changes wait here while the desk is offline and are sent by the next sync.")
        )

    def state_text(self, op: Any) -> str:
        return {
            "pending": self.tr("waiting to be sent"),
            "sending": self.tr("being sent"),
            "done": self.tr("applied"),
            "conflict": self.tr("conflict"),
            "rejected": self.tr("refused"),
            "discarded": self.tr("discarded"),
        }.get(op.state, op.state)

    def load(self) -> None:
        Op(self, self.service.queued).success(self._show).run()

    def _show(self, ops: list[Any]) -> None:
        fill(
            self.table,
            [(op.label, self.state_text(op), when(op.created_at), op.detail or "") for op in ops],
            ops,
        )

    def _on_secret_clicked(self) -> None:
        op = selected(self.table)
        if op is None or op.kind not in SECRET_OPS or op.state != "done":
            self.say(self.tr("Choose an applied new account, password reset, key or secret."),
                     warn=True)  # fmt: skip
            return
        Op(self, self.service.fetch_secret, op.op_id).success(self._show_secret).failure(
            lambda e: show_error(self, e)
        ).run()

    def _show_secret(self, secret: dict[str, str]) -> None:
        box = QMessageBox(self)
        box.setWindowTitle(self.tr("One-time secret"))
        box.setText(
            self.tr("For %1. Hand it over now: it is shown only this once and is not kept on "
                    "this computer.").replace("%1", secret["subject"])
        )  # fmt: skip
        box.setInformativeText(secret["secret"])
        box.setTextInteractionFlags(box.textInteractionFlags())
        box.exec()
