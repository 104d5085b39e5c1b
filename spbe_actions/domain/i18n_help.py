"""The command line's help (``spbe --help``, ``spbe CMD --help``) in English: Indonesian text -> English text.

The options' help and the commands' descriptions are written in Indonesian where they are defined (cli/*.py);
``cli.main.h`` and ``cli.localise_help`` look them up here when ``SPBE_LANG=en``. A text missing here stays
Indonesian (tests/cli/test_cli_messages.py lists none missing).
"""

from __future__ import annotations

HELP_EN: dict[str, str] = {
    # groups and the root
    "spbe-actions: tindak lanjut evaluasi pemerintahan digital (SPBE, Pemdi).": (
        "spbe-actions: following up the digital government evaluation (SPBE, Pemdi)."
    ),
    "Akun masuk halaman koordinator dan pengawas.": "Logins of the coordinator's and the overseer's pages.",
    "Nilai indikator eksternal (dari evaluasi instansi lain).": (
        "Values of external indicators (from other agencies' evaluations)."
    ),
    "Rencana instansi: pindah ke instrumen penerus.": "The instansi's plan: move to the successor instrument.",
    "Kirim sekarang pesan yang jatuh tempo (baru dan coba ulang), seperti run deployment dispatch tiap 5 menit.": (
        "Send the messages that are due now (new and retries), as the dispatch deployment does every 5 minutes."
    ),
    # options and arguments
    "berkas zip keluaran, mis. bukti-2026.zip": "the output zip file, e.g. bukti-2026.zip",
    "tahun pekerjaan yang jatuh tempo (bawaan: tahun ini)": "the year of the work that fell due (default: this year)",
    "berkas bukti (PDF, PNG, JPEG, DOCX, XLSX, ODT) yang disimpan; boleh berulang": (
        "an evidence file (PDF, PNG, JPEG, DOCX, XLSX, ODT) to store; may be repeated"
    ),
    "Paket bukti dukung untuk evaluasi: per indikator (dan tingkat), daftar-bukti.xlsx, index.html.": (
        "The evidence bundle for the evaluation: per indicator (and level), daftar-bukti.xlsx, index.html."
    ),
    "jumlah proses server (lebih dari 1 hanya dengan PostgreSQL)": "server processes (more than 1 only with PostgreSQL)",
    "ringkasan pesan yang akan dikirim per instansi dan kanal; tidak mengirim": (
        "a summary of the messages that would be sent, per instansi and channel; sends nothing"
    ),
    "dengan --dry-run: cetak setiap pesan lengkap": "with --dry-run: print every message in full",
    "dengan --dry-run: cetak lengkap pesan untuk orang ini saja (id dari rencana)": (
        "with --dry-run: print in full only this person's messages (the id from the plan)"
    ),
    "kirim juga untuk instansi yang sedang di luar jam kerja": "send also for instansi outside their working hours",
    "CSV/XLSX dengan kolom indicator,level": "CSV/XLSX with the columns indicator,level",
    "CSV/XLSX dengan kolom indicator,value,date,source": "CSV/XLSX with the columns indicator,value,date,source",
    "URL kanal koordinator gaya apprise (bawaan: env SPBE_ALERT_URL)": (
        "the coordinator's apprise-style channel URL (default: env SPBE_ALERT_URL)"
    ),
    "alamat yang didengarkan (di balik reverse proxy HTTPS)": "address to listen on (behind an HTTPS reverse proxy)",
    "angka dalam skala, mis. 2.87 (desimal boleh)": "a number on the scale, e.g. 2.87 (decimals allowed)",
    "apa yang perlu diperbaiki": "what needs fixing",
    "belum, draf, proses, revisi atau diterima": "belum, draf, proses, revisi or diterima",
    "berkas .xlsx yang ditulis": "the .xlsx file to write",
    "berkas .xlsx yang sudah diisi": "the filled-in .xlsx file",
    "berkas rencana (bawaan: SPBE_PLAN atau contoh)": "plan file (default: SPBE_PLAN or the sample)",
    "berkas rencana baru yang ditulis": "the new plan file to write",
    "berkas rencana instansi (YAML)": "the instansi's plan file (YAML)",
    "catatan asesor (mis. apa yang perlu direvisi)": "the assessors' note (e.g. what to revise)",
    "cetak satu objek JSON": "print one JSON object",
    "dasar predikat": "basis of the predicate",
    "domain manajemen": "management domain",
    "ekspor sebagai orang ini": "export as this person",
    "folder keluaran demo": "the demo's output folder",
    "folder keluaran laporan": "the report's output folder",
    "hanya butir yang belum diterima": "only the items not yet accepted",
    "hanya instansi ini (bawaan: semua instansi)": "only this instansi (default: every instansi)",
    "hanya yang gagal": "only the failed ones",
    "hanya yang terlambat": "only the late ones",
    "html, xlsx atau keduanya (pisahkan dengan koma)": "html, xlsx or both (comma-separated)",
    "id butir (dari rencana, `spbe items`)": "item id (from the plan, `spbe items`)",
    "id kerangka atau path YAML": "framework id or YAML path",
    "id orang dari rencana": "a person id from the plan",
    "id orang yang bertindak (dari rencana)": "id of the person acting (from the plan)",
    "jatuh tempo dalam N hari, mis. 14d": "due within N days, e.g. 14d",
    "judul bukti": "the evidence's title",
    "kerangka baru, mis. pemdi-2026": "the new framework, e.g. pemdi-2026",
    "kode OPD (bawaan: semua yang boleh dilihat)": "OPD code (default: every OPD you may see)",
    "kode OPD": "OPD code",
    "kode instansi (wajib bila basis data berisi beberapa instansi)": (
        "instansi code (required when the database holds several)"
    ),
    "koordinator rencana yang memutuskan (bawaan: yang pertama)": "the plan's coordinator who decides (default: the first)",
    "nama pengguna (huruf, angka, titik, tanda hubung)": "user name (letters, digits, dots, hyphens)",
    "nama work pool Prefect": "name of the Prefect work pool",
    "opd atau domain": "opd or domain",
    "pengawas seluruh instansi (hanya baca)": "overseer of every instansi (read only)",
    "peringatkan bila remind tidak selesai dalam N jam": "alert when remind has not completed within N hours",
    "rencana pada kerangka lama": "the plan on the old framework",
    "satu domain manajemen (bawaan: semua)": "one management domain (default: all)",
    "sumber, mis. 'Bappenas, Evaluasi Satu Data 2026'": "source, e.g. 'Bappenas, Satu Data evaluation 2026'",
    "tahun evaluasi (bawaan: current_year rencana)": "evaluation year (default: the plan's current_year)",
    "tahun evaluasi pertama (bawaan: tahun kerangka baru)": "first evaluation year (default: the new framework's year)",
    "tahun kalender": "calendar year",
    "tampilkan perubahan tanpa menyimpan (tanpa Prefect)": "show the changes without saving them (no Prefect)",
    "tampilkan sebagai orang ini": "show as this person",
    "tanggal berlaku": "effective date",
    "tanggal hasil instansi sumber": "date of the source agency's result",
    "tautan http(s) atau path berkas; boleh berulang": "an http(s) link or a file path; may be repeated",
    "tenggat baru": "the new due date",
    "tenggat terakhir": "the last due date",
    "timpa berkas keluaran yang sudah ada": "overwrite an existing output file",
    "waktu acuan ISO 8601, mis. 2025-01-23T09:00+07:00": "reference time, ISO 8601, e.g. 2025-01-23T09:00+07:00",
    # commands
    "Buat atau ganti akun: koordinator satu instansi, atau pengawas (kata sandi dibaca dari prompt).": (
        "Create or replace a login: one instansi's coordinator, or an overseer (password read from the prompt)."
    ),
    "Daftar akun yang aktif.": "List the active logins.",
    "Nonaktifkan akun (sesi yang masih terbuka ikut berakhir).": "Deactivate a login (its open sessions end too).",
    "Butir bukti dukung per tingkat: status, OPD, aksi, dan poin indeks yang ditahan butir terbuka.": (
        "Evidence items per level: state, OPD, actions and the index points the open items hold back."
    ),
    "Koordinator: catat status butir bukti dukung (mis. hasil penilaian asesor).": (
        "Coordinator: record an evidence item's state (e.g. the assessors' verdict)."
    ),
    "Indikator eksternal dengan nilainya, atau 'menunggu nilai eksternal'.": (
        "External indicators with their values, or 'awaiting the external value'."
    ),
    "Koordinator: masukkan nilai indikator eksternal (dihitung tepat, tanpa pembulatan).": (
        "Coordinator: enter an external indicator's value (exact, never rounded)."
    ),
    "Koordinator: masukkan nilai eksternal dari Excel/CSV; satu baris salah = tidak ada yang berubah.": (
        "Coordinator: enter external values from Excel/CSV; one bad row = nothing changes."
    ),
    "Tulis rencana pada kerangka baru: OPD, orang, kebijakan dan bukti dibawa; pemilik dan aksi dipetakan;\n"
    "tingkat awal diperkirakan (ditandai); yang tidak terpetakan dicantumkan.": (
        "Write the plan on the new framework: OPDs, people, policies and evidence carried over; owners and actions "
        "mapped; starting levels estimated (marked); what does not map is listed."
    ),
    "Kirim pengingat dan eskalasi hari ini (sekali per langkah per orang).": (
        "Send today's reminders and escalations (once per step per person)."
    ),
    "Isi kotak keluar: status tiap pesan, percobaan, kanal, galat (disamarkan).": (
        "The outbox: each message's state, attempts, channel, error (masked)."
    ),
    "Kirim satu pesan uji ke setiap kanal orang ini dan laporkan hasil apprise apa adanya (untuk SMTP).": (
        "Send one test message to each of this person's channels and report apprise's result as it is."
    ),
    "Sekilas untuk koordinator: indeks sekarang/proyeksi/berisiko, domain, OPD terburuk (tanpa Prefect).": (
        "One glance for the coordinator: index now/projected/at risk, domains, worst OPDs (no Prefect)."
    ),
    "Tulis laporan koordinator: HTML mandiri (grafik di dalam berkas) dan buku kerja XLSX.": (
        "Write the coordinator's report: self-contained HTML (charts inside) and an XLSX workbook."
    ),
    "Buat/perbarui otomasi Prefect: peringatan bila run gagal atau terhenti, atau pengingat/laporan tidak jalan.": (
        "Create/update the Prefect automations: alerts when a run fails or stalls, or reminders/reports do not run."
    ),
    "Bentuk kejadian tugas berulang per domain manajemen (sekali jalan, mode ephemeral Prefect).": (
        "Materialise the recurring work per management domain (one run, Prefect's ephemeral mode)."
    ),
    "Kalender hari kerja yang dipakai: libur nasional, cuti bersama, libur daerah, tenggat yang digeser.": (
        "The working-day calendar in use: national holidays, cuti bersama, local holidays, moved due dates."
    ),
    "Layani semua deployment domain dalam satu proses jangka panjang (prefect.serve).": (
        "Serve every domain's deployment in one long-running process (prefect.serve)."
    ),
    "Daftarkan deployment tiap domain ke work pool, untuk dijalankan `prefect worker start --pool`.": (
        "Register each domain's deployment to a work pool, run by `prefect worker start --pool`."
    ),
    "Hitung indeks (menurut kerangka --framework) dari tingkat tiap indikator; desimal hanya untuk indikator\n"
    "eksternal.": (
        "Compute the index (by the --framework) from each indicator's level; decimals for external indicators only."
    ),
    "Periksa berkas rencana: semua masalah sekaligus, dengan baris dan jalur kolom.": (
        "Check a plan file: every problem at once, with its line and field path."
    ),
    "Buat/migrasikan basis data dan muat rencana (semua atau tidak sama sekali; aman diulang).": (
        "Create/migrate the database and load the plan (all or nothing; safe to repeat)."
    ),
    "Jalankan seluruh alur pada contoh Kota Mojokerto dengan SQLite bawaan.": (
        "Run the whole job on the Kota Mojokerto sample with the embedded SQLite."
    ),
    "Laporkan tugas selesai dengan bukti dukung.": "Report a task done, with evidence.",
    "Koordinator: nyatakan kiriman sah.": "Coordinator: accept a submission.",
    "Koordinator: kembalikan kiriman untuk diperbaiki.": "Coordinator: return a submission to be fixed.",
    "Koordinator: setujui/berikan perpanjangan tenggat.": "Coordinator: approve/grant a later due date.",
    "OPD: minta perpanjangan tenggat.": "OPD: ask for a later due date.",
    "Koordinator: bebaskan tugas (dengan alasan).": "Coordinator: waive a task (with a reason).",
    "Riwayat lengkap satu tugas: setiap perubahan status, tenggat dan bukti.": (
        "A task's whole history: every change of status, due date and evidence."
    ),
    "Daftar tugas terbuka, diurutkan menurut poin indeks yang dipertaruhkan.": (
        "The open tasks, ordered by the index points at stake."
    ),
    "Angka penyelesaian: tepat waktu, terlambat, terbuka, dibebaskan, poin indeks berisiko.": (
        "Completion figures: on time, late, open, waived, index points at risk."
    ),
    "Tulis tugas terbuka ke Excel untuk diisi OPD (kolom Tindakan, Tautan bukti, ...).": (
        "Write the open tasks to Excel for the OPDs to fill in (columns Tindakan, Tautan bukti, ...)."
    ),
    "Terapkan isian Excel: semua baris diperiksa dulu; satu baris salah = tidak ada yang berubah.": (
        "Apply a filled-in sheet: every row is checked first; one bad row = nothing changes."
    ),
    "Halaman aksi penanggung jawab OPD (tautan bertanda tangan) dan halaman koordinator.": (
        "The OPD focal points' action page (signed links) and the coordinator's page."
    ),
    "Buat hash kata sandi koordinator untuk SPBE_COORDINATOR_PASSWORD_HASH (kata sandi dibaca dari prompt).": (
        "Make a coordinator password hash for SPBE_COORDINATOR_PASSWORD_HASH (password read from the prompt)."
    ),
    # spbe clean-uploads (issue #15)
    "hanya sisa yang lebih tua dari sekian jam (bawaan: SPBE_EVIDENCE_TEMP_HOURS, 24)": (
        "only leftovers older than this many hours (default: SPBE_EVIDENCE_TEMP_HOURS, 24)"
    ),
    "Hapus sisa unggahan yang terputus (berkas sementara, unggahan multipart yang tak selesai); berkas bukti\n"
    "yang tersimpan tidak pernah tersentuh.": (
        "Remove the leftovers of cut-off uploads (temporary files, unfinished multipart uploads); stored evidence\n"
        "files are never touched."
    ),
}
