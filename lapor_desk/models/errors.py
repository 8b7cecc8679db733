"""Typed errors of the local store; the UI's error presenter turns each into one sentence."""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """Base class of every expected problem with the local store."""


class CorruptStoreError(StoreError):
    """The store file is damaged or not a database; `salvage_and_rebuild` can recover the outbox."""

    def __init__(self, path: Path, reason: str):
        super().__init__(
            f"Basis data lokal rusak ({reason}). LAPOR Desk dapat menyisihkannya dan membangunnya "
            "kembali dari server; pekerjaan yang belum terkirim akan dipertahankan."
        )
        self.path = path
        self.reason = reason


class StoreFullError(StoreError):
    """The disk (or the database size limit) is full: nothing of the write was saved."""

    def __init__(self) -> None:
        super().__init__(
            "Tidak tersimpan: disk penuh. Kosongkan sebagian ruang disk lalu coba lagi; "
            "tidak ada data yang tersimpan setengah."
        )


class StoreTooNewError(StoreError):
    """The file was written by a newer LAPOR Desk whose schema this version does not know."""

    def __init__(self, revision: str):
        super().__init__(
            f"Basis data lokal dibuat oleh versi LAPOR Desk yang lebih baru (skema {revision}). "
            "Perbarui LAPOR Desk ke versi terbaru."
        )
        self.revision = revision


class ProfileInUseError(StoreError):
    """Another desk process holds this profile's lock."""

    def __init__(self, pid: int | None, hostname: str | None):
        where = ""
        if pid is not None:
            where = f" (proses {pid}" + (f" di {hostname})" if hostname else ")")
        super().__init__(
            "LAPOR Desk sudah terbuka untuk akun ini di jendela lain"
            f"{where}. Gunakan jendela itu, atau tutup dulu lalu coba lagi."
        )
        self.pid = pid
        self.hostname = hostname
