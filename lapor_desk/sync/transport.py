"""HTTPS client of the desk: a `requests.Session` per sync run, verified TLS, retries, typed errors.

Why it looks like this:
- TLS (`sync/tls.py`, re-exported here) is verified against the OS trust store (`truststore` on
  Windows and macOS, OpenSSL's system locations elsewhere, loaded once) plus the CA bundle IT
  configured for the machine, through an adapter that ignores requests' `verify` argument (requests
  silently replaces `verify=True` with `REQUESTS_CA_BUNDLE` / `CURL_CA_BUNDLE` from the
  environment). Verification can never be switched off and plain http:// is refused.
- `trust_env` stays on so the system proxy (environment, Windows registry) is honoured.
- Every call has (connect, read) timeouts. GETs and op pushes (idempotent thanks to op_id) are
  retried with exponential backoff and full jitter, honouring `Retry-After`, within a total time
  budget, and the wait can be cancelled with a `threading.Event`.
- Every failure becomes a typed error from `lapor_desk.errors`, so the engine, the CLI
  and the UI's error presenter deal with a handful of cases, not with requests' exception zoo.
- Redirects are never followed: the API does not redirect, a captive portal does.
- One transport may serve several threads at once (a run uploads photos side by side, each on a
  connection of its own from the session's pool); its counters are kept under a lock.
- Compression (`lapor_core.encoding`): answers are asked for as zstd or gzip and decoded here,
  strictly — a truncated or corrupt compressed body is a `ProtocolError`, never half a page —
  from the raw bytes, so `bytes_received` counts what crossed the wire. JSON bodies the desk sends
  are compressed when the server announced (its `Accept-Encoding` answer header) that it reads
  that coding; an old server that never says so gets them plain.
"""

from __future__ import annotations

import email.utils
import logging
import random
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import requests

from lapor_core import __version__, encoding
from lapor_core.wire import API_PREFIX
from lapor_desk.errors import (
    AuthError,
    Cancelled,
    DeskError,
    OfflineError,
    ProtocolError,
    RejectedError,
    ServerError,
    TlsError,
)
from lapor_desk.sync import logsafe
from lapor_desk.sync.tls import (
    _chain,
    _RefuseAdapter,
    _VerifiedAdapter,
    classify_tls,
    make_ssl_context,
)

try:  # orjson halves JSON decode time of big feed pages; plain json keeps working without it
    import orjson

    def _loads(data: bytes) -> Any:
        return orjson.loads(data)

    def _dumps(obj: Any) -> bytes:
        return orjson.dumps(obj)

    _JSONDecodeError: tuple[type[Exception], ...] = (orjson.JSONDecodeError, UnicodeDecodeError)
except ImportError:  # pragma: no cover - orjson is installed with the desk
    import json

    def _loads(data: bytes) -> Any:
        return json.loads(data)

    def _dumps(obj: Any) -> bytes:
        return json.dumps(obj, ensure_ascii=False).encode()

    _JSONDecodeError = (ValueError, UnicodeDecodeError)

log = logging.getLogger(__name__)

USER_AGENT = f"lapor-desk/{__version__}"
DEFAULT_TIMEOUTS = (5.0, 30.0)
#: the largest decoded answer accepted (a feed page of 5,000 reports is ~15 MB)
MAX_BODY_BYTES = 256 * 1024 * 1024
#: request bodies smaller than this are sent plain (nothing to gain)
COMPRESS_FROM = 1024
#: codings each server (base URL) said it reads in request bodies; learnt from its answers
_server_codings: dict[str, tuple[str, ...]] = {}
_server_codings_lock = threading.Lock()


