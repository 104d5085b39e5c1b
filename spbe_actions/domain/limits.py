"""How much of an input file the engine reads before it refuses it: sizes, YAML nodes and depth, rows, and how
many problems are reported (the rest are counted). Pure data: the settings may override it
(``SPBE_MAX_INPUT_MB``, ``SPBE_MAX_PROBLEMS``, through ``adapters.config.input_limits``)."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from spbe_actions.domain.errors import InputError, Problem
from spbe_actions.domain.i18n import t

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    yaml_bytes: int = 5 * MB  # a plan, framework or transition file (the samples are ~35 kB)
    yaml_nodes: int = 200_000  # YAML nodes after expanding aliases (the samples have ~3,000)
    yaml_depth: int = 64  # nesting of mappings and lists (the samples nest 6 deep)
    table_bytes: int = 1 * MB  # a levels or external-values CSV/XLSX (47 rows fit in 1 kB)
    sheet_bytes: int = 10 * MB  # a task workbook for `spbe import`
    sheet_unzipped_bytes: int = 200 * MB  # what an .xlsx (a zip) may expand to
    rows: int = 50_000  # rows of a table or workbook
    problems: int = 20  # problems listed; the rest are counted ("… dan N masalah lain")


DEFAULT = Limits()


def megabytes(n: int) -> str:
    """A size for a message: '38,2 MB' (Indonesian decimal comma)."""
    return f"{n / MB:.1f}".replace(".", ",") + " MB"


def check_size(path: Path, limit: int) -> None:
    """InputError when the file at ``path`` is larger than ``limit`` bytes (checked before anything is read)."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError([Problem(str(path), t("file_not_found"))]) from None
    if size > limit:
        raise InputError([Problem(str(path), t("input_too_large", size=megabytes(size), limit=megabytes(limit)))])


def check_unzipped(path: Path, limit: int) -> None:
    """InputError when an .xlsx (a zip archive) would expand to more than ``limit`` bytes: a "zip bomb" is refused
    before openpyxl inflates it. A file that is not a zip is left to the reader, which says so."""
    try:
        with zipfile.ZipFile(path) as archive:
            size = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    if size > limit:
        raise InputError([Problem(str(path), t("input_unzipped", size=megabytes(size), limit=megabytes(limit)))])
