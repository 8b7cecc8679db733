"""Managing response templates: a list on the left, name and text on the right."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from lapor_desk.services.templates import Template, TemplateStore
from lapor_desk.views.ops import Op


class TemplatesDialog(QDialog):
    def __init__(self, templates: TemplateStore, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Response templates"))
        self.store = templates
        self._items: list[Template] = []
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Templates"))
        self.name = QLineEdit(self)
        self.name.setAccessibleName(self.tr("Template name"))
        self.text = QPlainTextEdit(self)
        self.text.setAccessibleName(self.tr("Template text"))
        help_label = QLabel(
            self.tr(
                "Placeholders: {tracking_id} tracking ID, {opd} your OPD, {tanggal} today's date, "
                "{judul} report title."
            ),
            self,
        )
        help_label.setWordWrap(True)
        self.new_button = QPushButton(self.tr("New"), self)
        self.save_button = QPushButton(self.tr("Save template"), self)
        self.delete_button = QPushButton(self.tr("Delete"), self)
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Text"), self.text)
        form.addRow(help_label)
        row = QHBoxLayout()
        for b in (self.new_button, self.save_button, self.delete_button):
            row.addWidget(b)
        right = QVBoxLayout()
        right.addLayout(form)
        right.addLayout(row)
        top = QHBoxLayout()
        top.addWidget(self.list, 1)
        top.addLayout(right, 2)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(close)
        self.resize(720, 420)

        self.list.currentRowChanged.connect(self._on_list_current_row_changed)
        self.new_button.clicked.connect(self._on_new_clicked)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.delete_button.clicked.connect(self._on_delete_clicked)
        Op(self, templates.list).success(self._show).run()

    def _show(self, items: list[Template], select: str | None = None) -> None:
        self._items = items
        self.list.blockSignals(True)
        self.list.clear()
        self.list.addItems([t.name for t in items])
        self.list.blockSignals(False)
        names = [t.name for t in items]
        self.list.setCurrentRow(names.index(select) if select in names else (0 if items else -1))
        if not items:
            self._on_new_clicked()

    def _on_list_current_row_changed(self, row: int) -> None:
        if 0 <= row < len(self._items):
            self.name.setText(self._items[row].name)
            self.text.setPlainText(self._items[row].text)

    def _on_new_clicked(self) -> None:
        self.list.clearSelection()
        self.name.clear()
        self.text.clear()
        self.name.setFocus()

    def _current_name(self) -> str | None:
        row = self.list.currentRow()
        return self._items[row].name if 0 <= row < len(self._items) else None

    def _on_save_clicked(self) -> None:
        name, text = self.name.text(), self.text.toPlainText()
        replacing = self._current_name()
        Op(self, self.store.save, name, text, replacing=replacing).success(
            lambda items: self._show(items, name.strip())
        ).run()

    def _on_delete_clicked(self) -> None:
        name = self._current_name()
        if name:
            Op(self, self.store.delete, name).success(self._show).run()

    @classmethod
    def manage(cls, parent: QWidget | None, templates: TemplateStore) -> None:
        dialog = cls(templates, parent)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()
