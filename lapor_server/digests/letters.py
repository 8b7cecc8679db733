"""The digests' e-mails: Indonesian by default, English for an account whose language is English;
plain text plus simple HTML (the same `mail.Letter` and SMTP sending as the reporter's e-mails).

Each lists tracking id, category, distrik and days left or overdue; never anything of the
reporter and no report text (docs/digests.md). All user-supplied names are HTML-escaped.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date

from lapor_core.digests import LeagueRow, Urgency
from lapor_server.citizen.mail import Letter
from lapor_server.digests.content import Item

_DAYS = {
    "id": ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
_MONTHS = {
    "id": ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
           "September", "Oktober", "November", "Desember"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}  # fmt: skip
_SIGN = {
    "id": "Salam,\nSP4N-LAPOR! Kabupaten Mimika\nPesan ini dikirim otomatis oleh LAPOR Desk.",
    "en": "Regards,\nSP4N-LAPOR! Kabupaten Mimika\nThis message was sent automatically by "
    "LAPOR Desk.",
}
_HEAD = {
    "id": ("Nomor pelacakan", "Kategori", "Distrik", "Tenggat", "Keterangan"),
    "en": ("Tracking id", "Category", "Distrik", "Deadline", "Status"),
}


def lang_of(value: str | None) -> str:
    return "en" if (value or "").lower().startswith("en") else "id"


def long_date(day: date, lang: str) -> str:
    if lang == "en":
        return f"{_DAYS['en'][day.weekday()]}, {day.day} {_MONTHS['en'][day.month - 1]} {day.year}"
    return f"{_DAYS['id'][day.weekday()]}, {day.day} {_MONTHS['id'][day.month - 1]} {day.year}"


def _when(item: Item, lang: str) -> str:
    d = item.days
    if item.urgency == Urgency.OVERDUE:
        if lang == "en":
            return f"overdue {d} working day{'s' if d != 1 else ''}" if d else "overdue"
        return f"terlambat {d} hari kerja" if d else "terlambat"
    if d == 0:
        return "due today" if lang == "en" else "jatuh tempo hari ini"
    if lang == "en":
        return f"{d} working day{'s' if d != 1 else ''} left"
    return f"sisa {d} hari kerja"


def _short(day: date, lang: str) -> str:
    return f"{day.day} {_MONTHS[lang][day.month - 1][:3]} {day.year}"


def _rows(items: Sequence[Item], lang: str) -> list[tuple[str, ...]]:
    return [
        (i.tracking_id, i.category, i.district, _short(i.deadline, lang), _when(i, lang))
        for i in items
    ]


def _text_table(rows: list[tuple[str, ...]]) -> str:
    return "\n".join("  - " + " | ".join(row) for row in rows)


def _html_table(rows: list[tuple[str, ...]], lang: str) -> str:
    e = html.escape
    head = "".join(f'<th style="text-align:left;padding:2px 8px">{e(h)}</th>' for h in _HEAD[lang])
    body = "".join(
        "<tr>" + "".join(f'<td style="padding:2px 8px">{e(c)}</td>' for c in row) + "</tr>"
        for row in rows
    )
    return f'<table style="border-collapse:collapse"><tr>{head}</tr>{body}</table>'


def _html(lang: str, paragraphs: list[str], tables: list[tuple[str, str]]) -> str:
    e = html.escape
    parts = [f'<!doctype html><html lang="{lang}"><meta charset="utf-8"><body>']
    parts += [f"<p>{e(p)}</p>" for p in paragraphs]
    for heading, table in tables:
        parts.append(f"<h3>{e(heading)}</h3>{table}")
    sign = "<br>".join(e(line) for line in _SIGN[lang].splitlines())
    parts.append(f"<p><small>{sign}</small></p></body></html>")
    return "".join(parts)


def opd_digest(agency_name: str, day: date, items: Sequence[Item], lang: str = "id") -> Letter:
    """An OPD's daily digest: overdue first, then due soon."""
    late = [i for i in items if i.urgency == Urgency.OVERDUE]
    soon = [i for i in items if i.urgency == Urgency.DUE_SOON]
    when = long_date(day, lang)
    if lang == "en":
        subject = f"Deadlines of {agency_name}, {when}: {len(late)} overdue, {len(soon)} due soon"
        lead = [
            f"Dear officers of {agency_name},",
            f"As of {when}, {len(late)} report(s) at your OPD are overdue and {len(soon)} "
            "are due soon. Please answer them on LAPOR Desk.",
        ]
        headings = ("Overdue", "Due soon")
    else:
        subject = (
            f"Tenggat {agency_name}, {when}: {len(late)} terlambat, {len(soon)} segera jatuh tempo"
        )
        lead = [
            f"Yth. petugas {agency_name},",
            f"Per {when}, {len(late)} laporan di OPD Anda terlambat dan {len(soon)} segera "
            "jatuh tempo. Mohon ditindaklanjuti melalui LAPOR Desk.",
        ]
        headings = ("Terlambat", "Segera jatuh tempo")
    return _letter(subject, lead, [(headings[0], late), (headings[1], soon)], lang)


