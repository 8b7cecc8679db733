<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id" sourcelanguage="en">
<context>
    <name>About</name>
    <message>
        <source>Offline-first back office for handling SP4N-LAPOR! complaints, built for the Pemerintah Kabupaten Mimika.</source>
        <translation>Aplikasi kantor untuk menangani pengaduan SP4N-LAPOR!, tetap bekerja tanpa koneksi, dibuat untuk Pemerintah Kabupaten Mimika.</translation>
    </message>
    <message>
        <source>Credits</source>
        <translation>Terima kasih kepada</translation>
    </message>
    <message>
        <source>District boundaries: Badan Informasi Geospasial (BIG), via Zxce3/papua-geojson-collections.</source>
        <translation>Batas distrik: Badan Informasi Geospasial (BIG), melalui Zxce3/papua-geojson-collections.</translation>
    </message>
    <message>
        <source>Regency/city boundaries of the national map: cahyadsn/wilayah_boundaries (Kepmendagri 300.2.2-2430/2025), MIT licence, copyright 2024 Cahya DSN, simplified.</source>
        <translation>Batas kabupaten/kota pada peta nasional: cahyadsn/wilayah_boundaries (Kepmendagri 300.2.2-2430/2025), lisensi MIT, hak cipta 2024 Cahya DSN, disederhanakan.</translation>
    </message>
    <message>
        <source>Working days: the holidays package (Indonesian public holidays).</source>
        <translation>Hari kerja: paket holidays (hari libur nasional Indonesia).</translation>
    </message>
    <message>
        <source>Built with Qt %1 and PySide6 (LGPL).</source>
        <translation>Dibuat dengan Qt %1 dan PySide6 (LGPL).</translation>
    </message>
    <message>
        <source>Log file: %1</source>
        <translation>Berkas log: %1</translation>
    </message>
    <message>
        <source>About LAPOR Desk</source>
        <translation>Tentang LAPOR Desk</translation>
    </message>
</context>
<context>
    <name>AccountDialog</name>
    <message>
        <source>New account</source>
        <translation>Akun baru</translation>
    </message>
    <message>
        <source>Edit account</source>
        <translation>Ubah akun</translation>
    </message>
    <message>
        <source>e.g. budi.pupr</source>
        <translation>mis. budi.pupr</translation>
    </message>
    <message>
        <source>optional; digests go there</source>
        <translation>opsional; ringkasan harian dikirim ke sini</translation>
    </message>
    <message>
        <source>(no OPD)</source>
        <translation>(tanpa OPD)</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>Nama pengguna</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>Nama tampilan</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Peran</translation>
    </message>
    <message>
        <source>OPD (officers only)</source>
        <translation>OPD (khusus petugas)</translation>
    </message>
</context>
<context>
    <name>AccountsTab</name>
    <message>
        <source>Search name, username or e-mail</source>
        <translation>Cari nama, nama pengguna atau e-mail</translation>
    </message>
    <message>
        <source>All roles</source>
        <translation>Semua peran</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Muat ulang</translation>
    </message>
    <message>
        <source>New account…</source>
        <translation>Akun baru…</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>Nama pengguna</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nama</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Peran</translation>
    </message>
    <message>
        <source>OPD</source>
        <translation>OPD</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>Perangkat</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>Terakhir aktif</translation>
    </message>
    <message>
        <source>Role, OPD, e-mail…</source>
        <translation>Peran, OPD, e-mail…</translation>
    </message>
    <message>
        <source>Disable</source>
        <translation>Nonaktifkan</translation>
    </message>
    <message>
        <source>Reset password</source>
        <translation>Atur ulang kata sandi</translation>
    </message>
    <message>
        <source>Revoke device</source>
        <translation>Cabut perangkat</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Perangkat</translation>
    </message>
    <message>
        <source>Desk version</source>
        <translation>Versi desk</translation>
    </message>
    <message>
        <source>Signed in</source>
        <translation>Masuk</translation>
    </message>
    <message>
        <source>Revoked</source>
        <translation>Dicabut</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>nonaktif</translation>
    </message>
    <message>
        <source>active</source>
        <translation>aktif</translation>
    </message>
    <message>
        <source>Enable</source>
        <translation>Aktifkan</translation>
    </message>
    <message>
        <source>Account %1 will be created; its one-time password appears under Pending changes after the sync.</source>
        <translation>Akun %1 akan dibuat; kata sandi sekali pakainya muncul di Perubahan tertunda setelah sinkronisasi.</translation>
    </message>
    <message>
        <source>Change saved.</source>
        <translation>Perubahan disimpan.</translation>
    </message>
    <message>
        <source>Disable account</source>
        <translation>Nonaktifkan akun</translation>
    </message>
    <message>
        <source>Disable %1? Every device of the account is signed out.</source>
        <translation>Nonaktifkan %1? Semua perangkat akun ini akan dikeluarkan.</translation>
    </message>
    <message>
        <source>Give %1 a new one-time password? Every device of the account must sign in again.</source>
        <translation>Beri %1 kata sandi sekali pakai yang baru? Semua perangkat akun ini harus masuk lagi.</translation>
    </message>
    <message>
        <source>The new password appears under Pending changes after the sync.</source>
        <translation>Kata sandi baru muncul di Perubahan tertunda setelah sinkronisasi.</translation>
    </message>
    <message>
        <source>Choose a device that is still signed in.</source>
        <translation>Pilih perangkat yang masih masuk.</translation>
    </message>
    <message>
        <source>Device %1 will be signed out.</source>
        <translation>Perangkat %1 akan dikeluarkan.</translation>
    </message>
</context>
<context>
    <name>AdminPane</name>
    <message>
        <source>Accounts</source>
        <extracomment>an admin change was queued: the window may start a sync</extracomment>
        <translation>Akun</translation>
    </message>
    <message>
        <source>OPDs and categories</source>
        <translation>OPD dan kategori</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <source>Calendar</source>
        <translation>Kalender</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>Log audit</translation>
    </message>
    <message>
        <source>Pending changes</source>
        <translation>Perubahan tertunda</translation>
    </message>
</context>
<context>
    <name>AdminTab</name>
    <message>
        <source>Queued: it is sent with the next sync.</source>
        <extracomment>a change was queued (the pane refreshes its pending list and asks for a sync)</extracomment>
        <translation>Masuk antrean: dikirim pada sinkronisasi berikutnya.</translation>
    </message>
</context>
<context>
    <name>AgencyChoice</name>
    <message>
        <source>suggested by %1</source>
        <translation>usulan %1</translation>
    </message>
    <message>
        <source>suggested</source>
        <translation>disarankan</translation>
    </message>
    <message numerus="yes">
        <source>%n earlier report(s)</source>
        <translation>
            <numerusform>%n laporan sebelumnya</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AgencyDialog</name>
    <message>
        <source>OPD</source>
        <translation>OPD</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Kode</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nama</translation>
    </message>
    <message>
        <source>Contact person</source>
        <translation>Narahubung</translation>
    </message>
    <message>
        <source>Contact e-mail</source>
        <translation>E-mail narahubung</translation>
    </message>
    <message>
        <source>Contact phone</source>
        <translation>Telepon narahubung</translation>
    </message>
</context>
<context>
    <name>ArchiveDialog</name>
    <message>
        <source>Archive report</source>
        <translation>Arsipkan laporan</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Alasan</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Catatan</translation>
    </message>
    <message>
        <source>Archive</source>
        <translation>Arsipkan</translation>
    </message>
</context>
<context>
    <name>AttachmentStrip</name>
    <message>
        <source>Attachments</source>
        <translation>Lampiran</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Pratinjau</translation>
    </message>
    <message>
        <source>Preview only. Double-click to download the full photo (%1).</source>
        <translation>Baru pratinjau. Klik dua kali untuk mengunduh foto lengkap (%1).</translation>
    </message>
    <message>
        <source>On this computer. Double-click to open.</source>
        <translation>Ada di komputer ini. Klik dua kali untuk membuka.</translation>
    </message>
    <message>
        <source>Double-click to download and open (%1).</source>
        <translation>Klik dua kali untuk mengunduh dan membuka (%1).</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>Membuka %1…</translation>
    </message>
    <message>
        <source>Downloading %1 (%2)…</source>
        <translation>Mengunduh %1 (%2)…</translation>
    </message>
    <message>
        <source>LAPOR Desk</source>
        <translation>LAPOR Desk</translation>
    </message>
    <message>
        <source>“%1” cannot be downloaded now: the server cannot be reached.</source>
        <translation>“%1” belum dapat diunduh: server tidak dapat dihubungi.</translation>
    </message>
    <message>
        <source>This is the preview kept on this computer. Open the photo again when the connection is back: the download continues where it stopped.</source>
        <translation>Ini pratinjau yang tersimpan di komputer ini. Buka foto lagi saat koneksi kembali: unduhan dilanjutkan dari bagian yang terhenti.</translation>
    </message>
    <message>
        <source>Open the file again when the connection is back: the download continues where it stopped. Your work on this computer is kept.</source>
        <translation>Buka berkas lagi saat koneksi kembali: unduhan dilanjutkan dari bagian yang terhenti. Pekerjaan Anda di komputer ini tetap tersimpan.</translation>
    </message>
</context>
<context>
    <name>AuditTab</name>
    <message>
        <source>Account (username)</source>
        <extracomment>entries per page (the server allows up to 1000)</extracomment>
        <translation>Akun (nama pengguna)</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>Semua jenis</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Tampilkan</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Ekspor CSV…</translation>
    </message>
    <message>
        <source>from</source>
        <translation>dari</translation>
    </message>
    <message>
        <source>to</source>
        <translation>sampai</translation>
    </message>
    <message>
        <source>Time (WIT)</source>
        <translation>Waktu (WIT)</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Jenis</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Hasil</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Oleh</translation>
    </message>
    <message>
        <source>Concerning</source>
        <translation>Mengenai</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Alamat</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Perangkat</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Rincian</translation>
    </message>
    <message>
        <source>Load older entries</source>
        <translation>Muat entri yang lebih lama</translation>
    </message>
    <message>
        <source>done</source>
        <translation>berhasil</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>gagal</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>ditolak</translation>
    </message>
    <message numerus="yes">
        <source>%n entries</source>
        <translation>
            <numerusform>%n entri</numerusform>
        </translation>
    </message>
    <message>
        <source>Export audit log</source>
        <translation>Ekspor log audit</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Berkas CSV (*.csv)</translation>
    </message>
    <message numerus="yes">
        <source>%n entries exported.</source>
        <translation>
            <numerusform>%n entri diekspor.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CalendarTab</name>
    <message>
        <source>Date</source>
        <translation>Tanggal</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nama</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Jenis</translation>
    </message>
    <message>
        <source>e.g. Cuti bersama Natal</source>
        <translation>mis. Cuti bersama Natal</translation>
    </message>
    <message>
        <source>extra working day</source>
        <translation>hari kerja tambahan</translation>
    </message>
    <message>
        <source>Save day</source>
        <translation>Simpan hari</translation>
    </message>
    <message>
        <source>Remove day</source>
        <translation>Hapus hari</translation>
    </message>
    <message>
        <source>working day</source>
        <translation>hari kerja</translation>
    </message>
    <message>
        <source>non-working day</source>
        <translation>hari libur</translation>
    </message>
    <message>
        <source>Day saved; open deadlines move after the sync.</source>
        <translation>Hari disimpan; tenggat laporan terbuka bergeser setelah sinkronisasi.</translation>
    </message>
    <message>
        <source>Day removed; deadlines move back after the sync.</source>
        <translation>Hari dihapus; tenggat kembali setelah sinkronisasi.</translation>
    </message>
</context>
<context>
    <name>CategoryDialog</name>
    <message>
        <source>Category</source>
        <translation>Kategori</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(tidak ada)</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Kode</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nama</translation>
    </message>
    <message>
        <source>Default OPD</source>
        <translation>OPD bawaan</translation>
    </message>
