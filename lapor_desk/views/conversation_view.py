"""The report view's "Percakapan dengan pelapor" and the composer's "how the reporter is reached".

The conversation's texts are the citizen's own words and the server's Indonesian sentences
(`lapor_core.conversation`), shown as they are: the officer reads what the citizen read. Only the
headings and markers around them are translated.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication

from lapor_desk.services.conversation import Line, Reach
from lapor_desk.views import palette


def _time(value: str) -> str:
    from lapor_desk.views.report_view import format_time

    return format_time(value)


def conversation_html(lines: list[Line]) -> str:
    heading = html.escape(
        QCoreApplication.translate("Conversation", "Conversation with the reporter")
    )
    out = [f"<h3 style='margin:12px 0 4px 0'>{heading}</h3>"]
    if not lines:
        out.append(
            f"<p style='color:{palette.TEXT_MUTED}'>"
            + html.escape(
                QCoreApplication.translate("Conversation", "Nothing sent to the reporter yet.")
            )
            + "</p>"
        )
        return "".join(out)
    hint = QCoreApplication.translate(
        "Conversation", "Exactly what the reporter sees, oldest first."
    )
    out.append(f"<p style='color:{palette.TEXT_MUTED}; margin:0 0 4px 0'>{html.escape(hint)}</p>")
    for line in lines:
        who = line.speaker or QCoreApplication.translate("Conversation", "Status")
        meta = f"{_time(line.created_at)} · {who}"
        if line.final:
            meta += " · " + QCoreApplication.translate("Conversation", "final answer")
        if line.pending:
            meta += " · " + QCoreApplication.translate(
                "Conversation", "not sent yet: the reporter sees it after the next sync"
            )
        colour = palette.CONVERSATION_REPORTER if line.speaker == "Pelapor" else palette.SYSTEM[0]
        text = html.escape(line.description).replace("\n", "<br>")
        out.append(
            # One block per entry: Qt's rich text flattens a nested <div>, which ran the
            # heading ("… · Status") and the sentence together on one line.
            f"<div style='background:{colour}; margin:3px 0; padding:4px 6px'>"
            f"<span style='color:{palette.TEXT_SECONDARY}; font-size:small'>"
            f"{html.escape(meta)}</span><br>{text}</div>"
        )
    return "".join(out)


def reach_text(reach: Reach, channel_name: str) -> str:
    channel = channel_name or QCoreApplication.translate(
        "Conversation", "the channel of the report"
    )
    if reach.email:
        return QCoreApplication.translate(
            "Conversation", "Sent to the reporter by e-mail and through the channel %1"
        ).replace("%1", channel)
    if reach.maybe_email:
        return QCoreApplication.translate(
            "Conversation",
            "Sent to the reporter through the channel %1 (and by e-mail, if the reporter gave "
            "an address)",
        ).replace("%1", channel)
    return QCoreApplication.translate(
        "Conversation", "Sent to the reporter through the channel %1"
    ).replace("%1", channel)
