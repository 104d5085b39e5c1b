"""Read an ``indicator,level`` table (CSV or XLSX) and check it against a framework; every bad row reported.

Levels are whole numbers, except for the indicators another agency evaluates (``external`` in the framework):
their value is a decimal within the scale ("2.87", or "2,87" as Excel in id-ID writes it), kept exact.
"""

from __future__ import annotations

import csv
import itertools
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from spbe_actions.domain.errors import InputError, Problem, Problems
from spbe_actions.domain.framework import Framework
from spbe_actions.domain.i18n import t
from spbe_actions.domain.limits import DEFAULT, Limits, check_size, check_unzipped

HEADER = ["indicator", "level"]
DECIMAL = re.compile(r"^\d{1,3}([.,]\d{1,6})?$")


def parse_decimal(raw: str) -> Decimal | None:
    """ "2.87" or "2,87" -> Decimal("2.87") exactly; None for anything else (no thousands separators)."""
    raw = raw.strip()
    return Decimal(raw.replace(",", ".")) if DECIMAL.match(raw) else None


def _rows_csv(path: Path, limits: Limits) -> Iterator[tuple[int, list[str]]]:
    """Rows read one at a time (memory stays flat however long the file is); a binary or non-UTF-8 row is named."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        try:
            first = fh.readline()
            delimiter = ";" if ";" in first and "," not in first else ","  # Excel in id-ID exports with ';'
            reader = csv.reader(itertools.chain([first], fh), delimiter=delimiter)
            for n, row in enumerate(reader, start=1):
                if n > limits.rows:
                    raise InputError([Problem(str(path), t("table_rows", limit=limits.rows), line=n)])
                if any("\x00" in c for c in row):
                    raise InputError([Problem(str(path), t("lv_not_table", reason=t("tb_binary")), line=n)])
                yield n, [c.strip() for c in row]
        except UnicodeDecodeError:
            raise InputError([Problem(str(path), t("lv_not_table", reason=t("tb_not_utf8")))]) from None
        except csv.Error as exc:  # a field over csv's size limit, an unterminated quote at the end
            problem = Problem(str(path), t("lv_not_table", reason=str(exc)), line=reader.line_num or None)
            raise InputError([problem]) from None


def table_rows(path: Path, width: int = 2, limits: Limits = DEFAULT) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells as text) of a CSV (',' or ';') or of the first ``width`` columns of an XLSX; a file
    over ``limits.table_bytes`` or with more than ``limits.rows`` rows is refused."""
    check_size(path, limits.table_bytes)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        check_unzipped(path, limits.sheet_unzipped_bytes)
        return _rows_xlsx(path, width, limits)
    return _rows_csv(path, limits)


def _rows_xlsx(path: Path, width: int, limits: Limits) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a corrupt file
        raise InputError([Problem(str(path), t("lv_not_table", reason=exc.__class__.__name__))]) from None
    try:
        sheet = wb.active
        if sheet is None:  # a workbook whose active sheet index points at no sheet
            raise InputError([Problem(str(path), t("lv_not_table", reason=t("tb_no_sheet")))])
        yield from _sheet_rows(path, sheet, width, limits)
    finally:
        wb.close()


def _sheet_rows(path: Path, sheet: object, width: int, limits: Limits) -> Iterator[tuple[int, list[str]]]:
    rows = sheet.iter_rows(values_only=True, max_col=width)  # type: ignore[attr-defined]
    n = 0
    try:
        for n, row in enumerate(rows, start=1):
            if n > limits.rows:
                raise InputError([Problem(str(path), t("table_rows", limit=limits.rows), line=n)])
            yield n, [_cell(c) for c in row[:width]]
    except (ValueError, TypeError, KeyError, OverflowError) as exc:  # a cell openpyxl cannot convert
        raise InputError(
            [Problem(str(path), t("lv_not_table", reason=exc.__class__.__name__), line=n + 1)]
        ) from None


def _cell(value: object) -> str:
    """A cell as text: a whole float as an integer, another float as its shortest decimal (2.87, never
    2.8700000000000001), a date as YYYY-MM-DD."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "date") and hasattr(value, "isoformat"):  # an Excel date cell (a datetime)
        return value.date().isoformat()
    return "" if value is None else str(value).strip()


def read_levels(path: str | Path, fw: Framework, limits: Limits = DEFAULT) -> dict[str, int | Decimal]:
    """Indicator -> level (a Decimal for an external indicator) for every indicator of ``fw``; InputError names
    the bad rows otherwise (the first ``limits.problems``, then how many more)."""
    path = Path(path)
    if not path.is_file():
        raise InputError([Problem(str(path), t("file_not_found"))])
    rows = table_rows(path, limits=limits)
    problems = Problems(limits.problems)
    levels: dict[str, int | Decimal] = {}
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
            problems.add(Problem(str(path), problem, line=n))
            continue
        first_row[cells[0]] = n
        levels[cells[0]] = _value(cells[0], cells[1], fw)
    if not header_seen:
        raise InputError([Problem(str(path), t("lv_header", found=""))])
    missing = [i for i in fw.indicators if i not in levels and i not in first_row]
    if missing:
        problems.add(Problem(str(path), t("lv_missing", ids=", ".join(missing), fw=fw.id)))
    problems.raise_any()
    return levels


def _check_row(n: int, cells: list[str], fw: Framework, first_row: dict[str, int]) -> str | None:
    ind, raw = (cells + ["", ""])[:2]
    if not ind or not raw:
        return t("lv_empty_row", row=n)
    if ind not in fw.indicators:
        return t("lv_unknown", row=n, id=ind, fw=fw.id)
    if ind in first_row:
        return t("lv_duplicate", row=n, id=ind, first=first_row[ind])
    value = parse_decimal(raw) if ind in fw.external else (int(raw) if raw.isdigit() else None)
    if value is None or not fw.scale.min <= value <= fw.scale.max:
        first_row.setdefault(ind, n)  # known indicator with a bad level: not also "missing"
        if ind in fw.external:
            return t("lv_external", row=n, value=raw, id=ind, min=fw.scale.min, max=fw.scale.max)
        hint = (
            t("lv_decimals_for", ids=", ".join(fw.external))
            if parse_decimal(raw) is not None and fw.external
            else ""
        )
        return t("lv_level", row=n, value=raw, id=ind, min=fw.scale.min, max=fw.scale.max) + hint
    return None


def _value(ind: str, raw: str, fw: Framework) -> int | Decimal:
    value = parse_decimal(raw) if ind in fw.external else int(raw)
    assert value is not None  # _check_row accepted it
    return value
