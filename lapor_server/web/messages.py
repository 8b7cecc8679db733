"""Every text of Akai Meno, Indonesian first, English second: key -> (id, en).

Placeholders are `str.format` fields; both languages use the same ones (tested). Texts are
escaped by the templates like anything else.
"""

from __future__ import annotations

from lapor_server.web.messages_form import FORM
from lapor_server.web.messages_tracking import TRACKING
from lapor_server.web.public_messages import PUBLIC

CATALOGUE: dict[str, tuple[str, str]] = {
    # --- frame ---
    "site_name": ("Akai Meno", "Akai Meno"),
    "site_tagline": (
        "Layanan pengaduan warga Kabupaten Mimika (SP4N-LAPOR!)",
        "Citizens' complaint service of Kabupaten Mimika (SP4N-LAPOR!)",
    ),
    "skip": ("Langsung ke isi", "Skip to content"),
    "lang_switch": ("English", "Bahasa Indonesia"),
    "nav_label": ("Menu utama", "Main menu"),
    "nav_home": ("Beranda", "Home"),
    "nav_report": ("Buat laporan", "Make a report"),
    "nav_track": ("Lacak laporan", "Track a report"),
    "footer": (
        "Dikelola oleh Pemerintah Kabupaten Mimika. Laporan Anda diteruskan ke OPD yang "
        "berwenang melalui SP4N-LAPOR!.",
        "Run by the Government of Kabupaten Mimika. Your report goes to the responsible office "
        "through SP4N-LAPOR!.",
    ),
    # --- home ---
    "home_title": ("Lapor ke Pemerintah Kabupaten Mimika", "Report to the Mimika government"),
    "home_lead": (
        "Ada jalan rusak, lampu mati, pelayanan yang lambat, atau pungutan liar? "
        "Sampaikan di sini. "
        "Laporan Anda dibaca petugas, diteruskan ke dinas yang berwenang, dan dijawab.",
        "A broken road, a dead street light, slow service, or an illegal fee? Tell us here. "
        "Officers read your report, pass it to the office in charge, and answer it.",
    ),
    "no_fear": ("Tidak perlu takut melapor.", "You need not be afraid to report."),
    "home_what": ("Apa yang bisa dilaporkan", "What you can report"),
    "home_what_1": (
        "Pengaduan: pelayanan publik yang buruk, fasilitas rusak, petugas yang tidak melayani.",
        "A complaint: poor public service, broken facilities, staff who do not serve you.",
    ),
    "home_what_2": (
        "Aspirasi: usul atau saran untuk pelayanan yang lebih baik.",
        "An aspiration: a proposal or suggestion for better service.",
    ),
    "home_what_3": (
        "Permintaan informasi: pertanyaan tentang layanan pemerintah daerah.",
        "A request for information: a question about local government services.",
    ),
    "home_rights": ("Hak Anda sebagai pelapor", "Your rights as a reporter"),
    "home_rights_1": (
        "Laporan Anda dijawab dalam batas waktu layanan, dan Anda dapat melihat setiap jawaban.",
        "Your report is answered within the service time limit, and you can see every answer.",
    ),
    "home_rights_2": (
        "Anonim: nama dan kontak Anda tidak diperlihatkan kepada petugas mana pun maupun kepada "
        "publik.",
        "Anonymous: your name and contact details are shown to no officer and not to the public.",
    ),
    "home_rights_3": (
        "Rahasia: isi laporan Anda tidak pernah ditampilkan untuk umum.",
        "Secret: the content of your report is never shown publicly.",
    ),
    "home_rights_4": (
        "Anda dapat menanggapi jawaban dan menilai penyelesaiannya dengan kode tindak lanjut "
        "yang Anda terima.",
        "You can reply to the answer and rate how it was resolved, with the follow-up code you "
        "receive.",
    ),
    "home_how": ("Cara melapor", "How to report"),
    "home_how_1": (
        "Isi formulir: apa yang terjadi, di mana, dan kapan.",
        "Fill in the form: what happened, where and when.",
    ),
    "home_how_2": (
        "Catat nomor laporan dan kode tindak lanjut yang muncul setelah mengirim.",
        "Write down the report number and follow-up code shown after sending.",
    ),
    "home_how_3": (
        "Pantau jawaban di halaman Lacak laporan.",
        "Follow the answers on the Track a report page.",
    ),
    "cta_report": ("Buat laporan", "Make a report"),
    "cta_track": ("Lacak laporan", "Track a report"),
    # --- errors ---
    "error_title": ("Terjadi masalah", "Something went wrong"),
    "not_found_title": ("Halaman tidak ditemukan", "Page not found"),
    "not_found_text": (
        "Alamat ini tidak ada. Kembali ke beranda, atau periksa nomor laporan Anda.",
        "This address does not exist. Go back to the home page, or check your report number.",
    ),
    "back_home": ("Kembali ke beranda", "Back to the home page"),
}

# The texts of the form, the tracking page and the public view live beside them; one catalogue.
for _part in (FORM, TRACKING, PUBLIC):
    if _part.keys() & CATALOGUE.keys():  # one key, one text
        raise RuntimeError(f"duplicate message keys: {sorted(_part.keys() & CATALOGUE.keys())}")
    CATALOGUE.update(_part)
