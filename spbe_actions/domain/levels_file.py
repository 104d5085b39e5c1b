"""Read an ``indicator,level`` table (CSV or XLSX) and check it against a framework; every bad row reported."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from spbe_actions.domain.errors import InputError, Problem
from spbe_actions.domain.framework import Framework
from spbe_actions.domain.i18n import t

HEADER = ["indicator", "level"]


def _rows_csv(path: Path) -> Iterator[tuple[int, list[str]]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError([Problem(str(path), t("lv_not_table", reason="bukan teks UTF-8"))]) from None
    if "\x00" in text:
        raise InputError([Problem(str(path), t("lv_not_table", reason="berkas biner"))])
    first = text.split("\n", 1)[0]
    delimiter = ";" if ";" in first and "," not in first else ","  # Excel in id-ID exports with ';'
    for n, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
        yield n, [c.strip() for c in row]


def _rows_xlsx(path: Path) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a corrupt file
        raise InputError([Problem(str(path), t("lv_not_table", reason=exc.__class__.__name__))]) from None
    try:
        sheet = wb.active
        if sheet is None:  # a workbook whose active sheet index points at no sheet
            raise InputError([Problem(str(path), t("lv_not_table", reason="tanpa lembar kerja"))])
        for n, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield n, [_cell(c) for c in row[:2]]
    finally:
        wb.close()


def _cell(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


def read_levels(path: str | Path, fw: Framework) -> dict[str, int]:
    """Indicator -> level for every indicator of ``fw``; InputError names every bad row otherwise."""
    path = Path(path)
    if not path.is_file():
        raise InputError([Problem(str(path), t("file_not_found"))])
    rows = _rows_xlsx(path) if path.suffix.lower() in (".xlsx", ".xlsm") else _rows_csv(path)
    problems: list[Problem] = []
    levels: dict[str, int] = {}
    first_row: dict[str, int] = {}
    header_seen = False
    for n, cells in rows:
        if not any(cells):
            continue
        if not header_seen:
            header_seen = True
            if [c.lower() for c in cells[:2]] != HEADER or any(cells[2:]):
                raise InputError([Problem(str(path), t("lv_header", found=",".join(cells)), line=n)])
            continue
        problem = _check_row(n, cells, fw, first_row)
        if problem:
            problems.append(Problem(str(path), problem, line=n))
            continue
        first_row[cells[0]] = n
        levels[cells[0]] = int(cells[1])
    if not header_seen:
        raise InputError([Problem(str(path), t("lv_header", found=""))])
    missing = [i for i in fw.indicators if i not in levels and i not in first_row]
    if missing:
        problems.append(Problem(str(path), t("lv_missing", ids=", ".join(missing), fw=fw.id)))
    if problems:
        raise InputError(problems)
    return levels


def _check_row(n: int, cells: list[str], fw: Framework, first_row: dict[str, int]) -> str | None:
    ind, raw = (cells + ["", ""])[:2]
    if not ind or not raw:
        return t("lv_empty_row", row=n)
    if ind not in fw.indicators:
        return t("lv_unknown", row=n, id=ind, fw=fw.id)
    if ind in first_row:
        return t("lv_duplicate", row=n, id=ind, first=first_row[ind])
    if not raw.isdigit() or not fw.scale.min <= int(raw) <= fw.scale.max:
        first_row.setdefault(ind, n)  # known indicator with a bad level: not also "missing"
        return t("lv_level", row=n, value=raw, id=ind, min=fw.scale.min, max=fw.scale.max)
    return None