</context>
<context>
    <name>ChannelsTab</name>
    <message>
        <source>Channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Kunci</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Dibuat</translation>
    </message>
    <message>
        <source>Revoked</source>
        <translation>Dicabut</translation>
    </message>
    <message>
        <source>Webhook</source>
        <translation>Webhook</translation>
    </message>
    <message>
        <source>New key…</source>
        <translation>Kunci baru…</translation>
    </message>
    <message>
        <source>Revoke key</source>
        <translation>Cabut kunci</translation>
    </message>
    <message>
        <source>Rotate webhook secret</source>
        <translation>Ganti rahasia webhook</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Muat ulang</translation>
    </message>
    <message>
        <source>Failed deliveries (webhook and e-mail)</source>
        <translation>Pengiriman gagal (webhook dan e-mail)</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>Id</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Jenis</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>Laporan</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Percobaan</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Kesalahan terakhir</translation>
    </message>
    <message>
        <source>Retry delivery</source>
        <translation>Kirim ulang</translation>
    </message>
    <message>
        <source>New channel key</source>
        <translation>Kunci kanal baru</translation>
    </message>
    <message>
        <source>Channel name</source>
        <translation>Nama kanal</translation>
    </message>
    <message>
        <source>The key appears once under Pending changes after the sync.</source>
        <translation>Kunci muncul sekali di Perubahan tertunda setelah sinkronisasi.</translation>
    </message>
    <message>
        <source>Choose a key that is not revoked.</source>
        <translation>Pilih kunci yang belum dicabut.</translation>
    </message>
    <message>
        <source>Key revoked.</source>
        <translation>Kunci dicabut.</translation>
    </message>
    <message>
        <source>Choose a channel.</source>
        <translation>Pilih kanal.</translation>
    </message>
    <message>
        <source>The new secret appears once under Pending changes after the sync; the old one signs 24 hours more.</source>
        <translation>Rahasia baru muncul sekali di Perubahan tertunda setelah sinkronisasi; yang lama masih menandatangani 24 jam lagi.</translation>
    </message>
    <message>
        <source>Delivery will be retried.</source>
        <translation>Pengiriman akan diulang.</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <source>Report changed</source>
        <translation>Laporan berubah</translation>
    </message>
    <message>
        <source>This report changed since you started writing (version %1 → %2). Send anyway?</source>
        <translation>Laporan ini berubah sejak Anda mulai menulis (versi %1 → %2). Tetap kirim?</translation>
    </message>
    <message>
        <source>Your text stays in the composer whichever you choose.</source>
        <translation>Teks Anda tetap ada di kotak tulis, apa pun pilihan Anda.</translation>
    </message>
    <message>
        <source>Send anyway</source>
        <translation>Tetap kirim</translation>
    </message>
    <message>
        <source>Review first</source>
        <translation>Tinjau dulu</translation>
    </message>
    <message>
        <source>Public response</source>
        <extracomment>Milliseconds of quiet typing after which the draft is written. the report version when the officer started writing the public answer (None: not yet) the timeline entries the report had then the newest version the presence heartbeat reported for the open report set when the open report left the desk: the sentence saying so (read-only then)</extracomment>
        <translation>Tanggapan publik</translation>
    </message>
    <message>
        <source>Internal note</source>
        <translation>Catatan internal</translation>
    </message>
    <message>
        <source>Answer the reporter (visible to the citizen)</source>
        <translation>Jawab pelapor (terlihat oleh warga)</translation>
    </message>
    <message>
        <source>A note for officers and the coordinator only</source>
        <translation>Catatan hanya untuk petugas dan koordinator</translation>
    </message>
    <message>
        <source>Who will read this text</source>
        <translation>Siapa yang akan membaca teks ini</translation>
    </message>
    <message>
        <source>How the reporter receives the answer</source>
        <translation>Cara pelapor menerima tanggapan</translation>
    </message>
    <message>
        <source>Response text</source>
        <translation>Teks tanggapan</translation>
    </message>
    <message>
        <source>Template</source>
        <extracomment>the report whose action is saved but not yet sent (&quot;…will be sent at the next sync&quot;)</extracomment>
        <translation>Templat</translation>
    </message>
    <message>
        <source>Insert a response template</source>
        <translation>Sisipkan templat jawaban</translation>
    </message>
    <message>
        <source>Attach</source>
        <translation>Lampirkan</translation>
    </message>
    <message>
        <source>Attach files</source>
        <translation>Lampirkan berkas</translation>
    </message>
    <message>
        <source>Final answer</source>
        <translation>Jawaban final</translation>
    </message>
    <message>
        <source>Completes the report (status Completed)</source>
        <translation>Menyelesaikan laporan (status Selesai)</translation>
    </message>
    <message>
        <source>Final answer: completes the report</source>
        <translation>Jawaban final: menyelesaikan laporan</translation>
    </message>
    <message>
        <source>Postpone…</source>
        <translation>Tunda…</translation>
    </message>
    <message>
        <source>Ask the reporter for information (tunda)</source>
        <translation>Minta informasi kepada pelapor (tunda)</translation>
    </message>
    <message>
        <source>Not our authority…</source>
        <translation>Bukan wewenang…</translation>
    </message>
    <message>
        <source>Return the report to the coordinator (bukan wewenang)</source>
        <translation>Kembalikan laporan ke koordinator (bukan wewenang)</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Lanjutkan</translation>
    </message>
    <message>
        <source>Continue handling a postponed report</source>
        <translation>Lanjutkan penanganan laporan yang ditunda</translation>
    </message>
    <message>
        <source>Forward to another instansi…</source>
        <translation>Teruskan ke instansi lain…</translation>
    </message>
    <message>
        <source>The report is another instansi&apos;s to handle (teruskan ke instansi lain)</source>
        <translation>Laporan ini wewenang instansi lain (teruskan ke instansi lain)</translation>
    </message>
    <message>
        <source>Record instansi&apos;s answer…</source>
        <translation>Catat jawaban instansi…</translation>
    </message>
    <message>
        <source>What the instansi the report was forwarded to answered (catat jawaban)</source>
        <translation>Jawaban instansi tujuan penerusan laporan (catat jawaban)</translation>
    </message>
    <message>
        <source>Draft restored</source>
        <translation>Draf dipulihkan</translation>
    </message>
    <message>
        <source>Unsent text stays saved as a draft on this computer.</source>
        <translation>Teks yang belum terkirim tetap tersimpan sebagai draf di komputer ini.</translation>
    </message>
    <message>
        <source>You cannot write on this report in its current status.</source>
        <translation>Anda tidak dapat menulis pada laporan ini dalam statusnya sekarang.</translation>
    </message>
    <message>
        <source>Visible to the reporter and the public. You confirm before it is sent.</source>
        <translation>Terlihat oleh pelapor dan publik. Anda akan mengonfirmasi sebelum dikirim.</translation>
    </message>
    <message>
        <source>Send response…</source>
        <translation>Kirim tanggapan…</translation>
    </message>
    <message>
        <source>Write the answer to the reporter…</source>
        <translation>Tulis jawaban untuk pelapor…</translation>
    </message>
    <message>
        <source>Internal note: only officers and the coordinator see it, never the reporter.</source>
        <translation>Catatan internal: hanya petugas dan koordinator yang melihatnya, tidak pernah pelapor.</translation>
    </message>
    <message>
        <source>Save note</source>
        <translation>Simpan catatan</translation>
    </message>
    <message>
        <source>Write an internal note…</source>
        <translation>Tulis catatan internal…</translation>
    </message>
    <message>
        <source>Draft saved %1</source>
        <translation>Draf tersimpan %1</translation>
    </message>
    <message>
        <source>Manage templates…</source>
        <translation>Kelola templat…</translation>
    </message>
    <message>
        <source>Images, PDF and documents (*.jpg *.jpeg *.png *.webp *.gif *.pdf *.doc *.docx *.xls *.xlsx *.odt *.ods *.txt)</source>
        <translation>Gambar, PDF dan dokumen (*.jpg *.jpeg *.png *.webp *.gif *.pdf *.doc *.docx *.xls *.xlsx *.odt *.ods *.txt)</translation>
    </message>
    <message>
        <source>the instansi</source>
        <translation>instansi tujuan</translation>
    </message>
    <message>
        <source>Saved; it will be sent at the next sync</source>
        <translation>Tersimpan; akan dikirim pada sinkronisasi berikutnya</translation>
    </message>
</context>
<context>
    <name>ConfirmSendDialog</name>
    <message>
        <source>Send a public response?</source>
        <translation>Kirim tanggapan publik?</translation>
    </message>
    <message>
        <source>This text will be sent to the reporter of %1 and shown publicly. Check it once more:</source>
        <translation>Teks ini akan dikirim kepada pelapor %1 dan ditampilkan secara publik. Periksa sekali lagi:</translation>
    </message>
    <message>
        <source>Text to be sent</source>
        <translation>Teks yang akan dikirim</translation>
    </message>
    <message>
        <source>Send to reporter</source>
        <translation>Kirim ke pelapor</translation>
    </message>
    <message>
        <source>Send final answer</source>
        <translation>Kirim jawaban final</translation>
    </message>
    <message>
        <source>This is the final answer: the report will be marked Completed. The reporter can still reply within 10 working days.</source>
        <translation>Ini jawaban final: laporan akan ditandai Selesai. Pelapor masih dapat membalas dalam 10 hari kerja.</translation>
    </message>
    <message>
        <source>Yes, this answer completes the report</source>
        <translation>Ya, jawaban ini menyelesaikan laporan</translation>
    </message>
</context>
<context>
    <name>ConflictListModel</name>
    <message>
        <source>Report</source>
        <translation>Laporan</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Tindakan</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Alasan</translation>
    </message>
    <message>
        <source>Written</source>
        <translation>Ditulis</translation>
    </message>
    <message>
        <source>A report no longer on this desk</source>
        <translation>Laporan yang sudah tidak ada di desk ini</translation>
    </message>
</context>
<context>
    <name>ConflictsDialog</name>
    <message>
        <source>Changes the server did not accept</source>
        <translation>Perubahan yang tidak diterima server</translation>
    </message>
    <message>
        <source>These changes could not be applied on the server, usually because the report changed while you worked offline. Your text is kept; choose what to do with it. Unsent drafts of reports that left this desk are listed here too.</source>
        <translation>Perubahan ini tidak dapat diterapkan di server, biasanya karena laporan berubah saat Anda bekerja offline. Teks Anda tetap disimpan; pilih apa yang akan dilakukan dengannya. Draf yang belum terkirim dari laporan yang sudah meninggalkan desk ini juga tercantum di sini.</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>Konflik</translation>
    </message>
    <message>
        <source>Your text</source>
        <translation>Teks Anda</translation>
    </message>
    <message>
        <source>Copy to draft</source>
        <translation>Salin ke draf</translation>
    </message>
    <message>
        <source>Put the text back into the report&apos;s composer</source>
        <translation>Kembalikan teks ke kotak tulis laporan</translation>
    </message>
    <message>
        <source>Send as internal note</source>
        <translation>Kirim sebagai catatan internal</translation>
    </message>
    <message>
        <source>The coordinator and officers can read it</source>
        <translation>Koordinator dan petugas dapat membacanya</translation>
    </message>
    <message>
        <source>Discard…</source>
        <translation>Buang…</translation>
    </message>
    <message>
        <source>Your text:</source>
        <translation>Teks Anda:</translation>
    </message>
    <message>
        <source>Discard this text?</source>
        <translation>Buang teks ini?</translation>
    </message>
    <message>
        <source>The text will not be sent. It stays in the desk&apos;s history.</source>
        <translation>Teks tidak akan dikirim. Teks tetap tersimpan di riwayat desk.</translation>
    </message>
</context>
<context>
    <name>Conversation</name>
    <message>
        <source>Conversation with the reporter</source>
        <translation>Percakapan dengan pelapor</translation>
    </message>
    <message>
        <source>Nothing sent to the reporter yet.</source>
        <translation>Belum ada yang dikirim ke pelapor.</translation>
    </message>
    <message>
        <source>Exactly what the reporter sees, oldest first.</source>
        <translation>Persis seperti yang dilihat pelapor, dari yang terlama.</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>final answer</source>
        <translation>tanggapan akhir</translation>
    </message>
    <message>
        <source>not sent yet: the reporter sees it after the next sync</source>
        <translation>belum terkirim: pelapor melihatnya setelah sinkronisasi berikutnya</translation>
    </message>
    <message>
        <source>the channel of the report</source>
        <translation>kanal laporan</translation>
    </message>
    <message>
        <source>Sent to the reporter by e-mail and through the channel %1</source>
        <translation>Dikirim ke pelapor melalui e-mail dan kanal %1</translation>
    </message>
    <message>
        <source>Sent to the reporter through the channel %1 (and by e-mail, if the reporter gave an address)</source>
        <translation>Dikirim ke pelapor melalui kanal %1 (dan e-mail, bila pelapor memberikan alamat)</translation>
    </message>
    <message>
        <source>Sent to the reporter through the channel %1</source>
        <translation>Dikirim ke pelapor melalui kanal %1</translation>
    </message>
