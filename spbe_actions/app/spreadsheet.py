"""The XLSX round trip of open work: export an OPD's tasks to fill in, import the filled-in workbook.

The export carries each occurrence's id and the columns an OPD fills in (``Tindakan``, ``Tautan bukti``,
...); the import reads them back into ``tracking.Request`` objects, checks every cell first and hands the
whole batch to ``tracking.act`` (channel ``import``), which applies all of it in one transaction or none.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any, BinaryIO

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import Engine

from spbe_actions import store
from spbe_actions.adapters import formats
from spbe_actions.adapters.config import input_limits
from spbe_actions.app.common import require_instansi, stored_id, vocab_of
from spbe_actions.app.figures import TaskView, tasks
from spbe_actions.app.tracking import EvidenceInput, Outcome, Request, act, check_url
from spbe_actions.domain.calendar import local_today
from spbe_actions.domain.errors import InputError, Problem, Problems
from spbe_actions.domain.i18n import label, t
from spbe_actions.domain.ids import parse_id
from spbe_actions.domain.index import round_half_up
from spbe_actions.domain.lifecycle import COORDINATOR, FOCAL_POINT, HEAD, RULES, Actor
from spbe_actions.domain.limits import DEFAULT, Limits, check_size, check_unzipped
from spbe_actions.store import engine as db

TASK_SHEET, GUIDE_SHEET = "Tugas", "Petunjuk"
# (header, width); the first eight are information, the rest are filled in by the OPD or coordinator
INFO_COLUMNS = (
    ("ID", 8),
    ("OPD", 14),
    ("Aksi", 48),
    ("Periode", 13),
    ("Tenggat", 12),
    ("Status", 19),
    ("Terlambat (hari)", 10),
    ("Poin", 9),
)
FILL_COLUMNS = (
    ("Tindakan", 22),
    ("Tautan bukti", 50),
    ("Judul bukti", 32),
    ("Tanggal berlaku", 15),
    ("Tenggat baru", 14),
    ("Alasan", 40),
)
COLUMNS = INFO_COLUMNS + FILL_COLUMNS
REQUIRED = ("ID", "Tindakan")
# Indonesian action word -> lifecycle event, with what it means (for the guide sheet)
WORDS = {
    "kirim": ("submit", "laporkan tugas selesai, dengan bukti dukung"),
    "minta_perpanjangan": ("request_extension", "minta tenggat diundur"),
    "verifikasi": ("verify", "nyatakan kiriman sah"),
    "kembalikan": ("return", "kembalikan kiriman untuk diperbaiki"),
    "perpanjang": ("extend", "setujui atau berikan perpanjangan tenggat"),
    "tolak_perpanjangan": ("reject_extension", "tolak permintaan perpanjangan"),
    "bebaskan": ("waive", "bebaskan tugas (tidak perlu dikerjakan)"),
}
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
DATE_FORMAT = "yyyy-mm-dd"
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_HEADER_SEARCH_ROWS = 10


# --- export ---------------------------------------------------------------------------------------


def export_tasks(
    engine: Engine,
    path: Path,
    now: dt.datetime,
    opd: str | None = None,
    actor: Actor | None = None,
    instansi: str | None = None,
) -> int:
    """Write the open work of ``opd`` (all OPDs if None) that ``actor`` may see to an .xlsx; rows written."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise InputError([Problem(str(path), t("xs_suffix"))])
    today, program = _today_checking_opd(engine, now, opd, instansi)
    views = tasks(engine, now, actor, opd, instansi=instansi)
    wb = Workbook()
    ws = wb.active
    assert ws is not None  # a new workbook has one sheet, the active one
    ws.title = TASK_SHEET
    ws.append([name for name, _ in COLUMNS])
    for view in views:
        ws.append(_task_row(view))
    words = words_for(actor)
    _decorate(ws, len(views), words)
    _write_guide(wb.create_sheet(GUIDE_SHEET), today, len(views), words, program)
    _save(wb, path)
    return len(views)


