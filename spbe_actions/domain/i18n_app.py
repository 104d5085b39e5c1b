"""The use cases' and the domain's messages (id, en): errors, run summaries, alerts, labels and artifact texts.

Part of the one catalogue: ``i18n.MESSAGES`` takes these in, so ``t(key)`` finds them like any other message.
Kept in its own module only so that the catalogue's modules stay small. Keep placeholders identical in both.
"""

from __future__ import annotations

APP_MESSAGES: dict[str, tuple[str, str]] = {
    # tracking: evidence, requests, the trail
    "a_task": ("tugas #{id}", "task #{id}"),
    "a_task_not_found": ("{where}tugas tidak ditemukan", "{where}task not found"),
    "a_task_twice": ("{where}tugas yang sama muncul dua kali", "{where}the same task appears twice"),
    "a_link_empty": (
        "tautan bukti kosong atau lebih dari 2000 karakter",
        "the evidence link is empty or longer than 2000 characters",
    ),
    "a_link_bad": (
        "tautan bukti '{url}' tidak sah: gunakan http:// atau https:// dengan nama host",
        "evidence link '{url}' is not valid: use http:// or https:// with a host name",
    ),
    "a_link_neither": (
        "'{url}' bukan tautan http(s) ataupun path berkas yang sah",
        "'{url}' is neither an http(s) link nor a valid file path",
    ),
    "a_title_long": ("judul bukti lebih dari 300 karakter", "the evidence title is longer than 300 characters"),
    "a_effective_range": (
        "tanggal berlaku {date} harus antara 2000-01-01 dan hari ini",
        "the effective date {date} must be between 2000-01-01 and today",
    ),
    "a_expires_order": (
        "tanggal kedaluwarsa harus setelah tanggal berlaku",
        "the expiry date must come after the effective date",
    ),
    "a_person_unknown": (
        "orang '{key}' tidak dikenal dalam rencana (pakai id orang, mis. kominfo.fp1)",
        "person '{key}' is not in the plan (use the person's id, e.g. kominfo.fp1)",
    ),
    "a_need_evidence": (
        "pengiriman memerlukan minimal satu bukti (--evidence URL atau --file PATH)",
        "a submission needs at least one piece of evidence (--evidence URL or --file PATH)",
    ),
    "a_files_on_submit": (
        "berkas bukti hanya dapat dilampirkan saat mengirim laporan",
        "evidence files can only be attached to a submission",
    ),
    "a_reason_long": ("alasan lebih dari {limit} karakter", "the reason is longer than {limit} characters"),
    "a_until_far": (
        "tenggat baru paling lambat satu tahun dari hari ini",
        "the new due date must be within a year from today",
    ),
    "a_asked_until": ("diminta sampai {date}", "asked until {date}"),
    "a_note_evidence": ("bukti: {url}", "evidence: {url}"),
    "a_note_file": ("berkas: {name} (SHA-256 {sha}…)", "file: {name} (SHA-256 {sha}…)"),
    "a_note_download": ("unduh: {name} (SHA-256 {sha}…)", "download: {name} (SHA-256 {sha}…)"),
    "a_bad_url": ("<URL tidak sah>", "<invalid URL>"),
    # lifecycle
    "lc_unknown_event": (
        "aksi '{event}' tidak dikenal; yang ada: {known}",
        "unknown action '{event}'; known: {known}",
    ),
    "lc_from": (
        "tidak dapat {event} tugas berstatus {status}; hanya dari: {allowed}",
        "cannot {event} a task that is {status}; only from: {allowed}",
    ),
    "lc_reason": ("{event} memerlukan alasan", "{event} needs a reason"),
    "lc_due_after": (
        "tenggat baru harus setelah tenggat sekarang ({due})",
        "the new due date must come after the current one ({due})",
    ),
    "lc_not_allowed": (
        "'{who}' tidak berhak melakukan {event} (hanya {allowed})",
        "'{who}' may not {event} (only {allowed})",
    ),
    "lc_or": (" atau ", " or "),
    "lc_own_opd": (
        "'{who}' hanya dapat bertindak atas tugas OPD-nya sendiri",
        "'{who}' may act only on their own OPD's tasks",
    ),
    # the action page
    "ap_raise": ("tingkat {now} → {level}", "level {now} → {level}"),
    "ap_keep": ("menjaga tingkat {level}", "keeps level {level}"),
    "ap_indicator": ("Indikator {indicator}: {step} ({name})", "Indicator {indicator}: {step} ({name})"),
    "ap_system": ("Otomatis oleh sistem", "Automatically, by the system"),
    "ap_how_link": ("melalui halaman tautan", "on the link page"),
    "ap_how_cli": ("melalui baris perintah", "on the command line"),
    "ap_how_import": ("melalui impor Excel", "through an Excel import"),
    # evidence files
    "ev_store_unset": (
        "belum diatur: dengan basis data PostgreSQL, atur tempat berkas bukti "
        "(folder bersama, mis. /srv/spbe/bukti, atau s3://bucket/awalan)",
        "not set: with a PostgreSQL database, set where evidence files go "
        "(a shared folder, e.g. /srv/spbe/bukti, or s3://bucket/prefix)",
    ),
    "ev_files": ("berkas", "files"),
    "ev_too_many": ("paling banyak {limit} berkas sekaligus ({n})", "at most {limit} files at once ({n})"),
    "ev_file_large": (
        "berkas '{name}' lebih dari {limit} (batas per berkas)",
        "file '{name}' is over {limit} (the limit per file)",
    ),
    "ev_total_large": (
        "berkas melebihi {limit} untuk satu pengiriman",
        "the files exceed {limit} for one submission",
    ),
    "ev_refused": (
        "berkas '{name}' tidak diterima: hanya {allowed} (dilihat dari isinya)",
        "file '{name}' is not accepted: only {allowed} (judged by its content)",
    ),
    "ev_allowed": ("PDF, PNG, JPEG, DOCX, XLSX atau ODT", "PDF, PNG, JPEG, DOCX, XLSX or ODT"),
    "ev_unreadable": ("berkas tidak dapat dibaca: {reason}", "the file cannot be read: {reason}"),
    # accounts
    "acc_not_coordinator": (
        "'{who}' bukan koordinator {code}; yang ada: {known}",
        "'{who}' is not a coordinator of {code}; the coordinators: {known}",
    ),
    "acc_username": (
        "nama pengguna 3-80 karakter: huruf, angka, titik, tanda hubung atau garis bawah",
        "a username of 3-80 characters: letters, digits, dots, hyphens or underscores",
    ),
    "acc_password_field": ("kata sandi", "password"),
    "acc_password": ("kata sandi minimal 10 karakter", "the password needs at least 10 characters"),
    "acc_unknown": ("akun '{name}' tidak ada", "there is no account '{name}'"),
    # scheduling, dispatch
    "sc_domain_unknown": (
        "domain manajemen '{domain}' tidak dikenal; yang ada: {known}",
        "unknown management domain '{domain}'; known: {known}",
    ),
    "dp_person_unknown": ("orang '{key}' tidak dikenal dalam rencana", "person '{key}' is not in the plan"),
    "dp_no_channel": (
        "tidak ada kanal (atur SPBE_SMTP_HOST untuk surel, atau channels di rencana)",
        "no channel (set SPBE_SMTP_HOST for email, or channels in the plan)",
    ),
    # the run summaries (Prefect artifacts and the CLI)
    "rs_held": (", {n} ditahan (di luar jam kerja)", ", {n} held (outside working hours)"),
    "rs_remind": (
        "{queued} pesan baru diantrekan, {sent} terkirim, {failed} gagal{held} — pengingat {at}, {decisions} keputusan",
        "{queued} new messages queued, {sent} sent, {failed} failed{held} — reminders of {at}, {decisions} decisions",
    ),
    "rs_dispatch": (
        "{sent} terkirim, {failed} gagal ({dead} gagal permanen) — pengiriman {at}",
        "{sent} sent, {failed} failed ({dead} for good) — dispatch of {at}",
    ),
    "rs_sent": ("terkirim", "sent"),
    "rs_failed_retry": ("gagal, dicoba lagi", "failed, will retry"),
    "rs_dead": ("gagal permanen", "failed for good"),
    "rs_decisions": ("{n} keputusan", "{n} decisions"),
    "rs_late": ("{n} terlambat", "{n} late"),
    "rs_head": (
        "| Terkirim | Gagal, dicoba lagi | Gagal permanen |",
        "| Sent | Failed, will retry | Failed for good |",
    ),
    "rs_failed": ("Gagal:", "Failed:"),
    "rs_more": ("- … dan {n} lainnya (`spbe outbox --failed`)", "- … and {n} more (`spbe outbox --failed`)"),
    "rs_who": ("siapa", "who"),
    "rs_kind": ("jenis", "kind"),
    "rs_outcome": ("hasil", "outcome"),
    "rs_detail": ("rincian", "detail"),
    # Prefect deployments' descriptions
    "dep_schedule": ("Penjadwalan {domain} untuk {instansi}", "Scheduling of {domain} for {instansi}"),
    "dep_report": (
        "Laporan mingguan koordinator untuk {instansi}",
        "The coordinator's weekly report for {instansi}",
    ),
    "dep_remind_many": ("Pengingat harian untuk {n} instansi", "Daily reminders for {n} instansi"),
    "dep_remind": ("Pengingat harian untuk {instansi}", "Daily reminders for {instansi}"),
    "dep_dispatch": (
        "Kirim pesan yang jatuh tempo dan coba lagi yang gagal, tiap {minutes} menit dalam jam kerja",
        "Send the messages that are due and retry the failed ones, every {minutes} minutes in working hours",
    ),
    "dep_overseer": ("Liga instansi mingguan ({n} instansi)", "Weekly instansi league ({n} instansi)"),
    # alerts on failed runs
    "al_flow_remind": ("Pengingat harian", "Daily reminders"),
    "al_flow_dispatch": ("Pengiriman pesan", "Message dispatch"),
    "al_flow_report": ("Laporan mingguan", "Weekly report"),
    "al_flow_schedule-domain": ("Penjadwalan tugas", "Task scheduling"),
    "al_flow_overseer": ("Liga instansi", "Instansi league"),
    "al_state_FAILED": ("gagal", "failed"),
    "al_state_CRASHED": ("terhenti mendadak (crash)", "crashed"),
    "al_state_CANCELLED": ("dibatalkan", "was cancelled"),
    "al_state_TIMEDOUT": ("melewati batas waktu", "timed out"),
    "al_do_remind": (
        "Periksa server surel (SPBE_SMTP_*) dan kanal chat di `spbe outbox --failed`; pesan yang gagal dicoba "
        "lagi otomatis oleh deployment dispatch.",
        "Check the mail server (SPBE_SMTP_*) and the chat channels in `spbe outbox --failed`; the dispatch "
        "deployment retries failed messages by itself.",
    ),
    "al_do_dispatch": (
        "Pesan yang gagal permanen (setelah {attempts} percobaan) tidak dikirim ulang otomatis: baca "
        "jawaban server surel di `spbe outbox --failed` dan perbaiki penyebabnya (SPBE_SMTP_*, alamat, kanal chat). "
        "Pesan dari run yang terhenti dikirim run berikutnya setelah masa klaim (10 menit).",
        "Messages failed for good (after {attempts} attempts) are not sent again by themselves: read the mail "
        "server's answer in `spbe outbox --failed` and fix the cause (SPBE_SMTP_*, addresses, chat channels). "
        "Messages of a run that stopped are sent by the next run once their claim lapses (10 minutes).",
    ),
    "al_do_report": (
        "Periksa log run; jalankan ulang laporan dari UI Prefect setelah penyebabnya diperbaiki.",
        "Check the run's log; run the report again from the Prefect UI once the cause is fixed.",
    ),
    "al_do_schedule-domain": (
        "Periksa rencana dengan `spbe validate`, lalu jalankan ulang run ini dari UI Prefect.",
        "Check the plan with `spbe validate`, then run this again from the Prefect UI.",
    ),
    "al_do_overseer": (
        "Periksa log run; jalankan ulang dari UI Prefect setelah penyebabnya diperbaiki.",
        "Check the run's log; run it again from the Prefect UI once the cause is fixed.",
    ),
    "al_line": ("{flow} ({run}) {state} pada {at}.", "{flow} ({run}) {state} at {at}."),
    "al_what": ("Yang terjadi: {message}", "What happened: {message}"),
    "al_open": ("Buka run: {url}", "Open the run: {url}"),
    "al_open_ui": (
        "Buka run di UI Prefect (atur SPBE_PREFECT_UI_URL agar tautannya ikut).",
        "Open the run in the Prefect UI (set SPBE_PREFECT_UI_URL to get its link here).",
    ),
    "ov_headline": (
        "{n} instansi, {late} tugas terlambat — liga {day}",
        "{n} instansi, {late} late tasks — league of {day}",
    ),
    # weekly artifacts, the overseer's league
    "wk_league_title": ("Liga OPD {instansi} — {day}", "OPD league of {instansi} — {day}"),
    "wk_summary_title": ("Ringkasan {program} {instansi} — {day}", "{program} summary of {instansi} — {day}"),
    "wk_progress": (
        "Tahun evaluasi {year}: {share} pekerjaan jatuh tempo tidak terlambat (dikirim/diverifikasi, atau jatuh "
        "tempo hari ini)",
        "Evaluation year {year}: {share} of the work due is not late (submitted/verified, or due today)",
    ),
    "wk_exact": (" (tepat {value})", " (exactly {value})"),
    "wk_columns": (
        "OPD|jatuh tempo|tepat waktu|% tepat waktu|terlambat|belum selesai|dibebaskan|poin berisiko",
        "OPD|due|on time|% on time|late|still open|waived|points at risk",
    ),
    "ov_columns": (
        "Instansi|Kode|Indeks|Predikat|Proyeksi|Poin berisiko|Terlambat|Belum selesai|% tepat waktu",
        "Instansi|Code|Index|Predikat|Projected|Points at risk|Late|Still open|% on time",
    ),
    # recurrence rules, cron, tables read from files
    "rr_day": (
        "{month} tidak punya tanggal {day}; paling banyak {last}",
        "{month} has no day {day}; at most {last}",
    ),
    "rr_dtstart": ("RRULE harus memuat DTSTART, mis. {example}", "an RRULE must hold DTSTART, e.g. {example}"),
    "rr_never": (
        "RRULE ini tidak pernah terjadi; periksa BYMONTH, BYMONTHDAY, COUNT dan UNTIL",
        "this RRULE never fires; check BYMONTH, BYMONTHDAY, COUNT and UNTIL",
    ),
    "rr_sub_daily": (
        "FREQ={freq} tidak didukung: jadwal memakai tanggal saja; gunakan DAILY, WEEKLY, MONTHLY atau YEARLY",
        "FREQ={freq} is not supported: schedules use dates only; use DAILY, WEEKLY, MONTHLY or YEARLY",
    ),
    "rr_interval": (
        "INTERVAL harus bilangan bulat minimal 1, bukan {value}",
        "INTERVAL must be a whole number of at least 1, not {value}",
    ),
    "rr_count_until": (
        "COUNT dan UNTIL tidak boleh dipakai bersamaan dalam satu RRULE (RFC 5545)",
        "COUNT and UNTIL must not both be used in one RRULE (RFC 5545)",
    ),
    "rr_invalid": ("RRULE tidak sah: {reason}", "invalid RRULE: {reason}"),
    "cron_fields": ("harus 5 kolom", "must have 5 fields"),
    "tb_binary": ("berkas biner", "a binary file"),
    "tb_not_utf8": ("bukan teks UTF-8", "not UTF-8 text"),
    "tb_no_sheet": ("tanpa lembar kerja", "no worksheet"),
    # the task workbook (spbe import / export): the sheet keeps its Indonesian column names (the file format)
    "xs_suffix": (
        "nama berkas ekspor harus berakhiran .xlsx, mis. tugas-kominfo.xlsx",
        "the export file's name must end in .xlsx, e.g. tugas-kominfo.xlsx",
    ),
    "xs_no_folder": (
        "folder '{folder}' tidak ada; buat dulu atau pilih folder lain",
        "folder '{folder}' does not exist; create it first or choose another",
    ),
    "xs_unwritable": (
        "berkas tidak dapat ditulis ({reason}); periksa izin folder, dan tutup berkas itu bila sedang dibuka di Excel",
        "the file cannot be written ({reason}); check the folder's permissions, and close the file if Excel has it "
        "open",
    ),
    "xs_opd_unknown": (
        "OPD '{opd}' tidak dikenal; kode yang ada: {known}",
        "unknown OPD '{opd}'; its codes: {known}",
    ),
    "xs_unreadable": (
        "bukan berkas Excel .xlsx yang dapat dibaca ({reason}); buka di Excel/LibreOffice lalu simpan sebagai "
        "'Excel Workbook (.xlsx)'",
        "not a readable Excel .xlsx file ({reason}); open it in Excel/LibreOffice and save it as "
        "'Excel Workbook (.xlsx)'",
    ),
    "xs_header": (
        "kolom wajib {names} tidak ditemukan; baris judul harus memuat kolom {required} seperti pada berkas "
        "ekspor lembar '{sheet}'",
        "required columns {names} not found; the header row must hold the columns {required} as in the "
        "exported sheet '{sheet}'",
    ),
    "xs_no_action": (
        "kolom {cols} diisi tetapi Tindakan kosong; isi Tindakan (mis. kirim) atau kosongkan",
        "columns {cols} are filled but Tindakan is empty; fill in Tindakan (e.g. kirim) or empty them",
    ),
    "xs_id_bad": ("ID '{raw}' bukan bilangan bulat", "ID '{raw}' is not a whole number"),
    "xs_id_empty": ("ID kosong", "the ID is empty"),
    "xs_id_unknown": ("tugas #{raw} tidak ditemukan", "task #{raw} not found"),
    "xs_id_fix": (
        "{what}; salin ID dari berkas ekspor dan jangan ubah kolom ID",
        "{what}; copy the ID from the exported file and do not change the ID column",
    ),
    "xs_action_unknown": (
        "Tindakan '{word}' tidak dikenal; pilih salah satu: {known} (atau kosongkan)",
        "unknown Tindakan '{word}'; choose one of: {known} (or leave it empty)",
    ),
    "xs_bad_date": (
        "kolom '{column}' berisi '{value}', bukan tanggal; tulis mis. 2025-03-31 atau 31/03/2025",
        "column '{column}' holds '{value}', not a date; write e.g. 2025-03-31 or 31/03/2025",
    ),
    "xs_fix_links": ("{problem}; perbaiki kolom 'Tautan bukti'", "{problem}; fix the column 'Tautan bukti'"),
    "xs_need_link": (
        "'{word}' memerlukan minimal satu tautan bukti: isi kolom 'Tautan bukti'",
        "'{word}' needs at least one evidence link: fill in the column 'Tautan bukti'",
    ),
    "xs_need_until": (
        "'{word}' memerlukan tenggat baru: isi kolom 'Tenggat baru' (mis. 2025-03-31)",
        "'{word}' needs a new due date: fill in the column 'Tenggat baru' (e.g. 2025-03-31)",
    ),
    "xs_need_reason": (
        "'{word}' memerlukan alasan: isi kolom 'Alasan'",
        "'{word}' needs a reason: fill in the column 'Alasan'",
    ),
    "xs_row": ("baris {row}", "row {row}"),
    # the public holidays calendar
    "cal_public": ("libur nasional", "public holiday"),
    "cal_joint": ("cuti bersama", "collective leave"),
    "cal_local": ("libur daerah", "regional holiday"),
    # the adapters' errors (stored with a message's attempts, shown by `spbe outbox` and the run summaries)
    "ad_env_unset": ("variabel lingkungan {name} belum diatur", "the environment variable {name} is not set"),
    "ad_no_channel": ("orang ini tidak punya kanal (email/chat)", "this person has no channel (email/chat)"),
    "ad_too_long": (
        "kanal {channel}: pesan {n} karakter, batas kanal {limit}",
        "channel {channel}: the message has {n} characters, the channel's limit is {limit}",
    ),
    "ad_bad_url": (
        "kanal {channel}: URL tidak dikenali apprise",
        "channel {channel}: apprise does not know the URL",
    ),
    "ad_refused": ("kanal {channel} menolak pesan", "channel {channel} refused the message"),
    "ad_smtp_unset": ("SMTP belum diatur (SPBE_SMTP_HOST)", "SMTP is not set (SPBE_SMTP_HOST)"),
    "ad_store_down": (
        "Penyimpanan berkas bukti tidak dapat dijangkau ({kind}); tidak ada yang dicatat. "
        "Coba lagi beberapa saat lagi, atau minta admin memeriksa SPBE_EVIDENCE_STORE.",
        "The evidence file store cannot be reached ({kind}); nothing was recorded. "
        "Try again in a moment, or ask the administrator to check SPBE_EVIDENCE_STORE.",
    ),
    # Prefect automations (`spbe setup-automations`): their texts; their names stay Indonesian (they identify them)
    "at_bad_channel": (
        "kanal '{url}' tidak sah: tulis mis. json://host:port/path",
        "channel '{url}' is not valid: write e.g. json://host:port/path",
    ),
    "at_telegram": (
        "tgram:// butuh tepat satu chat id: tgram://TOKEN_BOT/CHAT_ID",
        "tgram:// needs exactly one chat id: tgram://BOT_TOKEN/CHAT_ID",
    ),
    "at_unsupported": (
        "kanal '{url}' tidak didukung blok notifikasi Prefect; gunakan {schemes}",
        "channel '{url}' has no Prefect notification block; use {schemes}",
    ),
    "at_block": ("blok", "block"),
    "at_automation": ("otomasi", "automation"),
    "at_alert_desc": (
        "Kirim peringatan run yang gagal atau terhenti ke kanal koordinator, dengan teks dari run-nya.",
        "Send the alerts of failed or crashed runs to the coordinator's channel, with the run's own text.",
    ),
    "at_crash_body": (
        "Run {flow}/{run} terhenti mendadak (crash) pada {at} UTC.\nPesan: {message}\nBuka: {url}\n"
        "Proses yang menjalankannya berhenti: periksa `spbe serve` atau worker Prefect (systemd: journalctl), "
        "lalu jalankan ulang run ini dari UI Prefect.",
        "Run {flow}/{run} crashed at {at} UTC.\nMessage: {message}\nOpen: {url}\n"
        "The process running it stopped: check `spbe serve` or the Prefect worker (systemd: journalctl), "
        "then run it again from the Prefect UI.",
    ),
    "at_crash_subject": ("SPBE: run {flow} terhenti mendadak", "SPBE: run {flow} crashed"),
    "at_crash_desc": (
        "Peringatan bila run remind, dispatch, report, schedule-domain atau overseer berakhir Crashed.",
        "An alert when a run of remind, dispatch, report, schedule-domain or overseer ends Crashed.",
    ),
    "at_days": ("{n} hari", "{n} days"),
    "at_hours": ("{n} jam", "{n} hours"),
    "at_seconds": ("{n} detik", "{n} seconds"),
    "at_remind": ("pengingat harian", "daily reminder"),
    "at_report": ("laporan mingguan", "weekly report"),
    "at_silent_body": (
        "Tidak ada run {what} ({deployments}) yang selesai dalam {span} terakhir. "
        "Periksa proses `spbe serve` atau worker Prefect, dan apakah deployment-nya dijeda di UI Prefect.",
        "No {what} run ({deployments}) completed in the last {span}. "
        "Check the `spbe serve` process or the Prefect worker, and whether its deployments are paused in the "
        "Prefect UI.",
    ),
    "at_silent_subject": ("SPBE: {what} tidak berjalan", "SPBE: {what} not running"),
    "at_silent_desc": (
        "Peringatan bila {what} tidak selesai dalam {span}.",
        "An alert when no {what} run completes within {span}.",
    ),
    # the command line's remaining lines (the rest are in i18n_cli.py)
    "c2_full_needs_dry_run": (
        "--full dan --person hanya berlaku bersama --dry-run",
        "--full and --person only work with --dry-run",
    ),
    "c2_bundle_suffix": (
        "-o {path}: nama berkas paket harus berakhiran .zip",
        "-o {path}: the bundle's name must end in .zip",
    ),
    "c2_bundle_folder": ("-o {path}: folder {folder} tidak ada", "-o {path}: folder {folder} does not exist"),
    "c2_bundle_done": (
        "{path}: {docs} dokumen, {gaps} kekurangan/kedaluwarsa (tahun {year}, evaluasi {evaluation}, {size} bita)",
        "{path}: {docs} documents, {gaps} missing/expiring (year {year}, evaluation {evaluation}, {size} bytes)",
    ),
    "c2_file_stored": (
        "  berkas {name} ({size} bita, SHA-256 {sha})",
        "  file {name} ({size} bytes, SHA-256 {sha})",
    ),
    "c2_failed_messages": (
        "Pesan gagal: {waiting} menunggu dicoba lagi, {dead} gagal permanen (spbe outbox --failed). Terakhir, untuk "
        "{person}: {error}",
        "Failed messages: {waiting} waiting for a retry, {dead} failed for good (spbe outbox --failed). The last, "
        "for {person}: {error}",
    ),
    "c2_sqlite_one_process": (
        "--workers {n}: SQLite menulis satu per satu (satu kunci tulis untuk seluruh berkas), jadi proses tambahan "
        "tidak menambah kapasitas; satu proses sudah cukup (lihat bench/README.md). Untuk beberapa proses gunakan "
        "PostgreSQL (SPBE_DATABASE_URL=postgresql://...).",
        "--workers {n}: SQLite writes one at a time (one write lock for the whole file), so more processes add no "
        "capacity; one process is enough (see bench/README.md). For several processes use PostgreSQL "
        "(SPBE_DATABASE_URL=postgresql://...).",
    ),
    # the demo's simulated activity, per outcome
    "do_verified_late": ("terverifikasi (terlambat)", "verified (late)"),
    "do_verified": ("terverifikasi", "verified"),
    "do_submitted_late": ("dikirim terlambat", "submitted late"),
    "do_submitted": ("dikirim tepat waktu", "submitted on time"),
    "do_returned": ("dikembalikan", "returned"),
    "do_extended": ("diperpanjang", "extended"),
    "do_waived": ("dibebaskan", "waived"),
    "do_late": ("terlambat", "late"),
    # plan migration: the written file's header
    "mg_header": (
        "{instansi} pada {framework}: ditulis `spbe plan migrate` dari {source}, {day}.",
        "{instansi} on {framework}: written by `spbe plan migrate` from {source}, {day}.",
    ),
    "mg_mapping": (
        "Pemetaan {provisional}{name}: tingkat bertanda `estimate: true` adalah",
        "Mapping {provisional}{name}: levels marked `estimate: true` are",
    ),
    "mg_provisional": ("SEMENTARA ", "PROVISIONAL "),
    "mg_estimates": (
        "perkiraan dari tingkat lama; ganti dengan hasil evaluasi pertama. Yang tidak dapat dipetakan:",
        "estimates from the old levels; replace them with the first evaluation's results. What could not be mapped:",
    ),
}
