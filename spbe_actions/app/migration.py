"""Moving an instansi's plan to the successor instrument: ``spbe plan migrate OLD.yaml --to pemdi-2026 -o NEW.yaml``.

The new plan is validated before it is written (written next to its final name, then moved into place), so a
migration either leaves a plan ``spbe validate`` accepts or nothing at all.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from spbe_actions.adapters import config
from spbe_actions.domain.errors import InputError, Problem
from spbe_actions.domain.i18n import t
from spbe_actions.domain.transition import load_transition, migrate, to_yaml, transition_path


@dataclass(frozen=True)
class MigrationResult:
    path: Path
    framework: str
    estimates: dict[str, str]  # new indicator -> the old levels it was estimated from
    notes: list[str]  # what could not be mapped


def migrate_plan(
    old_path: Path, to: str, out: Path, today: dt.date, year: int | None = None, force: bool = False
) -> MigrationResult:
    """Write the plan of ``old_path`` on framework ``to`` into ``out`` (validated first; never half-written)."""
    plan, old = config.plan(old_path)
    new = config.framework(to)
    if old.id == new.id:
        raise InputError([Problem("--to", t("tr_same", fw=new.id))])
    path = transition_path(config.transitions_dir(), old.id, new.id)
    if not path.exists():
        known = ", ".join(sorted(p.stem for p in config.transitions_dir().glob("*_to_*.yaml"))) or "—"
        raise InputError([Problem("--to", t("tr_not_found", old=old.id, new=new.id, path=path, known=known))])
    if out.exists() and not force:
        raise InputError([Problem(str(out), t("tr_exists"))])
    tr = load_transition(path, old, new)
    year = year or max(new.first_year or 0, plan.instansi.current_year + 1)
    result = migrate(plan, old, new, tr, year)
    header = [
        t(
            "mg_header",
            instansi=plan.instansi.name,
            framework=new.name,
            source=old_path.name,
            day=today.isoformat(),
        ),
        t("mg_mapping", provisional=t("mg_provisional") if tr.provisional else "", name=path.name),
        t("mg_estimates"),
    ]
    text = to_yaml(result, header)
    temp = out.with_name(f".{out.name}.baru")
    temp.write_text(text, encoding="utf-8")
    try:
        config.plan(temp)
    except InputError:
        temp.unlink(missing_ok=True)
        raise
    os.replace(temp, out)
    return MigrationResult(out, new.id, result.estimates, result.notes)
