"""TLS of the desk's connections: the trust store, the verified adapter, and naming TLS failures.

Split from `transport.py` (which re-exports these names). Why it looks like this:
- TLS is verified against the OS trust store (`truststore` on Windows and macOS, OpenSSL's system
  locations elsewhere, loaded once) plus the CA bundle IT configured for the machine. The context
  is handed to urllib3 by a custom adapter that ignores requests' `verify` argument, because
  requests silently replaces `verify=True` with `REQUESTS_CA_BUNDLE` / `CURL_CA_BUNDLE` from the
  environment. Verification can never be switched off and plain http:// is refused.
- `classify_tls` turns an SSL failure into the `TlsError` reason the desk explains to the user.
"""

from __future__ import annotations

import os
import ssl
import sys
import threading
from collections.abc import Iterator
from typing import Any

import truststore
from requests.adapters import HTTPAdapter

from lapor_desk.errors import TlsError

_CA_FILE_CANDIDATES = (
    "/etc/ssl/cert.pem",
    "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
    "/etc/pki/tls/cert.pem",
    "/etc/ssl/certs/ca-certificates.crt",
    "/etc/ssl/ca-bundle.pem",
)
_contexts: dict[tuple[str | None, float, int], ssl.SSLContext] = {}
_contexts_lock = threading.Lock()


def _os_trust_context() -> ssl.SSLContext:
    """A client context that trusts what the operating system trusts."""
    if sys.platform in ("win32", "darwin"):
        # The platform verifier (CryptoAPI / Security.framework), with the agency CAs IT
        # installed through group policy or MDM.
        return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    # Elsewhere the OS trust store is OpenSSL's compiled-in default locations; truststore uses
    # those but reloads them for every connection (tens of ms each), so load them once here.
    # Never `set_default_verify_paths()` or `get_default_verify_paths().cafile/capath`: they
    # honour SSL_CERT_FILE / SSL_CERT_DIR, so anyone who can set an environment variable (a
    # login script, a shortcut) could make the desk trust their own CA. Only the OS store and
    # the CA that IT configured count (docs/security.md).
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    defaults = ssl.get_default_verify_paths()
    cafile = defaults.openssl_cafile if os.path.isfile(defaults.openssl_cafile) else None
    capath = defaults.openssl_capath if _has_certs(defaults.openssl_capath) else None
    if cafile is None:
        cafile = next((c for c in _CA_FILE_CANDIDATES if os.path.isfile(c)), None)
    if cafile or capath:
        ctx.load_verify_locations(cafile=cafile, capath=capath)
    return ctx


def _has_certs(folder: str) -> bool:
    try:
        return os.path.isdir(folder) and bool(os.listdir(folder))
    except OSError:
        return False


def make_ssl_context(ca_bundle: str | None = None) -> ssl.SSLContext:
    """OS trust store plus the configured CA bundle; hostname checking and verification on.

    Contexts are shared (per bundle file and its modification time): building one reads every
    trusted certificate, and SSLContext is safe to use from several threads.
    """
    try:
        st = os.stat(ca_bundle) if ca_bundle else None
    except OSError as exc:
        raise TlsError(f"cannot load CA bundle {ca_bundle}: {exc}", reason="other") from exc
    key = (
        str(ca_bundle) if ca_bundle else None,
        st.st_mtime if st else 0.0,
        st.st_size if st else 0,
    )
    with _contexts_lock:
        ctx = _contexts.get(key)
        if ctx is not None:
            return ctx
        ctx = _os_trust_context()
        ctx.minimum_version = ssl.TLSVersion.TLSv1_2
        ctx.check_hostname = True
        ctx.verify_mode = ssl.CERT_REQUIRED
        if ca_bundle:
            try:
                ctx.load_verify_locations(cafile=str(ca_bundle))
            except (OSError, ssl.SSLError) as exc:
                raise TlsError(f"cannot load CA bundle {ca_bundle}: {exc}", reason="other") from exc
        _contexts[key] = ctx
        return ctx


class _VerifiedAdapter(HTTPAdapter):
    """Uses our SSL context for every HTTPS connection, whatever `verify` requests computed."""

    def __init__(self, ssl_context: ssl.SSLContext, **kwargs: Any):
        self._ssl_context = ssl_context
        super().__init__(**kwargs)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["ssl_context"] = self._ssl_context
        super().init_poolmanager(*args, **kwargs)

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        proxy_kwargs.setdefault("ssl_context", self._ssl_context)
        return super().proxy_manager_for(proxy, **proxy_kwargs)

    def build_connection_pool_key_attributes(self, request, verify, cert=None):  # type: ignore[override]
        host_params, _ignored = super().build_connection_pool_key_attributes(request, True, cert)
        # Our context only; never `ca_certs` from REQUESTS_CA_BUNDLE, never CERT_NONE.
        pool_kwargs = {"ssl_context": self._ssl_context, "cert_reqs": "CERT_REQUIRED"}
        if cert is not None:
            pool_kwargs.update(
                {k: v for k, v in _ignored.items() if k in ("cert_file", "key_file")}
            )
        return host_params, pool_kwargs

    def cert_verify(self, conn, url, verify, cert):  # type: ignore[override]
        # The base class would point the connection at `verify` (possibly the env bundle) and
        # load it into our shared context. Verification is the context's job.
        conn.cert_reqs = "CERT_REQUIRED"
        conn.ca_certs = None
        conn.ca_cert_dir = None

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):  # type: ignore[override]
        return super().send(
            request, stream=stream, timeout=timeout, verify=True, cert=cert, proxies=proxies
        )


class _RefuseAdapter(HTTPAdapter):
    def send(self, request, *args, **kwargs):  # type: ignore[override]
        raise TlsError(f"plain http refused: {request.url}", reason="plain_http")


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """Every exception reachable from `exc` through causes, contexts, `.reason` and args."""
    seen: set[int] = set()
    todo = [exc]
    while todo:
        e = todo.pop()
        if e is None or id(e) in seen:
            continue
        seen.add(id(e))
        yield e
        todo.extend(
            x
            for x in (e.__cause__, e.__context__, getattr(e, "reason", None))
            if isinstance(x, BaseException)
        )
        todo.extend(a for a in getattr(e, "args", ()) if isinstance(a, BaseException))


def classify_tls(exc: BaseException) -> str:
    """The TlsError reason code for an SSL failure."""
    for e in _chain(exc):
        if isinstance(e, ssl.SSLCertVerificationError):
            code = getattr(e, "verify_code", None)
            if code in (9, 10):
                return "expired"
            if code in (18, 19):
                return "self_signed"
            if code in (20, 21, 2):
                return "unknown_ca"
            if code == 62:
                return "hostname_mismatch"
    text = " ".join(str(e) for e in _chain(exc)).lower()
    if "expired" in text or "not yet valid" in text:
        return "expired"
    if "self-signed" in text or "self signed" in text:
        return "self_signed"
    if "hostname" in text or "doesn't match" in text or "ip address mismatch" in text:
        return "hostname_mismatch"
    if (
        "unable to get local issuer" in text
        or "unknown ca" in text
        or "unable to get issuer" in text
    ):
        return "unknown_ca"
    return "other"
