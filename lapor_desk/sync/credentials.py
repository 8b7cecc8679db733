"""The device token: obtained at login, kept only in the OS keyring, removed at logout.

There is deliberately no fallback. Without a usable keyring backend (keyring's `fail`/`null`
backends, the plaintext or "encrypted" file backends of keyrings.alt, or a backend that raises)
`KeyringUnavailableError` is raised and nothing is written anywhere: the desk then asks for the
password at each start and keeps the token in memory only (`SessionInfo` from `login(...,
remember=False)`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

import keyring
import keyring.errors

from lapor_desk.errors import (
    AuthError,
    KeyringUnavailableError,
    LoginFailed,
    ProtocolError,
)
from lapor_desk.models.account import Account, normalise_server_url
from lapor_desk.sync import logsafe
from lapor_desk.sync.transport import Transport

log = logging.getLogger(__name__)

SERVICE_NAME = "lapor-desk"


@dataclass(frozen=True, slots=True)
class SessionInfo:
    """The answer of a login. The token never appears in repr() or logs."""

    account: Account
    expires_at: str | None
    token: str = field(repr=False)


def _unusable_reason(backend: Any) -> str | None:
    """Why `backend` must not hold a token, or None when it is a real OS credential store."""
    from keyring.backends import chainer, fail, null

    if isinstance(backend, fail.Keyring | null.Keyring):
        return f"no keyring backend ({type(backend).__module__})"
    if isinstance(backend, chainer.ChainerBackend):
        if not backend.backends:
            return "no keyring backend (empty chain)"
        reasons = [_unusable_reason(b) for b in backend.backends]
        if any(reasons):
            return next(r for r in reasons if r)
    if type(backend).__module__.startswith("keyrings.alt"):
        # PlaintextKeyring is a plain file; the "encrypted" one is weak offline. Never.
        return f"file-based keyring refused ({type(backend).__name__})"
    try:
        priority = backend.priority
    except Exception as exc:
        return f"keyring backend not usable: {exc}"
    if priority is not None and priority <= 0:
        return f"keyring backend has no priority ({type(backend).__name__})"
    return None


class CredentialStore:
    """Device tokens in the OS keyring, one entry per (server URL, username)."""

    def __init__(self, service_name: str = SERVICE_NAME, backend: Any | None = None):
        self.service_name = service_name
        self._backend = backend

    @property
    def backend(self) -> Any:
        return self._backend if self._backend is not None else keyring.get_keyring()

    def backend_name(self) -> str:
        b = self.backend
        return f"{type(b).__module__}.{type(b).__name__}"

    def check_available(self) -> None:
        """Raise KeyringUnavailableError unless a real credential store is there."""
        reason = _unusable_reason(self.backend)
        if reason:
            raise KeyringUnavailableError(reason)

    def is_available(self) -> bool:
        try:
            self.check_available()
        except KeyringUnavailableError:
            return False
        return True

    @staticmethod
    def key(server_url: str, username: str) -> str:
        return f"{normalise_server_url(server_url)}|{username}"

    def get_token(self, server_url: str, username: str) -> str | None:
        self.check_available()
        try:
            token = self.backend.get_password(self.service_name, self.key(server_url, username))
        except Exception as exc:  # a locked or vanished Secret Service
            raise KeyringUnavailableError(f"keyring read failed: {exc}") from exc
        logsafe.register_secret(token)
        return token

    def set_token(self, server_url: str, username: str, token: str) -> None:
        self.check_available()
        logsafe.register_secret(token)
        try:
            self.backend.set_password(self.service_name, self.key(server_url, username), token)
        except Exception as exc:
            raise KeyringUnavailableError(f"keyring write failed: {exc}") from exc

    def delete_token(self, server_url: str, username: str) -> None:
        try:
            self.backend.delete_password(self.service_name, self.key(server_url, username))
        except keyring.errors.PasswordDeleteError:
            pass  # nothing stored: logout is still complete
        except Exception as exc:
            raise KeyringUnavailableError(f"keyring delete failed: {exc}") from exc

    # -- session -------------------------------------------------------------------------------
    def login(
        self,
        transport: Transport,
        username: str,
        password: str,
        device_name: str,
        *,
        remember: bool = True,
    ) -> SessionInfo:
        """POST /api/v1/session; keep the token in the keyring (when `remember`).

        The keyring is checked first, so a desk without one never obtains a token it cannot keep;
        if storing fails after all, the fresh token is revoked on the server and nothing is kept.
        """
        if remember:
            self.check_available()
        try:
            body = transport.post_json(
                "session",
                {"username": username, "password": password, "device_name": device_name},
                idempotent=False,
            )
        except AuthError as exc:
            raise LoginFailed(exc.detail, status=exc.status, problem=exc.problem) from exc
        info = _session_info(transport.base_url, body)
        transport.token = info.token
        if remember:
            try:
                self.set_token(info.account.server_url, info.account.username, info.token)
            except KeyringUnavailableError:
                try:
                    transport.delete("session")
                except Exception:  # best effort; the token expires anyway
                    log.warning("could not revoke the token that the keyring refused")
                transport.token = None
                raise
        log.info("logged in as %s on %s", info.account.username, info.account.server_url)
        return info

    def logout(self, transport: Transport | None, server_url: str, username: str) -> None:
        """Revoke the token on the server when reachable, and always forget it locally."""
        try:
            if transport is not None:
                if transport.token is None:
                    transport.token = self.get_token(server_url, username)
                if transport.token:
                    transport.delete("session")
        except AuthError:
            pass  # already revoked or expired
        finally:
            self.delete_token(server_url, username)
            if transport is not None:
                transport.token = None


def _session_info(server_url: str, body: Any) -> SessionInfo:
    try:
        user = body["user"]
        token = body["token"]
        if not isinstance(token, str) or not token:
            raise TypeError("token")
        account = Account(
            server_url=normalise_server_url(server_url),
            username=str(user["username"]),
            role=str(user["role"]),
            agency_code=user.get("agency_code"),
            display_name=str(user.get("display_name") or ""),
        )
    except (KeyError, TypeError) as exc:
        raise ProtocolError(f"login answer lacks {exc}", reason="shape") from exc
    return SessionInfo(account=account, expires_at=body.get("expires_at"), token=token)


class MemoryCredentials:
    """A token held in memory only: for a desk without a keyring (asks for the password at each
    start), and for tests and benchmarks. Same `get_token` as `CredentialStore`."""

    def __init__(self, token: str | None = None):
        self._token = token
        logsafe.register_secret(token)

    def get_token(self, server_url: str, username: str) -> str | None:
        return self._token

    def set_token(self, server_url: str, username: str, token: str) -> None:
        logsafe.register_secret(token)
        self._token = token

    def delete_token(self, server_url: str, username: str) -> None:
        self._token = None

    def __repr__(self) -> str:
        return "MemoryCredentials(<hidden>)"
