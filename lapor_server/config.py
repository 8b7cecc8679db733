"""Server settings: one frozen dataclass, loadable from environment variables and CLI options.

Every field can be set with an environment variable `LAPOR_SERVER_<FIELD>` (upper case), e.g.
`LAPOR_SERVER_DB_URL=postgresql://lapor@/lapor`. `lapor-server serve --workers N` passes its
options to the worker processes this way (uvicorn starts workers from an import string).
"""

from __future__ import annotations

import dataclasses
import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from lapor_core.wire import DEFAULT_ATTACHMENT_LIMIT

ENV_PREFIX = "LAPOR_SERVER_"
DEFAULT_DB_URL = "sqlite:///lapor.sqlite3"


class SettingsError(ValueError):
    """A setting has a value that cannot be used (message says which and why)."""


@dataclass(frozen=True, slots=True)
class ServerSettings:
    #: SQLAlchemy URL: `sqlite:///path/lapor.sqlite3` or `postgresql://user:pw@host/db`
    db_url: str = DEFAULT_DB_URL
    #: where attachment bytes are stored (content-addressed files); when not given, the folder
    #: `attachments` beside a SQLite database file, else `attachments` in the working directory
    attachments_dir: Path = field(default_factory=lambda: Path("attachments"))
    max_attachment_bytes: int = DEFAULT_ATTACHMENT_LIMIT
    #: the largest JSON request body accepted (413 above)
    max_json_bytes: int = 2 * 1024 * 1024
    #: lifetime of a desk token
    token_ttl_days: int = 30
    #: failed logins per username within the window before 429
    login_max_failures: int = 5
    login_window_seconds: int = 15 * 60
    #: password hashes computed at once (argon2 takes 64 MiB each): the memory bound of a login
    #: flood is this times 64 MiB; logins beyond it wait in a bounded queue (docs/security.md)
    login_max_concurrent_hashes: int = 1
    #: logins waiting for a hashing slot; more at once are answered 429 `login_busy` at once
    login_queue_limit: int = 16
    #: how long a login may wait for a hashing slot before it is answered 429 `login_busy`
    login_queue_wait_seconds: int = 5
    #: login attempts per client address per minute (429 `login_rate_client` above)
    login_per_client_per_minute: int = 60
    #: login attempts of one client address in progress at once (429 `login_rate_client` above)
    login_per_client_concurrent: int = 8
    #: a client refused before and back before its `Retry-After` gets its next 429 this late
    login_repeat_refusal_delay_ms: int = 1000
    #: reverse proxies whose `X-Forwarded-For` is believed (comma-separated addresses or CIDR
    #: networks); empty = the TCP peer is the client (default)
    trusted_proxies: str = ""
    #: Akai Meno (docs/akai-meno.md): form posts one client address may make per hour
    web_posts_per_address_per_hour: int = 30
    #: Akai Meno: private actions (reply, photo, rating) per follow-up code per hour
    web_actions_per_code_per_hour: int = 20
    #: Akai Meno: photo bytes one client address may send per hour (the channel's daily upload
    #: quota is shared by every citizen)
    web_photo_bytes_per_address_per_hour: int = 100 * 1024 * 1024
    #: Akai Meno: a report form sent back sooner than this after it was served is a robot's
    web_min_fill_seconds: int = 5
    #: bytes one account (or channel) may upload per day (UTC); 429 `upload_quota` above
    upload_quota_bytes_per_day: int = 500 * 1024 * 1024
    #: tombstones older than this are pruned; agency desks with older cursors resync fully
    feed_retention_days: int = 180
    #: the address desks and channels use (for links in Open311 output); optional
    public_base_url: str | None = None
    #: Open311 `jurisdiction_id` of this server (the kabupaten's web domain): requests may leave it
    #: out or pass this one; any other is refused (404). Listed in the discovery document.
    open311_jurisdiction_id: str = "mimikakab.go.id"
    #: optional desk update announcement, shown by `GET /api/v1/health`
    desk_update_version: str | None = None
    desk_update_url: str | None = None
    desk_update_sha256: str | None = None
    #: "default" (argon2 RFC 9106 low-memory profile) or "fast" (tests only)
    password_hash_profile: str = "default"
    #: run the periodic jobs (closing expired reports, pruning) inside the server process
    run_jobs: bool = True
    jobs_interval_seconds: int = 600
    #: the largest feed page a desk may ask for
    max_feed_limit: int = 5000
    #: memory for compressed feed pages that many desks read alike (first syncs); 0 turns it off
    feed_cache_mb: int = 64
    #: build each active audience's feed pages beforehand, compressed, and serve them to desks
    #: that read multi-frame bodies (lapor_server.feed_pages; its own background job, like the
    #: deliveries, independent of `run_jobs`)
    feed_pages: bool = True
    #: how often the page builder runs (seconds; 0: never, stored pages are still served)
    feed_pages_interval_seconds: int = 120
    #: pages of audiences (a role, or one OPD's officers) with no device seen for this many
    #: days are removed and not built
    feed_pages_days: int = 30
    #: items per stored page (a desk asks for 1,000; a page is served only to a `limit` at least
    #: this big)
    feed_pages_items: int = 1000
    #: deliver webhooks and e-mails to reporters from the outbox inside the server process
    deliveries: bool = True
    #: how often the delivery worker looks for due deliveries (seconds)
    delivery_poll_seconds: float = 2.0
    #: the first retry after a failed delivery; each further one waits twice as long (seconds)
    delivery_backoff_seconds: float = 30.0
    delivery_backoff_max_seconds: float = 3600.0
    #: how long a delivery is retried before it is marked failed (hours; `webhooks retry` revives)
    delivery_retry_hours: float = 24.0
    #: time limit of one webhook request or SMTP session (seconds)
    delivery_timeout_seconds: float = 10.0
    #: submit forwarded reports to partner instansi that run LAPOR Desk and take in their updates,
    #: inside the server process (docs/forwarding.md)
    forwarding: bool = True
    #: how often the forwarding worker looks for forwards to submit (seconds)
    forwarding_poll_seconds: float = 5.0
    #: how often each partner's channel updates feed is read (seconds)
    forwarding_updates_seconds: float = 60.0
    #: the first retry after a failed submission; each further one waits twice as long (seconds)
    forwarding_backoff_seconds: float = 30.0
    forwarding_backoff_max_seconds: float = 3600.0
    #: how long a submission is retried before the forward is marked failed (hours;
    #: `lapor-server partners retry` revives it)
    forwarding_retry_hours: float = 72.0
    #: time limit of one request to a partner's server (seconds)
    forwarding_timeout_seconds: float = 20.0
    #: SMTP server for e-mail to reporters; without a host e-mails wait in the outbox (and fail
    #: after the retry window: `lapor-server webhooks list --kind email`)
    smtp_host: str | None = None
    smtp_port: int = 587
    #: starttls, tls (implicit, usually port 465) or none (a relay on the same machine only)
    smtp_security: str = "starttls"
    smtp_username: str | None = None
    #: the password from the environment (LAPOR_SERVER_SMTP_PASSWORD) or a file; never stored
    #: in the database
    smtp_password: str | None = None
    smtp_password_file: Path | None = None
    smtp_from: str = "LAPOR! Kabupaten Mimika <no-reply@mimikakab.go.id>"
    #: a CA file to trust for the SMTP server's certificate (an internal mail server); default:
    #: the system's trust store
    smtp_ca_file: Path | None = None
    #: queue the staff digests (docs/digests.md) in the periodic jobs, once a day from
    #: `digest_hour` (local WIT hour, 0–23) on working days
    digests: bool = True
    digest_hour: int = 7
    #: an OPD's digest lists reports with at most this many working days left (0: due today)
    digest_due_soon_days: int = 2
    #: reports overdue by this many working days or more are escalated to the pimpinan and the
    #: coordinators (and flagged on the coordinator's deadline view; desks get it in the reference)
    escalate_after_days: int = 2
    #: the weekly OPD league table covers reports submitted in this many full weeks before its week
    league_weeks: int = 4

    #: "region" (a kabupaten/kota's server) or "centre" (the national centre: also serves the
    #: centre's API, docs/pusat.md)
    role: str = "region"
    #: this region's Kemendagri code (e.g. 94.04 = Kabupaten Mimika), for the centre link
    region_code: str | None = None
    #: the centre's address; with `region_code` and `centre_key_file` the server pushes its
    #: monthly aggregates there (docs/pusat.md)
    centre_url: str | None = None
    #: the region's Ed25519 private key (PEM; `lapor-server centre keygen`)
    centre_key_file: Path | None = None
    #: a CA file to trust for the centre's certificate (default: the system's trust store)
    centre_ca_file: Path | None = None
    #: how often the aggregates are computed and pushed (seconds)
    centre_push_seconds: float = 3600.0
    #: months pushed each round (the current one and the ones before it)
    centre_months: int = 13
    #: the disclosure threshold: no published cell counts fewer reports (docs/pusat.md)
    centre_threshold: int = 5
    #: time limit of one request to the centre (seconds)
    centre_timeout_seconds: float = 30.0

    # -- loading ----------------------------------------------------------------------------------

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> ServerSettings:
        """Settings from `LAPOR_SERVER_*` variables; keyword overrides win (None = not given)."""
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = environ.get(ENV_PREFIX + f.name.upper())
            if raw is not None:
                values[f.name] = _convert(f, raw)
        for key, value in overrides.items():
            if value is None:
                continue
            if key not in {f.name for f in fields(cls)}:
                raise SettingsError(f"unknown setting '{key}'")
            values[key] = value
        if "attachments_dir" not in values:
            values["attachments_dir"] = default_attachments_dir(
                values.get("db_url", DEFAULT_DB_URL)
            )
        settings = cls(**values)
        settings.check()
        return settings

    def to_env(self) -> dict[str, str]:
        """The environment variables that reproduce these settings in another process."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is None:
                continue
            if isinstance(value, bool):
                value = "1" if value else "0"
            out[ENV_PREFIX + f.name.upper()] = str(value)
        return out

    def smtp_secret(self) -> str | None:
        """The SMTP password: the setting (from the environment), else the file's first line."""
        if self.smtp_password:
            return self.smtp_password
        if self.smtp_password_file is not None:
            return self.smtp_password_file.read_text(encoding="utf-8").splitlines()[0].strip()
        return None

    def replace(self, **changes: Any) -> ServerSettings:
        return dataclasses.replace(self, **changes)

    def check(self) -> None:
        if not self.db_url.startswith(("sqlite", "postgresql", "postgres")):
            raise SettingsError("db_url must be a sqlite:// or postgresql:// URL")
        for name in (
            "max_attachment_bytes",
            "max_json_bytes",
            "token_ttl_days",
            "login_max_failures",
            "login_window_seconds",
            "max_feed_limit",
            "login_max_concurrent_hashes",
            "login_queue_limit",
            "login_queue_wait_seconds",
            "login_per_client_per_minute",
            "login_per_client_concurrent",
            "upload_quota_bytes_per_day",
        ):
            if getattr(self, name) < 1:
                raise SettingsError(f"{name} must be at least 1")
        if (
            self.feed_pages_interval_seconds < 0
            or min(self.feed_pages_days, self.feed_pages_items) < 1
        ):
            raise SettingsError(
                "feed_pages_interval_seconds must be 0 or more, feed_pages_days and"
                " feed_pages_items 1 or more"
            )
        if self.feed_cache_mb < 0:
            raise SettingsError("feed_cache_mb must be 0 (off) or more")
        if not self.open311_jurisdiction_id.strip():
            raise SettingsError("open311_jurisdiction_id must not be empty")
        if self.smtp_security not in ("starttls", "tls", "none"):
            raise SettingsError("smtp_security must be starttls, tls or none")
        for name in (
            "delivery_poll_seconds",
            "delivery_backoff_seconds",
            "delivery_timeout_seconds",
            "forwarding_poll_seconds",
            "forwarding_updates_seconds",
            "forwarding_backoff_seconds",
            "forwarding_timeout_seconds",
        ):
            if not getattr(self, name) > 0:
                raise SettingsError(f"{name} must be more than 0")
        if not 0 <= self.digest_hour <= 23:
            raise SettingsError("digest_hour must be an hour from 0 to 23 (WIT)")
        for name in ("digest_due_soon_days", "escalate_after_days"):
            if not 0 <= getattr(self, name) <= 60:
                raise SettingsError(f"{name} must be from 0 to 60 working days")
        if not 1 <= self.league_weeks <= 52:
            raise SettingsError("league_weeks must be from 1 to 52")
        if self.role not in ("region", "centre"):
            raise SettingsError("role must be 'region' or 'centre'")
        if self.centre_threshold < 2:
            raise SettingsError("centre_threshold must be at least 2")
        if self.centre_months < 1 or not self.centre_push_seconds > 0:
            raise SettingsError("centre_months and centre_push_seconds must be more than 0")
        if self.password_hash_profile not in ("default", "fast"):
            raise SettingsError("password_hash_profile must be 'default' or 'fast'")
        try:
            self.trusted_proxy_networks()
        except ValueError as exc:
            raise SettingsError(f"trusted_proxies: {exc}") from None

    def trusted_proxy_networks(self) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
        """The `trusted_proxies` setting parsed (a bare address is a one-address network)."""
        parts = [p.strip() for p in self.trusted_proxies.split(",") if p.strip()]
        return tuple(ipaddress.ip_network(p, strict=False) for p in parts)


def _convert(f: dataclasses.Field, raw: str) -> Any:
    kind = str(f.type)
    try:
        if kind == "bool":
            if raw.strip().lower() in ("1", "true", "yes", "on"):
                return True
            if raw.strip().lower() in ("0", "false", "no", "off", ""):
                return False
            raise ValueError(raw)
        if kind == "int":
            return int(raw)
        if kind == "float":
            return float(raw)
        if kind == "Path | None":
            return Path(raw) if raw else None
        if kind == "Path":
            return Path(raw)
        if kind == "str | None":
            return raw or None
        return raw
    except ValueError:
        raise SettingsError(
            f"environment variable {ENV_PREFIX}{f.name.upper()} has an invalid value {raw!r}"
        ) from None


def default_attachments_dir(db_url: str) -> Path:
    """`attachments` beside a SQLite database file, so a server started from another working
    directory finds the same files; `attachments` in the working directory otherwise."""
    prefix = "sqlite:///"
    if db_url.startswith(prefix) and ":memory:" not in db_url:
        path = db_url[len(prefix) :].split("?", 1)[0]
        if path:
            return Path(path).parent / "attachments"
    return Path("attachments")
