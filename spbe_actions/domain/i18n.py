"""User-facing messages in Bahasa Indonesia (default) and English. Code and logs stay English."""

from __future__ import annotations

import os

from spbe_actions.domain.i18n_app import APP_MESSAGES
from spbe_actions.domain.i18n_cli import CLI_MESSAGES
from spbe_actions.domain.i18n_ops import OPS_MESSAGES
from spbe_actions.domain.i18n_web import WEB_MESSAGES

# key -> (Indonesian, English). Keep placeholders identical in both.
MESSAGES: dict[str, tuple[str, str]] = {
    "file_not_found": ("berkas tidak ditemukan", "file not found"),
    "file_unreadable": (
        "berkas tidak dapat dibaca sebagai teks UTF-8 ({reason})",
        "file cannot be read as UTF-8 text ({reason})",
    ),
    "yaml_empty": ("berkas YAML kosong", "the YAML file is empty"),
    "yaml_syntax": ("sintaks YAML salah: {reason}", "YAML syntax error: {reason}"),
    "input_too_large": (
        "berkas terlalu besar ({size}; batas {limit}); periksa bahwa ini berkas yang benar",
        "file too large ({size}; the limit is {limit}); check that this is the right file",
    ),
    "input_nul": (
        "berkas memuat karakter NUL (byte 0) di kolom {col}; ini bukan teks biasa: simpan ulang sebagai teks UTF-8",
        "the file holds a NUL character (byte 0) in column {col}; it is not plain text: save it again as UTF-8 text",
    ),
    "input_char": (
        "karakter tidak diizinkan {char} di kolom {col}; hapus karakter itu atau simpan ulang sebagai teks UTF-8",
        "character {char} is not allowed (column {col}); remove it or save the file again as UTF-8 text",
    ),
    "yaml_nodes": (
        "YAML terlalu besar setelah alias (&/*) dijabarkan: lebih dari {limit} simpul; tulis isinya tanpa alias",
        "the YAML is too large once its aliases (&/*) are expanded: more than {limit} nodes; write it without "
        "aliases",
    ),
    "yaml_depth": (
        "YAML bersarang terlalu dalam (lebih dari {limit} tingkat); periksa indentasi dan tanda kurung",
        "the YAML nests too deeply (more than {limit} levels); check the indentation and brackets",
    ),
    "yaml_bad_date": (
        "'{value}' bukan tanggal yang ada ({reason}); tulis tanggal YYYY-MM-DD yang benar, mis. 2025-03-31",
        "'{value}' is not a real date ({reason}); write a valid date YYYY-MM-DD, e.g. 2025-03-31",
    ),
    "yaml_bad_number": (
        "angka '{value}' tidak dapat dibaca ({reason}); tulis angka yang lebih pendek",
        "the number '{value}' cannot be read ({reason}); write a shorter number",
    ),
    "date_no_month": (
        "tidak ada bulan {month}: bulan 1 sampai 12",
        "there is no month {month}: months are 1 to 12",
    ),
    "date_no_year": ("tidak ada tahun 0", "there is no year 0"),
    "date_no_day": (
        "bulan {month} tahun {year} hanya sampai tanggal {last}, tidak ada tanggal {day}",
        "month {month} of {year} ends on day {last}; there is no day {day}",
    ),
    "input_unzipped": (
        "berkas Excel ini terurai menjadi {size} (batas {limit}); simpan ulang hanya lembar yang diperlukan",
        "this Excel file expands to {size} (the limit is {limit}); save only the sheets you need",
    ),
    "table_bad_row": ("baris {row}: {reason}", "row {row}: {reason}"),
    "pl_rrule_spent": (
        "RRULE ini tidak akan terjadi lagi: terakhir pada {last}, sebelum hari ini ({today}); perbarui UNTIL atau "
        "COUNT, atau hapus aksi ini",
        "this RRULE will never fire again: it last fired on {last}, before today ({today}); update UNTIL or "
        "COUNT, or remove the action",
    ),
    "more_problems": ("… dan {n} masalah lain", "… and {n} more problem(s)"),
    "table_rows": (
        "lebih dari {limit} baris; berkas ini bukan tabel yang diharapkan",
        "more than {limit} rows; this is not the expected table",
    ),
    "yaml_duplicate_key": (
        "kunci '{key}' ditulis dua kali; hapus salah satunya",
        "key '{key}' appears twice; remove one",
    ),
    "field_missing": ("wajib diisi", "is required"),
    "field_unknown": (
        "kunci tidak dikenal (salah ketik?); hapus atau perbaiki ejaannya",
        "unknown key (a typo?); remove it or fix its spelling",
    ),
    "expect_int": ("harus bilangan bulat", "must be a whole number"),
    "expect_number": ("harus angka", "must be a number"),
    "expect_text": ("harus teks", "must be text"),
    "expect_bool": ("harus true atau false", "must be true or false"),
    "expect_list": ("harus daftar (list)", "must be a list"),
    "expect_mapping": ("harus pemetaan kunci: nilai", "must be a mapping of key: value"),
    "expect_date": ("harus tanggal YYYY-MM-DD", "must be a date YYYY-MM-DD"),
    "tag_missing": ("kunci '{key}' wajib diisi", "key '{key}' is required"),
    "too_short": ("tidak boleh kosong", "must not be empty"),
    "too_small": ("minimal {limit}", "must be at least {limit}"),
    "must_exceed": ("harus lebih dari {limit}", "must be greater than {limit}"),
    "must_be_below": ("harus kurang dari {limit}", "must be less than {limit}"),
    "too_large": ("maksimal {limit}", "must be at most {limit}"),
    "expect_one_of": ("harus salah satu dari: {allowed}", "must be one of: {allowed}"),
    "bad_pattern": ("format tidak sesuai (pola {pattern})", "does not match the pattern {pattern}"),
    # framework
    "fw_duplicate_id": (
        "id '{id}' dipakai lebih dari sekali; setiap id harus unik",
        "id '{id}' is used more than once; ids must be unique",
    ),
    "fw_weight_sum": (
        "bobot anak berjumlah {total}, padahal bobot '{id}' adalah {weight}",
        "children's weights sum to {total} but '{id}' weighs {weight}",
    ),
    "fw_root_sum": (
        "bobot tingkat teratas berjumlah {total}, harus 100",
        "top-level weights sum to {total}, must be 100",
    ),
    "fw_band_gap": (
        "rentang predikat tidak bersambung: '{name}' mulai {min}, sebelumnya berakhir {prev}",
        "predicate bands leave a gap or overlap: '{name}' starts at {min}, the previous ends at {prev}",
    ),
    "fw_band_ends": (
        "rentang predikat harus mencakup skala {min}-{max}",
        "predicate bands must cover the scale {min}-{max}",
    ),
    "fw_band_order": (
        "batas bawah harus lebih kecil dari batas atas",
        "the lower bound must be below the upper bound",
    ),
    "fw_unknown_indicator": (
        "indikator '{id}' tidak ada dalam kerangka ini",
        "indicator '{id}' is not in this framework",
    ),
    "fw_group_empty": (
        "kelompok tanpa anak; tambahkan children atau jadikan indikator",
        "a group without children; add children or make it an indicator",
    ),
    "fw_external_group": (
        "hanya indikator (daun) yang boleh bernilai eksternal, bukan kelompok",
        "only an indicator (a leaf) may take an external value, not a group",
    ),
    "fw_source_missing": (
        "kerangka sementara (provisional: true) wajib menyebut sumbernya di 'source'",
        "a provisional framework (provisional: true) must cite its sources in 'source'",
    ),
    "fw_item_indicator": (
        "butir bukti dukung untuk indikator '{id}': indikator itu tidak ada atau bernilai eksternal",
        "evidence item for indicator '{id}': that indicator does not exist or takes an external value",
    ),
    "fw_provisional": (
        "Kerangka SEMENTARA: {name} ({regulation}) disusun dari sumber sekunder ({source}); "
        "cocokkan nama, bobot dan rentang dengan teks resmi sebelum dijadikan pegangan.",
        "PROVISIONAL framework: {name} ({regulation}) is built from secondary sources ({source}); "
        "check names, weights and bands against the official text before relying on it.",
    ),
    "fw_not_found": (
        "kerangka '{id}' tidak ditemukan; yang tersedia: {available}",
        "framework '{id}' not found; available: {available}",
    ),
    # levels file
    "lv_not_table": (
        "bukan berkas CSV/XLSX yang dapat dibaca ({reason}); gunakan CSV dengan kepala 'indicator,level'",
        "not a readable CSV/XLSX file ({reason}); use a CSV with header 'indicator,level'",
    ),
    "lv_header": (
        "kepala kolom harus 'indicator,level', ditemukan '{found}'",
        "the header must be 'indicator,level', found '{found}'",
    ),
    "lv_unknown": (
        "baris {row}: indikator '{id}' tidak dikenal dalam kerangka {fw}",
        "row {row}: indicator '{id}' is unknown in framework {fw}",
    ),
    "lv_duplicate": (
        "baris {row}: indikator '{id}' sudah ada di baris {first}; hapus salah satunya",
        "row {row}: indicator '{id}' already given on row {first}; remove one",
    ),
    "lv_level": (
        "baris {row}: tingkat '{value}' untuk indikator '{id}' harus bilangan bulat {min}-{max}",
        "row {row}: level '{value}' for indicator '{id}' must be a whole number {min}-{max}",
    ),
    "lv_external": (
        "baris {row}: nilai '{value}' untuk indikator eksternal '{id}' harus angka {min}-{max} "
        "(desimal boleh, mis. 2.87 atau 2,87)",
        "row {row}: value '{value}' for external indicator '{id}' must be a number {min}-{max} "
        "(decimals allowed, e.g. 2.87)",
    ),
    "lv_decimals_for": (
        " (desimal hanya untuk indikator eksternal: {ids})",
        " (decimals only for the external indicators: {ids})",
    ),
    "lv_missing": (
        "indikator {ids} tidak ada; setiap indikator kerangka {fw} harus diberi tingkat",
        "indicators {ids} are missing; every indicator of {fw} needs a level",
    ),
    "lv_empty_row": (
        "baris {row}: kolom indicator atau level kosong",
        "row {row}: the indicator or level cell is empty",
    ),
    # external values and the checklist
    "ex_not_external": (
        "indikator '{id}' bukan indikator eksternal kerangka {fw}; yang eksternal: {known}",
        "indicator '{id}' is not an external indicator of {fw}; the external ones: {known}",
    ),
    "ex_range": ("nilai {value} harus di antara {min} dan {max}", "value {value} must be between {min} and {max}"),
    "ex_future": (
        "tanggal hasil {date} belum terjadi; tulis tanggal hasil evaluasi instansi sumber",
        "the result date {date} is in the future; give the date of the source agency's result",
    ),
    "ex_source": (
        "sumber wajib diisi (maks. {limit} karakter), mis. 'Bappenas, hasil Evaluasi Satu Data 2026'",
        "the source is required (at most {limit} characters), e.g. 'Bappenas, Satu Data evaluation 2026'",
    ),
    "ex_header": (
        "kepala kolom harus 'indicator,value,date,source', ditemukan '{found}'",
        "the header must be 'indicator,value,date,source', found '{found}'",
    ),
    "ex_row": (
        "baris {row}: nilai '{value}' harus angka (mis. 2.87) dan tanggal '{date}' harus YYYY-MM-DD",
        "row {row}: value '{value}' must be a number (e.g. 2.87) and date '{date}' must be YYYY-MM-DD",
    ),
    "ex_awaited": ("menunggu nilai eksternal", "awaiting the external value"),
    "ck_coordinator_only": (
        "'{who}' bukan koordinator: hanya koordinator yang mencatat hasil asesor dan nilai eksternal",
        "'{who}' is not a coordinator: only coordinators record the assessors' results and external values",
    ),
    "ck_state": (
        "status butir '{value}' tidak dikenal; pilih dari: {known}",
        "unknown item state '{value}'; choose from: {known}",
    ),
    "ck_unknown": (
        "butir '{key}' tidak ada dalam rencana; yang ada: {known}",
        "item '{key}' is not in the plan; known: {known}",
    ),
    "ck_note_long": ("catatan lebih dari {limit} karakter", "the note is longer than {limit} characters"),
    # transition between instruments (spbe plan migrate)
    "tr_missing": (
        "indikator {ids} kerangka {fw} tidak dipetakan; setiap indikator lama harus dicantumkan",
        "indicators {ids} of {fw} are not mapped; every old indicator must be listed",
    ),
    "tr_domain": (
        "domain manajemen '{old}' -> '{new}': salah satunya tidak ada dalam kerangkanya",
        "management domain '{old}' -> '{new}': one of them does not exist in its framework",
    ),
    "tr_pair": (
        "berkas ini memetakan {source} -> {to}, bukan {old} -> {new}",
        "this file maps {source} -> {to}, not {old} -> {new}",
    ),
    "tr_not_found": (
        "tidak ada berkas transisi {old} -> {new} ({path}); yang ada: {known}",
        "no transition file {old} -> {new} ({path}); available: {known}",
    ),
    "tr_same": ("rencana sudah memakai kerangka {fw}", "the plan already uses framework {fw}"),
    "tr_exists": (
        "berkas keluaran sudah ada; pilih nama lain atau hapus dulu",
        "the output file already exists; choose another name or remove it first",
    ),
    "tr_external": (
        "indikator {id}: nilainya dari {source}; tanpa perkiraan, masukkan dengan `spbe external set {id} ...`",
        "indicator {id}: its value comes from {source}; no estimate, enter it with `spbe external set {id} ...`",
    ),
    "tr_no_source": (
        "indikator {name}: tidak ada indikator lama yang memetakannya; dimulai di tingkat {level}, pemilik {lead} "
        "(perkiraan, periksa)",
        "indicator {name}: no old indicator maps to it; starts at level {level}, owner {lead} (an estimate, check)",
    ),
    "tr_next_evaluation": (
        "instansi.next_evaluation {date} sebelum tahun {year}: dihapus (bawaan: 1 Juli berikutnya)",
        "instansi.next_evaluation {date} is before {year}: removed (default: the next 1 July)",
    ),
    "tr_action_dropped": (
        "aksi '{action}': tidak ada indikator yang dapat dipetakan; aksi tidak dibawa",
        "action '{action}': no indicator could be mapped; the action is not carried over",
    ),
    "tr_raise_dropped": (
        "aksi '{action}': indikator {id} di luar domain manajemen '{domain}' aksi ini; dihapus dari raises",
        "action '{action}': indicator {id} is outside the action's management domain '{domain}'; removed from raises",
    ),
    "tr_override_dropped": (
        "{section}.per_domain.{old}: tidak ada padanan atau '{new}' sudah diatur; diabaikan",
        "{section}.per_domain.{old}: no counterpart, or '{new}' is already set; ignored",
    ),
    "tr_estimated": ("PERKIRAAN dari tingkat lama {sources}", "ESTIMATE from old levels {sources}"),
    "tr_written": (
        "Rencana {fw} ditulis ke {path}: {n} indikator diperkirakan, {notes} catatan (lihat kepala berkas).",
        "Plan on {fw} written to {path}: {n} indicators estimated, {notes} notes (see the file's header).",
    ),
    # plan
    "pl_tz": (
        "zona waktu '{value}' tidak dikenal; gunakan WIB, WITA, WIT atau nama IANA seperti Asia/Jakarta",
        "unknown time zone '{value}'; use WIB, WITA, WIT or an IANA name such as Asia/Jakarta",
    ),
    "pl_email": ("alamat surel '{value}' tidak sah", "'{value}' is not a valid email address"),
    "pl_secret_inline": (
        "URL berisi rahasia tertulis langsung; pakai variabel lingkungan, mis. ${{SMTP_PASSWORD}}",
        "the URL holds an inline secret; reference an environment variable, e.g. ${{SMTP_PASSWORD}}",
    ),
    "pl_url": (
        "URL kanal '{value}' tidak sah; tulis URL apprise seperti mailto://, tgram://, json://",
        "channel URL '{value}' is not valid; write an apprise URL such as mailto://, tgram://, json://",
    ),
    "pl_unknown_ref": (
        "{kind} '{value}' tidak dikenal; yang ada: {known}",
        "unknown {kind} '{value}'; known: {known}",
    ),
    "pl_duplicate": ("{kind} '{value}' ditulis lebih dari sekali", "{kind} '{value}' is defined more than once"),
    "pl_level_range": ("tingkat harus {min}-{max}", "the level must be {min}-{max}"),
    "pl_indicator_missing": (
        "indikator {ids} belum punya pemilik/tingkat; setiap indikator kerangka harus dicantumkan",
        "indicators {ids} have no owner/level; every indicator of the framework must be listed",
    ),
    "pl_domain_indicator": (
        "indikator '{id}' bukan bagian domain manajemen '{domain}' (yang ada: {known})",
        "indicator '{id}' is not part of management domain '{domain}' (it has: {known})",
    ),
    "pl_cron": (
        "ekspresi cron '{value}' tidak sah ({reason}); contoh: \"0 6 * * 1-5\"",
        "cron expression '{value}' is not valid ({reason}); e.g. \"0 6 * * 1-5\"",
    ),
    "pl_action_serves": (
        "aksi harus menaikkan indikator (raises) atau menghasilkan butir bukti dukung (items)",
        "an action must raise an indicator (raises) or produce evidence items (items)",
    ),
    "pl_current_required": (
        "wajib diisi: tingkat hasil evaluasi (atau daftarkan butir bukti dukung indikator ini di items)",
        "is required: the evaluated level (or list this indicator's evidence items under items)",
    ),
    "pl_current_external": (
        "indikator {id} bernilai dari {source}; hapus 'current' dan masukkan nilainya dengan "
        "`spbe external set {id} NILAI --date ... --source ...`",
        "indicator {id} takes its value from {source}; remove 'current' and enter the value with "
        "`spbe external set {id} VALUE --date ... --source ...`",
    ),
    "pl_current_items": (
        "tingkat indikator {id} dihitung dari butir bukti dukungnya (items); hapus 'current'",
        "indicator {id} is scored from its evidence items (items); remove 'current'",
    ),
    "pl_item_own": (
        "butir milik instansi wajib punya indicator, level dan title (atau pakai id butir kerangka)",
        "an instansi's own item needs indicator, level and title (or use the id of a framework item)",
    ),
    "pl_item_framework": (
        "'{id}' adalah butir kerangka: indicator, level dan title datang dari kerangka; hapus di sini",
        "'{id}' is a framework item: indicator, level and title come from the framework; remove them here",
    ),
    "pl_item_external": (
        "indikator {id} bernilai eksternal; butir bukti dukung tidak menentukan nilainya",
        "indicator {id} takes an external value; evidence items do not score it",
    ),
    "pl_item_gap": (
        "indikator {id} punya butir tingkat {level} tetapi tidak tingkat {missing}: tingkat berjenjang, "
        "jadi tidak dapat melewati tingkat {stuck}; tambahkan butir tingkat {missing}",
        "indicator {id} has level-{level} items but none at level {missing}: levels are tiered, so it cannot pass "
        "level {stuck}; add a level-{missing} item",
    ),
    "pl_quiet": ("format jam harus HH:MM", "times must be HH:MM"),
    "k_opd": ("OPD", "OPD"),
    "k_person": ("id orang", "person id"),
    "k_indicator": ("indikator", "indicator"),
    "k_domain": ("domain manajemen", "management domain"),
    "k_evidence": ("bukti", "evidence"),
    "k_action": ("aksi", "action"),
    "k_framework": ("kerangka", "framework"),
    "k_item": ("butir bukti dukung", "evidence item"),
    # cli
    "cli_problems": ("{n} masalah ditemukan.", "{n} problem(s) found."),
    "cli_plan_ok": (
        "Rencana sah: {name}, {opds} OPD, {actions} aksi, {people} orang.",
        "Plan is valid: {name}, {opds} OPDs, {actions} actions, {people} people.",
    ),
    "cli_init_done": (
        "Basis data siap ({url}): {opds} OPD, {people} orang, {actions} aksi dimuat untuk {name}.",
        "Database ready ({url}): loaded {opds} OPDs, {people} people, {actions} actions for {name}.",
    ),
    "cli_db_error": ("basis data {url} tidak dapat dipakai: {reason}", "database {url} cannot be used: {reason}"),
    "db_missing": (
        "basis data SQLite {path} tidak ada: periksa SPBE_DATABASE_URL dan apakah foldernya (volume) terpasang; "
        "hanya `spbe init --plan RENCANA.yaml` yang membuat basis data baru",
        "the SQLite database {path} does not exist: check SPBE_DATABASE_URL and that its folder (volume) is "
        "mounted; only `spbe init --plan PLAN.yaml` creates a new database",
    ),
    "db_folder": (
        "folder basis data {path} tidak dapat dibuat ({reason}); periksa izin dan SPBE_DATABASE_URL",
        "the database folder {path} cannot be created ({reason}); check its permissions and SPBE_DATABASE_URL",
    ),
    "no_instansi": (
        "basis data {url} belum berisi instansi; jalankan `spbe init --plan RENCANA.yaml` dahulu",
        "database {url} holds no instansi yet; run `spbe init --plan PLAN.yaml` first",
    ),
    "instansi_choose": (
        "basis data ini berisi {n} instansi ({codes}); pilih satu dengan --instansi KODE atau SPBE_INSTANSI",
        "this database holds {n} instansi ({codes}); choose one with --instansi CODE or SPBE_INSTANSI",
    ),
    "instansi_unknown": (
        "instansi '{code}' tidak ada di basis data ini; kode yang ada: {codes}",
        "instansi '{code}' is not in this database; its codes: {codes}",
    ),
    "col_group": ("Domain/Aspek", "Domain/Aspect"),
    "col_index": ("Indeks", "Index"),
    "col_predicate": ("Predikat", "Predicate"),
    "col_weight": ("Bobot", "Weight"),
    "idx_levels": ("Tingkat: {names}", "Levels: {names}"),
    "idx_levels_process": ("Tingkat (proses): {names}", "Levels (process): {names}"),
    "idx_levels_service": ("Tingkat (layanan): {names}", "Levels (service): {names}"),
    "idx_external": (
        "Indikator eksternal (nilai dari instansi lain, desimal): {items}",
        "External indicators (values from other agencies, decimals): {items}",
    ),
    "demo_current": ("Indeks saat ini ({year})", "Current index ({year})"),
    "demo_target": ("Indeks target ({year})", "Target index ({year})"),
    "demo_gain": ("Kenaikan jika semua target tercapai", "Gain if every target is reached"),
    "demo_history": ("Riwayat indeks terpublikasi", "Published index history"),
    "demo_example": ("contoh demo", "demo example"),
    "demo_external": (
        "Nilai eksternal dimasukkan: indikator {id} = {value} ({source}); masih menunggu: {rest}",
        "External value entered: indicator {id} = {value} ({source}); still awaited: {rest}",
    ),
}

