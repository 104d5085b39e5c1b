"""``make demo``: the main job end to end on the embedded default (SQLite file + the sample plan)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from rich.console import Console

from .i18n import t
from .index import exact_str
from .service import index_pair, init_database, open_engine
from .settings import get_settings
from .views import index_table


def run(out_dir: Path, console: Console, now: dt.datetime) -> None:
    """Load the sample plan into ``out_dir/spbe.db`` and print the current and target index."""
    out_dir.mkdir(parents=True, exist_ok=True)
    url = os.environ.get("SPBE_DATABASE_URL") or f"sqlite:///{(out_dir / 'spbe.db').resolve()}"
    plan_path = get_settings().plan
    console.rule(f"[bold]spbe-actions demo[/] — {plan_path.name}")
    result = init_database(plan_path, now=now, url=url)
    console.print(
        t(
            "cli_init_done",
            url=result.url,
            opds=result.counts.opds,
            people=result.counts.people,
            actions=result.counts.actions,
            name=result.name,
        ),
        highlight=False,
    )
    engine = open_engine(url)
    try:
        pair = index_pair(engine)
    finally:
        engine.dispose()
    console.print(index_table(pair.framework, pair.current, f"{result.name} — {pair.current_year}"))
    gain = pair.target.exact - pair.current.exact
    console.print(
        f"{t('demo_current', year=pair.current_year)}: [bold]{pair.current.value} {pair.current.predicate}[/]"
        f" ({exact_str(pair.current.exact)})",
        highlight=False,
    )
    console.print(
        f"{t('demo_target', year=pair.target_year)}: [bold]{pair.target.value} {pair.target.predicate}[/]"
        f" ({exact_str(pair.target.exact)})",
        highlight=False,
    )
    console.print(f"{t('demo_gain')}: +{exact_str(gain)}", highlight=False)
