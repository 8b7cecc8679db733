"""The report view: one report as a readable document, with its attachments below.

The document (a QTextBrowser) shows the title, status and privacy badges (Anonim, Rahasia), the
details and location, the deadlines in working days, the body, and the timeline, where public
entries (blue, megaphone) and internal notes (amber, lock, "Catatan internal") look clearly
different. All report text is HTML-escaped. An anonymous report shows no identity at all: the
desk never receives one, and the view does not even print an empty name field.

Presence (issue 6): when the app hands in `set_presence(announce, leave)`, the view announces the
open report every `HEARTBEAT_MS` on a worker and shows a discreet line "Also open in: …" naming
the other staff who have it open; nothing when offline or alone. No locks: it is information only.
"""

from __future__ import annotations

import html
import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer, QUrl, Signal
from PySide6.QtWidgets import QLabel, QTextBrowser, QVBoxLayout, QWidget

from lapor_core.reference import load_reference
from lapor_core.workflow import Role
from lapor_desk.services.conversation import conversation
from lapor_desk.services.queue import parse_time
from lapor_desk.services.reports import ReportPage
from lapor_desk.views import palette
from lapor_desk.views.attachment_strip import AttachmentStrip
from lapor_desk.views.conversation_view import conversation_html
from lapor_desk.views.labels import days_left_text, event_kind_label, status_label, sync_state_label
from lapor_desk.views.ops import Op
from lapor_desk.views.queue_model import DEADLINE_COLOURS, deadline_band
from lapor_desk.views.resources import resources_dir

#: Fetches an attachment's bytes into the cache and returns the local path (runs on a worker).
AttachmentFetcher = Callable[..., str]

#: `announce(report_id) -> PresenceInfo` and `leave(report_id)` (run on a worker; see
#: `lapor_desk.sync.presence`)
PresenceAnnounce = Callable[[str], Any]
PresenceLeave = Callable[[str], None]
#: how often an open report is announced (the server forgets a viewer after 90 s)
HEARTBEAT_MS = 30_000
#: Seconds a closing window waits for its presence "leave" to reach the server.
LEAVE_WAIT_S = 1.0

log = logging.getLogger(__name__)

#: Entries written by the reporter (the report itself and replies).
REPORTER_KINDS = {"submit", "submitted", "reporter_reply", "rating"}
_COLOURS = {
    "public": palette.PUBLIC,
    "internal": palette.INTERNAL_ENTRY,
    "reporter": palette.REPORTER,
    "system": palette.SYSTEM,
}


def _icon_url(name: str) -> str:
    return QUrl.fromLocalFile(str(resources_dir() / "icons" / f"{name}.svg")).toString()


def _esc(text: str | None) -> str:
    return html.escape(text or "").replace("\n", "<br>")


def format_time(value: str | None) -> str:
    moment = parse_time(value)
    return moment.strftime("%d-%m-%Y %H:%M") + " WIT" if moment else ""


