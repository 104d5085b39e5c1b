"""The web pages' words in English: the templates' Indonesian text -> English, and the pages' own messages.

The pages have one template set (``config/templates/id/web``), written in Indonesian with each text wrapped in
``{{ _("...") }}`` (Jinja's i18n extension, placeholders ``%(name)s``); under ``SPBE_LANG=en`` the extension looks
the text up in ``WEB_EN`` (a text missing here stays Indonesian: tests/web/test_web_i18n.py lists none missing).
``WEB_MESSAGES`` (key -> (Indonesian, English)) joins the one catalogue, ``i18n.MESSAGES``, for what the Python
side of the pages says (notices, refusals, form errors).
"""

from __future__ import annotations

WEB_EN: dict[str, str] = {
    "id": "en",  # <html lang>
    # shared pieces
    "Belum tersimpan. Perbaiki dulu:": "Not saved yet. Please fix first:",
    "revisi %(n)s": "revision %(n)s",
    "sebelumnya": "earlier",
    "TTTT-BB-HH": "YYYY-MM-DD",
    "Tulis TTTT-BB-HH, mis. %(hint)s": "Write YYYY-MM-DD, e.g. %(hint)s",
    "periode": "period",
    "tenggat": "due",
    "status": "status",
    "Status": "Status",
    "Tenggat": "Due",
    "terlambat %(n)s hari": "%(n)s days late",
    "Belum ada bukti.": "No evidence yet.",
    "Berkas bukti dukung (PDF, PNG, JPEG, DOCX, XLSX, ODT; boleh beberapa)": (
        "Evidence files (PDF, PNG, JPEG, DOCX, XLSX, ODT; several allowed)"
    ),
    "Maks. %(file)s MB per berkas, %(total)s MB per pengiriman.": (
        "At most %(file)s MB per file, %(total)s MB per submission."
    ),
    "Tautan bukti dukung (opsional, satu per baris, maks. 10)": "Evidence links (optional, one per line, at most 10)",
    "Judul bukti (opsional)": "Evidence title (optional)",
    "Tanggal berlaku (opsional)": "Effective date (optional)",
    "Keluar": "Log out",
    # index page
    "Tindak lanjut evaluasi pemerintahan digital": "Following up the digital government evaluation",
    "Halaman ini dipakai instansi untuk melaporkan pekerjaan tindak lanjut evaluasi SPBE/Pemdi.": (
        "The instansi uses these pages to report the follow-up work of the SPBE/Pemdi evaluation."
    ),
    "Penanggung jawab OPD": "OPD focal points",
    "Buka tautan dari pengingat Anda (surel atau pesan chat). Tautan itu membawa Anda langsung ke tugas Anda: "
    "laporkan selesai dengan bukti dukung, atau minta perpanjangan tenggat. Anda tidak perlu akun.": (
        "Open the link in your reminder (email or chat message). It takes you straight to your task: report it "
        "done with evidence, or ask for a later due date. You need no account."
    ),
    "Tautan sudah kedaluwarsa? Tunggu pengingat berikutnya atau hubungi koordinator di instansi Anda.": (
        "Has the link expired? Wait for the next reminder or contact the coordinator of your instansi."
    ),
    "Koordinator dan pengawas": "Coordinators and overseers",
    '<a href="/koordinator">Masuk ke halaman koordinator</a> untuk memverifikasi laporan dan memutus permintaan '
    "perpanjangan.": (
        '<a href="/koordinator">Log in to the coordinator\'s page</a> to verify reports and decide on requests for '
        "more time."
    ),
    # the focal point's pages
    "Tugas %(program)s Anda": "Your %(program)s tasks",
    "per %(day)s": "as of %(day)s",
    "Tidak ada tugas terbuka. Terima kasih!": "No open tasks. Thank you!",
    "Dikembalikan oleh %(by)s": "Returned by %(by)s",
    "Alasannya: %(reason)s": "The reason: %(reason)s",
    "Perbaiki sesuai catatan ini, lalu laporkan selesai lagi dengan bukti yang baru.": (
        "Fix it as this note says, then report it done again with the new evidence."
    ),
    "Bukti dukung yang diperlukan": "Evidence required",
    "Indikator yang didukung": "Indicators served",
    "Laporkan selesai": "Report done",
    "Atau ambil foto dokumen dengan kamera": "Or take a photo of the document with the camera",
    "Berkas besar perlu waktu untuk terkirim: biarkan halaman terbuka sampai selesai.": (
        "Large files take a while to send: keep the page open until it is done."
    ),
    "Minta perpanjangan": "Ask for more time",
    "Tenggat baru yang diminta": "The due date you ask for",
    "Alasan (maks. 1000 karakter)": "Reason (at most 1000 characters)",
    "Sudah dilihat": "Seen",
    "Bukti terlampir": "Evidence attached",
    "berlaku %(day)s": "effective %(day)s",
    "kedaluwarsa %(day)s": "expires %(day)s",
    "Riwayat": "History",
    # the coordinator's pages
    "Koordinator": "Coordinator",
    "akun %(user)s": "account %(user)s",
    "Laporan menunggu verifikasi (%(n)s)": "Reports awaiting verification (%(n)s)",
    "dikirim %(day)s": "submitted %(day)s",
    "Revisi sebelumnya (%(n)s berkas)": "Earlier revisions (%(n)s files)",
    "Verifikasi": "Verify",
    "Alasan pengembalian": "Reason for returning it",
    "Kembalikan": "Return",
    "Tidak ada laporan yang menunggu.": "No reports waiting.",
    "Permintaan perpanjangan (%(n)s)": "Requests for more time (%(n)s)",
    "diminta sampai %(day)s": "asked until %(day)s",
    "Alasan OPD: %(reason)s": "The OPD's reason: %(reason)s",
    "Tenggat baru": "New due date",
    "Alasan persetujuan": "Reason for approving",
    "Setujui perpanjangan": "Approve the extension",
    "Alasan penolakan": "Reason for refusing",
    "Tolak": "Refuse",
    "Tidak ada permintaan perpanjangan.": "No requests for more time.",
    "Paket bukti untuk evaluasi": "Evidence bundle for the evaluation",
    "Berkas bukti terverifikasi terbaru per indikator (dan tingkat), dengan daftar-bukti.xlsx dan index.html yang "
    "memuat kekurangan dan bukti yang kedaluwarsa sebelum evaluasi.": (
        "The latest verified evidence files per indicator (and level), with daftar-bukti.xlsx and an index.html "
        "listing what is missing and the evidence that expires before the evaluation."
    ),
    "Tahun pekerjaan (kosongkan untuk tahun ini)": "Year of the work (leave empty for this year)",
    "Unduh paket bukti (zip)": "Download the evidence bundle (zip)",
    "Bukti dukung": "Evidence",
    "Lampirkan bukti atas nama OPD": "Attach evidence on behalf of the OPD",
    "Simpan bukti dan catat terkirim": "Save the evidence and record it as submitted",
    "Kembali ke halaman koordinator": "Back to the coordinator's page",
    "Masuk koordinator": "Coordinator login",
    "Nama pengguna": "Username",
    "Kata sandi": "Password",
    "Masuk": "Log in",
    # the coordinator's page of one item
    "Papan %(coordinator)s": "%(coordinator)s board",
    "Kembali ke papan %(coordinator)s": "Back to the %(coordinator)s board",
    "OPD memperbaiki lalu melaporkan selesai lagi.": "The OPD fixes it, then reports it done again.",
    "Tenggat semula (rencana)": "Original due date (the plan's)",
    "Tenggat menurut rencana": "Due date in the plan",
    "Mulai dikerjakan": "Work starts",
    "Poin indeks dipertaruhkan": "Index points at stake",
    "Keputusan": "Decisions",
    "OPD meminta perpanjangan sampai <strong>%(day)s</strong>.": "The OPD asks for more time until <strong>%(day)s</strong>.",
    "Periksa bukti terlampir di bawah, lalu verifikasi atau kembalikan.": (
        "Check the evidence attached below, then verify or return it."
    ),
    "Alasan perpanjangan": "Reason for the extension",
    "Perpanjang tenggat": "Extend the due date",
    "Tolak perpanjangan": "Refuse the extension",
    "Tidak ada keputusan yang menunggu untuk tugas ini.": "No decision is waiting on this task.",
    "Lampirkan bukti dukung atas nama OPD": "Attach evidence on behalf of the OPD",
    # upload progress (shown by /aset/unggah.js; {p} is the script's, %% a literal percent sign)
    "Mengunggah: {p}%%. Biarkan halaman ini terbuka sampai selesai.": "Uploading: {p}%%. Keep this page open until it is done.",
    "Pengiriman terputus sebelum selesai. Muat ulang halaman ini untuk melihat apakah laporan sudah tercatat, lalu "
    "kirim lagi bila belum.": (
        "The upload was cut off before it finished. Reload this page to see whether the report was recorded, and "
        "send it again if not."
    ),
    "Berkas yang dipilih melebihi %(file)s MB per berkas atau %(total)s MB per pengiriman; tidak ada yang dikirim. "
    "Perkecil berkas (mis. pindai dengan resolusi lebih rendah) lalu kirim lagi.": (
        "The files chosen exceed %(file)s MB per file or %(total)s MB per submission; nothing was sent. Make them "
        "smaller (e.g. scan at a lower resolution) and send them again."
    ),
    "Kemajuan unggahan": "Upload progress",
    # the overseer's page
    "Liga instansi": "Instansi league",
    "Semua instansi (pengawas)": "Every instansi (overseer)",
    "%(n)s instansi · per %(day)s · masuk sebagai %(user)s (hanya baca)": (
        "%(n)s instansi · as of %(day)s · logged in as %(user)s (read only)"
    ),
    "indeks": "index",
    "proyeksi": "projected",
    "poin indeks berisiko": "index points at risk",
    "terlambat": "late",
    "belum selesai": "still open",
    "tepat waktu": "on time",
    "Belum ada instansi.": "No instansi yet.",
}