def escalation_digest(
    day: date, groups: Sequence[tuple[str, Sequence[Item]]], threshold: int, lang: str = "id"
) -> Letter:
    """The pimpinan's and coordinators' digest: reports overdue by `threshold`+ working days,
    ranked by OPD (the OPD with most first)."""
    total = sum(len(g) for _c, g in groups)
    when = long_date(day, lang)
    if lang == "en":
        subject = f"Escalation {when}: {total} report(s) overdue by {threshold}+ working days"
        lead = [
            "Dear pimpinan and coordinators,",
            f"As of {when}, {total} report(s) at {len(groups)} OPD(s) are overdue by "
            f"{threshold} working days or more, by OPD:",
        ]
    else:
        subject = f"Eskalasi {when}: {total} laporan terlambat {threshold}+ hari kerja"
        lead = [
            "Yth. pimpinan dan koordinator,",
            f"Per {when}, {total} laporan di {len(groups)} OPD terlambat {threshold} hari kerja "
            "atau lebih, menurut OPD:",
        ]
    sections = [(f"{items[0].agency_name} ({len(items)})", list(items)) for _c, items in groups]
    return _letter(subject, lead, sections, lang)


def _letter(
    subject: str, lead: list[str], sections: list[tuple[str, list[Item]]], lang: str
) -> Letter:
    text_parts = list(lead)
    tables = []
    for heading, items in sections:
        if not items:
            continue
        rows = _rows(items, lang)
        text_parts.append(f"{heading}:\n{_text_table(rows)}")
        tables.append((heading, _html_table(rows, lang)))
    text_parts.append(_SIGN[lang])
    return Letter(subject, "\n\n".join(text_parts) + "\n", _html(lang, lead, tables))


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f} %"


def _num(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def league_digest(start: date, end: date, rows: Sequence[LeagueRow], lang: str = "id") -> Letter:
    """The weekly OPD league table."""
    span = f"{_short(start, lang)} – {_short(end, lang)}"
    if lang == "en":
        subject = f"OPD league table, reports of {span}"
        lead = [
            "Dear pimpinan and coordinators,",
            f"The OPDs ranked by reports answered within 5 working days, for reports submitted "
            f"{span} (then the median working days to the first answer, then the reporters' "
            "rating):",
        ]
        head = ("#", "OPD", "On time", "Answered", "Median days", "Rating", "Satisfied")
    else:
        subject = f"Peringkat OPD, laporan {span}"
        lead = [
            "Yth. pimpinan dan koordinator,",
            f"Peringkat OPD menurut laporan yang dijawab dalam 5 hari kerja, untuk laporan yang "
            f"masuk {span} (lalu median hari kerja sampai jawaban pertama, lalu penilaian "
            "pelapor):",
        ]
        head = ("#", "OPD", "Tepat waktu", "Dijawab", "Median hari", "Nilai", "Puas")
    table = [
        (
            str(n),
            r.agency_name,
            _pct(r.share_within) + (f" ({r.within}/{r.measurable})" if r.measurable else ""),
            f"{r.answered}",
            _num(r.median_days),
            _num(r.average_rating) + (f" ({r.ratings})" if r.ratings else ""),
            _pct(r.satisfied / r.ratings if r.ratings else None),
        )
        for n, r in enumerate(rows, 1)
    ]
    text = "\n".join(lead) + "\n\n"
    text += "\n".join(" | ".join(row) for row in [head, *table]) + "\n\n" + _SIGN[lang] + "\n"
    e = html.escape
    th = "".join(f'<th style="text-align:left;padding:2px 8px">{e(h)}</th>' for h in head)
    body = "".join(
        "<tr>" + "".join(f'<td style="padding:2px 8px">{e(c)}</td>' for c in row) + "</tr>"
        for row in table
    )
    doc = _html(lang, lead, [("", f'<table style="border-collapse:collapse"><tr>{th}</tr>{body}'
                                  "</table>")])  # fmt: skip
    return Letter(subject, text, doc.replace("<h3></h3>", ""))
