"""The conflict list: changes the server did not accept, with the reason and the officer's choices,
and unsent drafts of reports no longer on this desk (services/unreachable_drafts.py).

Nothing here deletes officer text: "copy to draft" puts it back into the report's composer, "send
as internal note" queues it as a note the coordinator reads, and "discard" (after a confirmation
that shows the text) only closes the conflict; the text stays in the outbox history.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from lapor_desk.services.actions import ConflictItem, DeskActions
from lapor_desk.views.labels import event_kind_label
from lapor_desk.views.ops import Op
from lapor_desk.views.report_view import format_time


class ConflictListModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._items: list[ConflictItem] = []

    def set_items(self, items: list[ConflictItem]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def item(self, row: int) -> ConflictItem | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else 4

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (self.tr("Report"), self.tr("Action"), self.tr("Reason"), self.tr("Written"))
        return titles[section] if 0 <= section < len(titles) else None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ):
        item = self.item(index.row()) if index.isValid() else None
        if item is None or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        match index.column():
            case 0:
                if item.report_title:
                    return item.report_title
                if not item.report_present:
                    return self.tr("A report no longer on this desk")
                return item.report_id
            case 1:
                return event_kind_label(item.kind)
            case 2:
                return item.detail or item.reason or ""
            case 3:
                return format_time(item.created_at)
        return None


class ConflictsDialog(QDialog):
    resolved = Signal(str)
    """A conflict was resolved: (report id)."""

    def __init__(self, actions: DeskActions, parent: QWidget | None = None):
        super().__init__(parent)
        self.actions = actions
        self.setWindowTitle(self.tr("Changes the server did not accept"))
        intro = QLabel(
            self.tr(
                "These changes could not be applied on the server, usually because the report "
                "changed while you worked offline. Your text is kept; choose what to do with it. "
                "Unsent drafts of reports that left this desk are listed here too."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.model = ConflictListModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Conflicts"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.text = QPlainTextEdit(self)
        self.text.setReadOnly(True)
        self.text.setAccessibleName(self.tr("Your text"))
        self.copy_button = QPushButton(self.tr("Copy to draft"), self)
        self.copy_button.setToolTip(self.tr("Put the text back into the report's composer"))
        self.note_button = QPushButton(self.tr("Send as internal note"), self)
        self.note_button.setToolTip(self.tr("The coordinator and officers can read it"))
        self.discard_button = QPushButton(self.tr("Discard…"), self)
        buttons = QHBoxLayout()
        for b in (self.copy_button, self.note_button, self.discard_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 2)
        layout.addWidget(QLabel(self.tr("Your text:"), self))
        layout.addWidget(self.text, 1)
        layout.addLayout(buttons)
        layout.addWidget(close)
        self.resize(760, 480)

        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_row_changed)
        self.copy_button.clicked.connect(lambda: self._resolve("copy_to_draft"))
        self.note_button.clicked.connect(lambda: self._resolve("send_as_note"))
        self.discard_button.clicked.connect(self._on_discard_clicked)
        self._on_table_current_row_changed(QModelIndex(), QModelIndex())
        self.reload()

    def reload(self) -> None:
        Op(self, self.actions.conflicts).success(self._show).run()

    def _show(self, items: list[ConflictItem]) -> None:
        self.model.set_items(items)
        if items:
            self.table.selectRow(0)
        else:
            self._on_table_current_row_changed(QModelIndex(), QModelIndex())

    def current(self) -> ConflictItem | None:
        return self.model.item(self.table.currentIndex().row())

    def _on_table_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        item = self.model.item(current.row())
        self.text.setPlainText(item.text or "" if item else "")
        options = set(item.options) if item else set()
        self.copy_button.setEnabled("copy_to_draft" in options)
        self.note_button.setEnabled("send_as_note" in options)
        self.discard_button.setEnabled("discard" in options)

    def _resolve(self, option: str, **kwargs) -> None:
        item = self.current()
        if item is None:
            return
        fn = {
            "copy_to_draft": self.actions.copy_to_draft,
            "send_as_note": self.actions.send_as_note,
            "discard": self.actions.discard,
        }[option]
        Op(self, fn, item.op_id, **kwargs).writes(self).success(
            lambda _change: self._on_resolved(item.report_id)
        ).run()

    def _on_resolved(self, report_id: str) -> None:
        self.resolved.emit(report_id)
        self.reload()

    def _on_discard_clicked(self) -> None:
        item = self.current()
        if item is None:
            return
        if self.confirm_discard(item.text or ""):
            self._resolve("discard", confirmed=True)

    def confirm_discard(self, text: str) -> bool:
        """Ask before closing a conflict without sending; Cancel is the default."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Discard this text?"))
        box.setText(self.tr("The text will not be sent. It stays in the desk's history."))
        box.setDetailedText(text)
        box.setStandardButtons(
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel
        )
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        try:
            return box.exec() == QMessageBox.StandardButton.Discard
        finally:
            box.deleteLater()

    @classmethod
    def open_for(cls, parent: QWidget | None, actions: DeskActions) -> ConflictsDialog:
        dialog = cls(actions, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog
