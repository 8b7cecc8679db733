"""Typed errors of the whole desk: local store, services, sync engine and command line.

They live at the top of the package, below every layer, so that the store, the services and the
sync engine can all raise them without importing each other (see docs/architecture.md, "Layers").
Every expected failure is one of these classes. Each carries a stable machine `code`, an Indonesian
sentence for the officer (`user_message_id`, also the translation source string the UI's error
presenter looks up) and a next step (`next_step_id`), with English equivalents for `--lang en`.
Technical details (`detail`, `reason`, the server's problem document) ride along for logs and the
"details" expander, never instead of the sentence.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar


class DeskError(Exception):
    """Base of every expected desk failure; `str(err)` is the technical detail for logs."""

    code: ClassVar[str] = "error"
    user_message_id: ClassVar[str] = "Terjadi kesalahan."
    next_step_id: ClassVar[str] = (
        "Coba lagi. Jika terus terjadi, hubungi IT dan sebutkan waktu kejadiannya."
    )
    user_message_en: ClassVar[str] = "Something went wrong."
    next_step_en: ClassVar[str] = (
        "Try again. If it keeps happening, contact IT and mention the time."
    )
    #: exit code of the headless commands for this outcome
    exit_code: ClassVar[int] = 1

    def __init__(
        self,
        detail: str = "",
        *,
        reason: str | None = None,
        status: int | None = None,
        problem: dict[str, Any] | None = None,
        retry_after: float | None = None,
        **params: Any,
    ):
        super().__init__(detail or self.user_message_en)
        self.detail = detail
        #: a stable machine reason (e.g. TLS "expired", a server problem's `reason`)
        self.reason = reason
        #: HTTP status when the error came from a response
        self.status = status
        #: the RFC 9457 problem document the server sent, if any
        self.problem = problem or {}
        #: seconds the server asked us to wait (429/503)
        self.retry_after = retry_after
        self.params = params

    def user_message(self, lang: str = "id") -> str:
        """The sentence for the officer, in Indonesian (default) or English."""
        template = self.user_message_en if lang == "en" else self.user_message_id
        try:
            return template.format(**self._format_params())
        except (KeyError, IndexError, ValueError):
            return template

    def next_step(self, lang: str = "id") -> str:
        template = self.next_step_en if lang == "en" else self.next_step_id
        try:
            return template.format(**self._format_params())
        except (KeyError, IndexError, ValueError):
            return template

    def _format_params(self) -> dict[str, Any]:
        return {
            "detail": self.detail,
            "reason": self.reason or "",
            "status": self.status,
            **self.params,
        }

    def as_dict(self, lang: str = "id") -> dict[str, Any]:
        """A JSON-ready summary (used by `--json` output and the sync report)."""
        return {
            "error": self.code,
            "message": self.user_message(lang),
            "next_step": self.next_step(lang),
            "detail": self.detail,
            "reason": self.reason,
            "status": self.status,
        }


class OfflineError(DeskError):
    """The server could not be reached, or the connection broke before a full answer arrived.

    `ambiguous` is True when the request may have reached the server (a read timeout or a reset
    after sending): the outcome is unknown and is retried with the same op_id (I4).
    """

    code = "offline"
    user_message_id = "Server tidak dapat dihubungi."
    next_step_id = (
        "Periksa koneksi internet atau proxy. Pekerjaan Anda tetap tersimpan di komputer ini dan "
        "dikirim otomatis saat koneksi kembali."
    )
    user_message_en = "The server cannot be reached."
    next_step_en = (
        "Check the internet connection or proxy. Your work stays saved on this computer and is "
        "sent automatically when the connection is back."
    )
    exit_code = 3

    def __init__(self, detail: str = "", *, ambiguous: bool = False, **kwargs: Any):
        super().__init__(detail, **kwargs)
        self.ambiguous = ambiguous


class TlsError(DeskError):
    """The server's certificate could not be verified. `reason`: unknown_ca, self_signed,
    hostname_mismatch, expired, plain_http, other."""

    code = "tls"
    user_message_id = "Koneksi aman ke server tidak dapat diverifikasi ({reason_id})."
    next_step_id = (
        "Jangan lanjutkan di jaringan ini. Hubungi IT: sertifikat server atau CA instansi perlu "
        "diperiksa (jalankan `lapor-desk doctor`)."
    )
    user_message_en = "The secure connection to the server could not be verified ({reason_en})."
    next_step_en = (
        "Do not continue on this network. Contact IT: the server certificate or the agency CA "
        "needs checking (run `lapor-desk doctor`)."
    )
    exit_code = 5

    REASONS: ClassVar[dict[str, tuple[str, str]]] = {
        "unknown_ca": (
            "sertifikat diterbitkan oleh pihak yang tidak dikenal",
            "certificate issued by an unknown authority",
        ),
        "self_signed": ("sertifikat ditandatangani sendiri", "self-signed certificate"),
        "hostname_mismatch": (
            "sertifikat untuk nama server lain",
            "certificate is for another host name",
        ),
        "expired": (
            "sertifikat sudah kedaluwarsa atau belum berlaku",
            "certificate expired or not yet valid",
        ),
        "plain_http": (
            "alamat server tidak memakai https://",
            "the server address does not use https://",
        ),
        "other": ("kesalahan TLS", "TLS error"),
    }

    def _format_params(self) -> dict[str, Any]:
        id_, en = self.REASONS.get(self.reason or "other", self.REASONS["other"])
        return {**super()._format_params(), "reason_id": id_, "reason_en": en}


class AuthError(DeskError):
    """The server refused our token (401) or the login; syncing stops until the officer logs in."""

    code = "auth"
    user_message_id = "Sesi Anda sudah berakhir atau ditolak oleh server."
    next_step_id = (
        "Masuk lagi dengan nama pengguna dan kata sandi Anda. Pekerjaan yang belum terkirim tetap "
        "tersimpan."
    )
    user_message_en = "Your session has ended or was refused by the server."
    next_step_en = "Log in again with your username and password. Unsent work stays saved."
    exit_code = 4


class LoginFailed(AuthError):
    """The server refused the username or password (it answers the same for both)."""

    code = "login_failed"
    user_message_id = "Nama pengguna atau kata sandi salah."
    next_step_id = (
        "Periksa lalu coba lagi. Setelah beberapa kali gagal, "
        "server meminta Anda menunggu sebentar."
    )
    user_message_en = "Wrong username or password."
    next_step_en = (
        "Check them and try again. After several failures the server asks you to wait a while."
    )


class ServerError(DeskError):
    """The server answered with 5xx, 429 or another unexpected status."""

    code = "server"
    user_message_id = "Server sedang bermasalah atau sibuk (kode {status})."
    next_step_id = "Desk akan mencoba lagi otomatis. Pekerjaan Anda tetap tersimpan."
    user_message_en = "The server has a problem or is busy (status {status})."
    next_step_en = "The desk retries automatically. Your work stays saved."
    exit_code = 3


class RejectedError(DeskError):
    """The server refused a request as invalid or not allowed (4xx other than 401), e.g. an
    attachment that is too large (413) or of a type it does not accept (415)."""

    code = "rejected"
    user_message_id = "Server menolak permintaan ini: {detail}"
    next_step_id = (
        "Periksa isian atau lampiran. Jika Anda yakin benar, hubungi koordinator atau IT."
    )
    user_message_en = "The server refused this request: {detail}"
    next_step_en = (
        "Check the input or attachment. If you are sure it is right, contact the coordinator or IT."
    )
    exit_code = 1


class ProtocolError(DeskError):
    """The answer was not what the protocol promises: HTML (captive portal), truncated or
    malformed JSON, or the wrong shape."""

    code = "protocol"
    user_message_id = "Jawaban dari server tidak dapat dibaca."
    next_step_id = (
        "Jika Anda memakai Wi-Fi umum atau hotel, buka browser dan login ke jaringan itu dulu, "
        "lalu sinkronkan lagi. Jika tetap gagal, hubungi IT."
    )
    user_message_en = "The server's answer could not be read."
    next_step_en = (
        "On a public or hotel Wi-Fi, open a browser and log in to that network first, then sync "
        "again. If it still fails, contact IT."
    )
    exit_code = 3


class ConflictError(DeskError):
    """A local action no longer fits the report (it changed on the server or in this desk)."""

    code = "conflict"
    user_message_id = "Laporan ini sudah berubah: {detail}"
    next_step_id = "Buka laporan untuk melihat keadaan terbaru. Teks Anda tidak hilang."
    user_message_en = "This report has changed: {detail}"
    next_step_en = "Open the report to see its current state. Your text is not lost."
    exit_code = 1


class ValidationError(DeskError):
    """The officer's input or action is not acceptable; `detail` is an Indonesian reason."""

    code = "validation"
    user_message_id = "Belum bisa disimpan: {detail}"
    next_step_id = "Perbaiki isian lalu simpan lagi."
    user_message_en = "Cannot be saved yet: {detail_en}"
    next_step_en = "Correct the input and save again."
    exit_code = 2

    def __init__(
        self, detail: str, *, detail_en: str | None = None, field: str | None = None, **kw: Any
    ):
        super().__init__(detail, **kw)
        self.detail_en = detail_en or detail
        self.field = field

    def _format_params(self) -> dict[str, Any]:
        return {**super()._format_params(), "detail_en": self.detail_en}


class NotFoundError(ValidationError):
    """A report (tracking id or id) or record the caller named does not exist locally.

    Nothing to correct in a form: the report left this desk (moved to another OPD, returned) or
    the number is wrong. The advice says so, and that written text is kept.
    """

    code = "not_found"
    user_message_id = "{detail}"
    next_step_id = (
        "Periksa nomor laporannya, atau sinkronkan (F5) untuk melihat keadaan terbaru. "
        "Teks yang Anda tulis tidak hilang."
    )
    user_message_en = "{detail_en}"
    next_step_en = (
        "Check the report number, or sync (F5) to see the current state. "
        "The text you wrote is not lost."
    )


class Cancelled(DeskError):
    """The officer cancelled a running operation; nothing half-done is kept."""

    code = "cancelled"
    user_message_id = "Dibatalkan."
    next_step_id = (
        "Pekerjaan yang sudah tersimpan tidak hilang; sinkronisasi bisa dijalankan lagi kapan saja."
    )
    user_message_en = "Cancelled."
    next_step_en = "Saved work is not lost; sync can be run again at any time."
    exit_code = 1


class SaveFileError(DeskError):
    """A file the officer asked for (export, recap) could not be written where they chose."""

    code = "save_file"
    user_message_id = "Berkas tidak dapat disimpan di {path}: {why_id}."
    next_step_id = "Pilih folder lain (misalnya Dokumen) lalu simpan lagi."
    user_message_en = "The file could not be saved in {path}: {why_en}."
    next_step_en = "Choose another folder (for example Documents) and save again."
    exit_code = 2

    def __init__(self, path: str, error: OSError):
        super().__init__(f"{path}: {error!r}")
        self.path = path
        if isinstance(error, PermissionError):
            self.why_id, self.why_en = "tidak ada izin menulis", "no permission to write"
        elif getattr(error, "errno", None) == 28:  # ENOSPC
            self.why_id, self.why_en = "disk penuh", "the disk is full"
        else:
            self.why_id, self.why_en = (
                "folder tidak dapat dibuat atau ditulisi",
                ("the folder cannot be created or written"),
            )

    def _format_params(self) -> dict[str, Any]:
        return {
            **super()._format_params(),
            "path": self.path,
            "why_id": self.why_id,
            "why_en": self.why_en,
        }


class KeyringUnavailableError(DeskError):
    """No usable OS credential store: the token cannot be kept safely, so it is not kept at all."""

    code = "keyring"
    user_message_id = (
        "Penyimpanan kata sandi sistem (keyring) tidak tersedia, jadi sesi tidak bisa disimpan "
        "dengan aman."
    )
    next_step_id = (
        "Anda perlu memasukkan kata sandi setiap kali membuka desk. IT dapat mengaktifkan "
        "Credential Manager (Windows) atau Secret Service (Linux)."
    )
    user_message_en = (
        "The system password store (keyring) is not available, "
        "so the session cannot be kept safely."
    )
    next_step_en = (
        "You will need to enter your password each time the desk opens. IT can enable Credential "
        "Manager (Windows) or Secret Service (Linux)."
    )
    exit_code = 4


class PassphraseRequired(DeskError):
    """No keyring: the profile key is protected by a local passphrase, and none was given."""

    code = "passphrase"
    user_message_id = (
        "Komputer ini tidak punya penyimpanan kata sandi sistem (keyring), jadi kunci enkripsi "
        "data lokal dilindungi frasa sandi lokal."
    )
    next_step_id = (
        "Masukkan frasa sandi lokal (tanpa terminal: variabel LAPOR_DESK_PASSPHRASE). IT dapat "
        "mengaktifkan Credential Manager (Windows) atau Secret Service (Linux)."
    )
    user_message_en = (
        "This computer has no system password store (keyring), so the key that encrypts the "
        "local data is protected by a local passphrase."
    )
    next_step_en = (
        "Enter the local passphrase (without a terminal: the LAPOR_DESK_PASSPHRASE variable). IT "
        "can enable Credential Manager (Windows) or Secret Service (Linux)."
    )
    exit_code = 4


class WrongPassphraseError(PassphraseRequired):
    """The local passphrase does not unwrap the profile key."""

    code = "passphrase_wrong"
    user_message_id = "Frasa sandi lokal salah: data lokal profil ini tidak dapat dibuka."
    next_step_id = (
        "Coba lagi. Jika lupa, keluar dengan 'lapor-desk logout --forget' lalu login lagi: "
        "antrean diambil ulang dari server, pekerjaan yang belum terkirim hilang."
    )
    user_message_en = "Wrong local passphrase: this profile's local data cannot be opened."
    next_step_en = (
        "Try again. If it is forgotten, run 'lapor-desk logout --forget' and log in again: the "
        "queue comes back from the server; unsent work is lost."
    )


class StoreError(DeskError):
    """Base of every expected problem with the local store file."""

    code = "store"
    exit_code = 1

    def __str__(self) -> str:
        # The Indonesian sentence and its next step: what the logs and older callers printed.
        return f"{self.user_message('id')} {self.next_step('id')}".strip()


class CorruptStoreError(StoreError):
    """The store file is damaged or not a database; `salvage_and_rebuild` can recover the outbox."""

    code = "store_corrupt"
    user_message_id = "Basis data lokal rusak ({reason})."
    next_step_id = (
        "LAPOR Desk dapat menyisihkannya dan membangunnya kembali dari server; pekerjaan yang "
        "belum terkirim akan dipertahankan."
    )
    user_message_en = "The local database is damaged ({reason})."
    next_step_en = (
        "LAPOR Desk can set it aside and rebuild it from the server; unsent work is kept."
    )

    def __init__(self, path: Path, reason: str):
        super().__init__(reason, reason=reason)
        self.path = path


class PlainStoreError(StoreError):
    """A key was given for a store file that is still plain SQLite (migrate it first)."""

    code = "store_plain"
    user_message_id = "Basis data lokal belum dienkripsi."
    next_step_id = "Buka profil lewat LAPOR Desk: basis data dienkripsi saat dibuka."
    user_message_en = "The local database is not encrypted yet."
    next_step_en = "Open the profile through LAPOR Desk: it is encrypted when opened."

    def __init__(self, path: Path):
        super().__init__(f"plain store {path}")
        self.path = path


class StoreFullError(StoreError):
    """The disk (or the database size limit) is full: nothing of the write was saved."""

    code = "store_full"
    user_message_id = "Tidak tersimpan: disk penuh."
    next_step_id = (
        "Kosongkan sebagian ruang disk lalu coba lagi; tidak ada data yang tersimpan setengah."
    )
    user_message_en = "Not saved: the disk is full."
    next_step_en = "Free some disk space and try again; nothing was saved halfway."

    def __init__(self) -> None:
        super().__init__("disk full")


class StoreTooNewError(StoreError):
    """The file was written by a newer LAPOR Desk whose schema this version does not know."""

    code = "store_too_new"
    user_message_id = (
        "Basis data lokal dibuat oleh versi LAPOR Desk yang lebih baru (skema {revision})."
    )
    next_step_id = "Perbarui LAPOR Desk ke versi terbaru."
    user_message_en = "The local database was written by a newer LAPOR Desk (schema {revision})."
    next_step_en = "Update LAPOR Desk to the latest version."

    def __init__(self, revision: str):
        super().__init__(f"schema {revision}", revision=revision)
        self.revision = revision


class ProfileInUseError(StoreError):
    """Another desk process holds this profile's lock."""

    code = "profile_in_use"
    user_message_id = "LAPOR Desk sudah terbuka untuk akun ini di jendela lain{where_id}."
    next_step_id = "Gunakan jendela itu, atau tutup dulu lalu coba lagi."
    user_message_en = "LAPOR Desk is already open for this account in another window{where_en}."
    next_step_en = "Use that window, or close it first and try again."

    def __init__(self, pid: int | None, hostname: str | None):
        where_id = where_en = ""
        if pid is not None:
            where_id = f" (proses {pid}" + (f" di {hostname})" if hostname else ")")
            where_en = f" (process {pid}" + (f" on {hostname})" if hostname else ")")
        super().__init__(
            f"profile lock held by pid {pid} on {hostname}", where_id=where_id, where_en=where_en
        )
        self.pid = pid
        self.hostname = hostname