class ReportView(QWidget):
    attachment_opened = Signal(str)
    """An attachment was opened with the system viewer: (local path)."""
    presence_known = Signal(str, int)
    """A heartbeat told the report's current server version: (report id, version)."""

    def __init__(
        self,
        fetch_attachment: AttachmentFetcher | None = None,
        parent=None,
        *,
        read_cached: Callable[[str], bytes | None] | None = None,
        read_preview: Callable[[str], bytes | None] | None = None,
    ):
        super().__init__(parent)
        self._page: ReportPage | None = None
        self.document = QTextBrowser(self)
        self.document.setOpenLinks(False)
        self.document.setAccessibleName(self.tr("Report"))
        self.attachments_label = QLabel(self.tr("Attachments (double-click to open)"), self)
        # thumbnails of photos the desk holds a preview of; full files fetched when opened
        self.attachments = AttachmentStrip(
            self, fetch=fetch_attachment, read_cached=read_cached, read_preview=read_preview
        )
        self.attachments.opened.connect(self.attachment_opened)
        self.presence_label = QLabel(self)
        self.presence_label.setWordWrap(True)
        self.presence_label.setStyleSheet(f"color: {palette.TEXT_SECONDARY}; font-style: italic;")
        self.presence_label.hide()
        # Shown when the open report has left the desk (moved, returned): who, where, when.
        self.departure_label = QLabel(self)
        self.departure_label.setWordWrap(True)
        self.departure_label.setAccessibleName(self.tr("This report has left the desk"))
        bg, fg, border = palette.DEPARTURE
        self.departure_label.setStyleSheet(
            f"background: {bg}; color: {fg}; border: 1px solid {border}; padding: 6px;"
            " font-weight: bold;"
        )
        self.departure_label.hide()
        self._announce: PresenceAnnounce | None = None
        self._leave: PresenceLeave | None = None
        self._presence_id: str | None = None
        self._beating = False
        self._heartbeat = QTimer(self)
        self._heartbeat.setInterval(HEARTBEAT_MS)
        self._heartbeat.timeout.connect(self._beat)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.departure_label)
        layout.addWidget(self.presence_label)
        layout.addWidget(self.document, 1)
        layout.addWidget(self.attachments_label)
        layout.addWidget(self.attachments)
        self.show_placeholder()

    # -- content -----------------------------------------------------------------------------
    @property
    def page(self) -> ReportPage | None:
        return self._page

    def show_departure(self, text: str) -> None:
        """The open report left the desk: keep showing it, with `text` above it."""
        self.departure_label.setText(text)
        self.departure_label.show()

    def departure(self) -> str:
        return self.departure_label.text() if not self.departure_label.isHidden() else ""

    def clear_departure(self) -> None:
        self.departure_label.clear()
        self.departure_label.hide()

    def show_placeholder(self, text: str | None = None) -> None:
        self.clear_departure()
        self._page = None
        self._watch(None)
        message = text or self.tr("Choose a report in the queue to read it here.")
        self.document.setHtml(
            f"<p style='color:{palette.TEXT_MUTED}; margin:24px'>{_esc(message)}</p>"
        )
        self.attachments.clear()
        self.attachments_label.hide()
        self.attachments.hide()

    def show_page(self, page: ReportPage) -> None:
        keep_scroll = self._page is not None and self._page.id == page.id
        if not keep_scroll:
            self.clear_departure()
        position = self.document.verticalScrollBar().value()
        self._page = page
        self._watch(page.id)
        self.document.setHtml(self.render_html(page))
        if keep_scroll:
            self.document.verticalScrollBar().setValue(position)
        self._fill_attachments(page)

    def plain_text(self) -> str:
        return self.document.toPlainText()

    def render_html(self, page: ReportPage) -> str:
        d = page.detail
        parts = [
            "<div style='font-family:sans-serif'>",
            f"<h2 style='margin:4px 0'>{_esc(d.title)}</h2>",
            "<p style='margin:2px 0 10px 0'>",
            f"<b>{_esc(d.tracking_id)}</b> &nbsp; ",
            self._chip(status_label(d.status), *palette.CHIP_STATUS),
        ]
        if d.is_anonymous:
            parts.append(self._chip(self.tr("Anonymous"), *palette.CHIP_ANONYMOUS, "anonymous"))
        if d.is_secret:
            parts.append(self._chip(self.tr("Confidential"), *palette.CHIP_SECRET, "secret"))
        if d.sync_state != "synced":
            reason = f": {d.sync_reason}" if d.sync_reason else ""
            parts.append(
                self._chip(
                    sync_state_label(d.sync_state) + reason,
                    palette.DEADLINE_SOON,
                    palette.DEADLINE_SOON_CHIP_BG,
                    f"state_{d.sync_state}",
                )
            )
        parts.append("</p>")
        parts.append(self._details(page))
        parts.append(self._deadlines(page))
        report_heading, timeline_heading = self.tr("Report"), self.tr("Timeline")
        parts.append(f"<h3 style='margin:12px 0 4px 0'>{_esc(report_heading)}</h3>")
        parts.append(f"<p style='margin:0 0 8px 0'>{_esc(d.body)}</p>")
        if d.public_body is not None:
            # a coordinator reads the citizen's original above; everyone else reads this one
            public_heading = self.tr("Public text (edited by a coordinator)")
            parts.append(f"<h4 style='margin:8px 0 2px 0'>{_esc(public_heading)}</h4>")
            parts.append(f"<p style='margin:0 0 8px 0'>{_esc(d.public_body)}</p>")
        parts.append(conversation_html(conversation(d, page.agency_names)))
        parts.append(f"<h3 style='margin:12px 0 4px 0'>{_esc(timeline_heading)}</h3>")
        parts.extend(self._event(page, e) for e in d.events)
        parts.append("</div>")
        return "".join(parts)

    def _chip(self, text: str, fg: str, bg: str, icon_name: str | None = None) -> str:
        img = f"<img src='{_icon_url(icon_name)}' width='14' height='14'> " if icon_name else ""
        return (
            f"<span style='background:{bg}; color:{fg}; font-weight:bold'>"
            f"&nbsp;{img}{_esc(text)}&nbsp;</span> &nbsp;"
        )

    def _details(self, page: ReportPage) -> str:
        d = page.detail
        location = ", ".join(x for x in (d.village, page.district_name) if x)
        rows = [
            (self.tr("Classification"), page.classification_name),
            (self.tr("Category"), page.category_name),
            (self.tr("Location"), location),
            (self.tr("Address"), d.address or ""),
        ]
        if d.public_address is not None:
            rows.append((self.tr("Public address (edited)"), d.public_address))
        if d.lat is not None and d.lon is not None:
            rows.append((self.tr("Coordinates"), f"{d.lat:.5f}, {d.lon:.5f}"))
        if d.incident_date:
            rows.append((self.tr("Incident date"), _date_text(d.incident_date)))
        rows.append((self.tr("Received"), format_time(d.submitted_at)))
        if page.channel_name:
            rows.append((self.tr("Channel"), page.channel_name))
        if page.agency_name:
            rows.append((self.tr("Responsible OPD"), page.agency_name))
        if d.original_title and d.original_title != d.title:
            rows.append((self.tr("Reporter's original title"), d.original_title))
        if page.archive_reason_name:
            rows.append((self.tr("Archive reason"), page.archive_reason_name))
        if d.duplicate_of:
            rows.append(
                (
                    self.tr("Duplicate of"),
                    page.duplicate_of_tracking or self.tr("a report not on this desk"),
                )
            )
        if d.is_anonymous:
            rows.append((self.tr("Reporter"), self.tr("Hidden: anonymous report")))
        elif d.reporter_name:
            rows.append((self.tr("Reporter"), d.reporter_name))
        cells = "".join(
            f"<tr><td style='color:{palette.TEXT_SECONDARY}; padding-right:12px'>{_esc(k)}</td>"
            f"<td>{_esc(v)}</td></tr>"
            for k, v in rows
            if v
        )
        return f"<table cellspacing='2'>{cells}</table>"

    def _deadlines(self, page: ReportPage) -> str:
        if not page.deadlines:
            return ""
        names = {
            "verify": self.tr("Verification deadline"),
            "dispatch": self.tr("Dispatch deadline"),
            "respond": self.tr("Response deadline"),
            "close": self.tr("Closes for replies on"),
        }
        rows = []
        for dl in page.deadlines:
            colour = DEADLINE_COLOURS[deadline_band(dl.days_left)].name()
            left = f" ({days_left_text(dl.days_left)})" if dl.days_left is not None else ""
            rows.append(
                f"<tr><td style='color:{palette.TEXT_SECONDARY}; padding-right:12px'>"
                f"{_esc(names[dl.stage])}</td>"
                f"<td style='color:{colour}; font-weight:bold'>"
                f"{dl.due.strftime('%d-%m-%Y')}{_esc(left)}</td></tr>"
            )
        return f"<table cellspacing='2' style='margin-top:6px'>{''.join(rows)}</table>"

    def _event(self, page: ReportPage, e) -> str:
        """One timeline entry. Internal notes (amber, lock, "Catatan internal") and public
        entries (blue, megaphone, "visible to the reporter") must never be mistaken for each
        other; workflow steps are grey and say whether the reporter can see them."""
        if e.kind == "note":
            style, icon_name, label = "internal", "internal", self.tr("Internal note")
        elif e.kind in REPORTER_KINDS:
            style, icon_name, label = "reporter", "reporter", event_kind_label(e.kind)
        elif e.visibility == "public":
            style, icon_name = "public", "public"
            label = self.tr("Public response") if e.kind == "respond" else event_kind_label(e.kind)
            label += " · " + self.tr("visible to the reporter")
        else:
            style, icon_name = "system", "system"
            label = event_kind_label(e.kind) + " · " + self.tr("not visible to the reporter")
        bg, border = _COLOURS[style]
        who = e.actor or ""
        if page.detail.is_anonymous and e.kind in REPORTER_KINDS:
            who = self.tr("Reporter")
        when = format_time(e.created_at)
        if e.written_at and format_time(e.written_at) != when:
            # an answer written offline: both times, compliance counts the written one
            when = (
                self.tr("written %1 · received %2")
                .replace("%1", format_time(e.written_at))
                .replace("%2", when)
            )
        meta = " · ".join(x for x in (who, when) if x)
        pending = ""
        if e.pending:
            waiting = self.tr("waiting to be sent")
            pending = (
                f" &nbsp;<img src='{_icon_url('state_pending')}' width='14' height='14'> "
                f"<i>{_esc(waiting)}</i>"
            )
        text = f"<br>{_esc(e.text)}" if e.text else ""
        details = self._event_details(page, e)
        if details:
            text = f"<br><i>{_esc(details)}</i>{text}"
        files = ""
        if e.attachments:
            files = f"<br><img src='{_icon_url('attachment')}' width='14' height='14'> " + _esc(
                self.tr("%n attachment(s)", "", len(e.attachments))
            )
        return (
            "<table width='100%' cellspacing='0' cellpadding='0' style='margin:6px 0'><tr>"
            f"<td width='4' style='background:{border}'></td>"
            f"<td style='background:{bg}; padding:6px 8px'>"
            f"<img src='{_icon_url(icon_name)}' width='16' height='16'> "
            f"<b>{_esc(label)}</b>{pending}"
            f"<br><span style='color:{palette.TEXT_MUTED}'>{_esc(meta)}</span>{text}{files}"
            "</td></tr></table>"
        )

    def _event_details(self, page: ReportPage, e) -> str:
        """What the event's data says beyond its kind: the OPD an officer suggested on a return,
        a reassignment's from/to, the original of a duplicate, what a verification changed, why
        the system moved a deadline."""
        data = e.data or {}
        if e.kind == "rating" and isinstance(data.get("score"), int):
            return self.tr("Score: %1 of 5").replace("%1", str(data["score"]))
        names = page.agency_names

        def agency(code: str | None) -> str:
            return names.get(code, code) if code else "-"

        if e.kind == "return" and data.get("suggested_agency_code"):
            return self.tr("Suggested OPD: %1").replace("%1", agency(data["suggested_agency_code"]))
        if e.kind == "reassign" and (data.get("from") or data.get("to")):
            return (
                self.tr("From %1 to %2")
                .replace("%1", agency(data.get("from")))
                .replace("%2", agency(data.get("to") or e.agency_code))
            )
        if e.kind == "dispatch" and data.get("to"):
            return self.tr("To %1").replace("%1", agency(data["to"]))
        if e.kind in ("forward", "partner_answer", "partner_update", "forward_sent"):
            return self._forward_details(page, e.kind, data)
        if e.kind == "archive" and data.get("duplicate_of"):
            original = data["duplicate_of"]
            shown = page.duplicate_of_tracking if original == page.detail.duplicate_of else None
            return self.tr("Duplicate of %1").replace("%1", shown or original)
        if e.kind == "verify" and isinstance(data.get("changes"), dict) and data["changes"]:
            fields = {
                "title": self.tr("title"),
                "classification": self.tr("classification"),
                "category_code": self.tr("category"),
                "district_code": self.tr("distrik"),
                "village": self.tr("village"),
                "is_anonymous": self.tr("anonymity"),
                "is_secret": self.tr("confidentiality"),
            }
            changed = ", ".join(fields.get(k, k) for k in data["changes"])
            line = self.tr("Changed: %1").replace("%1", changed)
            original = page.detail.original_title
            if "title" in data["changes"] and original and original != page.detail.title:
                line += " · " + self.tr("reporter's title: \u201c%1\u201d").replace("%1", original)
            return line
        if e.kind == "deadlines" and isinstance(data.get("after"), dict):
            stages = {
                "verify_by": self.tr("verification"),
                "dispatch_by": self.tr("dispatch"),
                "respond_by": self.tr("response"),
                "closes_at": self.tr("replies close"),
            }
            moved = "; ".join(
                f"{stages.get(k, k)} {_date_text(str((data.get('before') or {}).get(k) or '-'))}"
                f" \u2192 {_date_text(str(v or '-'))}"
                for k, v in data["after"].items()
            )
            reason = data.get("name") or ""
            day = _date_text(str(data.get("day") or ""))
            return (
                self.tr("Calendar changed (%1, %2): %3")
                .replace("%1", reason)
                .replace("%2", day)
                .replace("%3", moved)
            )
        return ""

    def _forward_details(self, page: ReportPage, kind: str, data: dict) -> str:
        """The instansi of a forward and the letter number given (docs/forwarding.md)."""
        parts = []
        if kind == "forward":
            name = data.get("partner_name") or (
                page.forwarded_to.name if page.forwarded_to else data.get("partner")
            )
            if name:
                parts.append(self.tr("To %1").replace("%1", str(name)))
        if kind == "partner_update" and data.get("partner_tracking_id"):
            parts.append(
                self.tr("Tracking id there: %1").replace("%1", str(data["partner_tracking_id"]))
            )
        if kind in ("partner_answer", "partner_update") and data.get("final"):
            parts.append(self.tr("final answer"))
        if data.get("reference"):
            parts.append(self.tr("Reference: %1").replace("%1", str(data["reference"])))
        return " · ".join(parts)

    # -- presence ----------------------------------------------------------------------------
    def set_presence(self, announce: PresenceAnnounce | None, leave: PresenceLeave | None) -> None:
        """Enable presence heartbeats (the app passes functions that talk to the server)."""
        self._announce, self._leave = announce, leave
        if self._page is not None:
            self._presence_id = None
            self._watch(self._page.id)

    def _watch(self, report_id: str | None) -> None:
        """Follow `report_id` (None: no report): leave the previous one, beat for the new one."""
        if report_id == self._presence_id:
            return
        previous, self._presence_id = self._presence_id, report_id
        self.presence_label.hide()
        if previous is not None and self._leave is not None:
            Op(self, self._leave, previous).failure(lambda _e: None).run()
        if report_id is None or self._announce is None:
            self._heartbeat.stop()
            return
        self._heartbeat.start()
        self._beat()

    def end_presence(self, wait_s: float = LEAVE_WAIT_S) -> None:
        """The window closes: say we left the open report, waiting at most `wait_s`.

        Run on a thread of its own (the op runner is shutting down and would cancel it); on a
        slow or dead link the close goes on after `wait_s` and the server forgets us after 90 s.
        """
        report_id, leave = self._presence_id, self._leave
        self._presence_id = None
        self._heartbeat.stop()
        if report_id is None or leave is None:
            return

        def say_left() -> None:
            try:
                leave(report_id)
            except Exception as err:  # best effort: a closing window has nobody to tell
                log.debug("presence leave for %s failed: %r", report_id, err)

        sender = threading.Thread(target=say_left, name="presence-leave", daemon=True)
        sender.start()
        sender.join(wait_s)

    def _beat(self) -> None:
        report_id = self._presence_id
        if report_id is None or self._announce is None or self._beating:
            return
        self._beating = True
        Op(self, self._announce, report_id).success(
            lambda info: self._on_presence(report_id, info)
        ).failure(lambda _e: self._on_presence(report_id, None)).run()

    def _on_presence(self, report_id: str, info: Any) -> None:
        """Show who else is there; any failure or offline answer just hides the line."""
        self._beating = False
        if report_id != self._presence_id:
            return
        if info is None or not getattr(info, "known", False):
            self.presence_label.hide()
            return
        if info.version is not None:
            self.presence_known.emit(report_id, int(info.version))
        names = []
        for v in info.viewers:
            where = _agency_text(v.agency_code) if v.agency_code else self._role_text(v.role)
            names.append(f"{v.display_name} ({where})" if where else v.display_name)
        if not names:
            self.presence_label.hide()
            return
        self.presence_label.setText(self.tr("Also open by: %1").replace("%1", ", ".join(names)))
        self.presence_label.show()

    def _role_text(self, role: str) -> str:
        return {
            Role.KOORDINATOR: self.tr("Coordinator"),
            Role.PIMPINAN: self.tr("Leadership"),
            Role.ADMIN: self.tr("Administrator"),
        }.get(role, "")

    # -- attachments -------------------------------------------------------------------------
    def _fill_attachments(self, page: ReportPage) -> None:
        shown = self.attachments.fill(page.id, list(page.detail.attachments))
        self.attachments_label.setVisible(bool(shown))
        self.attachments.setVisible(bool(shown))


def _agency_text(code: str) -> str:
    try:
        return load_reference().agency(code).short_name or code
    except KeyError:
        return code


def _date_text(value: str) -> str:
    parts = value[:10].split("-")
    return "-".join(reversed(parts)) if len(parts) == 3 else value