class FullResyncRequired(DeskError):
    """The server can no longer serve our feed cursor (410 full-resync-required)."""

    code = "full_resync"
    user_message_id = "Server meminta sinkronisasi penuh."
    next_step_id = "Desk mengirim pekerjaan yang belum terkirim lalu membaca ulang semua laporan."
    user_message_en = "The server asked for a full resync."
    next_step_en = "The desk sends unsent work first, then re-reads every report."


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How hard a call tries: attempts, exponential backoff with full jitter, a total budget."""

    attempts: int = 5
    base_delay: float = 0.5
    max_delay: float = 30.0
    #: seconds from the first attempt after which no new attempt starts
    max_elapsed: float = 90.0

    def delay(self, attempt: int, rng: Callable[[], float] = random.random) -> float:
        """Full jitter: uniform in [0, min(max_delay, base * 2**attempt)]."""
        return rng() * min(self.max_delay, self.base_delay * (2**attempt))


NO_RETRY = RetryPolicy(attempts=1)


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a `Retry-After` header (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    now = time.time() if now is None else now
    return max(0.0, when.timestamp() - now)


def _offline_reason(exc: BaseException) -> tuple[str, bool]:
    """(reason, ambiguous) for a connection-level failure."""
    from urllib3.exceptions import NameResolutionError, NewConnectionError

    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return "connect_timeout", False
    if isinstance(exc, requests.exceptions.ProxyError):
        return "proxy", False
    if isinstance(exc, requests.exceptions.ReadTimeout):
        return "read_timeout", True
    for e in _chain(exc):
        if isinstance(e, NameResolutionError):
            return "dns", False
        if isinstance(e, NewConnectionError):
            return "refused", False
    return "reset", True


def map_exception(exc: BaseException) -> DeskError:
    """Turn a requests/urllib3/ssl exception into the desk's typed error."""
    if isinstance(exc, DeskError):
        return exc
    if isinstance(exc, requests.exceptions.SSLError | ssl.SSLError):
        chain = list(_chain(exc))
        if any(isinstance(e, ssl.SSLCertVerificationError) for e in chain):
            return TlsError(str(exc), reason=classify_tls(exc))
        if any(isinstance(e, ssl.SSLEOFError | ssl.SSLZeroReturnError) for e in chain) or any(
            "eof occurred" in str(e).lower() for e in chain
        ):
            # The connection dropped inside the TLS stream: a network fault, not a trust problem.
            return OfflineError(str(exc), reason="reset", ambiguous=True)
        text = " ".join(str(e) for e in chain).lower()
        if any(
            s in text
            for s in ("wrong version number", "record layer", "packet length", "http request")
        ):
            # Plain bytes where TLS was expected: something other than our server answered
            # (a captive portal or a broken proxy).
            return ProtocolError(f"not a TLS answer: {exc}", reason="not_tls")
        return TlsError(str(exc), reason=classify_tls(exc))
    if isinstance(exc, requests.exceptions.ContentDecodingError):
        return ProtocolError(f"garbled compressed body: {exc}", reason="bad_encoding")
    if isinstance(exc, requests.exceptions.InvalidURL | requests.exceptions.MissingSchema):
        return ProtocolError(f"invalid URL: {exc}", reason="url")
    if isinstance(exc, requests.exceptions.RequestException | OSError):
        reason, ambiguous = _offline_reason(exc)
        return OfflineError(str(exc), reason=reason, ambiguous=ambiguous)
    return ProtocolError(f"unexpected failure: {exc!r}", reason="unexpected")


def _is_retriable(err: DeskError, *, idempotent: bool) -> bool:
    if isinstance(err, OfflineError):
        # A request that may have reached the server is only repeated when repeating is harmless.
        return idempotent or not err.ambiguous
    if isinstance(err, ServerError):
        if err.status in (429, 503):
            return True  # the server refused before doing anything
        return idempotent and err.status in (500, 502, 504)
    if isinstance(err, ProtocolError):
        return idempotent and err.reason in ("bad_json", "bad_encoding", "truncated")
    return False


def _problem(resp: requests.Response) -> dict[str, Any]:
    ctype = resp.headers.get("Content-Type", "")
    if "json" not in ctype:
        return {}
    try:
        body = _loads(resp.content)
    except _JSONDecodeError:
        return {}
    return body if isinstance(body, dict) else {}


def _snippet(resp: requests.Response) -> str:
    text = resp.content[:120].decode("utf-8", "replace")
    return " ".join(text.split())