</context>
<context>
    <name>CoordinatorDesk</name>
    <message>
        <source>Screening</source>
        <translation>Penyaringan</translation>
    </message>
    <message>
        <source>Disposisi</source>
        <translation>Disposisi</translation>
    </message>
    <message>
        <source>Deadlines</source>
        <translation>Tenggat</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>Dasbor</translation>
    </message>
    <message>
        <source>OPD league</source>
        <translation>Peringkat OPD</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Laporan</translation>
    </message>
    <message>
        <source>Drill-down</source>
        <translation>Rincian</translation>
    </message>
    <message>
        <source>National standing</source>
        <translation>Peringkat nasional</translation>
    </message>
    <message>
        <source>Save monthly recap</source>
        <translation>Simpan rekap bulanan</translation>
    </message>
    <message numerus="yes">
        <source>Monthly recap, %n page(s).</source>
        <translation>
            <numerusform>Rekap bulanan, %n halaman.</numerusform>
        </translation>
    </message>
    <message>
        <source>Preparing the recap…</source>
        <translation>Menyiapkan rekap…</translation>
    </message>
</context>
<context>
    <name>DashboardPane</name>
    <message>
        <source>Period</source>
        <extracomment>One calm palette for all charts (blue = volume, green = done, orange = late).</extracomment>
        <translation>Periode</translation>
    </message>
    <message>
        <source>All time</source>
        <translation>Sepanjang waktu</translation>
    </message>
    <message>
        <source>Recap (PDF)…</source>
        <translation>Rekap (PDF)…</translation>
    </message>
    <message>
        <source>Tables and charts of the chosen period, ready to print</source>
        <translation>Tabel dan grafik periode yang dipilih, siap dicetak</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Muat ulang</translation>
    </message>
    <message>
        <source>reports received</source>
        <translation>laporan diterima</translation>
    </message>
    <message>
        <source>still open</source>
        <translation>masih terbuka</translation>
    </message>
    <message>
        <source>overdue now</source>
        <translation>terlambat saat ini</translation>
    </message>
    <message>
        <source>answered within 5 working days</source>
        <translation>dijawab dalam 5 hari kerja</translation>
    </message>
    <message>
        <source>median working days to first answer</source>
        <translation>median hari kerja sampai jawaban pertama</translation>
    </message>
    <message>
        <source>Reports per status</source>
        <translation>Laporan per status</translation>
    </message>
    <message>
        <source>Reports per month</source>
        <translation>Laporan per bulan</translation>
    </message>
    <message>
        <source>Most reported categories</source>
        <translation>Kategori yang paling banyak dilaporkan</translation>
    </message>
    <message>
        <source>OPD: share answered within 5 working days (%)</source>
        <translation>OPD: persentase dijawab dalam 5 hari kerja (%)</translation>
    </message>
    <message>
        <source>Colour by number of reports</source>
        <translation>Warna menurut jumlah laporan</translation>
    </message>
    <message>
        <source>Colour by overdue share</source>
        <translation>Warna menurut persentase terlambat</translation>
    </message>
    <message>
        <source>District</source>
        <translation>Distrik</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Laporan</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Terbuka</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Terlambat</translation>
    </message>
    <message>
        <source>Reports per district</source>
        <translation>Laporan per distrik</translation>
    </message>
    <message>
        <source>Click a district to list its reports.</source>
        <translation>Klik sebuah distrik untuk melihat laporannya.</translation>
    </message>
    <message>
        <source>OPD</source>
        <translation>OPD</translation>
    </message>
    <message>
        <source>Ratings</source>
        <translation>Penilaian</translation>
    </message>
    <message>
        <source>Average (1–5)</source>
        <translation>Rata-rata (1–5)</translation>
    </message>
    <message>
        <source>Satisfied</source>
        <translation>Puas</translation>
    </message>
    <message>
        <source>Reporter satisfaction per OPD</source>
        <translation>Kepuasan pelapor per OPD</translation>
    </message>
    <message>
        <source>Ratings reporters gave to final answers (1–5); satisfied = 4 or 5. Reports submitted in the chosen period.</source>
        <translation>Penilaian pelapor atas tanggapan akhir (1–5); puas = 4 atau 5. Laporan yang masuk pada periode terpilih.</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Ringkasan</translation>
    </message>
    <message>
        <source>District map</source>
        <translation>Peta distrik</translation>
    </message>
    <message>
        <source>Reporter satisfaction</source>
        <translation>Kepuasan pelapor</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Diterima</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Selesai</translation>
    </message>
    <message>
        <source>% within 5 working days</source>
        <translation>% dalam 5 hari kerja</translation>
    </message>
    <message>
        <source>Reports from district %1</source>
        <translation>Laporan dari distrik %1</translation>
    </message>
    <message>
        <source>Save monthly recap</source>
        <translation>Simpan rekap bulanan</translation>
    </message>
</context>
<context>
    <name>DeadlineOverviewPane</name>
    <message>
        <source>Escalated reports</source>
        <translation>Laporan tereskalasi</translation>
    </message>
    <message>
        <source>OPD</source>
        <translation>OPD</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Terbuka</translation>
    </message>
    <message>
        <source>Due ≤ 1 working day</source>
        <translation>Tenggat ≤ 1 hari kerja</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Terlambat</translation>
    </message>
    <message>
        <source>Escalated</source>
        <translation>Eskalasi</translation>
    </message>
    <message>
        <source>Deadlines per OPD</source>
        <translation>Tenggat per OPD</translation>
    </message>
    <message>
        <source>Most overdue (working days)</source>
        <translation>Paling terlambat (hari kerja)</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>Dijawab</translation>
    </message>
    <message>
        <source>Answered within 5 working days</source>
        <translation>Dijawab dalam 5 hari kerja</translation>
    </message>
    <message>
        <source>Median working days to first answer</source>
        <translation>Median hari kerja sampai jawaban pertama</translation>
    </message>
    <message>
        <source>Figures for the meeting with the OPD heads</source>
        <translation>Angka untuk rapat dengan kepala OPD</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Laporan</translation>
    </message>
    <message>
        <source>Click a number to list its reports.</source>
        <translation>Klik sebuah angka untuk melihat laporannya.</translation>
    </message>
    <message>
        <source>Per OPD</source>
        <translation>Per OPD</translation>
    </message>
    <message>
        <source>Meeting figures</source>
        <translation>Angka rapat</translation>
    </message>
    <message>
        <source>As of %1; due soon = deadline by %2 (next working day).</source>
        <translation>Per %1; segera jatuh tempo = tenggat paling lambat %2 (hari kerja berikutnya).</translation>
    </message>
    <message>
        <source>Escalated (≥ %1 working days late)</source>
        <translation>Eskalasi (terlambat ≥ %1 hari kerja)</translation>
    </message>
    <message>
        <source>%1 report(s) at %2 OPD(s) overdue by %3 working days or more: escalated to the pimpinan and the coordinators. Click to list them.</source>
        <translation>%1 laporan di %2 OPD terlambat %3 hari kerja atau lebih: dieskalasi ke pimpinan dan koordinator. Klik untuk melihat daftarnya.</translation>
    </message>
    <message>
        <source>Most overdue: %1 working days</source>
        <translation>Paling terlambat: %1 hari kerja</translation>
    </message>
</context>
<context>
    <name>Departure</name>
    <message>
        <source>someone</source>
        <translation>seseorang</translation>
    </message>
    <message>
        <source>another OPD</source>
        <translation>OPD lain</translation>
    </message>
    <message>
        <source>This report was moved to %1 by %2 on %3.</source>
        <translation>Laporan ini dialihkan ke %1 oleh %2 pada %3.</translation>
    </message>
    <message>
        <source>This report was moved to %1 by %2.</source>
        <translation>Laporan ini dialihkan ke %1 oleh %2.</translation>
    </message>
    <message>
        <source>This report was returned to the coordinator by %1 on %2.</source>
        <translation>Laporan ini dikembalikan ke koordinator oleh %1 pada %2.</translation>
    </message>
    <message>
        <source>This report was returned to the coordinator by %1.</source>
        <translation>Laporan ini dikembalikan ke koordinator oleh %1.</translation>
    </message>
    <message>
        <source>This report is no longer in this desk&apos;s queue.</source>
        <translation>Laporan ini sudah tidak ada di antrean desk ini.</translation>
    </message>
    <message>
        <source>(waiting to be sent)</source>
        <translation>(menunggu dikirim)</translation>
    </message>
</context>
<context>
    <name>DisposisiPane</name>
    <message>
        <source>Not yet dispatched</source>
        <translation>Belum Terdisposisi</translation>
    </message>
    <message>
        <source>At an OPD</source>
        <translation>Di OPD</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>Dikembalikan</translation>
    </message>
    <message>
        <source>OPD to dispatch to</source>
        <translation>OPD tujuan disposisi</translation>
    </message>
    <message>
        <source>Note for the OPD (optional)</source>
        <translation>Catatan untuk OPD (opsional)</translation>
    </message>
    <message>
        <source>Note for the OPD</source>
        <translation>Catatan untuk OPD</translation>
    </message>
    <message>
        <source>Dispatch</source>
        <extracomment>Seconds a bulk dispatch waits on this desk before it is sent, and so can be undone.</extracomment>
        <translation>Disposisikan</translation>
    </message>
    <message numerus="yes">
        <source>Dispatch %n report(s) to %1?</source>
        <translation>
            <numerusform>Disposisikan %n laporan ke %1?</numerusform>
        </translation>
    </message>
    <message>
        <source>You can undo it for %1 seconds, before it is sent.</source>
        <translation>Anda dapat membatalkannya selama %1 detik, sebelum terkirim.</translation>
    </message>
    <message>
        <source>Reassign…</source>
        <translation>Alihkan…</translation>
    </message>
    <message>
        <source>Forward…</source>
        <translation>Teruskan…</translation>
    </message>
    <message>
        <source>Forward to another instansi: the report is not this kabupaten&apos;s to handle</source>
        <translation>Teruskan ke instansi lain: laporan ini bukan wewenang kabupaten</translation>
    </message>
    <message>
        <source>Edit public text…</source>
        <translation>Sunting teks publik…</translation>
    </message>
    <message>
        <source>Edit what the public and the OPD read; the original stays for coordinators</source>
        <translation>Sunting yang dibaca publik dan OPD; teks asli tetap untuk koordinator</translation>
    </message>
    <message>
        <source>To OPD</source>
        <translation>Ke OPD</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Urungkan</translation>
    </message>
    <message>
        <source>Take the dispatch back before it is sent</source>
        <translation>Tarik kembali disposisi sebelum terkirim</translation>
    </message>
    <message numerus="yes">
        <source>Dispatch %n report(s)</source>
        <translation>
            <numerusform>Disposisikan %n laporan</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n selected</source>
        <translation>
            <numerusform>%n dipilih</numerusform>
        </translation>
    </message>
    <message>
        <source>Public text saved.</source>
        <translation>Teks publik disimpan.</translation>
    </message>
    <message numerus="yes">
        <source>%n report(s) dispatched to %1.</source>
        <translation>
            <numerusform>%n laporan didisposisikan ke %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n dispatch(es) taken back; nothing was sent.</source>
        <translation>
            <numerusform>%n disposisi ditarik kembali; tidak ada yang terkirim.</numerusform>
        </translation>
    </message>
    <message>
        <source>Forwarded to another instansi.</source>
        <translation>Diteruskan ke instansi lain.</translation>
    </message>
    <message>
        <source>Reassigned.</source>
        <translation>Sudah dialihkan.</translation>
    </message>
</context>
<context>
    <name>DistrictMap</name>
    <message>
        <source>District map</source>
        <extracomment>Sequential 5-class scales (ColorBrewer Blues and OrRd): light = few, dark = many. Fixed breaks for the overdue share, so maps of different months compare.</extracomment>
        <translation>Peta distrik</translation>
    </message>
    <message>
        <source>%1: no reports</source>
        <translation>%1: tidak ada laporan</translation>
    </message>
    <message>
        <source>%1
%2 reports, %3 open, %4 overdue (%5)</source>
        <translation>%1
%2 laporan, %3 terbuka, %4 terlambat (%5)</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Laporan</translation>
    </message>
    <message>
        <source>Overdue share of open reports</source>
        <translation>Persentase terlambat dari laporan terbuka</translation>
    </message>
    <message>
        <source>no open reports</source>
        <translation>tidak ada laporan terbuka</translation>
    </message>
</context>
<context>
    <name>DuplicateDialog</name>
    <message>
        <source>Mark as duplicate</source>
        <translation>Tandai sebagai duplikat</translation>
    </message>
    <message>
        <source>Tracking ID or words of the original report</source>
        <translation>ID pelacakan atau kata dari laporan asli</translation>
    </message>
    <message>
        <source>Search the original report</source>
        <translation>Cari laporan asli</translation>
    </message>
    <message>
        <source>Matching reports</source>
        <translation>Laporan yang cocok</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Catatan</translation>
    </message>
