"""A combo box of many choices (45 OPDs) that filters as the officer types any part of a name."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter


def make_searchable(combo: QComboBox) -> QComboBox:
    """Typing "kes" offers "Dinas Kesehatan"; only listed choices can be taken (no free text)."""
    if combo.isEditable():
        return combo
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    completer = combo.completer()
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    line = combo.lineEdit()
    line.setClearButtonEnabled(False)
    # Leaving the box with text that names no choice puts the chosen one back.
    line.editingFinished.connect(lambda: _restore(combo))
    return combo


def _restore(combo: QComboBox) -> None:
    if combo.findText(combo.currentText(), Qt.MatchFlag.MatchExactly) < 0:
        combo.setEditText(combo.itemText(combo.currentIndex()))
