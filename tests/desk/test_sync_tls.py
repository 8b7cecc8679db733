"""TLS verification of the desk's transport: always on, never overridable by the environment.

Certificates come from trustme (the "agency CA" that IT configures) plus a self-signed one made with
cryptography; a scripted HTTPS server on 127.0.0.1 presents them.
"""

from __future__ import annotations

import datetime as dt
import ipaddress

import pytest
import trustme
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from lapor_desk.errors import TlsError
from lapor_desk.sync.transport import RetryPolicy, Transport
from tests.e2e.scripted_server import ScriptedTlsServer, http_response


def ok_handler(method, path, headers, body):
    return http_response(200, {"status": "ok"})


@pytest.fixture(scope="module")
def agency_ca():
    return trustme.CA()


@pytest.fixture(scope="module")
def other_ca():
    return trustme.CA()


def pem_file(tmp_path, name, blob) -> str:
    path = tmp_path / name
    path.write_bytes(blob.bytes() if hasattr(blob, "bytes") else blob)
    return str(path)


@pytest.fixture
def servers():
    started = []

    def start(cert) -> ScriptedTlsServer:
        srv = ScriptedTlsServer(cert, ok_handler)
        started.append(srv)
        return srv

    yield start
    for srv in started:
        srv.close()


class _SelfSigned:
    """A leaf that is its own issuer, shaped like trustme.LeafCert for ScriptedTlsServer."""

    def __init__(self):
        key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
        now = dt.datetime.now(dt.UTC)
        cert = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=30))
            .add_extension(
                x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                critical=False,
            )
            .sign(key, hashes.SHA256())
        )
        self.cert_pem = cert.public_bytes(serialization.Encoding.PEM)
        self.key_pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )

    def configure_cert(self, ctx) -> None:
        import tempfile

        with tempfile.NamedTemporaryFile(suffix=".pem") as f:
            f.write(self.key_pem + self.cert_pem)
            f.flush()
            ctx.load_cert_chain(f.name)


def get(url: str, ca: str | None) -> dict:
    return Transport(url, ca_bundle=ca, retry=RetryPolicy(attempts=1), timeouts=(3, 3)).get_json(
        "health"
    )


def test_configured_agency_ca_is_accepted(servers, agency_ca, tmp_path):
    srv = servers(agency_ca.issue_cert("127.0.0.1", "localhost"))
    assert get(srv.url, pem_file(tmp_path, "agency.pem", agency_ca.cert_pem)) == {"status": "ok"}


def test_unknown_ca_is_refused(servers, agency_ca):
    srv = servers(agency_ca.issue_cert("127.0.0.1"))
    with pytest.raises(TlsError) as exc:
        get(srv.url, None)
    assert exc.value.reason == "unknown_ca"


def test_wrong_host_is_refused(servers, agency_ca, tmp_path):
    srv = servers(agency_ca.issue_cert("lapor.mimikakab.go.id"))
    with pytest.raises(TlsError) as exc:
        get(srv.url, pem_file(tmp_path, "agency.pem", agency_ca.cert_pem))
    assert exc.value.reason == "hostname_mismatch"
    assert "nama server lain" in exc.value.user_message()


def test_expired_certificate_is_refused(servers, agency_ca, tmp_path):
    past = dt.datetime.now(dt.UTC) - dt.timedelta(days=3)
    cert = agency_ca.issue_cert(
        "127.0.0.1", not_before=past - dt.timedelta(days=30), not_after=past
    )
    srv = servers(cert)
    with pytest.raises(TlsError) as exc:
        get(srv.url, pem_file(tmp_path, "agency.pem", agency_ca.cert_pem))
    assert exc.value.reason == "expired"


def test_self_signed_certificate_is_refused(servers, agency_ca, tmp_path):
    srv = servers(_SelfSigned())
    with pytest.raises(TlsError) as exc:
        get(srv.url, pem_file(tmp_path, "agency.pem", agency_ca.cert_pem))
    assert exc.value.reason == "self_signed"


def test_plain_http_is_refused_even_for_loopback():
    with pytest.raises(TlsError) as exc:
        get("http://127.0.0.1:9", None)
    assert exc.value.reason == "plain_http"


@pytest.mark.parametrize("variable", ["REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"])
def test_environment_bundle_cannot_make_an_untrusted_server_trusted(
    servers, agency_ca, other_ca, tmp_path, monkeypatch, variable
):
    # The server's CA is only in the environment variable; IT configured another CA.
    srv = servers(other_ca.issue_cert("127.0.0.1"))
    monkeypatch.setenv(variable, pem_file(tmp_path, "env.pem", other_ca.cert_pem))
    with pytest.raises(TlsError) as exc:
        get(srv.url, pem_file(tmp_path, "agency.pem", agency_ca.cert_pem))
    assert exc.value.reason == "unknown_ca"


@pytest.mark.parametrize("variable", ["REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"])
def test_environment_bundle_cannot_replace_the_configured_ca(
    servers, agency_ca, other_ca, tmp_path, monkeypatch, variable
):
    # The environment points at an unrelated bundle: the configured agency CA still works.
    srv = servers(agency_ca.issue_cert("127.0.0.1"))
    monkeypatch.setenv(variable, pem_file(tmp_path, "env.pem", other_ca.cert_pem))
    assert get(srv.url, pem_file(tmp_path, "agency.pem", agency_ca.cert_pem)) == {"status": "ok"}


def test_environment_bundle_does_not_rescue_wrong_host_or_expiry(
    servers, agency_ca, tmp_path, monkeypatch
):
    ca_pem = pem_file(tmp_path, "agency.pem", agency_ca.cert_pem)
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", ca_pem)
    srv = servers(agency_ca.issue_cert("elsewhere.example"))
    with pytest.raises(TlsError):
        get(srv.url, ca_pem)
    with pytest.raises(TlsError):
        get(srv.url, None)


def test_missing_ca_bundle_file_is_a_tls_error(tmp_path):
    with pytest.raises(TlsError):
        Transport("https://127.0.0.1:9", ca_bundle=str(tmp_path / "missing.pem"))