</context>
<context>
    <name>ErrorPresenter</name>
    <message>
        <source>Something unexpected went wrong. This is a bug in LAPOR Desk.</source>
        <translation>Terjadi kesalahan yang tidak terduga. Ini adalah bug di LAPOR Desk.</translation>
    </message>
    <message>
        <source>Your saved work is safe. Please tell IT what you were doing.</source>
        <translation>Pekerjaan yang sudah tersimpan aman. Mohon beri tahu IT apa yang sedang Anda lakukan.</translation>
    </message>
    <message>
        <source>LAPOR Desk</source>
        <translation>LAPOR Desk</translation>
    </message>
    <message>
        <source>Error message</source>
        <translation>Pesan kesalahan</translation>
    </message>
    <message>
        <source>(no log file)</source>
        <translation>(tidak ada berkas log)</translation>
    </message>
    <message>
        <source>LAPOR Desk: this is a bug</source>
        <translation>LAPOR Desk: ini adalah bug</translation>
    </message>
    <message>
        <source>Log file: %1</source>
        <translation>Berkas log: %1</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export reports</source>
        <translation>Ekspor laporan</translation>
    </message>
    <message>
        <source>CSV (semicolon, opens in Excel)</source>
        <translation>CSV (titik koma, terbuka di Excel)</translation>
    </message>
    <message>
        <source>Excel workbook (.xlsx)</source>
        <translation>Buku kerja Excel (.xlsx)</translation>
    </message>
    <message>
        <source>File name</source>
        <translation>Nama berkas</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Telusuri…</translation>
    </message>
    <message numerus="yes">
        <source>%n report(s) in this list.</source>
        <translation>
            <numerusform>%n laporan dalam daftar ini.</numerusform>
        </translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <source>Save as</source>
        <translation>Simpan sebagai</translation>
    </message>
    <message numerus="yes">
        <source>%n report(s) exported.</source>
        <translation>
            <numerusform>%n laporan diekspor.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exporting %n report(s)…</source>
        <translation>
            <numerusform>Mengekspor %n laporan…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <source>Search title, text, answers or tracking ID (Ctrl+F)</source>
        <extracomment>Milliseconds after the last key press before the search runs.</extracomment>
        <translation>Cari judul, isi, jawaban atau ID pelacakan (Ctrl+F)</translation>
    </message>
    <message>
        <source>Search reports</source>
        <translation>Cari laporan</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>Semua kategori</translation>
    </message>
    <message>
        <source>Filter by category</source>
        <translation>Saring menurut kategori</translation>
    </message>
    <message>
        <source>All districts</source>
        <translation>Semua distrik</translation>
    </message>
    <message>
        <source>Filter by district</source>
        <translation>Saring menurut distrik</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>Semua status</translation>
    </message>
    <message>
        <source>Filter by status</source>
        <translation>Saring menurut status</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Dari</translation>
    </message>
    <message>
        <source>Received from</source>
        <translation>Diterima sejak</translation>
    </message>
    <message>
        <source>to</source>
        <translation>s.d.</translation>
    </message>
    <message>
        <source>Received until</source>
        <translation>Diterima sampai</translation>
    </message>
    <message>
        <source>Filter by received date from</source>
        <translation>Saring menurut tanggal diterima, sejak</translation>
    </message>
    <message>
        <source>Filter by received date until</source>
        <translation>Saring menurut tanggal diterima, sampai</translation>
    </message>
    <message>
        <source>Clear search and filters</source>
        <translation>Hapus pencarian dan saringan</translation>
    </message>
    <message>
        <source>Save these filters as a personal view</source>
        <translation>Simpan saringan ini sebagai tampilan pribadi</translation>
    </message>
    <message>
        <source>Save view</source>
        <translation>Simpan tampilan</translation>
    </message>
</context>
<context>
    <name>ForgetComputer</name>
    <message>
        <source>Forget this computer</source>
        <translation>Lupakan komputer ini</translation>
    </message>
    <message>
        <source>Forget this computer? The key of the local data is destroyed and the whole folder of this account on this computer is deleted: the queue, the cached photos, drafts and templates. Nobody can read any copy of it afterwards.</source>
        <translation>Lupakan komputer ini? Kunci data lokal dimusnahkan dan seluruh folder akun ini di komputer ini dihapus: antrean, foto tersimpan, draf dan templat. Salinan mana pun tidak dapat dibaca lagi oleh siapa pun.</translation>
    </message>
    <message>
        <source>Use this when the computer is handed on or leaves the office. The next login here starts from zero and fetches the queue from the server again.</source>
        <translation>Gunakan ini bila komputer diserahkan ke orang lain atau keluar dari kantor. Login berikutnya di sini mulai dari awal dan mengambil antrean lagi dari server.</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) have not been sent to the server yet and would be lost.</source>
        <translation>
            <numerusform>%n pekerjaan belum terkirim ke server dan akan hilang.</numerusform>
        </translation>
    </message>
    <message>
        <source>Send first</source>
        <translation>Kirim dulu</translation>
    </message>
    <message>
        <source>Forget and discard unsent</source>
        <translation>Lupakan dan buang yang belum terkirim</translation>
    </message>
</context>
<context>
    <name>ForwardDialog</name>
    <message>
        <source>province</source>
        <translation>provinsi</translation>
    </message>
    <message>
        <source>ministry</source>
        <translation>kementerian</translation>
    </message>
    <message>
        <source>regency</source>
        <translation>kabupaten</translation>
    </message>
    <message>
        <source>other</source>
        <translation>lainnya</translation>
    </message>
    <message>
        <source>uses LAPOR Desk</source>
        <translation>memakai LAPOR Desk</translation>
    </message>
    <message>
        <source>recorded by hand</source>
        <translation>dicatat manual</translation>
    </message>
    <message>
        <source>Forward to another instansi</source>
        <translation>Teruskan ke instansi lain</translation>
    </message>
    <message>
        <source>The report leaves this instansi: it is archived here as forwarded and its deadlines stop. The reporter is told which instansi now handles it; the reason stays internal. An instansi that uses LAPOR Desk receives the report by itself and its answers come back to this report.</source>
        <translation>Laporan keluar dari instansi ini: di sini laporan diarsipkan sebagai diteruskan dan tenggatnya berhenti. Pelapor diberi tahu instansi mana yang kini menanganinya; alasannya tetap internal. Instansi yang memakai LAPOR Desk menerima laporan secara otomatis dan jawabannya kembali ke laporan ini.</translation>
    </message>
    <message>
        <source>Instansi</source>
        <translation>Instansi</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Alasan</translation>
    </message>
    <message>
        <source>Why is this report that instansi&apos;s to handle?</source>
        <translation>Mengapa laporan ini wewenang instansi tersebut?</translation>
    </message>
    <message>
        <source>Letter number (optional)</source>
        <translation>Nomor surat (opsional)</translation>
    </message>
    <message>
        <source>e.g. 045/123/Diskominfo/2026</source>
        <translation>mis. 045/123/Diskominfo/2026</translation>
    </message>
    <message>
        <source>Letter number</source>
        <translation>Nomor surat</translation>
    </message>
    <message>
        <source>No partner instansi is known yet. The server administrator adds them (lapor-server partners add); they arrive with the next sync.</source>
        <translation>Belum ada instansi mitra. Admin server menambahkannya (lapor-server partners add); daftarnya tiba pada sinkronisasi berikutnya.</translation>
    </message>
    <message>
        <source>Forward</source>
        <translation>Teruskan</translation>
    </message>