def _save(wb: Workbook, path: Path) -> None:
    """Save, or an InputError that says why not in the user's terms."""
    if not path.parent.is_dir():
        raise InputError([Problem(str(path), t("xs_no_folder", folder=path.parent))])
    try:
        wb.save(path)
    except OSError as exc:
        raise InputError([Problem(str(path), t("xs_unwritable", reason=exc.__class__.__name__))]) from None


def _today_checking_opd(
    engine: Engine, now: dt.datetime, opd: str | None, instansi: str | None
) -> tuple[dt.date, str]:
    """The instansi's local date and its framework's short name ("Pemdi"); InputError naming ``opd`` when it is
    not an active OPD code."""
    with db.read(engine) as session:
        inst = require_instansi(session, instansi)
        iid = stored_id(inst)
        if opd and store.opd_id_by_code(session, iid, opd) is None:
            known = ", ".join(sorted(store.opd_codes(session, iid).values()))
            raise InputError([Problem("--opd", t("xs_opd_unknown", opd=opd, known=known))])
        return local_today(now, inst.timezone), vocab_of(inst).program


def words_for(actor: Actor | None) -> list[str]:
    """The action words ``actor``'s role may use (all of them when no actor is given)."""
    return [w for w, (event, _) in WORDS.items() if actor is None or actor.role in RULES[event].roles]


def _task_row(view: TaskView) -> list[Any]:
    """One sheet row: the task as information, then empty cells to fill in."""
    r = view.row
    info = [
        r.id,
        r.opd_code,
        r.title,
        r.period,
        r.due,
        label("status", r.status, "id"),
        view.late_days or None,
        float(round_half_up(view.points, 4)),  # a number cell; exact to 4 places
    ]
    return info + [None] * len(FILL_COLUMNS)


def _decorate(ws: Worksheet, n: int, words: list[str]) -> None:
    """Header style, widths, frozen header, filter, date formats and the Tindakan drop-down list."""
    last = n + 1
    for i, (name, width) in enumerate(COLUMNS, start=1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = width
        head = ws.cell(row=1, column=i)
        head.font = Font(bold=True)
        head.fill = INPUT_FILL if i > len(INFO_COLUMNS) else HEADER_FILL
        for row in range(2, last + 1):
            cell = ws.cell(row=row, column=i)
            if name in ("Tenggat", "Tanggal berlaku", "Tenggat baru"):
                cell.number_format = DATE_FORMAT
            if name in ("Aksi", "Tautan bukti", "Judul bukti", "Alasan"):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            if i > len(INFO_COLUMNS):
                cell.fill = INPUT_FILL
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(last, 2)}"
    _add_word_list(ws, max(last, 2), words)


def _add_word_list(ws: Worksheet, last: int, words: list[str]) -> None:
    """A drop-down of ``words`` on every Tindakan cell, refusing anything else in Excel."""
    col = get_column_letter(len(INFO_COLUMNS) + 1)
    dv = DataValidation(
        type="list",
        formula1='"' + ",".join(words) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Tindakan tidak dikenal",
        error="Pilih dari daftar: " + ", ".join(words) + " (atau kosongkan).",
        showInputMessage=True,
        promptTitle="Tindakan",
        prompt="Kosongkan bila tidak ada tindakan. Lihat lembar Petunjuk.",
    )
    dv.add(f"{col}2:{col}{last}")
    ws.add_data_validation(dv)


