"""OPD & kategori: add or rename an OPD, its contact person, categories and their default OPD.
Distrik and kampung stay as the reference data has them. A koordinator edits contacts only."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSplitter,
    QWidget,
)

from lapor_desk.views.admin.common import AdminTab, fill, make_table, selected


class AgencyDialog(QDialog):
    def __init__(self, parent: QWidget, agency: dict | None, *, contact_only: bool):
        super().__init__(parent)
        self.setWindowTitle(self.tr("OPD"))
        form = QFormLayout(self)
        self.code = QLineEdit(self)
        self.name = QLineEdit(self)
        self.contact_name = QLineEdit(self)
        self.contact_email = QLineEdit(self)
        self.contact_phone = QLineEdit(self)
        form.addRow(self.tr("Code"), self.code)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Contact person"), self.contact_name)
        form.addRow(self.tr("Contact e-mail"), self.contact_email)
        form.addRow(self.tr("Contact phone"), self.contact_phone)
        if agency is not None:
            self.code.setText(agency["code"])
            self.code.setReadOnly(True)
            self.name.setText(agency["name"])
            self.contact_name.setText(agency.get("contact_name") or "")
            self.contact_email.setText(agency.get("contact_email") or "")
            self.contact_phone.setText(agency.get("contact_phone") or "")
        self.name.setReadOnly(contact_only)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> dict[str, Any]:
        return {
            "name": self.name.text().strip(),
            "contact_name": self.contact_name.text().strip() or None,
            "contact_email": self.contact_email.text().strip() or None,
            "contact_phone": self.contact_phone.text().strip() or None,
        }


class CategoryDialog(QDialog):
    def __init__(self, parent: QWidget, category: dict | None, agencies: list[dict[str, Any]]):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Category"))
        form = QFormLayout(self)
        self.code = QLineEdit(self)
        self.name = QLineEdit(self)
        self.default = QComboBox(self)
        self.default.addItem(self.tr("(none)"), None)
        for a in agencies:
            self.default.addItem(a["name"], a["code"])
        form.addRow(self.tr("Code"), self.code)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Default OPD"), self.default)
        if category is not None:
            self.code.setText(category["code"])
            self.code.setReadOnly(True)
            self.name.setText(category["name"])
            self.default.setCurrentIndex(
                max(0, self.default.findData(category.get("default_agency_code")))
            )
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class ReferenceTab(AdminTab):
    def __init__(self, service: Any, parent: QWidget | None = None):
        super().__init__(service, parent)
        self._agencies: list[dict[str, Any]] = []
        split = QSplitter(Qt.Orientation.Vertical, self)
        top = QWidget(self)
        top_layout = QHBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        self.agency_table = make_table(
            self,
            [self.tr("Code"), self.tr("OPD"), self.tr("Contact person"), self.tr("Contact e-mail"),
             self.tr("Contact phone")],
        )  # fmt: skip
        top_layout.addWidget(self.agency_table, 1)
        agency_buttons = QHBoxLayout()
        self.add_agency = QPushButton(self.tr("Add OPD…"), self)
        self.edit_agency = QPushButton(self.tr("Edit OPD…"), self)
        self.add_agency.setVisible(service.is_admin)
        self.add_agency.clicked.connect(lambda: self._edit_agency(None))
        self.edit_agency.clicked.connect(lambda: self._edit_agency(selected(self.agency_table)))
        refresh = QPushButton(self.tr("Refresh"), self)
        refresh.clicked.connect(self.load)
        for b in (self.add_agency, self.edit_agency, refresh):
            agency_buttons.addWidget(b)
        agency_buttons.addStretch(1)
        self.body.addLayout(agency_buttons)
        split.addWidget(top)
        self.category_table = make_table(
            self, [self.tr("Code"), self.tr("Category"), self.tr("Default OPD")]
        )
        split.addWidget(self.category_table)
        self.body.addWidget(split, 1)
        category_buttons = QHBoxLayout()
        self.add_category = QPushButton(self.tr("Add category…"), self)
        self.edit_category = QPushButton(self.tr("Edit category…"), self)
        self.add_category.clicked.connect(lambda: self._edit_category(None))
        self.edit_category.clicked.connect(
            lambda: self._edit_category(selected(self.category_table))
        )
        for b in (self.add_category, self.edit_category):
            b.setVisible(service.is_admin)
            category_buttons.addWidget(b)
        category_buttons.addStretch(1)
        self.body.addLayout(category_buttons)

    def load(self) -> None:
        self.read(self.service.agencies, then=self._show_agencies)
        self.read(self.service.categories, then=self._show_categories)

    def _show_agencies(self, agencies: list[dict[str, Any]]) -> None:
        self._agencies = agencies
        fill(
            self.agency_table,
            [(a["code"], a["name"], a.get("contact_name"), a.get("contact_email"),
              a.get("contact_phone")) for a in agencies],
            agencies,
        )  # fmt: skip

    def _show_categories(self, categories: list[dict[str, Any]]) -> None:
        names = {a["code"]: a["name"] for a in self._agencies}
        fill(
            self.category_table,
            [(c["code"], c["name"], names.get(c.get("default_agency_code") or "",
                                              c.get("default_agency_code") or ""))
             for c in categories],
            categories,
        )  # fmt: skip

    def _edit_agency(self, agency: dict[str, Any] | None) -> None:
        if agency is None and not self.service.is_admin:
            return
        dialog = AgencyDialog(self, agency, contact_only=not self.service.is_admin)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        values = dialog.values()
        if agency is None:
            code = dialog.code.text().strip().lower()
            changes = {k: v for k, v in values.items() if v is not None}
            self.change(self.service.save_agency, code, changes, None,
                        message=self.tr("OPD saved."))  # fmt: skip
            return
        changes = {k: v for k, v in values.items() if v != agency.get(k)}
        if not self.service.is_admin:
            changes.pop("name", None)
        if changes:
            self.change(self.service.save_agency, agency["code"], changes, agency["version"],
                        message=self.tr("OPD saved."))  # fmt: skip

    def _edit_category(self, category: dict[str, Any] | None) -> None:
        dialog = CategoryDialog(self, category, self._agencies)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        changes = {"name": dialog.name.text().strip(),
                   "default_agency_code": dialog.default.currentData()}  # fmt: skip
        if category is not None:
            changes = {k: v for k, v in changes.items() if v != category.get(k)}
            if not changes:
                return
        code = category["code"] if category else dialog.code.text().strip().lower()
        self.change(self.service.save_category, code, changes,
                    category["version"] if category else None,
                    message=self.tr("Category saved."))  # fmt: skip