</context>
<context>
    <name>GuideDialog</name>
    <message>
        <source>User guide</source>
        <translation>Panduan pengguna</translation>
    </message>
    <message>
        <source>The user guide is missing from this installation (%1). Reinstall the desk.</source>
        <translation>Panduan pengguna tidak ada di instalasi ini (%1). Pasang ulang desk.</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>Not yet verified</source>
        <translation>Belum Terverifikasi</translation>
    </message>
    <message>
        <source>Not yet dispatched</source>
        <translation>Belum Terdisposisi</translation>
    </message>
    <message>
        <source>Not yet followed up</source>
        <translation>Belum Ditindaklanjuti</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>Diproses</translation>
    </message>
    <message>
        <source>Postponed</source>
        <translation>Ditunda</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Selesai</translation>
    </message>
    <message>
        <source>Archived</source>
        <translation>Diarsipkan</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Baru</translation>
    </message>
    <message>
        <source>Needs follow-up</source>
        <translation>Perlu tindak lanjut</translation>
    </message>
    <message>
        <source>Due soon</source>
        <translation>Mendekati tenggat</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Terlambat</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Semua</translation>
    </message>
    <message>
        <source>Dispatched to your OPD and not answered yet</source>
        <translation>Didisposisikan ke OPD Anda dan belum dijawab</translation>
    </message>
    <message>
        <source>Reports where the reporter wrote back after your last answer</source>
        <translation>Laporan yang dibalas pelapor setelah jawaban terakhir Anda</translation>
    </message>
    <message>
        <source>Answered at least once, no final answer yet</source>
        <translation>Sudah dijawab setidaknya sekali, belum ada jawaban final</translation>
    </message>
    <message>
        <source>Waiting for information from the reporter; the deadline is paused</source>
        <translation>Menunggu informasi dari pelapor; tenggat dihentikan sementara</translation>
    </message>
    <message>
        <source>Response deadline within two working days</source>
        <translation>Tenggat tindak lanjut dalam dua hari kerja</translation>
    </message>
    <message>
        <source>Response deadline has passed</source>
        <translation>Tenggat tindak lanjut sudah lewat</translation>
    </message>
    <message>
        <source>Final answer given</source>
        <translation>Jawaban final sudah diberikan</translation>
    </message>
    <message>
        <source>Every report in this desk</source>
        <translation>Semua laporan di desk ini</translation>
    </message>
    <message>
        <source>Synchronised with the server</source>
        <translation>Sudah sinkron dengan server</translation>
    </message>
    <message>
        <source>Saved on this computer, waiting to be sent</source>
        <translation>Tersimpan di komputer ini, menunggu dikirim</translation>
    </message>
    <message>
        <source>Being sent to the server</source>
        <translation>Sedang dikirim ke server</translation>
    </message>
    <message>
        <source>Conflict: the server could not accept a change</source>
        <translation>Konflik: server tidak dapat menerima perubahan</translation>
    </message>
    <message>
        <source>Not sent: the server refused a change</source>
        <translation>Tidak terkirim: server menolak perubahan</translation>
    </message>
    <message>
        <source>Report submitted</source>
        <translation>Laporan masuk</translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>Diverifikasi</translation>
    </message>
    <message>
        <source>Dispatched</source>
        <translation>Didisposisikan</translation>
    </message>
    <message>
        <source>Reassigned</source>
        <translation>Dialihkan</translation>
    </message>
    <message>
        <source>Returned: not our authority</source>
        <translation>Dikembalikan: bukan wewenang</translation>
    </message>
    <message>
        <source>Public response</source>
        <translation>Tanggapan publik</translation>
    </message>
    <message>
        <source>Internal note</source>
        <translation>Catatan internal</translation>
    </message>
    <message>
        <source>Resumed</source>
        <translation>Dilanjutkan</translation>
    </message>
    <message>
        <source>Reply from the reporter</source>
        <translation>Balasan pelapor</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Ditutup</translation>
    </message>
    <message>
        <source>Deadlines moved</source>
        <translation>Tenggat bergeser</translation>
    </message>
    <message>
        <source>Rating from the reporter</source>
        <translation>Penilaian dari pelapor</translation>
    </message>
    <message>
        <source>Forwarded to another instansi</source>
        <translation>Diteruskan ke instansi lain</translation>
    </message>
    <message>
        <source>Received by the instansi</source>
        <translation>Diterima instansi tujuan</translation>
    </message>
    <message>
        <source>Answer of the instansi (recorded)</source>
        <translation>Jawaban instansi (dicatat)</translation>
    </message>
    <message>
        <source>Update from the instansi</source>
        <translation>Kabar dari instansi tujuan</translation>
    </message>
    <message>
        <source>Reply not accepted by the instansi</source>
        <translation>Tanggapan pelapor tidak diterima instansi tujuan</translation>
    </message>
    <message>
        <source>due today</source>
        <translation>tenggat hari ini</translation>
    </message>
    <message numerus="yes">
        <source>%n working day(s) left</source>
        <translation>
            <numerusform>%n hari kerja lagi</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n working day(s) late</source>
        <translation>
            <numerusform>terlambat %n hari kerja</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LeaguePane</name>
    <message>
        <source>Weeks of reports</source>
        <translation>Minggu laporan</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Ekspor…</translation>
    </message>
    <message>
        <source>Weeks:</source>
        <translation>Minggu:</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>Peringkat</translation>
    </message>
    <message>
        <source>OPD</source>
        <translation>OPD</translation>
    </message>
    <message>
        <source>Answered within 5 working days</source>
        <translation>Dijawab dalam 5 hari kerja</translation>
    </message>
    <message>
        <source>Within 5 / measurable</source>
        <translation>≤ 5 hari kerja / terukur</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>Dijawab</translation>
    </message>
    <message>
        <source>Median working days to first answer</source>
        <translation>Median hari kerja sampai jawaban pertama</translation>
    </message>
    <message>
        <source>Ratings</source>
        <translation>Penilaian</translation>
    </message>
    <message>
        <source>Average rating</source>
        <translation>Rata-rata penilaian</translation>
    </message>
    <message>
        <source>Satisfied (4–5)</source>
        <translation>Puas (4–5)</translation>
    </message>
    <message>
        <source>OPD league table</source>
        <translation>Tabel peringkat OPD</translation>
    </message>
    <message>
        <source>No OPD has answered, late or rated reports in these weeks.</source>
        <translation>Belum ada OPD dengan laporan yang dijawab, terlambat, atau dinilai dalam minggu-minggu ini.</translation>
    </message>
    <message>
        <source>Reports submitted %1 – %2, as of %3. Ranked by the share answered within 5 working days, then the median, then the reporters&apos; rating.</source>
        <translation>Laporan yang masuk %1 – %2, per %3. Diurutkan menurut persentase yang dijawab dalam 5 hari kerja, lalu median, lalu penilaian pelapor.</translation>
    </message>
    <message>
        <source>Export the league table</source>
        <translation>Ekspor tabel peringkat</translation>
    </message>
    <message>
        <source>OPD league table, %1 OPD(s).</source>
        <translation>Tabel peringkat OPD, %1 OPD.</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>LAPOR Desk: log in</source>
        <translation>LAPOR Desk: masuk</translation>
    </message>
    <message>
        <source>&lt;b&gt;LAPOR Desk&lt;/b&gt;&lt;br&gt;Complaint handling for SP4N-LAPOR!</source>
        <translation>&lt;b&gt;LAPOR Desk&lt;/b&gt;&lt;br&gt;Penanganan pengaduan SP4N-LAPOR!</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Alamat server</translation>
    </message>
    <message>
        <source>Set by your IT administrator</source>
        <translation>Diatur oleh administrator TI Anda</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>Nama pengguna</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Kata sandi</translation>
    </message>
    <message>
        <source>Remember me on this computer</source>
        <translation>Ingat saya di komputer ini</translation>
    </message>
    <message>
        <source>The system password store (keyring) is not available: you will be asked for your password each time.</source>
        <translation>Penyimpanan kata sandi sistem (keyring) tidak tersedia: Anda akan diminta kata sandi setiap kali.</translation>
    </message>
    <message>
        <source>Local passphrase</source>
        <translation>Frasa sandi lokal</translation>
    </message>
    <message>
        <source>This computer has no system password store (keyring), so the local data of the desk is encrypted with a key protected by this local passphrase. Choose one of at least 8 characters at the first login here, and type it at each start.</source>
        <translation>Komputer ini tidak punya penyimpanan kata sandi sistem (keyring), jadi data lokal desk dienkripsi dengan kunci yang dilindungi frasa sandi lokal ini. Pilih frasa minimal 8 karakter pada login pertama di sini, dan ketik setiap kali desk dibuka.</translation>
    </message>
    <message>
        <source>Login message</source>
        <translation>Pesan masuk</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>Masuk</translation>
    </message>
    <message>
        <source>Fill in the server, username and password.</source>
        <translation>Isi server, nama pengguna dan kata sandi.</translation>
    </message>
    <message>
        <source>The local passphrase needs at least 8 characters.</source>
        <translation>Frasa sandi lokal minimal 8 karakter.</translation>
    </message>
    <message>
        <source>Logging in…</source>
        <translation>Sedang masuk…</translation>
    </message>
    <message>
        <source>Too many failed logins for this account.</source>
        <translation>Terlalu banyak percobaan masuk yang gagal untuk akun ini.</translation>
    </message>
    <message numerus="yes">
        <source>Try again in %n minute(s).</source>
        <translation>
            <numerusform>Coba lagi dalam %n menit.</numerusform>
        </translation>
    </message>
    <message>
        <source>This account is disabled or locked.</source>
        <translation>Akun ini dinonaktifkan atau dikunci.</translation>
    </message>
    <message>
        <source>Contact the Diskominfo administrator to enable it again.</source>
        <translation>Hubungi admin Diskominfo untuk mengaktifkannya kembali.</translation>
    </message>
    <message>
        <source>The server cannot be reached.</source>
        <translation>Server tidak dapat dihubungi.</translation>
    </message>
    <message>
        <source>Check the server address and the network connection, then try again.</source>
        <translation>Periksa alamat server dan koneksi jaringan, lalu coba lagi.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>All reports</source>
        <extracomment>Milliseconds to wait before reloading counts after a burst of changes. Milliseconds between a row becoming current and its report being read (arrow-key scrolling). reports that left the desk in a sync: {id: tombstone details} (who, where, when)</extracomment>
        <translation>Semua laporan</translation>
    </message>
    <message>
        <source>Administration</source>
        <translation>Administrasi</translation>
    </message>
    <message>
        <source>LAPOR Desk</source>
        <translation>LAPOR Desk</translation>
    </message>
    <message>
        <source>LAPOR Desk — %1</source>
        <translation>LAPOR Desk — %1</translation>
    </message>
    <message>
        <source>&amp;Desk</source>
        <translation>&amp;Desk</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Sinkron sekarang</translation>
    </message>
    <message>
        <source>Conflicts…</source>
        <translation>Konflik…</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Pengaturan…</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>Keluar</translation>
    </message>
    <message>
        <source>Forget this computer…</source>
        <translation>Lupakan komputer ini…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Tutup aplikasi</translation>
    </message>
    <message>
        <source>&amp;Report</source>
        <translation>&amp;Laporan</translation>
    </message>
    <message>
        <source>Reply to reporter</source>
        <translation>Balas pelapor</translation>
    </message>
    <message>
        <source>Internal note</source>
        <translation>Catatan internal</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Cari</translation>
    </message>
    <message>
        <source>Response templates…</source>
        <translation>Templat jawaban…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Tampilan</translation>
    </message>
    <message>
        <source>Save current filters as a view…</source>
        <translation>Simpan saringan sekarang sebagai tampilan…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Bantuan</translation>
    </message>
    <message>
        <source>User guide</source>
        <translation>Panduan pengguna</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Pintasan keyboard</translation>
    </message>
    <message>
        <source>About LAPOR Desk</source>
        <translation>Tentang LAPOR Desk</translation>
    </message>
    <message>
        <source>Delete this view</source>
        <translation>Hapus tampilan ini</translation>
    </message>
    <message>
        <source>Save view</source>
        <translation>Simpan tampilan</translation>
    </message>
    <message>
        <source>Name of the view</source>
        <translation>Nama tampilan</translation>
    </message>
    <message>
        <source>New report %1: %2</source>
        <translation>Laporan baru %1: %2</translation>
    </message>
    <message numerus="yes">
        <source>%n new report(s) for your OPD</source>
        <translation>
            <numerusform>%n laporan baru untuk OPD Anda</numerusform>
        </translation>
    </message>
    <message>
        <source>Log out of this desk? The key of the encrypted local data is destroyed: nothing of the queue can be read on this computer any more, and it comes back from the server at the next login.</source>
        <translation>Keluar dari desk ini? Kunci data lokal yang terenkripsi dimusnahkan: isi antrean tidak dapat dibaca lagi di komputer ini, dan diambil ulang dari server saat masuk berikutnya.</translation>
    </message>
    <message numerus="yes">
        <source>%n unsent item(s) will be lost. Choose No and sync first to keep them.</source>
        <translation>
            <numerusform>%n pekerjaan belum terkirim akan hilang. Pilih Tidak dan sinkronkan dulu untuk menyimpannya.</numerusform>
        </translation>
    </message>
    <message>
        <source>Sending the unsent work. Choose Forget this computer again when the status bar shows that everything is sent.</source>
        <translation>Mengirim pekerjaan yang belum terkirim. Pilih Lupakan komputer ini lagi setelah bilah status menunjukkan semuanya terkirim.</translation>
    </message>
    <message>
        <source>Your session has ended. Log in again to continue syncing.</source>
        <extracomment>Seconds a Python thread may hold the GIL before another one asks for it (default 0.005). Shorter turns make the UI thread wait less behind the sync worker&apos;s Python work.</extracomment>
        <translation>Sesi Anda sudah berakhir. Masuk lagi untuk melanjutkan sinkronisasi.</translation>
    </message>
</context>
<context>
    <name>NationalMap</name>
    <message>
        <source>National map</source>
        <translation>Peta nasional</translation>
    </message>
    <message>
        <source>%1 (%2)
no data for these months</source>
        <translation>%1 (%2)
tidak ada data untuk bulan-bulan ini</translation>
    </message>
    <message>
        <source>%1 (%2)
%3 reports, %4 overdue (%5)</source>
        <translation>%1 (%2)
%3 laporan, %4 lewat tenggat (%5)</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Laporan</translation>
    </message>
    <message>
        <source>Overdue share of open reports</source>
        <translation>Persentase terlambat dari laporan terbuka</translation>
    </message>
    <message>
        <source>Answered within 5 working days</source>
        <translation>Dijawab dalam 5 hari kerja</translation>
    </message>
    <message>
        <source>Mean satisfaction rating (1–5)</source>
        <translation>Rata-rata penilaian kepuasan (1–5)</translation>
    </message>
    <message>
        <source>no data</source>
        <translation>tidak ada data</translation>
    </message>
</context>
<context>
    <name>NavModel</name>
    <message>
        <source>Saved view</source>
        <translation>Tampilan tersimpan</translation>
    </message>
    <message>
        <source>%1, %2 reports</source>
        <translation>%1, %2 laporan</translation>
    </message>
</context>
<context>
    <name>Op</name>
    <message>
        <source>Please wait</source>
        <extracomment>Milliseconds before a progress dialog appears; quicker work shows nothing (Anki uses 600). Progress snapshots from a worker are passed to the UI at most this often (seconds).</extracomment>
        <translation>Mohon tunggu</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
</context>
<context>
    <name>PartnerAnswerDialog</name>
    <message>
        <source>Record the instansi&apos;s answer</source>
        <translation>Catat jawaban instansi</translation>
    </message>
    <message>
        <source>The reporter reads this answer in the name of %1. Write what the instansi answered, as it can be shown to the public.</source>
        <translation>Pelapor membaca jawaban ini atas nama %1. Tuliskan jawaban instansi itu sebagaimana layak dibaca publik.</translation>
    </message>
    <message>
        <source>The instansi&apos;s answer</source>
        <translation>Jawaban instansi</translation>
    </message>
    <message>
        <source>Final answer of the instansi</source>
        <translation>Jawaban akhir instansi</translation>
    </message>
    <message>
        <source>Reference of the answer (optional)</source>
        <translation>Nomor surat jawaban (opsional)</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Jawaban</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Nomor surat</translation>
    </message>
    <message>
        <source>Record and send to the reporter</source>
        <translation>Catat dan kirim ke pelapor</translation>
    </message>
</context>
<context>
    <name>PendingTab</name>
    <message>
        <source>Change</source>
        <translation>Perubahan</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Keadaan</translation>
    </message>
    <message>
        <source>Made</source>
        <translation>Dibuat</translation>
    </message>
    <message>
        <source>Server&apos;s answer</source>
        <translation>Jawaban server</translation>
    </message>
    <message>
        <source>Show one-time secret…</source>
        <translation>Tampilkan rahasia sekali-tampil…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Muat ulang</translation>
    </message>
    <message>
        <source>Changes wait here while the desk is offline and are sent by the next sync.</source>
        <translation>Perubahan menunggu di sini selama desk luring dan dikirim pada sinkronisasi berikutnya.</translation>
    </message>
    <message>
        <source>waiting to be sent</source>
        <translation>menunggu dikirim</translation>
    </message>
    <message>
        <source>being sent</source>
        <translation>sedang dikirim</translation>
    </message>
    <message>
        <source>applied</source>
        <translation>diterapkan</translation>
    </message>
    <message>
        <source>conflict</source>
        <translation>konflik</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>ditolak</translation>
    </message>
    <message>
        <source>discarded</source>
        <translation>dibuang</translation>
    </message>
    <message>
        <source>Choose an applied new account, password reset, key or secret.</source>
        <translation>Pilih akun baru, atur ulang kata sandi, kunci atau rahasia yang sudah diterapkan.</translation>
    </message>
    <message>
        <source>One-time secret</source>
        <translation>Rahasia sekali-tampil</translation>
    </message>
    <message>
        <source>For %1. Hand it over now: it is shown only this once and is not kept on this computer.</source>
        <translation>Untuk %1. Serahkan sekarang: hanya ditampilkan sekali ini dan tidak disimpan di komputer ini.</translation>
    </message>
