"""How much of an input file the engine reads before it refuses it: sizes, YAML nodes and depth, rows, and how
many problems are reported (the rest are counted). Pure data: the settings may override it
(``SPBE_MAX_INPUT_MB``, ``SPBE_MAX_PROBLEMS``, through ``adapters.config.input_limits``)."""

from __future__ import annotations

from dataclasses import dataclass

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
