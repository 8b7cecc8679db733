"""Texts of the report form and its confirmation (`report_form.py`): key -> (id, en).

Joined into `messages.CATALOGUE` (every key in both languages, the same placeholders; tested).
"""

from __future__ import annotations

FORM: dict[str, tuple[str, str]] = {
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
        "Nama dan kontak Anda tidak diperlihatkan kepada petugas mana pun maupun kepada publik. "
        "Server hanya menyimpannya untuk mengirim jawaban ke e-mail Anda.",
        "Your name and contact details are shown to no officer and not to the public. The "
        "server keeps them only to send the answers to your e-mail.",
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
    "form_waiting_photos": (
        "Menunggu foto diperkecil… laporan dikirim sesudahnya. Jangan tutup halaman ini.",
        "Waiting for the photos to be made smaller… the report is sent right after. Do not "
        "close this page.",
    ),
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
    "err_photo_budget": (
        "Terlalu banyak foto dari jaringan Anda dalam satu jam. Kirim laporan tanpa foto; foto "
        "dapat ditambahkan nanti di halaman Lacak laporan.",
        "Too many photos from your network within an hour. Send the report without photos; you "
        "can add them later on the Track a report page.",
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
    "err_rate_back": (
        "Terlalu banyak kiriman dari jaringan Anda. Tekan tombol Kembali di peramban (isian Anda "
        "masih ada di sana) dan kirim lagi dalam {minutes} menit.",
        "Too many submissions from your network. Press the browser's Back button (what you "
        "wrote is still there) and send again in {minutes} minutes.",
    ),
    "err_unreadable": (
        "Kiriman tidak terbaca (mungkin terlalu banyak berkas). Tekan tombol Kembali di peramban: "
        "isian Anda masih ada; pilih paling banyak 5 foto, lalu kirim lagi.",
        "The submission could not be read (perhaps too many files). Press the browser's Back "
        "button: what you wrote is still there; choose at most 5 photos, then send again.",
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
        "Laporan Anda anonim: tidak ada petugas yang melihat nama dan kontak Anda.",
        "Your report is anonymous: no officer sees your name or contact details.",
    ),
    "done_secret": (
        "Laporan Anda rahasia: tidak pernah ditampilkan untuk umum.",
        "Your report is secret: it is never shown publicly.",
    ),
    "done_track": ("Lihat laporan saya", "See my report"),
}