</context>
<context>
    <name>PostponeDialog</name>
    <message>
        <source>Postpone and ask the reporter (tunda)</source>
        <translation>Tunda dan minta informasi pelapor</translation>
    </message>
    <message>
        <source>This message is sent to the reporter. The response deadline pauses until the reporter answers or you resume the report.</source>
        <translation>Pesan ini dikirim kepada pelapor. Tenggat tindak lanjut berhenti sampai pelapor menjawab atau Anda melanjutkan laporan.</translation>
    </message>
    <message>
        <source>Message to the reporter</source>
        <translation>Pesan untuk pelapor</translation>
    </message>
    <message>
        <source>Postpone and send</source>
        <translation>Tunda dan kirim</translation>
    </message>
</context>
<context>
    <name>PusatDesk</name>
    <message>
        <source>Report volume</source>
        <translation>Jumlah laporan</translation>
    </message>
    <message>
        <source>Overdue share</source>
        <translation>Porsi lewat tenggat</translation>
    </message>
    <message>
        <source>Answered within 5 working days</source>
        <translation>Dijawab dalam 5 hari kerja</translation>
    </message>
    <message>
        <source>Satisfaction</source>
        <translation>Kepuasan</translation>
    </message>
    <message>
        <source>Measure</source>
        <translation>Ukuran</translation>
    </message>
    <message>
        <source>From month</source>
        <translation>Dari bulan</translation>
    </message>
    <message>
        <source>To month</source>
        <translation>Sampai bulan</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Muat ulang</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Ekspor CSV…</translation>
    </message>
    <message>
        <source>Export XLSX…</source>
        <translation>Ekspor XLSX…</translation>
    </message>
    <message>
        <source>Measure:</source>
        <translation>Ukuran:</translation>
    </message>
    <message>
        <source>From:</source>
        <translation>Dari:</translation>
    </message>
    <message>
        <source>to:</source>
        <translation>sampai:</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>Peringkat</translation>
    </message>
    <message>
        <source>Regency/city</source>
        <translation>Kabupaten/kota</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Nilai</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Laporan</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>Bulan</translation>
    </message>
    <message>
        <source>Regions</source>
        <translation>Wilayah</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Terlambat</translation>
    </message>
    <message>
        <source>Within 5 days</source>
        <translation>Dalam 5 hari</translation>
    </message>
    <message>
        <source>Reports per month (all regions shown)</source>
        <translation>Laporan per bulan (semua wilayah)</translation>
    </message>
    <message>
        <source>Click a region on the map or in the ranking.</source>
        <translation>Klik sebuah wilayah di peta atau di peringkat.</translation>
    </message>
    <message>
        <source>Distrik</source>
        <translation>Distrik</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Terbuka</translation>
    </message>
    <message>
        <source>OPD</source>
        <translation>OPD</translation>
    </message>
    <message>
        <source>On time</source>
        <translation>Tepat waktu</translation>
    </message>
    <message>
        <source>Ranking</source>
        <translation>Peringkat</translation>
    </message>
    <message>
        <source>Trend</source>
        <translation>Tren</translation>
    </message>
    <message>
        <source>Region detail</source>
        <translation>Rincian wilayah</translation>
    </message>
    <message>
        <source>The centre&apos;s figures could not be loaded.</source>
        <translation>Angka pusat tidak dapat dimuat.</translation>
    </message>
    <message>
        <source>%1 to %2: %3 reports from %4 of %5 registered regions; %6 overdue.</source>
        <translation>%1 sampai %2: %3 laporan dari %4 di antara %5 wilayah terdaftar; %6 lewat tenggat.</translation>
    </message>
    <message>
        <source>Reports per month, %1 to %2 (all regions shown)</source>
        <translation>Laporan per bulan, %1 sampai %2 (semua wilayah)</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>Memuat %1…</translation>
    </message>
    <message>
        <source>The region&apos;s distrik could not be loaded.</source>
        <translation>Distrik wilayah ini tidak dapat dimuat.</translation>
    </message>
    <message>
        <source>%1 (%2): %3 reports, %4 open, %5 overdue.</source>
        <translation>%1 (%2): %3 laporan, %4 terbuka, %5 lewat tenggat.</translation>
    </message>
    <message>
        <source>(others, merged for privacy)</source>
        <translation>(lain-lain, digabung demi privasi)</translation>
    </message>
    <message>
        <source>(other OPDs, merged for privacy)</source>
        <translation>(OPD lain, digabung demi privasi)</translation>
    </message>
    <message>
        <source>Save the national recap</source>
        <translation>Simpan rekap nasional</translation>
    </message>
</context>
<context>
    <name>PusatWindow</name>
    <message>
        <source>LAPOR Desk — Centre (%1)</source>
        <translation>LAPOR Desk — Pusat (%1)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Berkas</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>Keluar</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Tutup</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Bantuan</translation>
    </message>
    <message>
        <source>About LAPOR Desk</source>
        <translation>Tentang LAPOR Desk</translation>
    </message>
</context>
<context>
    <name>QueueNav</name>
    <message>
        <source>Queue views</source>
        <translation>Tampilan antrean</translation>
    </message>
</context>
<context>
    <name>QueuePane</name>
    <message>
        <source>Report queue</source>
        <extracomment>Columns an officer always sees (the queue is laid out for 1366×768 first); the rest are optional: shown when there is room, or as the officer chooses (right-click on the header). The OPD column is left out: every report in an officer&apos;s queue is at their OPD. Optional columns in the order they are given up (last first).</extracomment>
        <translation>Antrean laporan</translation>
    </message>
    <message>
        <source>No report matches the search or filters.</source>
        <translation>Tidak ada laporan yang cocok dengan pencarian atau saringan.</translation>
    </message>
    <message>
        <source>No reports in this view.</source>
        <translation>Tidak ada laporan di tampilan ini.</translation>
    </message>
</context>
<context>
    <name>QueueTableModel</name>
    <message>
        <source>Working days left until the response deadline</source>
        <extracomment>Rows read together when one of them is first painted (Qt&apos;s Fetch More example uses 100). Blocks kept in memory; a 100k queue scrolled end to end does not keep every row. Column keys in display order; the queue service sorts by the same keys. Working days left at or below which a deadline is shown as close (amber). role that returns the report id of a row role that returns the whole row dataclass</extracomment>
        <translation>Sisa hari kerja sampai tenggat tindak lanjut</translation>
    </message>
    <message>
        <source>Tracking ID</source>
        <translation>ID pelacakan</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Judul</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Kategori</translation>
    </message>
    <message>
        <source>District</source>
        <translation>Distrik</translation>
    </message>
    <message>
        <source>OPD</source>
        <translation>OPD</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Diterima</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>Tenggat</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Sinkron</translation>
    </message>
</context>
<context>
    <name>ReassignDialog</name>
    <message>
        <source>Reassign to another OPD</source>
        <translation>Alihkan ke OPD lain</translation>
    </message>
    <message>
        <source>New OPD</source>
        <translation>OPD baru</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Alasan</translation>
    </message>
    <message>
        <source>Why the report moves (the old OPD reads this)</source>
        <translation>Mengapa laporan dipindahkan (OPD lama membaca ini)</translation>
    </message>
    <message>
        <source>Now at</source>
        <translation>Sekarang di</translation>
    </message>
    <message>
        <source>The new OPD&apos;s 5 working days start now. Unsent work of the old OPD&apos;s officers comes back to them as a conflict; nothing they wrote is lost.</source>
        <translation>5 hari kerja OPD baru mulai sekarang. Pekerjaan petugas OPD lama yang belum terkirim kembali kepada mereka sebagai konflik; tidak ada tulisan yang hilang.</translation>
    </message>
    <message>
        <source>Reassign</source>
        <translation>Alihkan</translation>
    </message>
</context>
<context>
    <name>RecapWriter</name>
    <message>
        <source>Monthly complaint recap — %1</source>
        <translation>Rekap pengaduan bulanan — %1</translation>
    </message>
    <message>
        <source>Complaint recap — all time</source>
        <translation>Rekap pengaduan — sepanjang waktu</translation>
    </message>
    <message>
        <source>Kabupaten Mimika · figures as of %1 · working days exclude weekends and holidays</source>
        <translation>Kabupaten Mimika · angka per %1 · hari kerja tidak termasuk akhir pekan dan hari libur</translation>
    </message>
    <message>
        <source>LAPOR Desk — SP4N-LAPOR! Kabupaten Mimika</source>
        <translation>LAPOR Desk — SP4N-LAPOR! Kabupaten Mimika</translation>
    </message>
    <message>
        <source>Page %1</source>
        <translation>Halaman %1</translation>
    </message>
    <message>
        <source>Key figures</source>
        <translation>Angka utama</translation>
    </message>
    <message>
        <source>Figure</source>
        <translation>Angka</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Nilai</translation>
    </message>
    <message>
        <source>Reports received</source>
        <translation>Laporan diterima</translation>
    </message>
    <message>
        <source>Still open</source>
        <translation>Masih terbuka</translation>
    </message>
    <message>
        <source>Overdue now</source>
        <translation>Terlambat saat ini</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Selesai</translation>
    </message>
    <message>
        <source>Answered within 5 working days</source>
        <translation>Dijawab dalam 5 hari kerja</translation>
    </message>
    <message>
        <source>Median working days to first answer</source>
        <translation>Median hari kerja sampai jawaban pertama</translation>
    </message>
    <message>
        <source>Reports per status</source>
        <translation>Laporan per status</translation>
    </message>
    <message>
        <source>Most reported categories</source>
        <translation>Kategori yang paling banyak dilaporkan</translation>
    </message>
    <message>
        <source>Reports per category</source>
        <translation>Laporan per kategori</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Kategori</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Laporan</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>Porsi</translation>
    </message>
    <message>
        <source>Performance per OPD</source>
        <translation>Kinerja per OPD</translation>
    </message>
    <message>
        <source>OPD</source>
        <translation>OPD</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Terbuka</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Terlambat</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>Dijawab</translation>
    </message>
    <message>
        <source>≤ 5 working days</source>
        <translation>≤ 5 hari kerja</translation>
    </message>
    <message>
        <source>Median (working days)</source>
        <translation>Median (hari kerja)</translation>
    </message>
    <message>
        <source>Reporter satisfaction per OPD</source>
        <translation>Kepuasan pelapor per OPD</translation>
    </message>
    <message>
        <source>Ratings</source>
        <translation>Penilaian</translation>
    </message>
    <message>
        <source>Average (1–5)</source>
        <translation>Rata-rata (1–5)</translation>
    </message>
    <message>
        <source>Satisfied (4–5)</source>
        <translation>Puas (4–5)</translation>
    </message>
    <message>
        <source>Share answered within 5 working days (%)</source>
        <translation>Persentase dijawab dalam 5 hari kerja (%)</translation>
    </message>
    <message>
        <source>Reports per district</source>
        <translation>Laporan per distrik</translation>
    </message>
    <message>
        <source>District</source>
        <translation>Distrik</translation>
    </message>
    <message>
        <source>Reports per 1,000 inhabitants</source>
        <translation>Laporan per 1.000 penduduk</translation>
    </message>
</context>
<context>
    <name>RedactDialog</name>
    <message>
        <source>Edit public text</source>
        <translation>Sunting teks publik</translation>
    </message>
    <message>
        <source>The reporter&apos;s original text stays on the server and only coordinators see it. Everyone else (Open311, the reporter&apos;s pages, the OPD) sees the public text below. Remove what must not be public, such as a phone number.</source>
        <translation>Teks asli pelapor tetap tersimpan di server dan hanya koordinator yang melihatnya. Semua pihak lain (Open311, halaman pelapor, OPD) melihat teks publik di bawah ini. Hapus apa yang tidak boleh dipublikasikan, misalnya nomor telepon.</translation>
    </message>
    <message>
        <source>Reporter&apos;s original text</source>
        <translation>Teks asli pelapor</translation>
    </message>
    <message>
        <source>Public text</source>
        <translation>Teks publik</translation>
    </message>
    <message>
        <source>Public address</source>
        <translation>Alamat publik</translation>
    </message>
    <message>
        <source>Restore the original</source>
        <translation>Kembalikan teks asli</translation>
    </message>
    <message>
        <source>Original address</source>
        <translation>Alamat asli</translation>
    </message>
    <message>
        <source>Save public text</source>
        <translation>Simpan teks publik</translation>
    </message>
    <message>
        <source>The public text cannot be empty.</source>
        <translation>Teks publik tidak boleh kosong.</translation>
    </message>
    <message>
        <source>The public address cannot be empty: write a general place instead, such as the village.</source>
        <translation>Alamat publik tidak boleh kosong: tulis tempat yang lebih umum, misalnya kampungnya.</translation>
    </message>