def _guide_lines(today: dt.date, n: int, program: str) -> list[str]:
    """The guide's text, one short line per row (unwrapped text runs over the empty cells to its right)."""
    return [
        "Petunjuk pengisian lembar Tugas",
        "",
        f"Lembar 'Tugas' berisi {n} tugas {program} yang masih terbuka per {formats.date(today, 'id')}.",
        "Satu baris = satu aksi untuk satu OPD pada satu periode.",
        "",
        "1. Kolom ID sampai Poin hanya informasi. Jangan ubah kolom ID: ID menentukan tugas yang ditindaklanjuti.",
        "2. Isi kolom berlatar kuning hanya pada baris yang ingin ditindaklanjuti. Baris dengan Tindakan kosong dilewati.",
        "3. Tindakan: pilih dari daftar di sel (lihat tabel di bawah: siapa boleh memakainya, kolom apa yang wajib).",
        "4. Tautan bukti: tautan http:// atau https:// (mis. Google Drive, situs OPD) atau path berkas.",
        "    Beberapa tautan: pisahkan dengan baris baru (Alt+Enter) atau spasi.",
        "5. Judul bukti (boleh kosong): judul dokumen; untuk beberapa tautan, satu judul per baris sesuai urutan.",
        "6. Tanggal berlaku (boleh kosong; bawaan: hari impor) dan Tenggat baru: tulis 2025-03-31 atau 31/03/2025,",
        "    atau pakai sel tanggal Excel.",
        "7. Simpan tetap dalam format Excel (.xlsx), lalu impor kembali berkas ini.",
        "8. Semua atau tidak sama sekali: bila satu baris saja salah, tidak ada yang disimpan.",
        "    Pesan kesalahan menyebut nomor barisnya (mis. 'baris 12'): perbaiki baris itu lalu impor ulang berkas yang sama.",
        "",
    ]


def _write_guide(ws: Worksheet, today: dt.date, n: int, words: list[str], program: str) -> None:
    """The Indonesian instructions and the table of action words (who may use them, what they need)."""
    for line in _guide_lines(today, n, program):
        ws.append([line])
    ws.cell(row=1, column=1).font = Font(bold=True, size=13)
    ws.append(["Tindakan", "Artinya", "Siapa", "Kolom wajib"])
    head = ws.max_row
    for word in words:
        event, meaning = WORDS[word]
        rule = RULES[event]
        who = " / ".join(label("role", r, "id") for r in (FOCAL_POINT, HEAD, COORDINATOR) if r in rule.roles)
        needs = ["Tautan bukti"] if event == "submit" else []
        needs += ["Tenggat baru"] if rule.needs_due else []
        needs += ["Alasan"] if rule.needs_reason else []
        ws.append([word, meaning, who, ", ".join(needs) or "—"])
    for cell in ws[head]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for letter, width in zip("ABCD", (22, 45, 48, 26), strict=True):
        ws.column_dimensions[letter].width = width


# --- import ---------------------------------------------------------------------------------------


def import_tasks(
    engine: Engine, path: Path, actor_key: str, now: dt.datetime, instansi: str | None = None
) -> Outcome:
    """Read the workbook and apply every filled-in row as ``actor_key``, all or nothing (channel ``import``)."""
    path = Path(path)
    limits = input_limits()
    requests = read_import(path, limits)
    try:
        return act(engine, requests, actor_key, "import", now, instansi)
    except InputError as exc:
        found = Problems(limits.problems)
        for p in exc.problems:
            found.add(_locate(p, path))
        raise InputError(found.kept, found.more + exc.more) from None


def _locate(problem: Problem, path: Path) -> Problem:
    """A problem ``act`` found in a row ("baris N: ...", "row N: ...") named by the workbook and its row number."""
    found = re.match(r"^(?:baris|row) (\d+): ", problem.message)
    if not found:
        return problem
    return Problem(str(path), problem.message, problem.file, int(found.group(1)))


def read_import(path: Path, limits: Limits = DEFAULT) -> list[Request]:
    """The requests of a filled-in task workbook; InputError listing the bad rows (the first ``limits.problems``,
    then how many more) or a bad file. The workbook is streamed (read-only), its size and rows capped."""
    path = Path(path)
    if not path.is_file():
        raise InputError([Problem(str(path), t("file_not_found"))])
    check_size(path, limits.sheet_bytes)
    check_unzipped(path, limits.sheet_unzipped_bytes)
    with path.open("rb") as fh:  # a file object: openpyxl then does not judge by the file name
        wb = _workbook(fh, path)
        try:
            return _requests(_task_sheet(wb), path, limits)
        except InputError:
            raise
        except Exception as exc:  # a cell openpyxl cannot convert (an int of 5,000 digits) while streaming
            raise _unreadable(path, exc) from None
        finally:
            wb.close()


