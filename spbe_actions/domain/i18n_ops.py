"""The operator's messages (id, en): run summaries, deployments' descriptions, alerts and Prefect automations,
weekly and overseer artifacts, the calendar's kinds, the demo's outcomes, `plan migrate`'s header and the
command line's last lines.

Part of the one catalogue: ``i18n.MESSAGES`` takes these in, so ``t(key)`` finds them like any other message.
Kept apart from ``i18n_app`` (the use cases' and the domain's errors) only so that each module stays small.
"""

from __future__ import annotations

OPS_MESSAGES: dict[str, tuple[str, str]] = {
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
    # the public holidays calendar
    "cal_public": ("libur nasional", "public holiday"),
    "cal_joint": ("cuti bersama", "collective leave"),
    "cal_local": ("libur daerah", "regional holiday"),
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
