"""Values of external indicators (another agency's evaluation): what one entry is, its checks, and the
``indicator,value,date,source`` table (CSV or XLSX) the coordinator fills in. Values stay exact decimals."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from spbe_actions.domain.errors import InputError, Problem, Problems
from spbe_actions.domain.framework import Framework
from spbe_actions.domain.i18n import t
from spbe_actions.domain.levels_file import parse_decimal, table_rows
from spbe_actions.domain.limits import DEFAULT, Limits

HEADER = ["indicator", "value", "date", "source"]
MAX_SOURCE = 300


@dataclass(frozen=True)
class ExternalInput:
    """One value as entered: the indicator, its value, the date of the agency's result and the source."""

    indicator: str
    value: Decimal
    measured_on: dt.date
    source: str
    year: int | None = None  # the evaluation year it counts for; default: the instansi's current year
    where: str = ""  # "berkas.xlsx:3" for a row of a file, "" on the command line


def check_external(fw: Framework, entry: ExternalInput, today: dt.date) -> list[Problem]:
    """Every problem with one entry: an indicator that is not external, a value outside the scale, a date in
    the future, a missing or long source."""
    where = entry.where or entry.indicator
    out = []
    if entry.indicator not in fw.external:
        known = ", ".join(fw.external) or "—"
        out.append(Problem(where, t("ex_not_external", id=entry.indicator, fw=fw.id, known=known)))
    if not fw.scale.min <= entry.value <= fw.scale.max:
        out.append(Problem(where, t("ex_range", value=entry.value, min=fw.scale.min, max=fw.scale.max)))
    if entry.measured_on > today:
        out.append(Problem(where, t("ex_future", date=entry.measured_on.isoformat())))
    if not entry.source.strip() or len(entry.source) > MAX_SOURCE:
        out.append(Problem(where, t("ex_source", limit=MAX_SOURCE)))
    return out


def read_external(path: str | Path, limits: Limits = DEFAULT) -> list[ExternalInput]:
    """The rows of an ``indicator,value,date,source`` table; InputError naming the bad rows (the first
    ``limits.problems``, then how many more)."""
    path = Path(path)
    if not path.is_file():
        raise InputError([Problem(str(path), t("file_not_found"))])
    out: list[ExternalInput] = []
    problems = Problems(limits.problems)
    header = False
    for n, cells in table_rows(path, len(HEADER), limits):
        if not any(cells):
            continue
        if not header:
            if [c.lower() for c in cells[:4]] != HEADER:
                raise InputError([Problem(str(path), t("ex_header", found=",".join(cells)), line=n)])
            header = True
            continue
        ind, raw, day, source = (cells + [""] * 4)[:4]
        value, date = parse_decimal(raw), _date(day)
        if value is None or date is None or not ind:
            problems.add(Problem(str(path), t("ex_row", row=n, value=raw, date=day), line=n))
            continue
        out.append(ExternalInput(ind, value, date, source, where=f"{path}:{n}"))
    if not header:
        raise InputError([Problem(str(path), t("ex_header", found=""))])
    problems.raise_any()
    return out


def _date(raw: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw.strip()[:10])
    except ValueError:
        return None
