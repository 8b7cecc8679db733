"""The composer: one place to write a public response (to the citizen) or an internal note.

The switch between the two is unmistakable: a two-button toggle, a banner that says who will read
the text, and a different background colour (blue for public, amber for internal). Public text is
shown once more in a confirmation dialog before it is queued; a final answer needs an extra tick.
Only the actions the workflow allows for this account and report are enabled.

Drafts are saved a second after the officer stops typing (and when switching report or mode),
through the single writer, so a crash loses at most that second; they come back when the report
is opened again.

Presence (issue 6): the composer remembers the report's version when the officer starts writing a
public answer (first keystroke, or opening the report with a public draft). Before a public or final
answer is sent, if the newest version known now — the local store's after syncs, or the server's
from the presence heartbeat (`note_server_version`) — is higher, a warning offers to review the
report first. Nothing is lost either way: the text stays in the composer and its draft. Changes that
are all the officer's own (say an internal note sent meanwhile) do not warn: every timeline entry
that appeared since writing began came from one of this desk's ops; when the heartbeat knows a
version the local store has not seen yet, nobody can tell whose it is, and the warning stands.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from lapor_core.calendar import MIMIKA_TZ
from lapor_desk.services.actions import AttachmentRef, DeskActions
from lapor_desk.services.conversation import reach
from lapor_desk.services.reports import ReportPage, ReportService
from lapor_desk.services.templates import Template, TemplateStore, render
from lapor_desk.views import palette
from lapor_desk.views.conversation_view import reach_text
from lapor_desk.views.dialogs import ConfirmSendDialog, PostponeDialog, ReturnDialog
from lapor_desk.views.forward_dialogs import ForwardDialog, PartnerAnswerDialog
from lapor_desk.views.ops import Op
from lapor_desk.views.resources import icon
from lapor_desk.views.templates_dialog import TemplatesDialog

#: Milliseconds of quiet typing after which the draft is written.
DRAFT_DEBOUNCE_MS = 1000

PUBLIC = "public"
INTERNAL = "internal"

_STYLE = {
    PUBLIC: palette.PUBLIC,
    INTERNAL: palette.INTERNAL,
}


@dataclass
class _Texts:
    public: str = ""
    internal: str = ""
    final: bool = False


class Composer(QWidget):
    draft_saved = Signal(str)
    """A draft reached the disk: (report id)."""
    sent = Signal(str, str)
    """An action was queued durably: (report id, action code)."""
    left_desk = Signal(str)
    """Saving found the open report gone from the desk: (report id)."""

    def __init__(
        self,
        reports: ReportService,
        actions: DeskActions,
        templates: TemplateStore,
        *,
        opd_name: str = "",
        today: Callable[[], _dt.date] = _dt.date.today,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.reports = reports
        self.actions = actions
        self.templates = templates
        self.opd_name = opd_name
        self._today = today
        self._page: ReportPage | None = None
        self._mode = PUBLIC
        self._texts = _Texts()
        self._attachments: list[AttachmentRef] = []
        self._loading = False
        self._dirty = False
        self._styled_mode: str | None = None
        #: the report version when the officer started writing the public answer (None: not yet)
        self._started_version: int | None = None
        #: the timeline entries the report had then
        self._started_events: frozenset[str] = frozenset()
        #: the newest version the presence heartbeat reported for the open report
        self._server_version: int | None = None
        #: set when the open report left the desk: the sentence saying so (read-only then)
        self._left: str | None = None

        self.public_button = self._mode_button(self.tr("Public response"), "public")
        self.internal_button = self._mode_button(self.tr("Internal note"), "internal")
        self.public_button.setToolTip(self.tr("Answer the reporter (visible to the citizen)"))
        self.internal_button.setToolTip(self.tr("A note for officers and the coordinator only"))
        self.mode_group = QButtonGroup(self)
        self.mode_group.setExclusive(True)
        self.mode_group.addButton(self.public_button)
        self.mode_group.addButton(self.internal_button)
        self.public_button.setChecked(True)

        self.banner = QLabel(self)
        self.banner.setWordWrap(True)
        self.banner.setAccessibleName(self.tr("Who will read this text"))
        # How a public answer reaches the reporter (e-mail, the report's channel).
        self.reach_label = QLabel(self)
        self.reach_label.setWordWrap(True)
        self.reach_label.setStyleSheet(f"color: {palette.TEXT_REACH};")
        self.reach_label.setAccessibleName(self.tr("How the reporter receives the answer"))
        self.editor = QPlainTextEdit(self)
        self.editor.setAccessibleName(self.tr("Response text"))
        self.editor.setTabChangesFocus(True)
        self.draft_label = QLabel(self)
        self.draft_label.setStyleSheet(f"color: {palette.TEXT_MUTED};")
        # A status line never widens the pane (which pushed the queue's Status and Sync columns
        # off-screen exactly when they mattered): it wraps in the room it has.
        self.draft_label.setWordWrap(True)
        self.draft_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.draft_label.setMinimumWidth(0)
        #: the report whose action is saved but not yet sent ("…will be sent at the next sync")
        self._awaiting_send: str | None = None

        self.template_button = QToolButton(self)
        self.template_button.setText(self.tr("Template"))
        self.template_button.setIcon(icon("template"))
        self.template_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.template_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.template_button.setAccessibleName(self.tr("Insert a response template"))
        self.template_menu = QMenu(self)
        self.template_menu.aboutToShow.connect(self._on_template_menu_about_to_show)
        self.template_button.setMenu(self.template_menu)
        self.attach_button = QToolButton(self)
        self.attach_button.setText(self.tr("Attach"))
        self.attach_button.setIcon(icon("attachment"))
        self.attach_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.attach_button.setAccessibleName(self.tr("Attach files"))
        self.attachments_label = QLabel(self)
        self.attachments_label.setWordWrap(True)
        self.final_check = QCheckBox(self.tr("Final answer"), self)
        self.final_check.setToolTip(self.tr("Completes the report (status Completed)"))
        self.final_check.setAccessibleName(self.tr("Final answer: completes the report"))

        self.postpone_button = QPushButton(icon("postponed"), self.tr("Postpone…"), self)
        self.postpone_button.setToolTip(self.tr("Ask the reporter for information (tunda)"))
        self.return_button = QPushButton(icon("return_report"), self.tr("Not our authority…"), self)
        self.return_button.setToolTip(
            self.tr("Return the report to the coordinator (bukan wewenang)")
        )
        self.resume_button = QPushButton(icon("resume"), self.tr("Resume"), self)
        self.resume_button.setToolTip(self.tr("Continue handling a postponed report"))
        # the coordinator's forwarding (docs/forwarding.md)
        self.forward_button = QPushButton(self.tr("Forward to another instansi…"), self)
        self.forward_button.setToolTip(
            self.tr("The report is another instansi's to handle (teruskan ke instansi lain)")
        )
        self.partner_answer_button = QPushButton(self.tr("Record instansi's answer…"), self)
        self.partner_answer_button.setToolTip(
            self.tr("What the instansi the report was forwarded to answered (catat jawaban)")
        )
        self.send_button = QPushButton(self)
        self.send_button.setDefault(False)
        self.send_button.setAutoDefault(False)

        modes = QHBoxLayout()
        modes.setSpacing(0)
        modes.addWidget(self.public_button)
        modes.addWidget(self.internal_button)
        modes.addStretch(1)
        tools = QHBoxLayout()
        tools.addWidget(self.template_button)
        tools.addWidget(self.attach_button)
        tools.addWidget(self.attachments_label, 1)
        # Report-level actions (lanjutkan, tunda, bukan wewenang) are apart from "send".
        tools.addWidget(self.resume_button)
        tools.addWidget(self.postpone_button)
        tools.addWidget(self.return_button)
        tools.addWidget(self.forward_button)
        tools.addWidget(self.partner_answer_button)
        actions_row = QHBoxLayout()
        actions_row.addWidget(self.final_check)
        actions_row.addWidget(self.draft_label, 1)
        actions_row.addWidget(self.send_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(modes)
        layout.addWidget(self.banner)
        layout.addWidget(self.reach_label)
        layout.addWidget(self.editor, 1)
        layout.addLayout(tools)
        layout.addLayout(actions_row)

        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(DRAFT_DEBOUNCE_MS)
        self._autosave.timeout.connect(self.save_draft_now)
        self.editor.textChanged.connect(self._on_editor_text_changed)
        self.final_check.toggled.connect(self._on_final_check_toggled)
        self.public_button.toggled.connect(self._on_public_button_toggled)
        self.attach_button.clicked.connect(self._on_attach_button_clicked)
        self.send_button.clicked.connect(self._on_send_button_clicked)
        self.return_button.clicked.connect(self._on_return_button_clicked)
        self.postpone_button.clicked.connect(self._on_postpone_button_clicked)
        self.resume_button.clicked.connect(self._on_resume_button_clicked)
        self.forward_button.clicked.connect(self._on_forward_button_clicked)
        self.partner_answer_button.clicked.connect(self._on_partner_answer_button_clicked)
        send = QShortcut(QKeySequence("Ctrl+Return"), self.editor)
        send.activated.connect(self._on_send_button_clicked)
        self.set_page(None)

    def _mode_button(self, text: str, icon_name: str) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setIcon(icon(icon_name))
        button.setIconSize(QSize(18, 18))
        button.setCheckable(True)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setAccessibleName(text)
        button.setMinimumHeight(30)
        # Room for the bold checked style, so the label is never clipped.
        button.setMinimumWidth(button.sizeHint().width() + 16)
        return button

    # -- state -------------------------------------------------------------------------------
    @property
    def mode(self) -> str:
        return self._mode

    @property
    def page(self) -> ReportPage | None:
        return self._page

    def text(self) -> str:
        return self.editor.toPlainText()

    def set_page(self, page: ReportPage | None) -> None:
        """Show the composer for `page` (None: nothing to answer), restoring its drafts."""
        if self._page is not None and (page is None or page.id != self._page.id):
            self.save_draft_now()
        same = page is not None and self._page is not None and page.id == self._page.id
        self._page = page
        if same and self._awaiting_send == page.id and page.detail.sync_state == "synced":
            # What was saved has reached the server: the "will be sent" line has done its job.
            self._awaiting_send = None
            self.draft_label.clear()
        if not same:
            self._awaiting_send = None
            self._left = None
            self._texts = _Texts()
            self._attachments = []
            self._server_version = None
            self._started_version = None
            self._started_events = frozenset()
            if page is not None:
                for mode, draft in page.drafts.items():
                    setattr(self._texts, mode, draft.text)
                    if mode == PUBLIC:
                        self._texts.final = draft.final
                restored = bool(page.drafts)
                if self._texts.public:
                    # The draft was begun earlier; the version now is the best we know of then.
                    self._started_version = page.detail.version
                    self._started_events = _event_ids(page)
                self.draft_label.setText(self.tr("Draft restored") if restored else "")
            else:
                self.draft_label.setText("")
            mode = self._mode
            if page is not None and not self._texts.public and self._texts.internal:
                mode = INTERNAL
            self._show_mode(mode)
        self._show_reach()
        self._update_enabled()

    def set_left(self, sentence: str | None) -> None:
        """The open report left the desk (`sentence` says how) or is back (None).

        The composer turns read-only and keeps its text: it is written to the draft first, so
        nothing typed is lost; the officer can still select and copy it.
        """
        if sentence:
            self.save_draft_now()
        self._left = sentence or None
        self._update_enabled()

    @property
    def left(self) -> str | None:
        return self._left

    # -- report changed while writing (presence) ---------------------------------------------
    def note_server_version(self, report_id: str, version: int) -> None:
        """The presence heartbeat saw `version` of `report_id` on the server."""
        if self._page is not None and self._page.id == report_id:
            self._server_version = max(version, self._server_version or 0)

    def known_version(self) -> int | None:
        """The newest version of the open report known now: local store or heartbeat."""
        if self._page is None:
            return None
        return max(self._page.detail.version, self._server_version or 0)

    def _remember_start(self) -> None:
        if self._started_version is None and self._mode == PUBLIC and self._page is not None:
            self._started_version = self.known_version()
            self._started_events = _event_ids(self._page)

    def _still_send_after_change(self) -> bool:
        """True to go on sending; asks first when the report changed since writing began."""
        started, now = self._started_version, self.known_version()
        if started is None or now is None or now <= started:
            return True
        if self._only_own_changes():
            return True
        return ask_send_despite_change(self, started, now)

    def _only_own_changes(self) -> bool:
        """Every change since writing began was this desk's own (see the module docstring)."""
        page = self._page
        if page is None or (self._server_version or 0) > page.detail.version:
            return False  # the server knows a change the store has not brought yet
        new = [e for e in page.detail.events if e.id not in self._started_events]
        return bool(new) and all(e.pending or e.op_id in page.own_op_ids for e in new)

    def set_mode(self, mode: str) -> None:
        (self.public_button if mode == PUBLIC else self.internal_button).setChecked(True)

    def focus_editor(self, mode: str | None = None) -> None:
        if mode is not None:
            self.set_mode(mode)
        self.editor.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _allowed(self) -> set[str]:
        if self._page is None or self._left:
            return set()
        return set(self._page.allowed)

    def _update_enabled(self) -> None:
        allowed = self._allowed()
        has_page = self._page is not None
        self.public_button.setEnabled("respond" in allowed)
        self.internal_button.setEnabled("note" in allowed)
        if self._mode == PUBLIC and "respond" not in allowed and "note" in allowed:
            self.set_mode(INTERNAL)
        writable = ("respond" if self._mode == PUBLIC else "note") in allowed
        self.editor.setReadOnly(not writable)
        self.editor.setEnabled(has_page)
        self.template_button.setEnabled(writable)
        self.attach_button.setEnabled(writable)
        self.final_check.setVisible(self._mode == PUBLIC)
        self.final_check.setEnabled(writable and self._mode == PUBLIC)
        self.send_button.setEnabled(writable and bool(self.text().strip()))
        self.return_button.setVisible("return" in allowed)
        self.postpone_button.setVisible("postpone" in allowed)
        self.resume_button.setVisible("resume" in allowed)
        self.forward_button.setVisible("forward" in allowed)
        self.partner_answer_button.setVisible("partner_answer" in allowed)
        if self._left:
            kept = self.tr("Unsent text stays saved as a draft on this computer.")
            self.banner.setText(f"{self._left} {kept}" if self._has_text() else self._left)
        elif has_page and not (allowed & {"respond", "note"}):
            self.banner.setText(self.tr("You cannot write on this report in its current status."))
        elif self._styled_mode is not None:
            self._banner_for(self._mode)

    def _has_text(self) -> bool:
        return bool(self._texts.public.strip() or self._texts.internal.strip())

    def _show_reach(self) -> None:
        page = self._page
        if page is None or self._mode != PUBLIC:
            self.reach_label.hide()
            return
        self.reach_label.setText(reach_text(reach(page.detail), page.channel_name))
        self.reach_label.show()

    def _show_mode(self, mode: str) -> None:
        """Swap the editor to `mode`'s text without counting it as typing."""
        self._mode = mode
        self._loading = True
        try:
            self.set_mode(mode)
            self.editor.setPlainText(getattr(self._texts, mode))
            self.final_check.setChecked(self._texts.final if mode == PUBLIC else False)
        finally:
            self._loading = False
        if mode != self._styled_mode:
            self._apply_style(mode)
        self._show_reach()
        self._update_enabled()

    def _on_public_button_toggled(self, checked: bool) -> None:
        if self._loading:
            return
        mode = PUBLIC if checked else INTERNAL
        if mode != self._mode:
            self.save_draft_now()
            self._show_mode(mode)

    def _apply_style(self, mode: str) -> None:
        """Colours, banner and send button of a mode (style sheets are costly: only on change)."""
        self._styled_mode = mode
        bg, accent = _STYLE[mode]
        self.editor.setStyleSheet(
            f"QPlainTextEdit {{ background: {bg}; border: 2px solid {accent}; }}"
        )
        checked = (
            f"QToolButton:checked {{ background: {accent}; color: white; font-weight: bold; }}"
        )
        self.public_button.setStyleSheet(checked)
        self.internal_button.setStyleSheet(checked)
        self.banner.setStyleSheet(f"color: {accent}; font-weight: bold;")
        self._banner_for(mode)
        if mode == PUBLIC:
            self.send_button.setText(self.tr("Send response…"))
            self.send_button.setIcon(icon("public"))
            self.editor.setPlaceholderText(self.tr("Write the answer to the reporter…"))
        else:
            self.send_button.setText(self.tr("Save note"))
            self.send_button.setIcon(icon("internal"))
            self.editor.setPlaceholderText(self.tr("Write an internal note…"))

    def _banner_for(self, mode: str) -> None:
        if mode == PUBLIC:
            self.banner.setText(
                self.tr("Visible to the reporter and the public. You confirm before it is sent.")
            )
        else:
            self.banner.setText(
                self.tr(
                    "Internal note: only officers and the coordinator see it, never the reporter."
                )
            )

    # -- drafts ------------------------------------------------------------------------------
    def _on_editor_text_changed(self) -> None:
        if self._loading:
            return
        setattr(self._texts, self._mode, self.text())
        self._remember_start()
        self._dirty = True
        self._autosave.start()
        self.send_button.setEnabled(not self.editor.isReadOnly() and bool(self.text().strip()))

    def _on_final_check_toggled(self, checked: bool) -> None:
        if self._loading or self._mode != PUBLIC:
            return
        self._texts.final = checked
        self._dirty = True
        self._autosave.start()

    def save_draft_now(self) -> None:
        """Write the current texts of the open report, if anything changed since the last save."""
        self._autosave.stop()
        if self._page is None or not self._dirty:
            return
        self._dirty = False
        report_id = self._page.id
        texts = _Texts(self._texts.public, self._texts.internal, self._texts.final)

        Op(
            self,
            self.reports.save_drafts,
            report_id,
            {PUBLIC: texts.public, INTERNAL: texts.internal},
            final=texts.final,
        ).writes(self).success(lambda _c: self._on_draft_saved(report_id)).run()

    def _on_draft_saved(self, report_id: str) -> None:
        if self._page is not None and self._page.id == report_id:
            stamp = _dt.datetime.now(MIMIKA_TZ).strftime("%H:%M")
            self.draft_label.setText(self.tr("Draft saved %1").replace("%1", stamp))
        self.draft_saved.emit(report_id)

    # -- templates and attachments -----------------------------------------------------------
    def _on_template_menu_about_to_show(self) -> None:
        self.template_menu.clear()
        try:
            items = self.templates.list()  # a small local file: fine to read here
        except OSError:
            items = []
        for template in items:
            action = self.template_menu.addAction(template.name)
            action.triggered.connect(lambda _=False, t=template: self.insert_template(t))
        self.template_menu.addSeparator()
        manage = self.template_menu.addAction(self.tr("Manage templates…"))
        manage.triggered.connect(lambda: TemplatesDialog.manage(self, self.templates))

    def insert_template(self, template: Template) -> None:
        page = self._page
        if page is None:
            return
        text = render(
            template.text,
            tracking_id=page.detail.tracking_id,
            opd=page.agency_name or self.opd_name,
            today=self._today(),
            title=page.detail.title,
        )
        self.editor.insertPlainText(text)
        self.editor.setFocus()

    def _on_attach_button_clicked(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Attach files"),
            "",
            self.tr(
                "Images, PDF and documents (*.jpg *.jpeg *.png *.webp *.gif *.pdf *.doc *.docx "
                "*.xls *.xlsx *.odt *.ods *.txt)"
            ),
        )
        for path in paths:
            self.attach(path)

    def attach(self, path: str) -> None:
        Op(self, self.actions.attach_file, path).writes(self).success(self._on_attached).run()

    def _on_attached(self, ref: AttachmentRef) -> None:
        if all(a.sha256 != ref.sha256 for a in self._attachments):
            self._attachments.append(ref)
        self.attachments_label.setText(", ".join(a.filename for a in self._attachments))

    def attachments(self) -> list[AttachmentRef]:
        return list(self._attachments)

    # -- actions -----------------------------------------------------------------------------
    def _on_send_button_clicked(self) -> None:
        page, text = self._page, self.text().strip()
        if page is None or not text or self.editor.isReadOnly():
            return
        hashes = [a.sha256 for a in self._attachments]
        self._autosave.stop()
        if self._mode == PUBLIC:
            final = self.final_check.isChecked()
            if not self._still_send_after_change():
                return  # the officer reviews first; the text and its draft stay
            if not ConfirmSendDialog.ask(
                self, text, final=final, tracking_id=page.detail.tracking_id
            ):
                return
            self._run(self.actions.respond, page.id, text, final=final, attachments=hashes)
        else:
            self._run(self.actions.note, page.id, text, attachments=hashes)

    def _on_return_button_clicked(self) -> None:
        page = self._page
        if page is None:
            return
        answer = ReturnDialog.ask(self, list(page.agencies))
        if answer is not None:
            reason, suggested = answer
            self._run(self.actions.return_report, page.id, reason, suggested, clear=False)

    def _on_postpone_button_clicked(self) -> None:
        page = self._page
        if page is None:
            return
        text = PostponeDialog.ask(self, self._texts.public if self._mode == PUBLIC else "")
        if text:
            self._run(self.actions.postpone, page.id, text, clear=self._mode == PUBLIC)

    def _on_forward_button_clicked(self) -> None:
        page = self._page
        if page is None:
            return
        answer = ForwardDialog.ask(self, page.partners)
        if answer is not None:
            partner, reason, reference = answer
            self._run(self.actions.forward, page.id, partner, reason, reference, clear=False)

    def _on_partner_answer_button_clicked(self) -> None:
        page = self._page
        if page is None:
            return
        name = page.forwarded_to.name if page.forwarded_to else self.tr("the instansi")
        answer = PartnerAnswerDialog.ask(self, name)
        if answer is not None:
            text, final, reference = answer
            self._run(
                self.actions.partner_answer,
                page.id,
                text,
                final=final,
                reference=reference,
                clear=False,
            )

    def _on_resume_button_clicked(self) -> None:
        if self._page is not None:
            self._run(self.actions.resume, self._page.id, clear=False)

    def _run(self, fn, report_id: str, *args, clear: bool = True, **kwargs) -> None:
        """Queue an action on the writer; clear the composer once it is durable."""
        self.send_button.setEnabled(False)
        mode = self._mode

        def done(change) -> None:
            if clear and self._page is not None and self._page.id == report_id:
                setattr(self._texts, mode, "")
                if mode == PUBLIC:
                    self._texts.final = False
                    self._started_version = None
                    self._started_events = frozenset()
                self._attachments = []
                self.attachments_label.clear()
                self._dirty = False
                self._show_mode(mode)
                self.draft_label.setText(self.tr("Saved; it will be sent at the next sync"))
                self._awaiting_send = report_id
            self.sent.emit(report_id, change.action or "")

        def failed(error: BaseException) -> None:
            from lapor_desk.errors import NotFoundError
            from lapor_desk.views.errors import describe, show_error

            if isinstance(error, NotFoundError) and self._page is not None:
                # The report left the desk between the last sync and this save: say so here,
                # keep the text (as a draft) and turn read-only; no dialog with form advice.
                self._dirty = True
                self.set_left(describe(error)[0])
                self.left_desk.emit(report_id)
                return
            self._update_enabled()
            show_error(self, error)

        Op(self, fn, report_id, *args, **kwargs).writes(self).success(done).failure(failed).run()