</context>
<context>
    <name>ReferenceTab</name>
    <message>
        <source>Code</source>
        <translation>Kode</translation>
    </message>
    <message>
        <source>OPD</source>
        <translation>OPD</translation>
    </message>
    <message>
        <source>Contact person</source>
        <translation>Narahubung</translation>
    </message>
    <message>
        <source>Contact e-mail</source>
        <translation>E-mail narahubung</translation>
    </message>
    <message>
        <source>Contact phone</source>
        <translation>Telepon narahubung</translation>
    </message>
    <message>
        <source>Add OPD…</source>
        <translation>Tambah OPD…</translation>
    </message>
    <message>
        <source>Edit OPD…</source>
        <translation>Ubah OPD…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Muat ulang</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Kategori</translation>
    </message>
    <message>
        <source>Default OPD</source>
        <translation>OPD bawaan</translation>
    </message>
    <message>
        <source>Add category…</source>
        <translation>Tambah kategori…</translation>
    </message>
    <message>
        <source>Edit category…</source>
        <translation>Ubah kategori…</translation>
    </message>
    <message>
        <source>OPD saved.</source>
        <translation>OPD disimpan.</translation>
    </message>
    <message>
        <source>Category saved.</source>
        <translation>Kategori disimpan.</translation>
    </message>
</context>
<context>
    <name>ReportList</name>
    <message>
        <source>Search title, text or tracking ID</source>
        <extracomment>The columns a coordinator&apos;s list always shows (laid out for 1366×768 first, see views/columns.py); the OPD joins them where reports are at an OPD. lists whose reports are at an OPD (a drill-down list, which=None, may hold any report)</extracomment>
        <translation>Cari judul, isi atau ID pelacakan</translation>
    </message>
    <message>
        <source>Search reports</source>
        <translation>Cari laporan</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Ekspor…</translation>
    </message>
    <message>
        <source>Save this list as CSV or Excel</source>
        <translation>Simpan daftar ini sebagai CSV atau Excel</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Laporan</translation>
    </message>
    <message numerus="yes">
        <source>%n report(s)</source>
        <translation>
            <numerusform>%n laporan</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReportView</name>
    <message>
        <source>Also open by: %1</source>
        <translation>Juga dibuka oleh: %1</translation>
    </message>
    <message>
        <source>Coordinator</source>
        <translation>Koordinator</translation>
    </message>
    <message>
        <source>Leadership</source>
        <translation>Pimpinan</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>Report</source>
        <extracomment>Fetches an attachment&apos;s bytes into the cache and returns the local path (runs on a worker). `announce(report_id) -&gt; PresenceInfo` and `leave(report_id)` (run on a worker; see `lapor_desk.sync.presence`) how often an open report is announced (the server forgets a viewer after 90 s) Seconds a closing window waits for its presence &quot;leave&quot; to reach the server. Entries written by the reporter (the report itself and replies).</extracomment>
        <translation>Laporan</translation>
    </message>
    <message>
        <source>Attachments (double-click to open)</source>
        <translation>Lampiran (klik dua kali untuk membuka)</translation>
    </message>
    <message>
        <source>This report has left the desk</source>
        <translation>Laporan ini sudah keluar dari desk</translation>
    </message>
    <message>
        <source>Choose a report in the queue to read it here.</source>
        <translation>Pilih laporan di antrean untuk membacanya di sini.</translation>
    </message>
    <message>
        <source>Anonymous</source>
        <translation>Anonim</translation>
    </message>
    <message>
        <source>Confidential</source>
        <translation>Rahasia</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Riwayat penanganan</translation>
    </message>
    <message>
        <source>Public text (edited by a coordinator)</source>
        <translation>Teks publik (disunting koordinator)</translation>
    </message>
    <message>
        <source>Classification</source>
        <translation>Klasifikasi</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Kategori</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Lokasi</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Alamat</translation>
    </message>
    <message>
        <source>Public address (edited)</source>
        <translation>Alamat publik (disunting)</translation>
    </message>
    <message>
        <source>Coordinates</source>
        <translation>Koordinat</translation>
    </message>
    <message>
        <source>Incident date</source>
        <translation>Tanggal kejadian</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Diterima</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <source>Responsible OPD</source>
        <translation>OPD penanggung jawab</translation>
    </message>
    <message>
        <source>Reporter&apos;s original title</source>
        <translation>Judul asli dari pelapor</translation>
    </message>
    <message>
        <source>Archive reason</source>
        <translation>Alasan arsip</translation>
    </message>
    <message>
        <source>Duplicate of</source>
        <translation>Duplikat dari</translation>
    </message>
    <message>
        <source>a report not on this desk</source>
        <translation>laporan yang tidak ada di desk ini</translation>
    </message>
    <message>
        <source>Reporter</source>
        <translation>Pelapor</translation>
    </message>
    <message>
        <source>Hidden: anonymous report</source>
        <translation>Dirahasiakan: laporan anonim</translation>
    </message>
    <message>
        <source>Verification deadline</source>
        <translation>Tenggat verifikasi</translation>
    </message>
    <message>
        <source>Dispatch deadline</source>
        <translation>Tenggat disposisi</translation>
    </message>
    <message>
        <source>Response deadline</source>
        <translation>Tenggat tindak lanjut</translation>
    </message>
    <message>
        <source>Closes for replies on</source>
        <translation>Ditutup untuk balasan pada</translation>
    </message>
    <message>
        <source>Internal note</source>
        <translation>Catatan internal</translation>
    </message>
    <message>
        <source>Public response</source>
        <translation>Tanggapan publik</translation>
    </message>
    <message>
        <source>visible to the reporter</source>
        <translation>terlihat oleh pelapor</translation>
    </message>
    <message>
        <source>not visible to the reporter</source>
        <translation>tidak terlihat oleh pelapor</translation>
    </message>
    <message>
        <source>written %1 · received %2</source>
        <translation>ditulis %1 · diterima %2</translation>
    </message>
    <message>
        <source>waiting to be sent</source>
        <translation>menunggu dikirim</translation>
    </message>
    <message numerus="yes">
        <source>%n attachment(s)</source>
        <translation>
            <numerusform>%n lampiran</numerusform>
        </translation>
    </message>
    <message>
        <source>Score: %1 of 5</source>
        <translation>Nilai: %1 dari 5</translation>
    </message>
    <message>
        <source>Suggested OPD: %1</source>
        <translation>Usulan OPD: %1</translation>
    </message>
    <message>
        <source>From %1 to %2</source>
        <translation>Dari %1 ke %2</translation>
    </message>
    <message>
        <source>To %1</source>
        <translation>Ke %1</translation>
    </message>
    <message>
        <source>Duplicate of %1</source>
        <translation>Duplikat dari %1</translation>
    </message>
    <message>
        <source>title</source>
        <translation>judul</translation>
    </message>
    <message>
        <source>classification</source>
        <translation>klasifikasi</translation>
    </message>
    <message>
        <source>category</source>
        <translation>kategori</translation>
    </message>
    <message>
        <source>distrik</source>
        <translation>distrik</translation>
    </message>
    <message>
        <source>village</source>
        <translation>kampung</translation>
    </message>
    <message>
        <source>anonymity</source>
        <translation>anonimitas</translation>
    </message>
    <message>
        <source>confidentiality</source>
        <translation>kerahasiaan</translation>
    </message>
    <message>
        <source>Changed: %1</source>
        <translation>Diubah: %1</translation>
    </message>
    <message>
        <source>reporter&apos;s title: “%1”</source>
        <translation>judul dari pelapor: “%1”</translation>
    </message>
    <message>
        <source>verification</source>
        <translation>verifikasi</translation>
    </message>
    <message>
        <source>dispatch</source>
        <translation>disposisi</translation>
    </message>
    <message>
        <source>response</source>
        <translation>tindak lanjut</translation>
    </message>
    <message>
        <source>replies close</source>
        <translation>batas tanggapan pelapor</translation>
    </message>
    <message>
        <source>Calendar changed (%1, %2): %3</source>
        <translation>Kalender kerja berubah (%1, %2): %3</translation>
    </message>
    <message>
        <source>Tracking id there: %1</source>
        <translation>Nomor pelacakan di sana: %1</translation>
    </message>
    <message>
        <source>final answer</source>
        <translation>jawaban akhir</translation>
    </message>
    <message>
        <source>Reference: %1</source>
        <translation>Nomor surat: %1</translation>
    </message>
</context>
<context>
    <name>ReturnDialog</name>
    <message>
        <source>Not our authority (bukan wewenang)</source>
        <translation>Bukan wewenang</translation>
    </message>
    <message>
        <source>The report goes back to the coordinator at Diskominfo, who will dispatch it again. The reason is internal; the reporter does not see it.</source>
        <translation>Laporan kembali ke koordinator di Diskominfo, yang akan mendisposisikannya lagi. Alasan ini internal; pelapor tidak melihatnya.</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Alasan</translation>
    </message>
    <message>
        <source>Why is this report not for your OPD?</source>
        <translation>Mengapa laporan ini bukan untuk OPD Anda?</translation>
    </message>
    <message>
        <source>Suggested OPD</source>
        <translation>Saran OPD</translation>
    </message>
    <message>
        <source>(no suggestion)</source>
        <translation>(tanpa saran)</translation>
    </message>
    <message>
        <source>Return report</source>
        <translation>Kembalikan laporan</translation>
    </message>
</context>
<context>
    <name>ReturnedList</name>
    <message>
        <source>Tracking ID</source>
        <translation>ID pelacakan</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Judul</translation>
    </message>
    <message>
        <source>Returned by</source>
        <translation>Dikembalikan oleh</translation>
    </message>
    <message>
        <source>Suggested OPD</source>
        <translation>Usulan OPD</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Alasan</translation>
    </message>
    <message>
        <source>Returned at</source>
        <translation>Dikembalikan pada</translation>
    </message>
    <message>
        <source>Returned reports</source>
        <translation>Laporan yang dikembalikan</translation>
    </message>
    <message numerus="yes">
        <source>Returned %n time(s) already</source>
        <translation>
            <numerusform>Sudah %n kali dikembalikan</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SavedNotice</name>
    <message>
        <source>Saved</source>
        <translation>Tersimpan</translation>
    </message>
    <message>
        <source>Saved in %1</source>
        <translation>Tersimpan di %1</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>Buka folder</translation>
    </message>
</context>
<context>
    <name>ScreeningInbox</name>
    <message>
        <source>Not yet verified</source>
        <translation>Belum Terverifikasi</translation>
    </message>
    <message>
        <source>Nothing left to screen.</source>
        <translation>Tidak ada lagi yang perlu disaring.</translation>
    </message>
    <message>
        <source>Verified.</source>
        <translation>Sudah diverifikasi.</translation>
    </message>
    <message>
        <source>Verified and dispatched.</source>
        <translation>Sudah diverifikasi dan didisposisikan.</translation>
    </message>
    <message>
        <source>Archived.</source>
        <translation>Sudah diarsipkan.</translation>
    </message>
    <message>
        <source>Mark as duplicate</source>
        <translation>Tandai sebagai duplikat</translation>
    </message>
    <message>
        <source>Archive this report as a duplicate of the selected one?</source>
        <translation>Arsipkan laporan ini sebagai duplikat dari laporan yang dipilih?</translation>
    </message>
    <message>
        <source>Marked as duplicate.</source>
        <translation>Sudah ditandai sebagai duplikat.</translation>
    </message>
    <message>
        <source>Forwarded to another instansi.</source>
        <translation>Diteruskan ke instansi lain.</translation>
    </message>
    <message>
        <source>Postponed.</source>
        <translation>Sudah ditunda.</translation>
    </message>
    <message>
        <source>Public text saved.</source>
        <translation>Teks publik disimpan.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Pengaturan</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Bahasa</translation>
    </message>
    <message>
        <source> min</source>
        <translation> menit</translation>
    </message>
    <message>
        <source>Sync interval in minutes</source>
        <translation>Interval sinkronisasi dalam menit</translation>
    </message>
    <message>
        <source>Notify me when new reports arrive</source>
        <translation>Beri tahu saya saat laporan baru masuk</translation>
    </message>
    <message>
        <source>Set by your IT administrator</source>
        <translation>Diatur oleh administrator TI Anda</translation>
    </message>
    <message>
        <source>A new language is used from the next start.</source>
        <translation>Bahasa baru dipakai mulai pembukaan berikutnya.</translation>
    </message>
    <message>
        <source>Sync every</source>
        <translation>Sinkronkan setiap</translation>
    </message>
    <message>
        <source>Connection (read-only)</source>
        <translation>Koneksi (hanya dibaca)</translation>
    </message>
    <message>
        <source>the system&apos;s proxy settings</source>
        <translation>pengaturan proxy sistem</translation>
    </message>
    <message>
        <source>none (direct connection)</source>
        <translation>tidak ada (koneksi langsung)</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>Extra CA file</source>
        <translation>Berkas CA tambahan</translation>
    </message>
    <message>
        <source>none (system certificates)</source>
        <translation>tidak ada (sertifikat sistem)</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>Proxy</translation>
    </message>
    <message>
        <source>Set by IT in %1</source>
        <translation>Diatur TI di %1</translation>
    </message>
    <message>
        <source>(locked)</source>
        <translation>(dikunci)</translation>
    </message>
    <message>
        <source>Your own setting (lapor-desk configure)</source>
        <translation>Pengaturan Anda sendiri (lapor-desk configure)</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>Bawaan</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Open the selected report</source>
        <extracomment>Keys that work without a menu entry (widgets handle them); (keys, what they do).</extracomment>
        <translation>Buka laporan yang dipilih</translation>
    </message>
    <message>
        <source>Search the queue</source>
        <translation>Cari di antrean</translation>
    </message>
    <message>
        <source>Send the text in the composer</source>
        <translation>Kirim teks di kotak tulis</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Pintasan keyboard</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Tombol</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Tindakan</translation>
    </message>