MESSAGES.update(CLI_MESSAGES)  # the command line's words (i18n_cli.py): one catalogue, one lookup
MESSAGES.update(WEB_MESSAGES)  # what the web pages' Python side says (i18n_web.py)
MESSAGES.update(APP_MESSAGES)  # the use cases' and the domain's messages (i18n_app.py)
MESSAGES.update(OPS_MESSAGES)  # run summaries, alerts, automations, artifacts, the demo (i18n_ops.py)


# code -> (Indonesian, English): how a stored code is shown to people (never the code itself).
LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "status": {
        "scheduled": ("terjadwal", "scheduled"),
        "open": ("terbuka", "open"),
        "submitted": ("dikirim", "submitted"),
        "returned": ("dikembalikan", "returned"),
        "verified": ("terverifikasi", "verified"),
        "extension_requested": ("minta perpanjangan", "extension requested"),
        "waived": ("dibebaskan", "waived"),
        "cancelled": ("dibatalkan", "cancelled"),
    },
    "event": {
        "submit": ("kirim", "submit"),
        "verify": ("verifikasi", "verify"),
        "return": ("kembalikan", "return"),
        "request_extension": ("minta perpanjangan", "request an extension"),
        "extend": ("perpanjang", "extend"),
        "reject_extension": ("tolak perpanjangan", "reject the extension"),
        "waive": ("bebaskan", "waive"),
        "open": ("dibuka", "opened"),
        "create": ("dibuat", "created"),
        "reschedule": ("dijadwal ulang", "rescheduled"),
        "cancel": ("dibatalkan", "cancelled"),
        "seen": ("dilihat", "seen"),
        "download": ("berkas diunduh", "file downloaded"),
    },
    "channel": {
        "cli": ("baris perintah", "command line"),
        "link": ("halaman tautan", "link page"),
        "import": ("impor Excel", "Excel import"),
        "flow": ("otomatis", "automatic"),
    },
    "item_state": {
        "belum": ("belum ada", "none yet"),
        "draf": ("draf", "draft"),
        "proses": ("diproses asesor", "with the assessors"),
        "revisi": ("perlu revisi", "to be revised"),
        "diterima": ("diterima", "accepted"),
    },
    "smtp_problem": {
        "auth": (
            "autentikasi ditolak server surel (periksa SPBE_SMTP_USER dan SPBE_SMTP_PASSWORD)",
            "the mail server refused the login (check SPBE_SMTP_USER and SPBE_SMTP_PASSWORD)",
        ),
        "recipient": (
            "alamat penerima ditolak server surel (periksa email orang ini di rencana)",
            "the mail server refused the recipient (check this person's email in the plan)",
        ),
        "sender": (
            "alamat pengirim ditolak server surel (periksa SPBE_SMTP_FROM)",
            "the mail server refused the sender (check SPBE_SMTP_FROM)",
        ),
        "message": ("pesan ditolak server surel", "the mail server refused the message"),
        "unreachable": (
            "server surel tidak terjangkau (periksa SPBE_SMTP_HOST, SPBE_SMTP_PORT dan jaringan)",
            "the mail server cannot be reached (check SPBE_SMTP_HOST, SPBE_SMTP_PORT and the network)",
        ),
        "tls": (
            "gagal TLS dengan server surel (periksa SPBE_SMTP_SECURE dan sertifikat server)",
            "TLS with the mail server failed (check SPBE_SMTP_SECURE and the server's certificate)",
        ),
        "other": ("server surel menolak pengiriman", "the mail server refused the send"),
    },
    "message": {
        "digest": ("pengingat", "reminder"),
        "escalation": ("eskalasi", "escalation"),
        "summary": ("ringkasan koordinator", "coordinator's summary"),
        "weekly": ("ringkasan mingguan", "weekly summary"),
        "test": ("pesan uji", "test message"),
    },
    "outbox": {
        "queued": ("diantrekan", "queued"),
        "sending": ("sedang dikirim", "sending"),
        "sent": ("terkirim", "sent"),
        "failed": ("gagal (dicoba lagi)", "failed (will retry)"),
        "dead": ("gagal permanen", "failed for good"),
        "superseded": ("diganti yang lebih baru", "superseded"),
    },
    "account_role": {
        "coordinator": ("koordinator", "coordinator"),
        "overseer": ("pengawas", "overseer"),
    },
    "role": {
        "coordinator": ("koordinator", "coordinator"),
        "head": ("kepala OPD", "head of OPD"),
        "focal_point": ("penanggung jawab OPD", "OPD focal point"),
        "system": ("sistem", "system"),
    },
}


def label(kind: str, code: str | None, language: str | None = None) -> str:
    """The word people read for a stored code (a status, event, channel or role); the code when unknown."""
    if code is None:
        return "—"
    pair = LABELS[kind].get(code)
    if pair is None:
        return code
    return pair[1] if (language or lang()) == "en" else pair[0]


def lang() -> str:
    """The user's language: SPBE_LANG=en switches to English; anything else is Indonesian."""
    return "en" if os.environ.get("SPBE_LANG", "id").lower().startswith("en") else "id"


def t(msg_key: str, **kwargs: object) -> str:
    """The message ``msg_key`` in the user's language, formatted with ``kwargs``."""
    return text_in(lang(), msg_key, **kwargs)


def text_in(language: str, msg_key: str, **kwargs: object) -> str:
    """The message ``msg_key`` in ``language`` (a report or a mail in the instansi's language)."""
    idn, eng = MESSAGES[msg_key]
    return (eng if language == "en" else idn).format(**kwargs)
