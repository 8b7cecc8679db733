"""Sunting teks publik: the coordinator edits the public text of a report (`redact`, issue 12 #17).

The dialog shows the citizen's original body and address and the editable public text (prefilled
with the current public text). Saving queues a `redact` op through `Screening.redact` and the op
runner like every other coordinator action; the original stays on the server for coordinators,
everyone else (Open311, the citizen's pages, the OPD) reads the edited text. docs/coordinator.md.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from lapor_desk.models.dto import ReportDetail
from lapor_desk.services.coordinator import CoordinatorService
from lapor_desk.views import palette
from lapor_desk.views.ops import Op


class RedactDialog(QDialog):
    """The citizen's original text next to the editable public text of one report."""

    def __init__(self, detail: ReportDetail, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Edit public text"))
        self._original = (detail.body or "", detail.address or "")
        intro = QLabel(
            self.tr(
                "The reporter's original text stays on the server and only coordinators see it. "
                "Everyone else (Open311, the reporter's pages, the OPD) sees the public text "
                "below. Remove what must not be public, such as a phone number."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.original_body = QPlainTextEdit(self)
        self.original_body.setPlainText(self._original[0])
        self.original_body.setReadOnly(True)
        self.original_body.setAccessibleName(self.tr("Reporter's original text"))
        self.original_body.setMaximumHeight(110)
        self.original_address = QLabel(self._original[1] or "—", self)
        self.original_address.setWordWrap(True)
        self.body = QPlainTextEdit(self)
        public = detail.public_body if detail.public_body is not None else detail.body
        self.body.setPlainText(public)
        self.body.setAccessibleName(self.tr("Public text"))
        self.body.setStyleSheet(f"QPlainTextEdit {{ background: {palette.PREVIEW_BG}; }}")
        self.address = QLineEdit(self)
        self.address.setText(
            detail.public_address if detail.public_address is not None else detail.address or ""
        )
        self.address.setAccessibleName(self.tr("Public address"))
        self.restore_button = QPushButton(self.tr("Restore the original"), self)
        self.restore_button.clicked.connect(self._on_restore_button_clicked)

        form = QFormLayout()
        form.addRow(self.tr("Reporter's original text"), self.original_body)
        form.addRow(self.tr("Original address"), self.original_address)
        form.addRow(self.tr("Public text"), self.body)
        form.addRow(self.tr("Public address"), self.address)
        self.buttons = QDialogButtonBox(self)
        self.ok_button = self.buttons.addButton(
            self.tr("Save public text"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet(f"color: {palette.TEXT_SECONDARY}")
        self.body.textChanged.connect(self._update_ok)
        self.address.textChanged.connect(self._update_ok)
        self._update_ok()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form, 1)
        layout.addWidget(self.hint)
        layout.addWidget(self.buttons)
        self.resize(600, 460)

    def values(self) -> tuple[str, str]:
        """The public (body, address) as edited."""
        return self.body.toPlainText().strip(), self.address.text().strip()

    def _update_ok(self) -> None:
        # the server refuses an empty public text: say so here, before anything is queued
        body, address = self.values()
        if not body:
            hint = self.tr("The public text cannot be empty.")
        elif not address and self._original[1].strip():
            hint = self.tr(
                "The public address cannot be empty: write a general place instead, such as the "
                "village."
            )
        else:
            hint = ""
        self.hint.setText(hint)
        self.hint.setVisible(bool(hint))
        self.ok_button.setEnabled(not hint)

    def _on_restore_button_clicked(self) -> None:
        self.body.setPlainText(self._original[0])
        self.address.setText(self._original[1])

    @classmethod
    def ask(cls, parent: QWidget | None, detail: ReportDetail) -> tuple[str, str] | None:
        dialog = cls(detail, parent)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return dialog.values()
        finally:
            dialog.deleteLater()


def edit_public_text(
    parent: QWidget,
    service: CoordinatorService,
    detail: ReportDetail | None,
    done: Callable[[Any], None],
) -> None:
    """Ask for the public text of `detail` and queue the `redact` op through the op runner."""
    if detail is None:
        return
    answer = RedactDialog.ask(parent, detail)
    if answer is None:
        return
    body, address = answer
    # an address left empty where the citizen gave none is no change
    Op(parent, service.screening.redact, detail.id, body, address or None).writes(parent).success(
        done
    ).run()
