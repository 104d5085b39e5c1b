"""Cross-reference checks of a plan, on the raw YAML data so they run even when other fields are broken."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from spbe_actions.domain.calendar import to_zone
from spbe_actions.domain.errors import InputError, Loc, Problem
from spbe_actions.domain.framework import Framework, available_frameworks, framework_path, load_framework
from spbe_actions.domain.i18n import t
from spbe_actions.domain.yamlsrc import Source


def _dicts(value: Any) -> list[tuple[int, dict]]:
    return [(i, v) for i, v in enumerate(value)] if isinstance(value, list) else []


def _only_dicts(items: Iterable[tuple[int, Any]]) -> list[tuple[int, dict]]:
    return [(i, v) for i, v in items if isinstance(v, dict)]


def _known(values: Iterable[str], limit: int = 12) -> str:
    vals = sorted(set(values), key=lambda v: (len(v), v))  # natural order for "1".."47"
    return ", ".join(vals[:limit]) + (" …" if len(vals) > limit else "")


class _Checker:
    def __init__(self, src: Source, frameworks: Path):
        self.src, self.frameworks = src, frameworks
        self.problems: list[Problem] = []
        data = src.data if isinstance(src.data, dict) else {}
        self.data = data
        inst = data.get("instansi")
        self.inst = inst if isinstance(inst, dict) else {}

    def add(self, loc: Loc, message: str) -> None:
        self.problems.append(self.src.problem(loc, message))

    def unknown(self, loc: Loc, kind: str, value: object, known: Iterable[str]) -> None:
        self.add(loc, t("pl_unknown_ref", kind=t(kind), value=value, known=_known(known)))

    def unique(self, items: Iterable[tuple[Loc, object]], kind: str) -> set:
        seen: set = set()
        for loc, value in items:
            if value in seen:
                self.add(loc, t("pl_duplicate", kind=t(kind), value=value))
            seen.add(value)
        return seen

    def framework(self) -> Framework | None:
        name = self.inst.get("framework")
        if not isinstance(name, str):
            return None
        if not framework_path(name, self.frameworks).exists():
            self.unknown(("instansi", "framework"), "k_framework", name, available_frameworks(self.frameworks))
            return None
        try:
            return load_framework(name, self.frameworks)
        except InputError as exc:  # the framework file itself is broken: say where
            self.problems += exc.problems
            return None

    def opds(self) -> set[str]:
        opds = _only_dicts(_dicts(self.data.get("opds")))
        codes = self.unique(((("opds", i, "code"), o.get("code")) for i, o in opds if "code" in o), "k_opd")
        people: list[tuple[Loc, object]] = []
        for i, c in _only_dicts(_dicts(self.inst.get("coordinators"))):
            people.append((("instansi", "coordinators", i, "id"), c.get("id")))
        for i, o in opds:
            if isinstance(o.get("head"), dict):
                people.append((("opds", i, "head", "id"), o["head"].get("id")))
            for j, fp in _only_dicts(_dicts(o.get("focal_points"))):
                people.append((("opds", i, "focal_points", j, "id"), fp.get("id")))
        self.unique(((loc, v) for loc, v in people if v is not None), "k_person")
        return codes

    def indicators(self, fw: Framework | None, codes: set[str], scored: set[str]) -> None:
        """Owners known, every indicator listed, and ``current`` given exactly where the plan sets the level."""
        block = self.data.get("indicators")
        if not isinstance(block, dict):
            return
        given = {str(k) for k in block}
        for key, item in block.items():
            if fw and str(key) not in fw.indicators:
                self.unknown(("indicators", key), "k_indicator", key, fw.indicators)
            if not isinstance(item, dict):
                continue
            self.opd_refs(("indicators", key), item, codes, ("lead",), ("support",))
            if fw and str(key) in fw.indicators:
                self.current(fw, str(key), key, item, scored)
        missing = [i for i in (fw.indicators if fw else []) if i not in given]
        if missing:
            self.add(("indicators",), t("pl_indicator_missing", ids=", ".join(missing)))

    def current(self, fw: Framework, ind: str, key: str | int, item: dict, scored: set[str]) -> None:
        loc: Loc = ("indicators", key, "current")
        has = item.get("current") is not None
        if ind in fw.external and has:
            self.add(loc, t("pl_current_external", id=ind, source=fw.external[ind].source))
        elif ind in scored and has:
            self.add(loc, t("pl_current_items", id=ind))
        elif ind not in fw.external and ind not in scored and not has:
            self.add(loc, t("pl_current_required"))

    def items(self, fw: Framework | None, codes: set[str], evidence: set) -> tuple[dict[str, str], set[str]]:
        """The checklist's references; returns (item id -> its indicator, the indicators the items score)."""
        items = _only_dicts(_dicts(self.data.get("items")))
        ids = self.unique(((("items", i, "id"), it.get("id")) for i, it in items if "id" in it), "k_item")
        known = {a.get("id") for _, a in _only_dicts(_dicts(self.data.get("actions")))}
        fw_items = {x.id: x for x in fw.evidence_items} if fw else {}
        levels: dict[str, set[int]] = {}
        indicator_of = {x.id: x.indicator for x in fw_items.values()}
        for x in fw_items.values():
            levels.setdefault(x.indicator, set()).add(x.level)
        for i, it in items:
            loc: Loc = ("items", i)
            own = [k for k in ("indicator", "level", "title") if it.get(k) is not None]
            if it.get("id") in fw_items and own:
                self.add(loc + (own[0],), t("pl_item_framework", id=it.get("id")))
            elif it.get("id") not in fw_items and len(own) < 3:
                self.add(loc, t("pl_item_own"))
            ind = str(it["indicator"]) if it.get("indicator") is not None else None
            if isinstance(it.get("id"), str) and ind is not None:
                indicator_of[it["id"]] = ind
            if fw and ind is not None and ind not in fw.indicators:
                self.unknown(loc + ("indicator",), "k_indicator", it["indicator"], fw.indicators)
            elif fw and ind is not None and ind in fw.external:
                self.add(loc + ("indicator",), t("pl_item_external", id=ind))
            elif ind is not None and isinstance(it.get("level"), int):
                levels.setdefault(ind, set()).add(it["level"])
            self.opd_refs(loc, it, codes, ("owner",), ())
            for j, ref in enumerate(it.get("actions") or []):
                if ref not in known:
                    self.unknown(loc + ("actions", j), "k_action", ref, {str(k) for k in known if k})
            for j, ref in enumerate(it.get("evidence") or []):
                if ref not in evidence:
                    self.unknown(loc + ("evidence", j), "k_evidence", ref, evidence)
        self.gaps(fw, levels)
        return {**{str(x): "" for x in ids}, **indicator_of}, set(levels)

    def gaps(self, fw: Framework | None, levels: dict[str, set[int]]) -> None:
        """Tiered levels: items at a level with no item at a level below can never count."""
        lowest = fw.scale.min if fw else 1
        for ind, have in sorted(levels.items()):
            missing = next((lv for lv in range(lowest, max(have)) if lv not in have), None)
            if missing is not None:
                stuck = max(missing - 1, lowest)
                self.add(("items",), t("pl_item_gap", id=ind, level=max(have), missing=missing, stuck=stuck))

    def history(self) -> None:
        """A history entry that names a framework names one that exists."""
        block = self.inst.get("index_history")
        for year, entry in block.items() if isinstance(block, dict) else ():
            name = entry.get("framework") if isinstance(entry, dict) else None
            if isinstance(name, str) and not framework_path(name, self.frameworks).exists():
                loc: Loc = ("instansi", "index_history", year, "framework")
                self.unknown(loc, "k_framework", name, available_frameworks(self.frameworks))

    def opd_refs(self, loc: Loc, item: dict, codes: set[str], singles: tuple, lists: tuple) -> None:
        for key in singles:
            if isinstance(item.get(key), str) and item[key] not in codes:
                self.unknown(loc + (key,), "k_opd", item[key], codes)
        for key in lists:
            for j, code in enumerate(item.get(key) or []):
                if isinstance(code, str) and code not in codes:
                    self.unknown(loc + (key, j), "k_opd", code, codes)

    def evidence(self, fw: Framework | None) -> set:
        items = _only_dicts(_dicts(self.data.get("evidence")))
        for i, ev in items:
            ind = ev.get("indicator")
            if fw and ind is not None and str(ind) not in fw.indicators:
                self.unknown(("evidence", i, "indicator"), "k_indicator", ind, fw.indicators)
        return self.unique(((("evidence", i, "id"), e.get("id")) for i, e in items if "id" in e), "k_evidence")

    def actions(self, fw: Framework | None, codes: set[str], evidence: set, item_of: dict[str, str]) -> None:
        items = _only_dicts(_dicts(self.data.get("actions")))
        self.unique(((("actions", i, "id"), a.get("id")) for i, a in items if "id" in a), "k_action")
        domains = {d.id: d for d in fw.management_domains} if fw else {}
        for i, act in items:
            loc: Loc = ("actions", i)
            domain = act.get("domain")
            dom = domains.get(domain) if isinstance(domain, str) else None  # not text: the schema's problem
            if fw and isinstance(domain, str) and dom is None:
                self.unknown(loc + ("domain",), "k_domain", domain, domains)
            for j, r in _only_dicts(_dicts(act.get("raises"))):
                ind = str(r.get("indicator"))
                if fw and ind not in fw.indicators:
                    self.unknown(
                        loc + ("raises", j, "indicator"), "k_indicator", r.get("indicator"), fw.indicators
                    )
                elif dom is not None and ind not in dom.indicators:
                    self.add(
                        loc + ("raises", j, "indicator"),
                        t("pl_domain_indicator", id=ind, domain=dom.id, known=", ".join(dom.indicators)),
                    )
            for j, ref in enumerate(act.get("items") or []):
                served = item_of.get(ref) if isinstance(ref, str) else None
                if served is None:
                    self.unknown(loc + ("items", j), "k_item", ref, item_of)
                elif dom is not None and served and served not in dom.indicators:
                    self.add(
                        loc + ("items", j),
                        t("pl_domain_indicator", id=served, domain=dom.id, known=", ".join(dom.indicators)),
                    )
            self.opd_refs(loc, act, codes, (), ("owners",))
            self.recurrence(loc + ("recurrence",), act.get("recurrence"), evidence)

    def recurrence(self, loc: Loc, rule: object, evidence: set) -> None:
        if not isinstance(rule, dict):
            return
        if (
            rule.get("kind") == "before_evidence_expiry"
            and isinstance(rule.get("evidence"), str)
            and rule["evidence"] not in evidence
        ):
            self.unknown(loc + ("evidence",), "k_evidence", rule["evidence"], evidence)
        if isinstance(rule.get("timezone"), str):
            try:
                to_zone(rule["timezone"])
            except ValueError as exc:
                self.add(loc + ("timezone",), str(exc))

    def per_domain_keys(self, fw: Framework | None) -> None:
        """``reminders.per_domain`` and ``schedule.per_domain`` may only name the framework's domains."""
        known = {d.id for d in fw.management_domains} if fw else set()
        for section in ("reminders", "schedule"):
            block = self.data.get(section)
            per = block.get("per_domain") if isinstance(block, dict) else None
            for key in per if fw and isinstance(per, dict) else ():
                if key not in known:
                    self.unknown((section, "per_domain", key), "k_domain", key, known)


def reference_problems(src: Source, frameworks: Path) -> tuple[list[Problem], Framework | None]:
    """Every dangling reference in the plan (OPDs, people, indicators, domains, evidence) plus its framework
    (an id names a file in ``frameworks``)."""
    c = _Checker(src, frameworks)
    fw = c.framework()
    codes = c.opds()
    evidence = c.evidence(fw)
    items, scored = c.items(fw, codes, evidence)
    c.indicators(fw, codes, scored)
    c.actions(fw, codes, evidence, items)
    c.per_domain_keys(fw)
    c.history()
    return c.problems, fw