def _event_ids(page: ReportPage) -> frozenset[str]:
    return frozenset(e.id for e in page.detail.events)


def changed_dialog(parent: QWidget, started: int, now: int) -> QMessageBox:
    """The warning before sending an answer over a report that changed since writing began."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(QCoreApplication.translate("Composer", "Report changed"))
    box.setText(
        QCoreApplication.translate(
            "Composer",
            "This report changed since you started writing (version %1 → %2). Send anyway?",
        )
        .replace("%1", str(started))
        .replace("%2", str(now))
    )
    box.setInformativeText(
        QCoreApplication.translate(
            "Composer", "Your text stays in the composer whichever you choose."
        )
    )
    box.addButton(
        QCoreApplication.translate("Composer", "Send anyway"), QMessageBox.ButtonRole.AcceptRole
    )
    review = box.addButton(
        QCoreApplication.translate("Composer", "Review first"), QMessageBox.ButtonRole.RejectRole
    )
    box.setDefaultButton(review)
    box.setEscapeButton(review)
    return box


def ask_send_despite_change(parent: QWidget, started: int, now: int) -> bool:
    """Modal; True when the officer chooses to send anyway."""
    box = changed_dialog(parent, started, now)
    box.exec()
    return box.buttonRole(box.clickedButton()) == QMessageBox.ButtonRole.AcceptRole
