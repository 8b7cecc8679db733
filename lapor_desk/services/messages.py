"""The officer's sentences for refused input and refused actions: a payload the shared rules
reject (`payload_error_message`, by its `PayloadProblem` code) and an action the workflow refuses
(`not_allowed_message`, by its `Refusal` reason), in Indonesian with English beside it. Codes, not
English exception text, decide the sentence (docs/api.md, problem reasons)."""

from __future__ import annotations

from lapor_core.wire import PayloadError, PayloadProblem
from lapor_core.workflow import ACTION_LABELS_ID, LABELS_ID, NotAllowed, Refusal, Status
from lapor_desk.errors import ValidationError

#: Indonesian names of the actions (lapor_core.workflow.ACTION_LABELS_ID)
ACTION_ID: dict[str, str] = dict(ACTION_LABELS_ID)
FIELD_NAMES = {
    "text": ("Teks", "Text"),
    "reason": ("Alasan", "Reason"),
    "note": ("Catatan", "Note"),
    "agency_code": ("OPD tujuan", "Target agency"),
    "suggested_agency_code": ("Saran OPD", "Suggested agency"),
    "title": ("Judul", "Title"),
    "classification": ("Klasifikasi", "Classification"),
    "category_code": ("Kategori", "Category"),
    "district_code": ("Distrik", "District"),
    "village": ("Kampung/kelurahan", "Village"),
    "duplicate_of": ("Laporan asli", "Original report"),
    "attachments": ("Lampiran", "Attachments"),
    "final": ("Tanda jawaban akhir", "Final flag"),
    "partner": ("Instansi tujuan", "Target instansi"),
    "reference": ("Nomor surat/rujukan", "Reference"),
}


def payload_error_message(exc: PayloadError) -> ValidationError:
    """An Indonesian sentence (English beside it) for a malformed payload."""
    label_id, label_en = FIELD_NAMES.get(exc.field or "", ("Isian", "Input"))
    text = str(exc)
    if exc.code == PayloadProblem.REQUIRED:
        return ValidationError(
            f"{label_id} wajib diisi.", detail_en=f"{label_en} is required.", field=exc.field
        )
    if exc.code == PayloadProblem.TOO_LONG:
        limit = exc.limit
        return ValidationError(
            f"{label_id} terlalu panjang (maksimal {limit} karakter).",
            detail_en=f"{label_en} is too long (at most {limit} characters).",
            field=exc.field,
        )
    return ValidationError(
        f"{label_id} tidak valid ({text}).",
        detail_en=f"{label_en} is not valid ({text}).",
        field=exc.field,
    )


def not_allowed_message(exc: NotAllowed, kind: str, status: str, role: str) -> ValidationError:
    what = ACTION_ID.get(kind, kind)
    if exc.reason == Refusal.ROLE:
        return ValidationError(
            f"Peran {role} tidak boleh melakukan '{what}'.",
            detail_en=f"The role {role} may not {kind}.",
            reason="role",
        )
    if exc.reason == Refusal.AGENCY:
        return ValidationError(
            "Laporan ini tidak berada di OPD Anda.",
            detail_en="This report is not at your agency.",
            reason="agency",
        )
    if exc.reason == Refusal.SAME_AGENCY:
        return ValidationError(
            "Laporan sudah berada di OPD tersebut.",
            detail_en="The report is already at that agency.",
            field="agency_code",
        )
    if exc.reason == Refusal.NO_AGENCY:
        return ValidationError(
            "Pilih OPD tujuan.", detail_en="Choose the target agency.", field="agency_code"
        )
    if exc.reason == Refusal.COORDINATOR_POSTPONED:
        return ValidationError(
            "Hanya koordinator yang dapat melanjutkan laporan ini.",
            detail_en="Only the coordinator can resume this report.",
            reason="status",
        )
    if exc.reason == Refusal.ALREADY_FORWARDED:
        return ValidationError(
            "Laporan ini sudah diteruskan ke instansi lain.",
            detail_en="This report was forwarded to another instansi already.",
            reason="already_forwarded",
        )
    if exc.reason == Refusal.NOT_FORWARDED:
        return ValidationError(
            "Laporan ini tidak diteruskan ke instansi lain; jawaban instansi tidak dapat dicatat.",
            detail_en="This report was not forwarded to another instansi; no answer to record.",
            reason="not_forwarded",
        )
    if kind == "forward":
        return ValidationError(
            "Laporan hanya dapat diteruskan ke instansi lain sebelum didisposisikan ke OPD.",
            detail_en="A report can be forwarded only before it is dispatched to an agency.",
            reason="not_forwardable",
        )
    label = LABELS_ID.get(Status(status), status) if status in Status else status
    return ValidationError(
        f"Tindakan '{what}' tidak dapat dilakukan saat laporan berstatus '{label}'.",
        detail_en=f"'{kind}' is not possible while the report is {status}.",
        reason="status",
    )
