"""The checks every uploaded file passes, defined once: the attachment endpoint
(`routers.attachments`) and Akai Meno's photos (`lapor_server.web`) call these same functions."""

from __future__ import annotations

from lapor_core.wire import ALLOWED_MEDIA_TYPES
from lapor_server import storage
from lapor_server.errors import Problem


def check_media_type(media_type: str) -> None:
    """415 for a declared media type outside the allow-list."""
    if media_type not in ALLOWED_MEDIA_TYPES:
        raise Problem(
            415,
            "unsupported-media-type",
            f"jenis berkas '{media_type[:100] or '(tidak ada)'}' tidak diterima; yang diterima: "
            "gambar (JPEG, PNG, WebP, GIF), PDF, dokumen Office/OpenDocument, teks",
        )


def check_size(up: storage.Upload, chunk: bytes, limit: int) -> None:
    """413 as soon as the next chunk would take the file past `limit` bytes."""
    if up.size + len(chunk) > limit:
        raise Problem(
            413,
            "payload-too-large",
            f"lampiran lebih besar dari batas {limit // (1024 * 1024)} MB",
            reason="too_large",
        )


def check_content(up: storage.Upload, media_type: str, sha256: str | None = None) -> None:
    """After the last byte (`up.finish()`): 422 for an empty file or one that does not hash to
    the address; 415 when the bytes are not what the media type says (magic bytes)."""
    if up.size == 0:
        raise Problem(422, "empty-attachment", "berkas kosong tidak dapat disimpan")
    if sha256 is not None and up.sha256 != sha256:
        raise Problem(
            422,
            "hash-mismatch",
            "isi berkas tidak cocok dengan SHA-256 di alamat (berkas rusak saat dikirim?)",
            reason="hash_mismatch",
        )
    if not storage.sniff(media_type, up.tmp_path, up.head):
        raise Problem(
            415,
            "content-mismatch",
            f"isi berkas bukan {media_type} seperti yang disebutkan",
            reason="content_mismatch",
        )
