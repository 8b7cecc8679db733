"""Texts of the public view (`/publik`), Indonesian first, English second: key -> (id, en).

Joined into `messages.CATALOGUE`, so the same rules and tests apply (every key in both languages,
the same placeholders).
"""

from __future__ import annotations

from lapor_core.workflow import Status

PUBLIC: dict[str, tuple[str, str]] = {
    "nav_public": ("Laporan publik", "Public reports"),
    "pub_title": ("Laporan warga dan tindak lanjutnya", "Citizens' reports and their follow-up"),
    "pub_lead": (
        "Semua laporan yang sudah diverifikasi dan tidak rahasia, dengan statusnya. Nama dan "
        "kontak pelapor tidak pernah ditampilkan.",
        "Every verified report that is not secret, with its status. Reporters' names and "
        "contacts are never shown.",
    ),
    "pub_filters": ("Saring laporan", "Filter reports"),
    "pub_status": ("Status", "Status"),
    "pub_category": ("Kategori", "Category"),
    "pub_district": ("Distrik", "District"),
    "pub_all": ("Semua", "All"),
    "pub_open": ("Masih ditangani", "Still being handled"),
    "pub_closed": ("Selesai atau diarsipkan", "Completed or archived"),
    "pub_apply": ("Terapkan", "Apply"),
    "pub_reset": ("Hapus saringan", "Clear filters"),
    "pub_map": ("Peta laporan per distrik", "Map of reports per district"),
    "pub_map_hint": (
        "Warna lebih gelap berarti lebih banyak laporan. Pilih distrik untuk menyaring daftar; "
        "angkanya ada di tabel di bawah peta (buka untuk melihat).",
        "A darker colour means more reports. Choose a district to filter the list; the figures "
        "are in the table below the map (open it to see them).",
    ),
    "pub_legend": ("Jumlah laporan", "Number of reports"),
    "pub_counts": ("Jumlah laporan per distrik", "Reports per district"),
    "pub_count_col": ("Laporan", "Reports"),
    "pub_total": ("Jumlah", "Total"),
    "pub_no_district": ("Distrik tidak disebut", "No district given"),
    "pub_reports_in": ("{name}: {n} laporan", "{name}: {n} reports"),
    "pub_list": ("Daftar laporan", "List of reports"),
    "pub_found": ("{n} laporan ditemukan.", "{n} reports found."),
    "pub_none": (
        "Belum ada laporan publik yang sesuai dengan saringan ini.",
        "No public report matches these filters yet.",
    ),
    "pub_submitted": ("Dilaporkan", "Reported"),
    "pub_updated": ("Terakhir berubah", "Last change"),
    "pub_agency": ("Ditangani oleh", "Handled by"),
    "pub_answer": ("Tanggapan terakhir", "Latest answer"),
    "pub_where": ("Lokasi", "Location"),
    "pub_follow": ("Lihat percakapan", "See the conversation"),
    "pub_pages": ("Halaman", "Pages"),
    "pub_page_of": ("Halaman {page} dari {pages}", "Page {page} of {pages}"),
    "pub_prev": ("Sebelumnya", "Previous"),
    "pub_next": ("Berikutnya", "Next"),
    "pub_privacy": (
        "Laporan rahasia tidak pernah tampil di sini. Data yang sama tersedia untuk aplikasi lain "
        "melalui Open311 (/open311/v2).",
        "Secret reports never appear here. The same data is open to other applications through "
        "Open311 (/open311/v2).",
    ),
}

#: English names of the workflow stages (the Indonesian ones are `workflow.LABELS_ID`)
STATUS_EN: dict[Status, str] = {
    Status.UNVERIFIED: "Not yet verified",
    Status.VERIFIED: "Not yet dispatched",
    Status.DISPATCHED: "Not yet acted on",
    Status.IN_PROGRESS: "In progress",
    Status.POSTPONED: "Postponed",
    Status.COMPLETED: "Completed",
    Status.ARCHIVED: "Archived",
}
