"""Small dialogs of the answering flow. Each has an `ask()` classmethod that returns the answer (or
None when cancelled), so callers stay one line long and tests can replace `ask`.

- `ConfirmSendDialog`: shows exactly the text that will reach the citizen; Cancel is the default;
  a final answer needs an extra tick because it completes the report.
- `ReturnDialog`: bukan wewenang — a reason and an optional suggested OPD.
- `PostponeDialog`: tunda — the message that asks the reporter for information.
- `NameDialog`: a name for a saved view.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
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

from lapor_desk.views import palette
from lapor_desk.views.combo import make_searchable
from lapor_desk.views.resources import icon


def _buttons(dialog: QDialog, ok_text: str) -> tuple[QDialogButtonBox, QPushButton]:
    box = QDialogButtonBox(dialog)
    ok = box.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QDialogButtonBox.StandardButton.Cancel)
    # Cancel is the default: Enter never sends text to a citizen by accident.
    ok.setAutoDefault(False)
    cancel.setDefault(True)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box, ok


class ConfirmSendDialog(QDialog):
    def __init__(self, text: str, *, final: bool, tracking_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Send a public response?"))
        self.setWindowIcon(icon("public"))
        intro = QLabel(
            self.tr(
                "This text will be sent to the reporter of %1 and shown publicly. "
                "Check it once more:"
            ).replace("%1", tracking_id),
            self,
        )
        intro.setWordWrap(True)
        self.preview = QPlainTextEdit(self)
        self.preview.setPlainText(text)
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName(self.tr("Text to be sent"))
        self.preview.setStyleSheet(f"QPlainTextEdit {{ background: {palette.PREVIEW_BG}; }}")
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.preview, 1)
        self.final_check: QCheckBox | None = None
        label = self.tr("Send to reporter")
        if final:
            label = self.tr("Send final answer")
            warning = QLabel(
                self.tr(
                    "This is the final answer: the report will be marked Completed. The reporter "
                    "can still reply within 10 working days."
                ),
                self,
            )
            warning.setWordWrap(True)
            warning.setStyleSheet(f"color: {palette.TEXT_ERROR}; font-weight: bold;")
            self.final_check = QCheckBox(self.tr("Yes, this answer completes the report"), self)
            layout.addWidget(warning)
            layout.addWidget(self.final_check)
        self.buttons, self.ok_button = _buttons(self, label)
        layout.addWidget(self.buttons)
        if self.final_check is not None:
            self.ok_button.setEnabled(False)
            self.final_check.toggled.connect(self.ok_button.setEnabled)
        self.resize(560, 360)

    @classmethod
    def ask(cls, parent: QWidget | None, text: str, *, final: bool, tracking_id: str) -> bool:
        dialog = cls(text, final=final, tracking_id=tracking_id, parent=parent)
        try:
            return dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()


class ReturnDialog(QDialog):
    """Bukan wewenang: why the report is not this OPD's, and which OPD it should go to."""

    def __init__(self, agencies: list[tuple[str, str]], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Not our authority (bukan wewenang)"))
        self.setWindowIcon(icon("return_report"))
        intro = QLabel(
            self.tr(
                "The report goes back to the coordinator at Diskominfo, who will dispatch it "
                "again. The reason is internal; the reporter does not see it."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.reason = QPlainTextEdit(self)
        self.reason.setAccessibleName(self.tr("Reason"))
        self.reason.setPlaceholderText(self.tr("Why is this report not for your OPD?"))
        self.suggested = make_searchable(QComboBox(self))
        self.suggested.setAccessibleName(self.tr("Suggested OPD"))
        self.suggested.addItem(self.tr("(no suggestion)"), None)
        for code, name in agencies:
            self.suggested.addItem(name, code)
        form = QFormLayout()
        form.addRow(self.tr("Reason"), self.reason)
        form.addRow(self.tr("Suggested OPD"), self.suggested)
        self.buttons, self.ok_button = _buttons(self, self.tr("Return report"))
        self.ok_button.setEnabled(False)
        self.reason.textChanged.connect(
            lambda: self.ok_button.setEnabled(bool(self.reason.toPlainText().strip()))
        )
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.resize(520, 320)

    @classmethod
    def ask(
        cls, parent: QWidget | None, agencies: list[tuple[str, str]]
    ) -> tuple[str, str | None] | None:
        dialog = cls(agencies, parent)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return dialog.reason.toPlainText().strip(), dialog.suggested.currentData()
        finally:
            dialog.deleteLater()


class PostponeDialog(QDialog):
    """Tunda: the message to the reporter asking for the missing information."""

    def __init__(self, text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Postpone and ask the reporter (tunda)"))
        self.setWindowIcon(icon("postponed"))
        intro = QLabel(
            self.tr(
                "This message is sent to the reporter. The response deadline pauses until the "
                "reporter answers or you resume the report."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.message = QPlainTextEdit(self)
        self.message.setPlainText(text)
        self.message.setAccessibleName(self.tr("Message to the reporter"))
        self.message.setStyleSheet(f"QPlainTextEdit {{ background: {palette.PREVIEW_BG}; }}")
        self.buttons, self.ok_button = _buttons(self, self.tr("Postpone and send"))
        self.ok_button.setEnabled(bool(text.strip()))
        self.message.textChanged.connect(
            lambda: self.ok_button.setEnabled(bool(self.message.toPlainText().strip()))
        )
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.buttons)
        self.resize(520, 300)

    @classmethod
    def ask(cls, parent: QWidget | None, text: str = "") -> str | None:
        dialog = cls(text, parent)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return dialog.message.toPlainText().strip()
        finally:
            dialog.deleteLater()


class NameDialog(QDialog):
    def __init__(self, title: str, label: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.name = QLineEdit(self)
        self.name.setAccessibleName(label)
        form = QFormLayout(self)
        form.addRow(label, self.name)
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        form.addRow(box)

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, label: str) -> str | None:
        dialog = cls(title, label, parent)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return dialog.name.text().strip() or None
        finally:
            dialog.deleteLater()