def _requests(ws: Any, path: Path, limits: Limits) -> list[Request]:
    header_row, cols = _header(ws, path)
    requests: list[Request] = []
    problems = Problems(limits.problems)
    for row, values in enumerate(ws.iter_rows(min_row=header_row + 1, values_only=True), start=header_row + 1):
        if row > limits.rows:
            raise InputError([Problem(str(path), t("table_rows", limit=limits.rows), line=row)])
        cells = {name: (values[i] if i < len(values) else None) for name, i in cols.items()}
        request, errors = _parse_row(row, cells)
        for msg in errors:
            problems.add(Problem(str(path), t("table_bad_row", row=row, reason=msg), line=row))
        if request is not None and not problems:
            requests.append(request)
    problems.raise_any()
    return requests


def _task_sheet(wb: Any) -> Any:
    """The workbook's 'Tugas' sheet (else its first)."""
    return wb[TASK_SHEET] if TASK_SHEET in wb.sheetnames else wb.worksheets[0]


def _workbook(fh: BinaryIO, path: Path) -> Any:
    """The workbook opened read-only (rows streamed); InputError when the file is not a readable .xlsx."""
    try:
        return load_workbook(fh, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a corrupt or foreign file
        raise _unreadable(path, exc) from None


def _unreadable(path: Path, exc: Exception) -> InputError:
    reason = exc.__class__.__name__
    return InputError([Problem(str(path), t("xs_unreadable", reason=reason))])


def _norm(value: Any) -> str:
    """A header or action word folded for matching: case, spaces, hyphens and underscores ignored."""
    return re.sub(r"[\s_\-]+", "_", _text(value).casefold()).strip("_")


def _header(ws: Any, path: Path) -> tuple[int, dict[str, int]]:
    """(row number, normalised header -> column index) of the first row naming every required column."""
    first: tuple[int, list[str]] | None = None
    rows = ws.iter_rows(max_row=_HEADER_SEARCH_ROWS, values_only=True)
    for row, values in enumerate(rows, start=1):
        cols: dict[str, int] = {}
        for i, value in enumerate(values):
            cols.setdefault(_norm(value), i)
        if all(_norm(name) in cols for name in REQUIRED):
            return row, {n: i for n, i in cols.items() if n}
        if first is None and any(cols):
            first = (row, [name for name in REQUIRED if _norm(name) not in cols])
    row, missing = first or (1, list(REQUIRED))
    names = ", ".join(f"'{name}'" for name in missing)
    reason = t("xs_header", names=names, required=", ".join(REQUIRED), sheet=TASK_SHEET)
    message = t("table_bad_row", row=row, reason=reason)
    raise InputError([Problem(str(path), message, line=row)])


def _text(value: Any) -> str:
    """A cell as stripped text ('' for empty; 12.0 as '12')."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _parse_row(row: int, cells: dict[str, Any]) -> tuple[Request | None, list[str]]:
    """The request a row asks for (None when Tindakan is empty) and what is wrong with it."""
    word = _text(cells.get("tindakan"))
    if not word:
        filled = [name for name, _ in FILL_COLUMNS[1:] if _text(cells.get(_norm(name)))]
        if filled:
            cols = ", ".join(f"'{c}'" for c in filled)
            return None, [t("xs_no_action", cols=cols)]
        return None, []
    event, errors = _event(word)
    occurrence_id = _whole(cells.get("id"))
    if occurrence_id is None:
        raw = _text(cells.get("id"))
        what = t("xs_id_bad", raw=raw) if raw else t("xs_id_empty")
        if raw.isascii() and raw.isdigit() and raw.strip("0"):
            what = t("xs_id_unknown", raw=raw if len(raw) <= 20 else raw[:20] + "…")
        errors.append(t("xs_id_fix", what=what))
    evidence, more = _evidence(cells)
    until, bad_until = _date(cells.get("tenggat_baru"), "Tenggat baru")
    reason = _text(cells.get("alasan")) or None
    errors += more + ([bad_until] if bad_until else [])
    if event is not None:
        errors += _missing(_norm(word), event, cells)
    if errors or event is None or occurrence_id is None:
        return None, errors
    return Request(occurrence_id, event, reason, until, evidence, where=t("xs_row", row=row)), []


def _event(word: str) -> tuple[str | None, list[str]]:
    """The lifecycle event of an action word, or what is wrong with the word."""
    found = WORDS.get(_norm(word))
    if found is None:
        known = ", ".join(WORDS)
        return None, [t("xs_action_unknown", word=word, known=known)]
    return found[0], []


def _whole(value: Any) -> int | None:
    """A positive whole number from an int, an integral float or digits; else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return value if value > 0 else None
    text = _text(value)
    return parse_id(text)  # digits beyond a stored id's range are not even converted


def _date(value: Any, column: str) -> tuple[dt.date | None, str | None]:
    """A date from an Excel date cell, an Excel serial number, 'YYYY-MM-DD' or 'DD/MM/YYYY'; else an error."""
    if value is None or _text(value) == "":
        return None, None
    if isinstance(value, dt.datetime):
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    try:
        if isinstance(value, int | float) and not isinstance(value, bool) and 36526 <= value <= 73051:
            return from_excel(value).date(), None  # an unformatted date cell: Excel's day count (2000-2099)
        text = _text(value)
        if m := _ISO.match(text):
            return dt.date(int(m[1]), int(m[2]), int(m[3])), None
        if m := _DMY.match(text):
            return dt.date(int(m[3]), int(m[2]), int(m[1])), None
    except (ValueError, OverflowError):
        pass
    return None, t("xs_bad_date", column=column, value=_text(value))


def _urls(value: Any) -> list[str]:
    """Links separated by new lines, or by spaces when every piece is an http(s)-style link."""
    out: list[str] = []
    for line in _text(value).splitlines():
        pieces = [p.rstrip(",;") for p in line.split()]
        pieces = [p for p in pieces if p]
        if len(pieces) > 1 and all(_SCHEME.match(p) for p in pieces):
            out += pieces
        elif line.strip():
            out.append(line.strip())
    return out


def _evidence(cells: dict[str, Any]) -> tuple[tuple[EvidenceInput, ...], list[str]]:
    """The row's evidence items (one per link) and what is wrong with the links or the date."""
    urls = _urls(cells.get("tautan_bukti"))
    errors = [t("xs_fix_links", problem=msg) for msg in map(check_url, urls) if msg]
    effective, bad = _date(cells.get("tanggal_berlaku"), "Tanggal berlaku")
    errors += [bad] if bad else []
    titles = [t.strip() for t in _text(cells.get("judul_bukti")).splitlines() if t.strip()]
    if len(titles) != len(urls):
        titles = [" ".join(titles)] * len(urls) if titles else [""] * len(urls)
    items = tuple(EvidenceInput(u, t or None, effective) for u, t in zip(urls, titles, strict=True))
    return items, errors


def _missing(word: str, event: str, cells: dict[str, Any]) -> list[str]:
    """The columns the action word needs that the row leaves empty (a malformed cell is reported apart)."""
    rule = RULES[event]
    out = []
    if event == "submit" and not _text(cells.get("tautan_bukti")):
        out.append(t("xs_need_link", word=word))
    if rule.needs_due and not _text(cells.get("tenggat_baru")):
        out.append(t("xs_need_until", word=word))
    if rule.needs_reason and not _text(cells.get("alasan")):
        out.append(t("xs_need_reason", word=word))
    return out
