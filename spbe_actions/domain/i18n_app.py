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
    "sw_indicator": ("{indicator} → tingkat {level}", "{indicator} → level {level}"),
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
    "ev_temp_hours": (
        "{hours} terlalu kecil: minimal 1 jam, agar unggahan yang sedang berjalan tidak terhapus",
        "{hours} is too small: at least 1 hour, so that uploads under way are not removed",
    ),
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
    # h14polish: an indicator as people read it (adapters/formats.indicator; the weight in their number format)
    "fmt_indicator": ("{title} (bobot {weight})", "{title} (weight {weight})"),
}
