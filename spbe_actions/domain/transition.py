"""Moving a plan from one instrument to its successor (pure): the transition file (old indicator -> new ones,
old management domain -> new one) and the migration it drives.

What a migration keeps as it was: the instansi, OPDs, people and their channels, the evidence register, the
reminder, calendar and schedule policies, the published history (each year now naming its own framework).
What it carries to the new ids: indicator owners, actions (their raised levels and management domain), evidence
records. What it estimates: each new indicator's starting level, from the old levels that feed it (marked
``estimate: true``). What it cannot map is listed in ``Migration.notes`` and written at the top of the file.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from spbe_actions.domain import yamlsrc
from spbe_actions.domain.errors import InputError, Loc
from spbe_actions.domain.framework import Framework
from spbe_actions.domain.i18n import t
from spbe_actions.domain.plan import IndicatorId, Plan


class Transition(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    source: str = Field(alias="from")
    to: str
    provisional: bool = True
    estimate: Literal["floor_mean"] = "floor_mean"
    indicators: dict[IndicatorId, list[IndicatorId]]  # old id -> new ids, the first one primary
    domains: dict[str, str] = {}  # old management domain -> new one

    def check(self, old: Framework, new: Framework) -> list[tuple[Loc, str]]:
        """Every old indicator mapped, to new indicators that exist; domains that exist on both sides."""
        out: list[tuple[Loc, str]] = []
        missing = [i for i in old.indicators if i not in self.indicators]
        if missing:
            out.append((("indicators",), t("tr_missing", ids=", ".join(missing), fw=old.id)))
        for key, targets in self.indicators.items():
            if key not in old.indicators:
                out.append((("indicators", key), t("fw_unknown_indicator", id=key)))
            out += [
                (("indicators", key), t("fw_unknown_indicator", id=n)) for n in targets if n not in new.indicators
            ]
        known_old, known_new = {d.id for d in old.management_domains}, {d.id for d in new.management_domains}
        for key, target in self.domains.items():
            if key not in known_old or target not in known_new:
                out.append((("domains", key), t("tr_domain", old=key, new=target)))
        return out

    def new_ids(self, old_id: str) -> list[str]:
        return self.indicators.get(old_id, [])


def transition_path(folder: Path, source: str, target: str) -> Path:
    return folder / f"{source}_to_{target}.yaml"


def load_transition(path: Path, old: Framework, new: Framework) -> Transition:
    """A transition file, checked against both frameworks; InputError with every located problem."""
    src = yamlsrc.load(path)
    tr, problems = yamlsrc.validate(Transition, src)
    if tr is not None:
        if (tr.source, tr.to) != (old.id, new.id):
            problems.append(
                src.problem(("from",), t("tr_pair", source=tr.source, to=tr.to, old=old.id, new=new.id))
            )
        problems += [src.problem(loc, msg) for loc, msg in tr.check(old, new)]
    if problems or tr is None:
        raise InputError(problems)
    return tr


@dataclass
class Migration:
    data: dict[str, Any]  # the new plan, ready to be written as YAML
    estimates: dict[str, str] = field(default_factory=dict)  # new indicator id -> how its level was estimated
    notes: list[str] = field(default_factory=list)  # everything that could not be mapped, and assumptions


def migrate(plan: Plan, old: Framework, new: Framework, tr: Transition, year: int) -> Migration:
    """The plan on ``new`` for the evaluation ``year`` (see the module's docstring for what is kept)."""
    data = plan.model_dump(mode="json", exclude_unset=True, by_alias=True)
    m = Migration(data)
    inst = data["instansi"]
    inst["framework"], inst["current_year"], inst["target_year"] = new.id, year, year + 1
    inst["index_history"] = {y: {"value": str(v), "framework": f} for y, v, f in plan.instansi.history()}
    if plan.instansi.next_evaluation is not None and plan.instansi.next_evaluation.year < year:
        inst.pop("next_evaluation", None)
        m.notes.append(t("tr_next_evaluation", date=plan.instansi.next_evaluation.isoformat(), year=year))
    data["indicators"] = _indicators(plan, old, new, tr, m)
    for ev in data.get("evidence", []):
        ev["indicator"] = _primary(tr, str(ev["indicator"]))
    data["actions"] = [a for a in (_action(a, new, tr, m) for a in data.get("actions", [])) if a is not None]
    for section in ("reminders", "schedule"):
        _domain_keys(data.get(section), section, tr, m)
    data.pop("items", None)
    return m


def _primary(tr: Transition, old_id: str) -> str:
    return (tr.new_ids(old_id) or [old_id])[0]


def _indicators(plan: Plan, old: Framework, new: Framework, tr: Transition, m: Migration) -> dict[str, Any]:
    """Owners carried over (the first feeding indicator's lead leads), levels estimated, gaps listed."""
    feeds: dict[str, list[str]] = {n: [] for n in new.indicators}
    for old_id in old.indicators:
        for n in tr.new_ids(old_id):
            feeds[n].append(old_id)
    leads = [ip.lead for ip in plan.indicators.values()]
    fallback = max(dict.fromkeys(leads), key=leads.count)  # the OPD that leads most indicators
    out: dict[str, Any] = {}
    for n, sources in feeds.items():
        owners = [plan.indicators[o] for o in sources if o in plan.indicators]
        lead = owners[0].lead if owners else fallback
        support = [c for ip in owners for c in (ip.lead, *ip.support) if c != lead]
        entry: dict[str, Any] = {"lead": lead, **({"support": list(dict.fromkeys(support))} if support else {})}
        if n in new.external:
            entry["target"] = new.scale.min
            m.notes.append(t("tr_external", id=n, source=new.external[n].source))
        elif owners:
            levels = [(o, lv) for o in sources if (lv := plan.indicators[o].current) is not None]
            current = _floor_mean([lv for _, lv in levels], new)
            target = max(_floor_mean([ip.target for ip in owners], new), current)
            entry.update(current=current, target=target, estimate=True)
            m.estimates[n] = ", ".join(f"{o}={lv}" for o, lv in levels) + f" -> {current}"
        else:
            entry.update(current=new.scale.min, target=new.scale.min, estimate=True)
            m.notes.append(t("tr_no_source", id=n, name=new.indicator_title(n), level=new.scale.min, lead=lead))
        out[n] = entry
    return out


def _floor_mean(levels: Iterable[int], fw: Framework) -> int:
    values = list(levels)
    if not values:
        return fw.scale.min
    return max(fw.scale.min, min(fw.scale.max, sum(values) // len(values)))


def _action(action: dict[str, Any], new: Framework, tr: Transition, m: Migration) -> dict[str, Any] | None:
    """The action on the new ids, in the management domain of its first raised indicator; raises outside that
    domain are dropped and listed (an action serves one domain's flow)."""
    raised: dict[str, int] = {}
    for r in action.get("raises", []):
        n = _primary(tr, str(r["indicator"]))
        raised[n] = min(max(raised.get(n, 0), r["level"]), new.scale.max)
    action.pop("items", None)
    if not raised:
        m.notes.append(t("tr_action_dropped", action=action["id"]))
        return None
    domain = next(d for d in new.management_domains if next(iter(raised)) in d.indicators)
    for n in [n for n in raised if n not in domain.indicators]:
        m.notes.append(t("tr_raise_dropped", action=action["id"], id=n, domain=domain.id))
        del raised[n]
    action["domain"] = domain.id
    action["raises"] = [{"indicator": n, "level": lv} for n, lv in raised.items()]
    return action


def _domain_keys(section: dict[str, Any] | None, name: str, tr: Transition, m: Migration) -> None:
    per = section.get("per_domain") if section else None
    if not section or not per:
        return
    moved: dict[str, Any] = {}
    for old_key, value in per.items():
        new_key = tr.domains.get(old_key)
        if new_key is None or new_key in moved:
            m.notes.append(t("tr_override_dropped", section=name, old=old_key, new=new_key or "—"))
            continue
        moved[new_key] = value
    section["per_domain"] = moved


def to_yaml(m: Migration, header: list[str]) -> str:
    """The new plan as YAML: the header and the notes as comments, then each section; every estimated level
    carries a comment naming the old levels it comes from."""
    lines = [f"# {h}" for h in header] + [f"# - {n}" for n in m.notes] + [""]
    for key, value in m.data.items():
        if key == "indicators":
            lines.append("indicators:")
            for ind, entry in value.items():
                note = f"  # {t('tr_estimated', sources=m.estimates[ind])}" if ind in m.estimates else ""
                lines.append(f"  {json.dumps(ind)}: {_flow(entry)}{note}")
            continue
        lines.append(yaml.safe_dump({key: value}, sort_keys=False, allow_unicode=True, width=115).rstrip())
    return "\n".join(lines) + "\n"


def _flow(entry: dict[str, Any]) -> str:
    """A one-line YAML mapping ({lead: X, current: 3, ...}); JSON scalars are valid YAML."""
    return "{" + ", ".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in entry.items()) + "}"
