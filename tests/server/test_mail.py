"""E-mail to reporters through a real SMTP server (aiosmtpd): STARTTLS or implicit TLS against
the server's certificate, login with the password from a file, plain text plus HTML."""

from __future__ import annotations

import ssl

import pytest

from lapor_server.citizen import mail
from lapor_server.config import ServerSettings
from tests.support.servers import free_port, make_tls


@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_starttls_or_tls_and_a_password_from_a_file(tmp_path, security):
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult, LoginPassword

    tls = make_tls(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(tls.cert, tls.key)
    received, logins = [], []

    class Handler:
        async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
            received.append((session.ssl is not None, envelope.content))
            return "250 OK"

    def authenticator(server, session, envelope, mechanism, auth_data):  # type: ignore[no-untyped-def]
        ok = isinstance(auth_data, LoginPassword) and (
            auth_data.login,
            auth_data.password,
        ) == (b"lapor", b"sandi-smtp-rahasia")
        logins.append(ok)
        return AuthResult(success=ok)

    port = free_port()
    tls_kw = (
        {"tls_context": context, "require_starttls": True}
        if security == "starttls"
        else {"ssl_context": context, "auth_require_tls": False}
    )
    controller = Controller(
        Handler(),
        hostname="127.0.0.1",
        port=port,
        server_hostname="localhost",
        auth_required=True,
        authenticator=authenticator,
        **tls_kw,
    )
    controller.start()
    try:
        secret = tmp_path / "smtp-password"
        secret.write_text("sandi-smtp-rahasia\n", encoding="utf-8")
        settings = ServerSettings(
            db_url="sqlite:///unused.sqlite3",
            smtp_host="localhost",
            smtp_port=port,
            smtp_security=security,
            smtp_username="lapor",
            smtp_password_file=secret,
            smtp_ca_file=tls.ca,
        )
        letter = mail.compose(
            tracking_id="MMK-2612-ABCDE",
            kind="answer",
            description="Jalan sudah diperbaiki.",
            speaker="Dinas Pekerjaan Umum",
            final=True,
            status_label="Selesai",
            when="5 Des 2026 10.15 WIT",
            link="https://lapor.example/lapor/MMK-2612-ABCDE?t=rpt_x",
        )
        assert mail.send(settings, "warga@example.org", letter) is None
        [(encrypted, raw)] = received
        assert logins == [True] and (encrypted or security == "tls")  # tls: the socket itself
        assert b"MMK-2612-ABCDE" in raw and b"text/html" in raw and b"text/plain" in raw
        # A wrong password is a failed delivery (retried later), never an exception.
        secret.write_text("salah\n", encoding="utf-8")
        failed = mail.send(settings, "warga@example.org", letter)
        assert failed and "warga@example.org" not in failed
    finally:
        controller.stop()
