"""Every text of Akai Meno, Indonesian first, English second: key -> (id, en).

Placeholders are `str.format` fields; both languages use the same ones (tested). Texts are
escaped by the templates like anything else.
"""

from __future__ import annotations

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
        "Anonim: nama dan kontak Anda tidak diperlihatkan kepada dinas yang menangani maupun "
        "kepada publik.",
        "Anonymous: your name and contact details are not shown to the office handling the "
        "report, nor to the public.",
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
    # --- report form ---
    "form_title": ("Buat laporan", "Make a report"),
    "form_intro": (
        "Isi yang Anda ketahui. Hanya uraian yang wajib; yang lain membantu petugas menemukan "
        "masalahnya lebih cepat.",
        "Fill in what you know. Only the description is required; the rest helps officers find "
        "the problem faster.",
    ),
    "required": ("(wajib)", "(required)"),
    "form_errors_title": ("Laporan belum terkirim", "Your report has not been sent yet"),
    "form_errors_kept": (
        "Isian Anda masih ada di bawah. Perbaiki yang ditandai, lalu tekan Kirim laporan lagi.",
        "What you wrote is still below. Correct what is marked, then press Send report again.",
    ),
    "form_kind": ("Jenis laporan", "Kind of report"),
    "kind_pengaduan": ("Pengaduan (keluhan)", "Complaint"),
    "kind_aspirasi": ("Aspirasi (usul atau saran)", "Aspiration (proposal or suggestion)"),
    "kind_permintaan_informasi": ("Permintaan informasi", "Request for information"),
    "form_body": ("Apa yang terjadi?", "What happened?"),
    "form_body_hint": (
        "Ceritakan masalahnya: apa, sejak kapan, siapa yang terdampak. Jangan tulis nama Anda "
        "di sini bila ingin anonim.",
        "Describe the problem: what, since when, who is affected. Do not write your name here if "
        "you want to stay anonymous.",
    ),
    "form_title_field": ("Judul singkat", "Short title"),
    "form_title_hint": (
        "Boleh dikosongkan; kami ambil dari kalimat pertama uraian.",
        "May be left empty; we take it from the first sentence of the description.",
    ),
    "form_category": ("Kategori", "Category"),
    "form_category_none": ("— Tidak tahu / lainnya —", "— Don't know / other —"),
    "form_date": ("Tanggal kejadian", "Date of the event"),
    "form_where": ("Lokasi", "Location"),
    "form_where_hint": (
        "Pilih distrik dan kampung, tulis alamat atau patokan, atau tandai di peta.",
        "Choose the distrik and kampung, type an address or landmark, or mark it on the map.",
    ),
    "form_district": ("Distrik", "Distrik (district)"),
    "form_district_none": ("— Pilih distrik —", "— Choose a distrik —"),
    "form_village": ("Kampung / kelurahan", "Kampung / kelurahan (village)"),
    "form_village_none": ("— Pilih kampung —", "— Choose a kampung —"),
    "form_address": ("Alamat atau patokan", "Address or landmark"),
    "form_address_hint": (
        "Contoh: Jl. Budi Utomo depan SD Inpres, atau dekat Pasar Sentral.",
        "For example: Jl. Budi Utomo in front of SD Inpres, or near the Central Market.",
    ),
    "form_map_hint": (
        "Atau sentuh peta untuk menandai tempatnya (tidak wajib).",
        "Or touch the map to mark the place (optional).",
    ),
    "form_map_label": ("Peta distrik Kabupaten Mimika", "Map of the distrik of Kabupaten Mimika"),
    "form_map_set": ("Lokasi ditandai di peta.", "Location marked on the map."),
    "form_map_clear": ("Hapus tanda", "Remove the mark"),
    "form_photos": ("Foto", "Photos"),
    "form_photos_label": ("Lampirkan foto (paling banyak {n})", "Attach photos (at most {n})"),
    "form_photos_hint": (
        "JPEG, PNG, WebP atau GIF. Foto yang memperlihatkan wajah atau KTP Anda dapat membuka "
        "identitas Anda.",
        "JPEG, PNG, WebP or GIF. A photo showing your face or ID card can reveal who you are.",
    ),
    "form_photos_resized": (
        "{n} foto diperkecil agar cepat terkirim.",
        "{n} photo(s) made smaller to send quickly.",
    ),
    "form_privacy": ("Kerahasiaan", "Privacy"),
    "form_anonim": ("Anonim — sembunyikan identitas saya", "Anonymous — hide who I am"),
    "form_anonim_hint": (
        "Nama dan kontak Anda tidak diperlihatkan kepada dinas yang menangani maupun kepada "
        "publik. Hanya koordinator pengaduan yang dapat melihatnya.",
        "Your name and contact details are not shown to the office handling the report, nor to "
        "the public. Only the complaints coordinators can see them.",
    ),
    "form_rahasia": (
        "Rahasia — jangan tampilkan laporan ini untuk umum",
        "Secret — never show this report publicly",
    ),
    "form_rahasia_hint": (
        "Isi laporan tidak pernah muncul di daftar atau peta publik. Tetap ditangani seperti "
        "laporan lain.",
        "The report never appears in the public list or map. It is handled like any other.",
    ),
    "form_contact": ("Kontak Anda (tidak wajib)", "Your contact details (optional)"),
    "form_contact_hint": (
        "Agar petugas dapat bertanya bila perlu. Bila Anda memberi e-mail, setiap jawaban juga "
        "dikirim ke sana.",
        "So officers can ask you if needed. If you give an e-mail address, every answer is also "
        "sent there.",
    ),
    "form_name": ("Nama", "Name"),
    "form_phone": ("Nomor HP", "Mobile number"),
    "form_email": ("E-mail", "E-mail"),
    "form_email_hint": ("Untuk menerima jawaban.", "To receive the answers."),
    "form_honeypot": ("Jangan isi kolom ini", "Leave this field empty"),
    "form_human": ("Pertanyaan pengaman", "Safety question"),
    "form_human_q": (
        "Untuk memastikan Anda bukan robot: berapa {a} tambah {b}? Tulis angkanya.",
        "To make sure you are not a robot: what is {a} plus {b}? Write the number.",
    ),
    "form_send": ("Kirim laporan", "Send report"),
    "form_sending": ("Mengirim… jangan tutup halaman ini.", "Sending… do not close this page."),
    "back_to_form": ("Kembali ke formulir", "Back to the form"),
    # --- form errors ---
    "err_body_required": (
        "Tuliskan apa yang terjadi (uraian wajib diisi).",
        "Describe what happened (the description is required).",
    ),
    "err_too_long": (
        "Isian ini terlalu panjang; persingkat.",
        "This entry is too long; shorten it.",
    ),
    "err_control": (
        "Isian memuat karakter yang tidak dapat disimpan; ketik ulang bagian itu.",
        "An entry contains characters that cannot be stored; type that part again.",
    ),
    "err_choice": ("Pilih salah satu dari daftar.", "Choose one from the list."),
    "err_village": (
        "Kampung ini tidak ada di distrik yang dipilih; pilih kampung dari distrik itu.",
        "This kampung is not in the chosen distrik; choose a kampung of that distrik.",
    ),
    "err_village_needs_district": (
        "Pilih juga distriknya.",
        "Choose its distrik too.",
    ),
    "err_date": (
        "Tanggal tidak dikenali; pilih dari kalender.",
        "Date not recognised; pick it from the calendar.",
    ),
    "err_date_future": (
        "Tanggal kejadian tidak boleh di masa depan.",
        "The date of the event cannot be in the future.",
    ),
    "err_date_old": (
        "Tanggal kejadian terlalu lama; periksa tahunnya.",
        "The date of the event is too long ago; check the year.",
    ),
    "err_pin": (
        "Tanda di peta tidak terbaca; tandai ulang atau tulis alamatnya.",
        "The map mark could not be read; mark it again or type the address.",
    ),
    "err_phone": (
        "Nomor HP hanya boleh berisi angka, spasi, +, - dan tanda kurung.",
        "A mobile number may contain only digits, spaces, +, - and brackets.",
    ),
    "err_email": (
        "Alamat e-mail tidak lengkap; contoh: nama@contoh.id.",
        "The e-mail address is incomplete; for example: name@example.org.",
    ),
    "err_answer": (
        "Jawaban pertanyaan pengaman belum benar; hitung lagi dan tulis angkanya.",
        "The answer to the safety question is not right; count again and write the number.",
    ),
    "err_photo_count": ("Paling banyak 5 foto.", "At most 5 photos."),
    "err_photo_type": (
        "Foto ke-{n} bukan gambar JPEG, PNG, WebP atau GIF; pilih foto lain.",
        "Photo {n} is not a JPEG, PNG, WebP or GIF image; choose another one.",
    ),
    "err_photo_size": (
        "Foto ke-{n} terlalu besar; pilih foto yang lebih kecil.",
        "Photo {n} is too large; choose a smaller one.",
    ),
    "err_photo_empty": ("Foto ke-{n} kosong; pilih lagi.", "Photo {n} is empty; choose it again."),
    "err_photo_quota": (
        "Foto tidak dapat diterima hari ini (batas harian tercapai). Kirim laporan tanpa foto; "
        "foto dapat ditambahkan besok di halaman Lacak laporan.",
        "Photos cannot be accepted today (the daily limit is reached). Send the report without "
        "photos; you can add them tomorrow on the Track a report page.",
    ),
    "err_photo_again": (
        "Pilih foto Anda sekali lagi (foto tidak dapat disimpan di formulir).",
        "Choose your photos once more (a form cannot keep photos).",
    ),
    "err_csrf": (
        "Formulir ini sudah kedaluwarsa. Isian Anda masih ada; tekan Kirim laporan sekali lagi.",
        "This form has expired. What you wrote is still here; press Send report once more.",
    ),
    "err_robot": (
        "Laporan belum dapat diterima. Periksa isian Anda, tunggu sebentar, lalu tekan Kirim "
        "laporan lagi.",
        "The report cannot be accepted yet. Check what you wrote, wait a moment, then press Send "
        "report again.",
    ),
    "err_rate": (
        "Terlalu banyak kiriman dari jaringan Anda. Isian Anda masih ada; coba lagi dalam "
        "{minutes} menit.",
        "Too many submissions from your network. What you wrote is still here; try again in "
        "{minutes} minutes.",
    ),
    "err_intake": (
        "Laporan belum dapat disimpan. Isian Anda masih ada; coba kirim lagi sebentar lagi.",
        "The report could not be stored. What you wrote is still here; try sending again soon.",
    ),
    "err_offline": (
        "Koneksi terputus. Isian dan foto Anda masih ada; tekan Kirim laporan lagi saat sinyal "
        "kembali. Laporan tidak akan terkirim dua kali.",
        "The connection dropped. Your text and photos are still here; press Send report again "
        "when the signal is back. The report will not be sent twice.",
    ),
    # --- confirmation ---
    "done_title": ("Laporan terkirim. Terima kasih.", "Report sent. Thank you."),
    "done_tracking": ("Nomor laporan:", "Report number:"),
    "done_code": ("Kode tindak lanjut (rahasia):", "Follow-up code (private):"),
    "done_write_down": (
        "Catat atau foto kedua kode ini sekarang.",
        "Write down or take a photo of both codes now.",
    ),
    "done_code_use": (
        "Dengan nomor laporan siapa pun dapat melihat status laporan yang tidak rahasia. Dengan "
        "kode tindak lanjut hanya Anda yang dapat membaca jawaban lengkap, menanggapi, menambah "
        "foto, dan menilai jawaban.",
        "With the report number anyone can see the status of a report that is not secret. With "
        "the follow-up code only you can read the full answers, reply, add photos and rate the "
        "answer.",
    ),
    "done_code_once": (
        "Kode ini hanya ditampilkan sekali dan tidak dapat dipulihkan. Jangan bagikan kepada "
        "siapa pun.",
        "This code is shown only once and cannot be recovered. Do not share it with anyone.",
    ),
    "done_email": (
        "Jawaban juga akan dikirim ke e-mail Anda.",
        "Answers will also be sent to your e-mail.",
    ),
    "done_anonymous": (
        "Laporan Anda anonim: dinas yang menangani tidak melihat nama dan kontak Anda.",
        "Your report is anonymous: the office handling it does not see your name or contact "
        "details.",
    ),
    "done_secret": (
        "Laporan Anda rahasia: tidak pernah ditampilkan untuk umum.",
        "Your report is secret: it is never shown publicly.",
    ),
    "done_track": ("Lihat laporan saya", "See my report"),
    # --- tracking ---
    "track_title": ("Lacak laporan", "Track a report"),
    "track_intro": (
        "Masukkan nomor laporan (contoh: MMK-2026-000123) untuk melihat statusnya.",
        "Enter the report number (for example: MMK-2026-000123) to see its status.",
    ),
    "track_number": ("Nomor laporan", "Report number"),
    "track_number_hint": (
        "Tertera di halaman setelah Anda mengirim laporan, dan di e-mail kami.",
        "Shown on the page after you sent the report, and in our e-mails.",
    ),
    "track_go": ("Lihat", "Show"),
    "err_tracking_id": (
        "Nomor laporan tidak dikenali. Periksa penulisannya, misalnya MMK-2026-000123.",
        "Report number not recognised. Check how it is written, for example MMK-2026-000123.",
    ),
    "track_report": ("Laporan {tid}", "Report {tid}"),
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
        "Kode yang dimulai dengan rpt_ yang Anda catat saat mengirim laporan.",
        "The code starting with rpt_ that you wrote down when you sent the report.",
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
    # --- errors ---
    "error_title": ("Terjadi masalah", "Something went wrong"),
    "not_found_title": ("Halaman tidak ditemukan", "Page not found"),
    "not_found_text": (
        "Alamat ini tidak ada. Kembali ke beranda, atau periksa nomor laporan Anda.",
        "This address does not exist. Go back to the home page, or check your report number.",
    ),
    "back_home": ("Kembali ke beranda", "Back to the home page"),
}

# The public view's texts (lapor_server/web/public.py) live beside it; one catalogue for all.
CATALOGUE.update(PUBLIC)
