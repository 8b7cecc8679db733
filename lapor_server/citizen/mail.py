"""E-mail to the reporter: each public answer, each request for information, and the closing.

Indonesian, plain text plus HTML, with the tracking id, the answer, its OPD and time, and how to
reply (and rate, after a final answer) through the link of the reporter's page. Sent through the
SMTP server of the settings (`smtp_*`; STARTTLS, implicit TLS or none for a local relay; the
password from the environment or a file, never the database). Composed when sent, so the link
uses the current `public_base_url`. The address is never logged.
"""

from __future__ import annotations

import html
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid

from lapor_core.conversation import ANSWER, INFO_REQUEST
from lapor_server.config import ServerSettings
from lapor_server.conflicts import format_time


@dataclass(frozen=True)
class Letter:
    subject: str
    text: str
    html: str


def compose(
    *,
    tracking_id: str,
    kind: str,
    description: str,
    speaker: str | None,
    final: bool,
    status_label: str,
    when: str,
    link: str | None,
    code: str | None = None,
) -> Letter:
    if kind == ANSWER:
        subject = f"Tanggapan atas laporan {tracking_id}"
        lead = (
            f"Laporan Anda dengan nomor pelacakan {tracking_id} mendapat tanggapan dari "
            f"{speaker} ({when}):"
        )
    elif kind == INFO_REQUEST:
        subject = f"Informasi tambahan diperlukan untuk laporan {tracking_id}"
        lead = (
            f"{speaker} memerlukan informasi tambahan untuk menindaklanjuti laporan Anda dengan "
            f"nomor pelacakan {tracking_id} ({when}):"
        )
    else:
        subject = f"Laporan {tracking_id} ditutup"
        lead = f"Laporan Anda dengan nomor pelacakan {tracking_id} telah ditutup ({when}):"
    how = (
        f"Cara menanggapi: balas melalui kanal tempat Anda melapor dengan menyebut nomor pelacakan "
        f"{tracking_id}"
    )
    how += f", atau buka halaman laporan Anda: {link}" if link else "."
    if code:
        how += f"\nKode tindak lanjut Anda (rahasiakan): {code}"
    rate = (
        "Bagaimana penyelesaian laporan ini? Beri penilaian 1–5 beserta komentar melalui halaman "
        "yang sama. Bila Anda belum puas, tanggapan Anda membuka kembali laporan dalam 10 hari "
        "kerja."
        if final and link
        else ""
    )
    footer = (
        "Salam,\nSP4N-LAPOR! Kabupaten Mimika\n"
        "Pesan ini dikirim otomatis; balasan ke alamat e-mail ini tidak dibaca."
    )
    parts = [
        "Yth. Pelapor,",
        lead,
        "\n".join("    " + line for line in description.splitlines() or [""]),
        f"Status laporan: {status_label}.",
        how,
    ]
    if rate:
        parts.append(rate)
    parts.append(footer)
    text = "\n\n".join(parts) + "\n"
    e = html.escape
    link_html = f'<a href="{e(link)}">{e(link)}</a>' if link else ""
    more = ", atau buka halaman laporan Anda: " + link_html if link else "."
    body_html = "<br>".join(e(line) for line in description.splitlines())
    html_doc = (
        '<!doctype html><html lang="id"><meta charset="utf-8"><body>'
        f"<p>Yth. Pelapor,</p><p>{e(lead)}</p>"
        f'<blockquote style="border-left:3px solid #888;padding-left:8px">{body_html}</blockquote>'
        f"<p>Status laporan: <b>{e(status_label)}</b>.</p>"
        f"<p>Cara menanggapi: balas melalui kanal tempat Anda melapor dengan menyebut nomor "
        f"pelacakan <b>{e(tracking_id)}</b>{more}</p>"
        + (f"<p>Kode tindak lanjut Anda (rahasiakan): <code>{e(code)}</code></p>" if code else "")
        + (f"<p>{e(rate)}</p>" if rate else "")
        + "<p>Salam,<br>SP4N-LAPOR! Kabupaten Mimika<br>"
        "<small>Pesan ini dikirim otomatis; balasan ke alamat e-mail ini tidak dibaca.</small></p>"
        "</body></html>"
    )
    return Letter(subject=subject, text=text, html=html_doc)


def send(settings: ServerSettings, recipient: str, letter: Letter) -> str | None:
    """Send one letter; None on success, else a short reason without the address."""
    if not settings.smtp_host:
        return "no SMTP server configured (smtp_host)"
    msg = EmailMessage()
    msg["Subject"] = letter.subject
    msg["From"] = settings.smtp_from
    msg["To"] = recipient
    msg["Message-ID"] = make_msgid(domain="lapor.mimikakab.go.id")
    msg.set_content(letter.text)
    msg.add_alternative(letter.html, subtype="html")
    timeout = settings.delivery_timeout_seconds
    cafile = str(settings.smtp_ca_file) if settings.smtp_ca_file else None
    try:
        if settings.smtp_security == "tls":
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                settings.smtp_host,
                settings.smtp_port,
                timeout=timeout,
                context=ssl.create_default_context(cafile=cafile),
            )
        else:
            client = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=timeout)
        with client:
            if settings.smtp_security == "starttls":
                client.starttls(context=ssl.create_default_context(cafile=cafile))
            if settings.smtp_username:
                client.login(settings.smtp_username, settings.smtp_secret() or "")
            client.send_message(msg)
    except (smtplib.SMTPException, OSError, ValueError) as exc:
        # SMTP errors can quote the recipient; keep only the kind and code.
        code = getattr(exc, "smtp_code", None)
        return f"{type(exc).__name__}{f' {code}' if code else ''}"
    return None


def letter_time(moment) -> str:  # type: ignore[no-untyped-def]
    return format_time(moment)