WEB_MESSAGES: dict[str, tuple[str, str]] = {
    "w_denied_title": ("Tautan tidak berlaku", "This link does not work"),
    "w_denied": (
        "Tautan ini tidak sah, sudah kedaluwarsa, atau formulirnya tidak cocok. "
        "Buka kembali tautan terbaru dari pengingat Anda, atau hubungi koordinator di instansi Anda.",
        "This link is not valid, has expired, or its form does not match. "
        "Open the latest link from your reminder again, or contact the coordinator of your instansi.",
    ),
    "w_too_large_title": ("Kiriman terlalu besar", "The submission is too large"),
    "w_too_large_files": (
        "Berkas yang dikirim melebihi batas {file} MB per berkas atau {total} MB per pengiriman. Tidak ada yang "
        "disimpan; perkecil berkas (mis. pindai dengan resolusi lebih rendah) lalu kirim lagi.",
        "The files sent exceed the limit of {file} MB per file or {total} MB per submission. Nothing was saved; "
        "make the files smaller (e.g. scan at a lower resolution) and send them again.",
    ),
    "w_too_large_form": (
        "Isian formulir melebihi batas {kb} KB.",
        "The form's content exceeds the {kb} KB limit.",
    ),
    "w_nothing_saved": ("{problem}. Tidak ada yang disimpan.", "{problem}. Nothing was saved."),
    "w_error_title": ("Terjadi kesalahan", "Something went wrong"),
    "w_error": (
        "Permintaan belum dapat diproses. Coba lagi beberapa saat lagi.",
        "The request cannot be handled yet. Try again in a moment.",
    ),
    "w_404_title": ("Halaman tidak ditemukan", "Page not found"),
    "w_404": (
        "Alamat ini tidak ada. Periksa kembali tautan Anda.",
        "This address does not exist. Check your link.",
    ),
    "w_405_title": ("Metode tidak diizinkan", "Method not allowed"),
    "w_405": ("Halaman ini tidak menerima permintaan seperti itu.", "This page does not take such a request."),
    "w_400_title": ("Permintaan tidak dapat diproses", "The request cannot be handled"),
    "w_400": ("Periksa kembali isian Anda.", "Check what you filled in."),
    "w_item_404_title": ("Tugas tidak ditemukan", "Task not found"),
    "w_item_404": (
        "Tugas ini tidak ada di instansi Anda. Buka papan koordinator untuk melihat tugas yang ada.",
        "This task is not in your instansi. Open the coordinator's board to see the tasks there are.",
    ),
    "w_no_file_title": ("Berkas belum dapat diambil", "The file cannot be fetched yet"),
    "w_no_bundle_title": ("Paket bukti belum dapat dibuat", "The evidence bundle cannot be made yet"),
    "w_bad_year_title": ("Tahun tidak sah", "Not a valid year"),
    "w_bad_year": ("Tulis tahun dengan empat angka, mis. 2026.", "Write the year with four digits, e.g. 2026."),
    "w_sent": (
        "Terima kasih. Laporan selesai dan bukti dukung sudah terkirim ke {coordinator}.",
        "Thank you. The report and its evidence have been sent to the {coordinator}.",
    ),
    "w_requested": (
        "Permintaan perpanjangan sudah terkirim ke {coordinator}.",
        "The request for more time has been sent to the {coordinator}.",
    ),
    "w_seen": ("Tercatat: tugas ini sudah Anda lihat.", "Noted: you have seen this task."),
    "w_verified": ("Laporan diverifikasi.", "The report is verified."),
    "w_returned": (
        "Laporan dikembalikan ke OPD dengan alasan Anda.",
        "The report went back to the OPD with your reason.",
    ),
    "w_extended": (
        "Perpanjangan disetujui; tenggat sudah dipindah.",
        "Extension approved; the due date has moved.",
    ),
    "w_refused": (
        "Permintaan perpanjangan ditolak; tenggat tetap.",
        "Request for more time refused; the due date stays.",
    ),
    "w_coord_saved": (
        "Bukti dukung tersimpan dan laporan tercatat terkirim.",
        "The evidence is saved and the report recorded as submitted.",
    ),
    "w_wrong_login": ("Nama pengguna atau kata sandi salah.", "Wrong username or password."),
    "w_locked": (
        "Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam {minutes} menit.",
        "Too many failed login attempts. Try again in {minutes} minutes.",
    ),
    "w_no_coordinator": (
        "rencana tidak memuat koordinator; tambahkan di instansi.coordinators",
        "the plan names no coordinator; add one under instansi.coordinators",
    ),
    # form fields and their problems
    "w_not_link": (
        "'{url}' bukan tautan: tulis lengkap dengan http:// atau https://",
        "'{url}' is not a link: write it in full with http:// or https://",
    ),
    "w_need_evidence": (
        "isi minimal satu tautan bukti dukung (http:// atau https://) atau lampirkan berkas",
        "give at least one evidence link (http:// or https://) or attach a file",
    ),
    "w_too_many_links": (
        "paling banyak {limit} tautan bukti sekaligus ({n} diisi)",
        "at most {limit} evidence links at once ({n} given)",
    ),
    "w_need_until": ("isi tanggal tenggat baru (TTTT-BB-HH)", "give the new due date (YYYY-MM-DD)"),
    "w_need_reason": ("isi alasannya", "give the reason"),
    "w_field_title": ("judul bukti", "evidence title"),
    "w_field_effective": ("tanggal berlaku", "effective date"),
    "w_field_until": ("tanggal tenggat baru", "new due date"),
    "w_field_reason": ("alasan", "reason"),
    "w_bad_date": (
        "{label} '{raw}' tidak sah: tulis sebagai TTTT-BB-HH, mis. 2025-01-31",
        "{label} '{raw}' is not valid: write it as YYYY-MM-DD, e.g. 2025-01-31",
    ),
    "w_date_range": (
        "{label} {value} di luar rentang 2000-01-01 sampai 2100-12-31",
        "{label} {value} is outside 2000-01-01 to 2100-12-31",
    ),
    "w_secret": (
        "SPBE_LINK_SECRET belum diatur atau kurang dari 32 karakter: setel SPBE_LINK_SECRET ke rahasia acak minimal 32 "
        'karakter (mis. keluaran `python -c "import secrets; print(secrets.token_urlsafe(48))"`) sebelum menjalankan '
        "halaman web",
        "SPBE_LINK_SECRET is not set or shorter than 32 characters: set SPBE_LINK_SECRET to a random secret of at "
        'least 32 characters (e.g. the output of `python -c "import secrets; print(secrets.token_urlsafe(48))"`) '
        "before running the web pages",
    ),
    "w_bad_hash": (
        "{name} tidak sah: harus berbentuk pbkdf2_sha256$<iterasi>$<salt>$<hash> dengan minimal {n} iterasi (buat "
        "dengan `spbe hash-password`)",
        "{name} is not valid: it must read pbkdf2_sha256$<iterations>$<salt>$<hash> with at least {n} iterations "
        "(make one with `spbe hash-password`)",
    ),
    "w_overseer_pair": (
        "SPBE_OVERSEER_USER diatur tanpa SPBE_OVERSEER_PASSWORD_HASH: atur keduanya, atau tidak sama sekali",
        "SPBE_OVERSEER_USER is set without SPBE_OVERSEER_PASSWORD_HASH: set both, or neither",
    ),
    "w_too_long": ("{label} lebih dari {limit} karakter ({n})", "{label} is longer than {limit} characters ({n})"),
}
