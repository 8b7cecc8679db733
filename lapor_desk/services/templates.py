"""Response templates (template jawaban) with placeholders, kept per profile and editable.

A template is a title and a text in which `{tracking_id}`, `{opd}`, `{tanggal}` (today, in
Indonesian) and `{judul}` (the report title) are filled in when it is inserted. Unknown
placeholders stay as typed, so a typo never swallows text. Templates live in the profile directory
as `templates.json`, replaced atomically; a fresh profile starts with a few common answers.
"""

from __future__ import annotations

import json
import os
import re
import threading
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

from lapor_desk.errors import ValidationError
from lapor_desk.paths import ensure_private_dir, open_private

FILENAME = "templates.json"
PLACEHOLDERS = ("tracking_id", "opd", "tanggal", "judul")
_MONTHS_ID = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


@dataclass(frozen=True, slots=True)
class Template:
    name: str
    text: str


DEFAULTS = (
    Template(
        "Laporan diterima",
        "Terima kasih atas laporan Anda ({tracking_id}). Laporan telah kami terima dan sedang "
        "ditindaklanjuti oleh {opd}. Kami akan menyampaikan perkembangannya paling lambat dalam "
        "5 hari kerja.",
    ),
    Template(
        "Perlu informasi tambahan",
        "Terima kasih atas laporan Anda ({tracking_id}). Untuk menindaklanjutinya, mohon "
        "sampaikan lokasi yang lebih rinci (nama jalan/kampung dan patokan terdekat) serta foto "
        "kondisi terkini.",
    ),
    Template(
        "Sudah ditangani",
        "Pada {tanggal}, {opd} telah menangani laporan {tracking_id} ({judul}). Jika masalah "
        "belum selesai, silakan balas tanggapan ini.",
    ),
)


def indonesian_date(day: date) -> str:
    return f"{day.day} {_MONTHS_ID[day.month - 1]} {day.year}"


def render(text: str, *, tracking_id: str, opd: str, today: date, title: str = "") -> str:
    """Fill the placeholders of a template; unknown ones are left untouched."""
    values = {
        "tracking_id": tracking_id,
        "opd": opd,
        "tanggal": indonesian_date(today),
        "judul": title,
    }
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


class TemplateStore:
    """The templates of one profile. Thread-safe; each change is written to disk at once."""

    def __init__(self, profile_dir: Path):
        self.path = Path(profile_dir) / FILENAME
        self._lock = threading.Lock()

    def list(self) -> list[Template]:
        with self._lock:
            return self._read()

    def save(self, name: str, text: str, *, replacing: str | None = None) -> list[Template]:
        """Add or update a template (`replacing` = its old name when renamed)."""
        name, text = name.strip(), text.strip()
        if not name:
            raise ValidationError(
                "nama template wajib diisi", detail_en="the template needs a name"
            )
        if not text:
            raise ValidationError("teks template wajib diisi", detail_en="the template is empty")
        with self._lock:
            items = [t for t in self._read() if t.name not in (name, replacing)]
            items.append(Template(name, text))
            items.sort(key=lambda t: t.name.casefold())
            self._write(items)
            return items

    def delete(self, name: str) -> list[Template]:
        with self._lock:
            items = [t for t in self._read() if t.name != name]
            self._write(items)
            return items

    def _read(self) -> list[Template]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return [Template(str(t["name"]), str(t["text"])) for t in data["templates"]]
        except FileNotFoundError:
            return list(DEFAULTS)
        except (OSError, ValueError, KeyError, TypeError):
            # A damaged file must not block answering: start from the defaults, keep the file.
            return list(DEFAULTS)

    def _write(self, items: list[Template]) -> None:
        ensure_private_dir(self.path.parent)
        tmp = self.path.with_suffix(".tmp")
        body = json.dumps({"templates": [asdict(t) for t in items]}, ensure_ascii=False, indent=1)
        with open_private(tmp, "w", encoding="utf-8") as fh:
            fh.write(body)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)
