"""Texts of the tracking page (`tracking.py`): key -> (id, en).

Joined into `messages.CATALOGUE` (every key in both languages, the same placeholders; tested).
"""

from __future__ import annotations

TRACKING: dict[str, tuple[str, str]] = {
    # --- tracking ---
    "track_title": ("Lacak laporan", "Track a report"),
    "track_intro": (
        "Masukkan nomor laporan (contoh: MMK-2612-AB3CD) untuk melihat statusnya.",
        "Enter the report number (for example: MMK-2612-AB3CD) to see its status.",
    ),
    "track_number": ("Nomor laporan", "Report number"),
    "track_number_hint": (
        "Tertera di halaman setelah Anda mengirim laporan, dan di e-mail kami.",
        "Shown on the page after you sent the report, and in our e-mails.",
    ),
    "track_go": ("Lihat", "Show"),
    "err_tracking_id": (
        "Nomor laporan tidak dikenali. Periksa penulisannya, misalnya MMK-2612-AB3CD.",
        "Report number not recognised. Check how it is written, for example MMK-2612-AB3CD.",
    ),
    "track_report": ("Laporan {tid}", "Report {tid}"),
    "track_report_h": ("Laporan", "Report"),
    "track_status": ("Status", "Status"),
    "track_submitted": ("Dikirim", "Sent"),
    "track_category": ("Kategori", "Category"),
    "track_agency": ("Ditangani oleh", "Handled by"),
    "track_place": ("Lokasi", "Location"),
    "track_description": ("Uraian", "Description"),
    "track_conversation": ("Perkembangan dan jawaban", "Progress and answers"),
    "track_not_public": (
        "Laporan ini tidak ditemukan atau tidak ditampilkan untuk umum. Bila ini laporan Anda, "
        "masukkan kode tindak lanjut di bawah.",
        "This report was not found or is not shown publicly. If it is your report, enter the "
        "follow-up code below.",
    ),
    "track_mine": ("Ini laporan saya", "This is my report"),
    "track_code": ("Kode tindak lanjut", "Follow-up code"),
    "track_code_hint": (
        "Kode yang dimulai dengan rpt_ yang Anda catat saat mengirim laporan (juga tertulis di "
        "e-mail jawaban kami, bila Anda memberi alamat e-mail).",
        "The code starting with rpt_ that you wrote down when you sent the report (also in our "
        "answer e-mails, if you gave an e-mail address).",
    ),
    "track_open": ("Buka laporan saya", "Open my report"),
    "err_code": (
        "Nomor laporan atau kode tindak lanjut tidak cocok. Periksa kode yang Anda catat (huruf "
        "besar dan kecil berbeda).",
        "The report number or follow-up code does not match. Check the code you wrote down "
        "(upper and lower case differ).",
    ),
    "track_rating_entry": ("Nilai {score} dari 5", "Rated {score} out of 5"),
    "track_rate": ("Nilai jawaban akhir", "Rate the final answer"),
    "track_rate_q": (
        "Seberapa puas Anda dengan penyelesaiannya?",
        "How satisfied are you with how it was resolved?",
    ),
    "score_1": ("1 — sangat tidak puas", "1 — very dissatisfied"),
    "score_2": ("2 — tidak puas", "2 — dissatisfied"),
    "score_3": ("3 — biasa saja", "3 — neutral"),
    "score_4": ("4 — puas", "4 — satisfied"),
    "score_5": ("5 — sangat puas", "5 — very satisfied"),
    "track_rate_comment": ("Komentar (tidak wajib)", "Comment (optional)"),
    "track_rate_comment_hint": (
        "Nilai 1 atau 2 dengan komentar membuka kembali laporan dalam masa tanggapan.",
        "A rating of 1 or 2 with a comment re-opens the report within the reply period.",
    ),
    "track_rate_send": ("Kirim penilaian", "Send rating"),
    "track_reply": ("Tanggapi atau tambah foto", "Reply or add photos"),
    "track_reply_text": ("Tanggapan Anda", "Your reply"),
    "track_reply_hint": (
        "Bila masalahnya belum selesai, tulis di sini: laporan dibuka kembali untuk petugas.",
        "If the problem is not solved, write it here: the report is opened again for the officers.",
    ),
    "track_reply_send": ("Kirim tanggapan", "Send reply"),
    "track_no_reply": (
        "Laporan ini sudah ditutup dan tidak menerima tanggapan lagi. Bila masalahnya muncul "
        "lagi, buat laporan baru.",
        "This report is closed and takes no more replies. If the problem comes back, make a new "
        "report.",
    ),
    "done_reply": (
        "Tanggapan Anda sudah kami terima dan diteruskan ke petugas.",
        "We received your reply and passed it to the officers.",
    ),
    "done_rating": (
        "Terima kasih, penilaian Anda sudah kami terima.",
        "Thank you, we received your rating.",
    ),
    "err_reply_empty": (
        "Tulis tanggapan atau pilih foto terlebih dahulu.",
        "Write a reply or choose a photo first.",
    ),
    "err_reply_closed": (
        "Masa tanggapan sudah lewat dan laporan sudah ditutup; buat laporan baru bila masalahnya "
        "belum selesai.",
        "The reply period is over and the report is closed; make a new report if the problem is "
        "not solved.",
    ),
    "err_reply_archived": (
        "Laporan ini sudah diarsipkan sehingga tanggapan tidak dapat diterima.",
        "This report has been archived, so replies cannot be accepted.",
    ),
    "err_reply_refused": (
        "Tanggapan belum dapat diterima. Tulisan Anda masih ada; coba lagi sebentar lagi.",
        "The reply could not be accepted. What you wrote is still here; try again soon.",
    ),
    "err_rate_not_final": (
        "Penilaian dapat diberikan setelah laporan mendapat jawaban akhir.",
        "A rating can be given once the report has its final answer.",
    ),
    "err_rate_done": (
        "Jawaban akhir ini sudah Anda nilai.",
        "You have already rated this final answer.",
    ),
    "err_rate_score": ("Pilih nilai 1 sampai 5.", "Choose a rating from 1 to 5."),
    "err_rate_track": (
        "Terlalu banyak kiriman; tulisan Anda masih ada. Coba lagi dalam {minutes} menit.",
        "Too many submissions; what you wrote is still here. Try again in {minutes} minutes.",
    ),
    "err_csrf_track": (
        "Halaman ini sudah kedaluwarsa. Tulisan Anda masih ada; tekan tombolnya sekali lagi.",
        "This page has expired. What you wrote is still here; press the button once more.",
    ),
}