</context>
<context>
    <name>StageCard</name>
    <message>
        <source>To verify</source>
        <translation>Perlu diverifikasi</translation>
    </message>
    <message>
        <source>To dispatch</source>
        <translation>Perlu didisposisikan</translation>
    </message>
    <message>
        <source>To answer (at an OPD)</source>
        <translation>Perlu dijawab (di OPD)</translation>
    </message>
    <message>
        <source>open</source>
        <translation>terbuka</translation>
    </message>
    <message>
        <source>due ≤ 1 working day</source>
        <translation>tenggat ≤ 1 hari kerja</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>terlambat</translation>
    </message>
</context>
<context>
    <name>StandingBar</name>
    <message>
        <source>National standing: not loaded yet.</source>
        <translation>Peringkat nasional: belum dimuat.</translation>
    </message>
    <message>
        <source>Update</source>
        <translation>Perbarui</translation>
    </message>
    <message>
        <source>National standing: this server is not linked to a centre.</source>
        <translation>Peringkat nasional: server ini belum terhubung ke pusat.</translation>
    </message>
    <message>
        <source>National standing: the centre cannot be reached now; try again later.</source>
        <translation>Peringkat nasional: pusat belum dapat dihubungi; coba lagi nanti.</translation>
    </message>
    <message>
        <source>volume</source>
        <translation>jumlah laporan</translation>
    </message>
    <message>
        <source>overdue share</source>
        <translation>porsi lewat tenggat</translation>
    </message>
    <message>
        <source>answered within 5 working days</source>
        <translation>dijawab dalam 5 hari kerja</translation>
    </message>
    <message>
        <source>satisfaction</source>
        <translation>kepuasan</translation>
    </message>
    <message>
        <source>%1: %2 of %3</source>
        <translation>%1: %2 dari %3</translation>
    </message>
    <message>
        <source>National standing of %1: %2</source>
        <translation>Peringkat nasional %1: %2</translation>
    </message>
    <message>
        <source>no figures yet</source>
        <translation>belum ada angka</translation>
    </message>
</context>
<context>
    <name>StandingTab</name>
    <message>
        <source>The centre ranks the regions by the monthly figures each sends (aggregates only, never a report). Rank 1 is best; for the overdue share, lower is better.</source>
        <translation>Pusat memeringkat wilayah menurut angka bulanan yang dikirim masing-masing (hanya agregat, tidak pernah laporan). Peringkat 1 terbaik; untuk porsi lewat tenggat, makin rendah makin baik.</translation>
    </message>
</context>
<context>
    <name>StartOfDayNotice</name>
    <message>
        <source>Show reports</source>
        <translation>Lihat laporan</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Tutup</translation>
    </message>
    <message>
        <source>Close the start-of-day notice</source>
        <translation>Tutup pemberitahuan awal hari</translation>
    </message>
    <message>
        <source>Digest of the day: as of %1, %2 report(s) of your OPD are overdue and %3 are due within %4 working days.</source>
        <translation>Ringkasan hari ini: per %1, %2 laporan OPD Anda terlambat dan %3 jatuh tempo dalam %4 hari kerja.</translation>
    </message>
    <message>
        <source>Digest of the day: as of %1, %2 report(s) at %3 OPD(s) are overdue by %4 working days or more (escalated): %5.</source>
        <translation>Ringkasan hari ini: per %1, %2 laporan di %3 OPD terlambat %4 hari kerja atau lebih (eskalasi): %5.</translation>
    </message>
    <message>
        <source>%1 working day(s) late</source>
        <translation>terlambat %1 hari kerja</translation>
    </message>
    <message>
        <source>due today</source>
        <translation>jatuh tempo hari ini</translation>
    </message>
    <message>
        <source>%1 working day(s) left</source>
        <translation>sisa %1 hari kerja</translation>
    </message>
</context>
<context>
    <name>SyncStatusBar</name>
    <message>
        <source>Sending changes</source>
        <extracomment>Phase names of the engine&apos;s progress callback, as the status bar words them.</extracomment>
        <translation>Mengirim perubahan</translation>
    </message>
    <message>
        <source>Uploading attachments</source>
        <translation>Mengunggah lampiran</translation>
    </message>
    <message>
        <source>Receiving reports</source>
        <translation>Menerima laporan</translation>
    </message>
    <message>
        <source>Building the search index</source>
        <translation>Membangun indeks pencarian</translation>
    </message>
    <message>
        <source>Full resynchronisation</source>
        <translation>Sinkronisasi ulang penuh</translation>
    </message>
    <message>
        <source>Checking the queue</source>
        <translation>Memeriksa antrean</translation>
    </message>
    <message>
        <source>Open the conflict list</source>
        <extracomment>a cheap reachability check (GET /health, no retries) tried while offline before a whole sync round</extracomment>
        <translation>Buka daftar konflik</translation>
    </message>
    <message>
        <source>Sync progress</source>
        <translation>Kemajuan sinkronisasi</translation>
    </message>
    <message>
        <source>Next connection attempt</source>
        <translation>Percobaan koneksi berikutnya</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Sinkron sekarang</translation>
    </message>
    <message>
        <source>Synchronise with the server now (F5)</source>
        <translation>Sinkronkan dengan server sekarang (F5)</translation>
    </message>
    <message>
        <source>Not synchronised yet</source>
        <translation>Belum pernah sinkron</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>Terhubung</translation>
    </message>
    <message>
        <source>Offline: working from this computer</source>
        <translation>Offline: bekerja dari komputer ini</translation>
    </message>
    <message>
        <source>trying to connect…</source>
        <translation>mencoba terhubung…</translation>
    </message>
    <message numerus="yes">
        <source>retrying in %n second(s)</source>
        <translation>
            <numerusform>mencoba lagi dalam %n detik</numerusform>
        </translation>
    </message>
    <message>
        <source>Synchronising…</source>
        <translation>Sedang sinkronisasi…</translation>
    </message>
    <message>
        <source>Last sync %1</source>
        <translation>Sinkron terakhir %1</translation>
    </message>
    <message>
        <source>Never synchronised</source>
        <translation>Belum pernah sinkron</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) waiting to be sent</source>
        <translation>
            <numerusform>%n perubahan menunggu dikirim</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n conflict(s)</source>
        <translation>
            <numerusform>%n konflik</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n answer(s) sent</source>
        <translation>
            <numerusform>%n jawaban terkirim</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n internal note(s) sent</source>
        <translation>
            <numerusform>%n catatan internal terkirim</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n return(s) sent</source>
        <translation>
            <numerusform>%n pengembalian terkirim</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n postponement(s) sent</source>
        <translation>
            <numerusform>%n penundaan terkirim</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n other change(s) sent</source>
        <translation>
            <numerusform>%n perubahan lain terkirim</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TemplatesDialog</name>
    <message>
        <source>Response templates</source>
        <translation>Templat jawaban</translation>
    </message>
    <message>
        <source>Templates</source>
        <translation>Templat</translation>
    </message>
    <message>
        <source>Template name</source>
        <translation>Nama templat</translation>
    </message>
    <message>
        <source>Template text</source>
        <translation>Teks templat</translation>
    </message>
    <message>
        <source>Placeholders: {tracking_id} tracking ID, {opd} your OPD, {tanggal} today&apos;s date, {judul} report title.</source>
        <translation>Isian otomatis: {tracking_id} ID pelacakan, {opd} OPD Anda, {tanggal} tanggal hari ini, {judul} judul laporan.</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Baru</translation>
    </message>
    <message>
        <source>Save template</source>
        <translation>Simpan templat</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Hapus</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nama</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Teks</translation>
    </message>
</context>
<context>
    <name>VerifyForm</name>
    <message>
        <source>Screening</source>
        <translation>Penyaringan</translation>
    </message>
    <message>
        <source>Anonymous (identity hidden from the OPD)</source>
        <extracomment>the shown report&apos;s codes, chosen again when the lists are refilled</extracomment>
        <translation>Anonim (identitas disembunyikan dari OPD)</translation>
    </message>
    <message>
        <source>Confidential (never public)</source>
        <translation>Rahasia (tidak pernah publik)</translation>
    </message>
    <message>
        <source>Note for the OPD (optional)</source>
        <translation>Catatan untuk OPD (opsional)</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Judul</translation>
    </message>
    <message>
        <source>Classification</source>
        <translation>Klasifikasi</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Kategori</translation>
    </message>
    <message>
        <source>District</source>
        <translation>Distrik</translation>
    </message>
    <message>
        <source>Village</source>
        <translation>Kampung/kelurahan</translation>
    </message>
    <message>
        <source>OPD to dispatch to</source>
        <translation>OPD tujuan disposisi</translation>
    </message>
    <message>
        <source>Note for the OPD</source>
        <translation>Catatan untuk OPD</translation>
    </message>
    <message>
        <source>Possible duplicates</source>
        <translation>Kemungkinan duplikat</translation>
    </message>
    <message>
        <source>Attachments and their visibility to the OPD</source>
        <translation>Lampiran dan visibilitasnya bagi OPD</translation>
    </message>
    <message>
        <source>Verify</source>
        <translation>Verifikasi</translation>
    </message>
    <message>
        <source>Verify &amp;&amp; dispatch</source>
        <translation>Verifikasi &amp;&amp; disposisikan</translation>
    </message>
    <message>
        <source>Archive…</source>
        <translation>Arsipkan…</translation>
    </message>
    <message>
        <source>Duplicate of…</source>
        <translation>Duplikat dari…</translation>
    </message>
    <message>
        <source>Forward…</source>
        <translation>Teruskan…</translation>
    </message>
    <message>
        <source>Forward to another instansi: the report is not this kabupaten&apos;s to handle</source>
        <translation>Teruskan ke instansi lain: laporan ini bukan wewenang kabupaten</translation>
    </message>
    <message>
        <source>Ask reporter…</source>
        <translation>Tanya pelapor…</translation>
    </message>
    <message>
        <source>Postpone and ask the reporter for information; the deadline pauses</source>
        <translation>Tunda dan minta informasi kepada pelapor; tenggat berhenti sementara</translation>
    </message>
    <message>
        <source>Edit public text…</source>
        <translation>Sunting teks publik…</translation>
    </message>
    <message>
        <source>Edit what the public and the OPD read; the original stays for coordinators</source>
        <translation>Sunting yang dibaca publik dan OPD; teks asli tetap untuk koordinator</translation>
    </message>
    <message>
        <source>Privacy</source>
        <translation>Privasi</translation>
    </message>
    <message>
        <source>Dispatch to</source>
        <translation>Disposisikan ke</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Catatan</translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation>Lampiran</translation>
    </message>
    <message>
        <source>%1 — hidden from the OPD</source>
        <translation>%1 — disembunyikan dari OPD</translation>
    </message>
    <message>
        <source>No attachments</source>
        <translation>Tidak ada lampiran</translation>
    </message>
    <message>
        <source>same district</source>
        <translation>distrik sama</translation>
    </message>
    <message>
        <source>other district</source>
        <translation>distrik lain</translation>
    </message>
    <message numerus="yes">
        <source>%1  %2  (similarity %3, %4, %n day(s) apart)</source>
        <translation>
            <numerusform>%1  %2  (kemiripan %3, %4, selisih %n hari)</numerusform>
        </translation>
    </message>
    <message>
        <source>Double-click to mark this report as a duplicate of it</source>
        <translation>Klik dua kali untuk menandai laporan ini sebagai duplikatnya</translation>
    </message>
    <message>
        <source>No similar reports from the last two weeks</source>
        <translation>Tidak ada laporan serupa dalam dua minggu terakhir</translation>
    </message>
</context>
</TS>
