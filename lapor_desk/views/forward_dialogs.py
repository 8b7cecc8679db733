"""Dialogs of forwarding to another instansi (docs/forwarding.md), each with an `ask()` that
returns the answer or None when cancelled:

- `ForwardDialog`: Teruskan ke instansi lain — the partner (from the reference data: name, kind,
  whether it runs LAPOR Desk), the reason (internal) and an optional letter number.
- `PartnerAnswerDialog`: Catat jawaban instansi — what a partner without LAPOR Desk answered
  (public: the citizen reads it in the partner's name), final or not, an optional reference.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from lapor_core.wire import MAX_REFERENCE
from lapor_desk.models.partners import Partner
from lapor_desk.views import palette
from lapor_desk.views.combo import make_searchable
from lapor_desk.views.dialogs import _buttons

_KIND = {
    "provinsi": QT_TRANSLATE_NOOP("ForwardDialog", "province"),
    "kementerian": QT_TRANSLATE_NOOP("ForwardDialog", "ministry"),
    "kabupaten": QT_TRANSLATE_NOOP("ForwardDialog", "regency"),
    "lainnya": QT_TRANSLATE_NOOP("ForwardDialog", "other"),
}


def partner_text(p: Partner) -> str:
    """`Pemerintah Provinsi Papua Tengah (provinsi · memakai LAPOR Desk)` in the desk's language."""
    kind = QCoreApplication.translate("ForwardDialog", _KIND.get(p.kind, p.kind))
    if p.runs_lapor:
        how = QCoreApplication.translate("ForwardDialog", "uses LAPOR Desk")
    else:
        how = QCoreApplication.translate("ForwardDialog", "recorded by hand")
    return f"{p.name} ({kind} · {how})"


class ForwardDialog(QDialog):
    """Teruskan ke instansi lain."""

    def __init__(self, partners: Sequence[Partner], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Forward to another instansi"))
        intro = QLabel(
            self.tr(
                "The report leaves this instansi: it is archived here as forwarded and its "
                "deadlines stop. The reporter is told which instansi now handles it; the reason "
                "stays internal. An instansi that uses LAPOR Desk receives the report by itself "
                "and its answers come back to this report."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.partner = make_searchable(QComboBox(self))
        self.partner.setAccessibleName(self.tr("Instansi"))
        for p in partners:
            self.partner.addItem(partner_text(p), p.code)
        self.reason = QPlainTextEdit(self)
        self.reason.setAccessibleName(self.tr("Reason"))
        self.reason.setPlaceholderText(self.tr("Why is this report that instansi's to handle?"))
        self.reference = QLineEdit(self)
        self.reference.setMaxLength(MAX_REFERENCE)
        self.reference.setAccessibleName(self.tr("Letter number (optional)"))
        self.reference.setPlaceholderText(self.tr("e.g. 045/123/Diskominfo/2026"))
        form = QFormLayout()
        form.addRow(self.tr("Instansi"), self.partner)
        form.addRow(self.tr("Reason"), self.reason)
        form.addRow(self.tr("Letter number"), self.reference)
        self.empty = QLabel(
            self.tr(
                "No partner instansi is known yet. The server administrator adds them "
                "(lapor-server partners add); they arrive with the next sync."
            ),
            self,
        )
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet(f"color: {palette.TEXT_MUTED};")
        self.empty.setVisible(not partners)
        self.buttons, self.ok_button = _buttons(self, self.tr("Forward"))
        self.ok_button.setEnabled(False)
        self.reason.textChanged.connect(self._update)
        self.partner.currentIndexChanged.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.empty)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.resize(560, 360)

    def _update(self, *_args) -> None:
        ok = self.partner.currentData() is not None and bool(self.reason.toPlainText().strip())
        self.ok_button.setEnabled(ok)

    def answer(self) -> tuple[str, str, str | None]:
        reference = self.reference.text().strip() or None
        return self.partner.currentData(), self.reason.toPlainText().strip(), reference

    @classmethod
    def ask(
        cls, parent: QWidget | None, partners: Sequence[Partner]
    ) -> tuple[str, str, str | None] | None:
        """(partner code, reason, reference or None), or None when cancelled."""
        dialog = cls(partners, parent)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return dialog.answer()
        finally:
            dialog.deleteLater()


class PartnerAnswerDialog(QDialog):
    """Catat jawaban instansi: a partner without LAPOR Desk answered (letter, phone, meeting)."""

    def __init__(self, partner_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Record the instansi's answer"))
        intro = QLabel(
            self.tr(
                "The reporter reads this answer in the name of %1. Write what the instansi "
                "answered, as it can be shown to the public."
            ).replace("%1", partner_name),
            self,
        )
        intro.setWordWrap(True)
        self.text = QPlainTextEdit(self)
        self.text.setAccessibleName(self.tr("The instansi's answer"))
        self.text.setStyleSheet(f"QPlainTextEdit {{ background: {palette.PREVIEW_BG}; }}")
        self.final = QCheckBox(self.tr("Final answer of the instansi"), self)
        self.reference = QLineEdit(self)
        self.reference.setMaxLength(MAX_REFERENCE)
        self.reference.setAccessibleName(self.tr("Reference of the answer (optional)"))
        form = QFormLayout()
        form.addRow(self.tr("Answer"), self.text)
        form.addRow("", self.final)
        form.addRow(self.tr("Reference"), self.reference)
        self.buttons, self.ok_button = _buttons(self, self.tr("Record and send to the reporter"))
        self.ok_button.setEnabled(False)
        self.text.textChanged.connect(
            lambda: self.ok_button.setEnabled(bool(self.text.toPlainText().strip()))
        )
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.resize(560, 340)

    def answer(self) -> tuple[str, bool, str | None]:
        return (
            self.text.toPlainText().strip(),
            self.final.isChecked(),
            self.reference.text().strip() or None,
        )

    @classmethod
    def ask(cls, parent: QWidget | None, partner_name: str) -> tuple[str, bool, str | None] | None:
        """(text, final, reference or None), or None when cancelled."""
        dialog = cls(partner_name, parent)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return dialog.answer()
        finally:
            dialog.deleteLater()