class Transport:
    """The desk's connection to one server for one sync run (or one command).

    `token` is sent as a bearer token; set it after login. Methods raise the typed errors of
    `lapor_desk.errors` (plus `FullResyncRequired`).
    """

    def __init__(
        self,
        base_url: str,
        *,
        ca_bundle: str | None = None,
        proxy: str | None = None,
        timeouts: tuple[float, float] = DEFAULT_TIMEOUTS,
        token: str | None = None,
        retry: RetryPolicy | None = None,
        cancel: threading.Event | None = None,
        rng: Callable[[], float] = random.random,
        sleep: Callable[[float], None] | None = None,
    ):
        parts = urlsplit(base_url.strip())
        if parts.scheme.lower() != "https":
            raise TlsError(
                f"server URL must start with https:// (got {base_url!r})", reason="plain_http"
            )
        if not parts.hostname:
            raise ProtocolError(f"server URL has no host name: {base_url!r}", reason="url")
        self.base_url = f"https://{parts.netloc}{parts.path.rstrip('/')}"
        self.timeouts = timeouts
        self.retry = retry or RetryPolicy()
        self.cancel = cancel or threading.Event()
        self._rng = rng
        self._sleep = sleep
        self.ssl_context = make_ssl_context(ca_bundle)
        self.ca_bundle = ca_bundle
        #: the server's clock from the last response's Date header (for clock-skew checks)
        self.server_date: datetime | None = None
        #: how many HTTP requests this transport sent (benchmarks and tests count round trips)
        self.requests_sent = 0
        #: size of the last JSON body decoded (the engine keeps feed pages small with it)
        self.last_body_bytes = 0
        #: body bytes that crossed the wire, as sent and received (compressed when they were)
        self.bytes_sent = 0
        self.bytes_received = 0
        self._counts_lock = threading.Lock()
        self.session = requests.Session()
        # "system"/None: the proxy from the environment or the Windows registry (trust_env; the
        # CA variables cannot reach our adapter); "none": direct; a URL: that proxy.
        self.session.trust_env = proxy in (None, "", "system")
        self.session.mount("https://", _VerifiedAdapter(self.ssl_context, pool_maxsize=8))
        self.session.mount("http://", _RefuseAdapter())
        if proxy and proxy not in ("system", "none"):
            self.session.proxies = {"https": proxy, "http": proxy}
        self.session.headers.update(
            {
                "User-Agent": USER_AGENT,
                "Accept": "application/json",
                "Accept-Encoding": encoding.accept_header(),
                # this desk decodes zstd bodies of several frames (stored feed pages)
                encoding.FRAMES_HEADER: encoding.FRAMES_VALUE,
            }
        )
        self._token: str | None = None
        self.token = token

    # -- token -------------------------------------------------------------------------------
    @property
    def token(self) -> str | None:
        return self._token

    @token.setter
    def token(self, value: str | None) -> None:
        self._token = value
        if value:
            logsafe.register_secret(value)
            self.session.headers["Authorization"] = f"Bearer {value}"
        else:
            self.session.headers.pop("Authorization", None)

    def __repr__(self) -> str:  # never shows the token
        return f"Transport({self.base_url!r})"

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> Transport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def count(self, *, sent: int = 0, received: int = 0, requests: int = 0) -> None:
        """Add to the counters (from any thread)."""
        with self._counts_lock:
            self.bytes_sent += sent
            self.bytes_received += received
            self.requests_sent += requests

    # -- public calls --------------------------------------------------------------------------
    def url(self, path: str) -> str:
        if path.startswith("/api/") or path.startswith("/open311/"):
            return self.base_url + path
        return f"{self.base_url}{API_PREFIX}/{path.lstrip('/')}"

    def get_json(
        self, path: str, params: dict[str, Any] | None = None, *, retry: bool = True
    ) -> Any:
        resp = self.request("GET", path, params=params, idempotent=True, retry=retry)
        return self._json(resp)

    def post_json(self, path: str, body: Any, *, idempotent: bool, retry: bool = True) -> Any:
        data = _dumps(body)
        headers = {"Content-Type": "application/json"}
        coding = self._request_coding() if len(data) >= COMPRESS_FROM else None
        if coding is not None:
            headers["Content-Encoding"] = coding
            try:
                resp = self.request(
                    "POST",
                    path,
                    data=encoding.compress(data, coding),
                    headers=headers,
                    idempotent=idempotent,
                    retry=retry,
                )
                return self._json(resp) if resp.content else None
            except RejectedError as err:
                if err.status != 415:
                    raise
                # Something between us and the server does not take compressed bodies (the
                # coding was refused before anything was done): plain from now on.
                with _server_codings_lock:
                    _server_codings[self.base_url] = ()
                del headers["Content-Encoding"]
        resp = self.request(
            "POST", path, data=data, headers=headers, idempotent=idempotent, retry=retry
        )
        return self._json(resp) if resp.content else None

    def _request_coding(self) -> str | None:
        with _server_codings_lock:
            accepted = _server_codings.get(self.base_url, ())
        return next((c for c in encoding.SUPPORTED if c in accepted), None)

    def delete(self, path: str) -> None:
        self.request("DELETE", path, idempotent=True, retry=False)

    def put_bytes(self, path: str, data: bytes, content_type: str) -> int:
        """Upload bytes (attachments are addressed by their hash, so repeating is harmless)."""
        resp = self.request(
            "PUT", path, data=data, headers={"Content-Type": content_type}, idempotent=True
        )
        return resp.status_code

    def get_bytes(self, path: str, *, max_bytes: int) -> bytes:
        resp = self.request("GET", path, idempotent=True, stream=True)
        try:
            chunks, total = [], 0
            for chunk in resp.iter_content(64 * 1024):
                total += len(chunk)
                if total > max_bytes:
                    raise ProtocolError(
                        f"download larger than {max_bytes} bytes", reason="too_large"
                    )
                chunks.append(chunk)
            self.count(received=total)
            return b"".join(chunks)
        except requests.exceptions.RequestException as exc:
            raise map_exception(exc) from exc
        finally:
            resp.close()

    # -- machinery -------------------------------------------------------------------------
    def request(
        self,
        method: str,
        path: str,
        *,
        idempotent: bool,
        retry: bool = True,
        params: dict[str, Any] | None = None,
        data: bytes | None = None,
        headers: dict[str, str] | None = None,
        stream: bool = False,
        ok: tuple[int, ...] = (200, 201, 204),
    ) -> requests.Response:
        """Send with retries; return a response whose status is in `ok` or raise a typed error."""
        policy = self.retry if retry else NO_RETRY
        started = time.monotonic()
        attempt = 0
        url = self.url(path)
        while True:
            self._check_cancel()
            try:
                return self._send_once(method, url, params, data, headers, stream, ok)
            except (AuthError, TlsError, Cancelled, FullResyncRequired):
                raise
            except DeskError as err:
                attempt += 1
                if attempt >= policy.attempts or not _is_retriable(err, idempotent=idempotent):
                    raise
                wait = policy.delay(attempt - 1, self._rng)
                if err.retry_after is not None:
                    wait = max(wait, err.retry_after)
                if time.monotonic() - started + wait > policy.max_elapsed:
                    raise
                log.info(
                    "%s %s failed (%s); retry %d in %.1fs", method, path, err.code, attempt, wait
                )
                self._wait(wait)

    def _send_once(self, method, url, params, data, headers, stream, ok) -> requests.Response:
        self.count(requests=1)
        try:
            resp = self.session.request(
                method,
                url,
                params=params,
                data=data,
                headers=headers,
                timeout=self.timeouts,
                allow_redirects=False,
                stream=True,  # the body is read (and decoded) by _load_body
                verify=True,
            )
        except Exception as exc:  # every failure becomes a typed error
            raise map_exception(exc) from exc
        if data:
            self.count(sent=len(data))
        self._note_date(resp)
        self._note_codings(resp)
        if not stream or resp.status_code not in ok:
            self._load_body(resp)
        if resp.status_code in ok:
            return resp
        raise self._status_error(resp)

    def _status_error(self, resp: requests.Response) -> DeskError:
        status = resp.status_code
        problem = _problem(resp)
        detail = str(problem.get("detail") or problem.get("title") or resp.reason or "")
        reason = problem.get("reason") if isinstance(problem.get("reason"), str) else None
        kw: dict[str, Any] = {"status": status, "problem": problem, "reason": reason}
        if status == 401:
            return AuthError(detail or "unauthorised", **kw)
        if status == 410 and (
            reason == "full_resync_required"
            or str(problem.get("type", "")).endswith("full-resync-required")  # servers before 0.2
        ):
            return FullResyncRequired(detail, **kw)
        if 300 <= status < 400:
            where = resp.headers.get("Location", "?")
            kw["reason"] = "redirect"
            return ProtocolError(f"unexpected redirect to {where} (captive portal?)", **kw)
        if status in (429, 503):
            kw["retry_after"] = parse_retry_after(resp.headers.get("Retry-After"))
            return ServerError(detail or f"HTTP {status}", **kw)
        if status >= 500:
            return ServerError(detail or f"HTTP {status}", **kw)
        if not problem and "json" not in resp.headers.get("Content-Type", ""):
            # A 4xx page that is not ours (proxy, portal) says nothing about our request.
            kw["reason"] = "not_json"
            return ProtocolError(f"HTTP {status} with a non-JSON body: {_snippet(resp)!r}", **kw)
        return RejectedError(detail or f"HTTP {status}", **kw)

    def _json(self, resp: requests.Response) -> Any:
        if resp.status_code == 204 or not resp.content:
            return None
        ctype = resp.headers.get("Content-Type", "").lower()
        if "json" not in ctype:
            raise ProtocolError(
                f"expected JSON, got {ctype or 'no content type'}: {_snippet(resp)!r}",
                reason="not_json",
                status=resp.status_code,
            )
        self.last_body_bytes = len(resp.content)
        try:
            return _loads(resp.content)
        except _JSONDecodeError as exc:
            raise ProtocolError(
                f"malformed JSON ({exc}): {_snippet(resp)!r}", reason="bad_json"
            ) from exc

    def _load_body(self, resp: requests.Response) -> None:
        """Read the whole body raw, decode its Content-Encoding strictly, and hand the decoded
        bytes to `resp.content`. A cut connection is an `OfflineError`; a body whose compressed
        stream is cut short or corrupt is a `ProtocolError` (never half a JSON page)."""
        from urllib3.exceptions import HTTPError as Urllib3Error
        from urllib3.exceptions import ReadTimeoutError, SSLError

        try:
            raw = resp.raw.read(decode_content=False)
        except ReadTimeoutError as exc:
            resp.close()
            raise OfflineError(str(exc), reason="read_timeout", ambiguous=True) from exc
        except SSLError as exc:
            resp.close()
            raise map_exception(requests.exceptions.SSLError(exc)) from exc
        except (Urllib3Error, OSError) as exc:  # IncompleteRead, reset, ...
            resp.close()
            raise OfflineError(str(exc), reason="reset", ambiguous=True) from exc
        resp.raw.release_conn()  # read to the end: the connection goes back to the pool
        self.count(received=len(raw))
        coding = resp.headers.get("Content-Encoding", "")
        try:
            body = encoding.decompress(raw, coding, MAX_BODY_BYTES, frames=True)
        except encoding.Truncated as exc:
            raise ProtocolError(
                f"the {coding} answer was cut short ({len(raw)} bytes): {exc}",
                reason="truncated",
                status=resp.status_code,
            ) from exc
        except encoding.DecodeError as exc:
            raise ProtocolError(
                f"garbled {coding or 'unknown'} answer: {exc}",
                reason="bad_encoding",
                status=resp.status_code,
            ) from exc
        except encoding.TooLarge as exc:
            raise ProtocolError(
                f"answer larger than {MAX_BODY_BYTES} bytes", reason="too_large"
            ) from exc
        resp._content = body  # type: ignore[attr-defined]
        resp._content_consumed = True  # type: ignore[attr-defined]

    def _note_codings(self, resp: requests.Response) -> None:
        value = resp.headers.get("Accept-Encoding")
        if value is None:
            return
        accepted = tuple(
            c.strip().lower() for c in value.split(",") if c.strip().lower() in encoding.SUPPORTED
        )
        with _server_codings_lock:
            _server_codings[self.base_url] = accepted

    def _note_date(self, resp: requests.Response) -> None:
        value = resp.headers.get("Date")
        if not value:
            return
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return
        self.server_date = when if when.tzinfo else when.replace(tzinfo=UTC)

    def _check_cancel(self) -> None:
        if self.cancel.is_set():
            raise Cancelled("cancelled")

    def _wait(self, seconds: float) -> None:
        if self._sleep is not None:
            self._sleep(seconds)
            self._check_cancel()
            return
        if self.cancel.wait(seconds):
            raise Cancelled("cancelled while waiting to retry")
