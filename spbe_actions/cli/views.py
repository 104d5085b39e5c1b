"""Rich renderings for the terminal (no Prefect, no database)."""

from __future__ import annotations

from rich.table import Table

from spbe_actions.domain.framework import Framework
from spbe_actions.domain.i18n import t
from spbe_actions.domain.index import IndexResult, exact_str


def index_table(fw: Framework, result: IndexResult, title: str | None = None) -> Table:
    """Domains and aspects with weight and index, closing with the overall index and its predikat."""
    table = Table(title=title or fw.name, title_justify="left")
    table.add_column(t("col_group"))
    table.add_column(t("col_weight"), justify="right")
    table.add_column(t("col_index"), justify="right")
    for g in result.groups:
        indent = "  " if g.kind != "domain" and any(x.kind == "domain" for x in result.groups) else ""
        label = f"{indent}{g.id} {g.name}"
        table.add_row(f"[bold]{label}[/]" if g.kind == "domain" else label, f"{g.weight}", str(g.value))
    table.add_section()
    table.add_row(f"[bold]{t('idx_total')}[/]", "100", f"[bold]{result.value}[/] ({exact_str(result.exact)})")
    table.add_row(t("col_predicate"), "", f"[bold]{result.predicate}[/]")
    return table
