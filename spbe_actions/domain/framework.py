"""The evaluation instrument as data: a weighted tree of groups (domains, aspects) whose leaves are indicators.

One schema serves PermenPANRB 59/2020 and the 2026 Indeks Pemerintah Digital. ``load_framework`` validates
structure (pydantic) and meaning (unique ids, weights adding up, bands covering the scale) and reports
every problem with the file, line and node path.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from functools import cache, cached_property
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from spbe_actions.domain import yamlsrc
from spbe_actions.domain.errors import InputError, Loc, Problem
from spbe_actions.domain.i18n import lang, t, text_in

PredicateBasis = Literal["exact", "rounded"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Scale(Strict):
    min: int = 1
    max: int = 5


class Band(Strict):
    name: str  # the predikat as the regulation names it (Indonesian)
    en: str | None = None  # its English name (SPBE_LANG=en); the Indonesian name when left out
    min: Decimal
    max: Decimal

    def named(self, language: str | None = None) -> str:
        """The predikat in ``language`` (default: the user's)."""
        return self.en if self.en and (language or lang()) == "en" else self.name


class ManagementDomain(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    indicators: list[str] = Field(min_length=1)


class Words(Strict):
    """How people name the instrument: its index, the programme's short name and the coordinator's title."""

    index_name: str = Field(min_length=1)  # "Indeks Pemerintah Digital"
    index_short: str = Field(min_length=1)  # "Indeks Pemdi": tables, charts, mails
    program: str = Field(min_length=1)  # "Pemdi": subjects and titles ("[Pemdi] 3 tugas", "Tugas Pemdi Anda")
    coordinator: str = Field(min_length=1)  # "Koordinator Pemdi"


class PartialWords(Strict):
    """Another language's words; what is left out is the Indonesian word."""

    index_name: str | None = None
    index_short: str | None = None
    program: str | None = None
    coordinator: str | None = None


class Vocabulary(Words):
    """The framework's own words (every surface takes them from here, never from a literal in code)."""

    regulation: str = Field(min_length=1)  # "PermenPANRB 8/2026"
    en: PartialWords = PartialWords()

    def words(self, language: str = "id") -> Words:
        base = Words(
            index_name=self.index_name,
            index_short=self.index_short,
            program=self.program,
            coordinator=self.coordinator,
        )
        if language != "en":
            return base
        return base.model_copy(update={k: v for k, v in self.en.model_dump().items() if v})


class External(Strict):
    """An indicator whose value comes from another agency's evaluation (a decimal within the scale)."""

    source: str = Field(min_length=1)  # the agency, e.g. "Bappenas"
    measure: str = Field(min_length=1)  # what it evaluates, e.g. "Evaluasi Satu Data Indonesia"


class FrameworkItem(Strict):
    """An evidence item (butir bukti dukung) the assessors expect for an indicator at a level."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]*$")
    indicator: str
    level: int
    title: str = Field(min_length=1)


class Node(Strict):
    """A group (has children) or an indicator (a leaf)."""

    id: str = Field(min_length=1)
    name: str
    weight: Decimal = Field(gt=0)
    kind: str = "indicator"
    scale: Literal["process", "service"] = "process"
    external: External | None = None  # leaves only: the value comes from another agency
    children: list[Node] | None = None

    @property
    def is_group(self) -> bool:
        return self.children is not None


class Framework(Strict):
    id: str
    name: str
    vocabulary: Vocabulary
    provisional: bool = False
    source: str | None = None  # where the file's facts come from (required when provisional)
    first_year: int | None = Field(default=None, ge=2000, le=2100)  # the evaluations it governs
    last_year: int | None = Field(default=None, ge=2000, le=2100)
    scale: Scale = Scale()
    decimals: int = Field(default=2, ge=0, le=6)
    predicate_basis: PredicateBasis = "exact"
    bands: list[Band] = Field(min_length=1)
    level_names: dict[Literal["process", "service"], dict[int, str]] = {}
    level_names_en: dict[Literal["process", "service"], dict[int, str]] = {}  # English; Indonesian when left out
    management_domains: list[ManagementDomain] = []
    evidence_items: list[FrameworkItem] = []  # default checklist of every plan on this framework
    tree: list[Node] = Field(min_length=1)

    # --- navigation -------------------------------------------------------------------------
    def walk(self) -> Iterator[tuple[Loc, Node, tuple[Node, ...]]]:
        """Every node with its location in the file and its ancestors, depth first."""
        stack: list[tuple[Loc, Node, tuple[Node, ...]]] = [
            (("tree", i), n, ()) for i, n in reversed(list(enumerate(self.tree)))
        ]
        while stack:
            loc, node, parents = stack.pop()
            yield loc, node, parents
            for i, child in reversed(list(enumerate(node.children or []))):
                stack.append((loc + ("children", i), child, parents + (node,)))

    @cached_property
    def indicators(self) -> dict[str, Node]:
        """Indicator id -> indicator, in the framework's order."""
        return {n.id: n for _, n, _ in self.walk() if not n.is_group}

    @cached_property
    def groups(self) -> dict[str, tuple[Node, tuple[Node, ...]]]:
        """Group id -> (group, its leaf indicators)."""
        leaves: dict[str, list[Node]] = {}
        groups: dict[str, Node] = {}
        for _, node, parents in self.walk():
            if node.is_group:
                groups[node.id] = node
                leaves.setdefault(node.id, [])
            else:
                for p in parents:
                    leaves[p.id].append(node)
        return {gid: (g, tuple(leaves[gid])) for gid, g in groups.items()}

    @property
    def total_weight(self) -> Decimal:
        return sum((n.weight for n in self.tree), Decimal(0))

    def management_domain(self, domain_id: str) -> ManagementDomain | None:
        return next((d for d in self.management_domains if d.id == domain_id), None)

    def indicator_title(self, indicator_id: str) -> str:
        """An indicator's number and short name: '21 Penerapan Manajemen Risiko SPBE'. People read it with its
        weight in their number format: ``adapters.formats.indicator`` (Babel lives above this floor)."""
        node = self.indicators[indicator_id]
        return f"{indicator_id} {node.name.removeprefix('Tingkat Kematangan ')}"

    def level_name(self, indicator_id: str, level: int, language: str | None = None) -> str:
        """The name of ``level`` on the indicator's scale, in ``language`` (default: the user's)."""
        return self._level_names(self.indicators[indicator_id].scale, language).get(level, str(level))

    def _level_names(self, scale: Literal["process", "service"], language: str | None) -> dict[int, str]:
        names = self.level_names.get(scale, {})
        if (language or lang()) != "en":
            return names
        return names | self.level_names_en.get(scale, {})

    def level_legend(self, language: str | None = None) -> list[tuple[str | None, str]]:
        """The level names per scale ('1 Merintis · 2 Membangun · ...'); one line (scale None) when the scales
        share their names."""
        lines = {
            scale: " · ".join(f"{lv} {name}" for lv, name in sorted(self._level_names(scale, language).items()))
            for scale in self.level_names
        }
        if len(set(lines.values())) == 1:
            return [(None, next(iter(lines.values())))]
        return list(lines.items())

    def vocab(self, language: str | None = None) -> Words:
        """The framework's words in ``language`` (default: the user's)."""
        return self.vocabulary.words(language or lang())

    def provisional_note(self, language: str | None = None) -> str | None:
        """The visible note of a provisional framework (None for a settled one), in ``language``."""
        if not self.provisional:
            return None
        language = language or lang()
        words = self.vocab(language)
        return text_in(
            language,
            "fw_provisional",
            name=words.index_name,
            regulation=self.vocabulary.regulation,
            source=self.source or "",
        )

    @cached_property
    def external(self) -> dict[str, External]:
        """Indicator id -> its outside source, for the indicators another agency evaluates."""
        return {i: n.external for i, n in self.indicators.items() if n.external is not None}

    # --- meaning ----------------------------------------------------------------------------
    def check(self) -> list[tuple[Loc, str]]:
        """Semantic problems as (location, message); empty when the framework is sound."""
        out: list[tuple[Loc, str]] = []
        seen: set[str] = set()
        for loc, node, _ in self.walk():
            if node.id in seen:
                out.append((loc + ("id",), t("fw_duplicate_id", id=node.id)))
            seen.add(node.id)
            if node.children is not None:
                if node.external is not None:
                    out.append((loc + ("external",), t("fw_external_group")))
                if not node.children:
                    out.append((loc + ("children",), t("fw_group_empty")))
                    continue
                total = sum((c.weight for c in node.children), Decimal(0))
                if total != node.weight:
                    out.append(
                        (loc + ("weight",), t("fw_weight_sum", total=total, id=node.id, weight=node.weight))
                    )
        if self.total_weight != 100:
            out.append((("tree",), t("fw_root_sum", total=self.total_weight)))
        if self.provisional and not self.source:
            out.append((("provisional",), t("fw_source_missing")))
        out += self._check_bands()
        out += self._check_items()
        leaves = {n.id for _, n, _ in self.walk() if not n.is_group}
        for i, dom in enumerate(self.management_domains):
            for j, ind in enumerate(dom.indicators):
                if ind not in leaves:
                    out.append((("management_domains", i, "indicators", j), t("fw_unknown_indicator", id=ind)))
        return out

    def _check_items(self) -> list[tuple[Loc, str]]:
        out: list[tuple[Loc, str]] = []
        seen: set[str] = set()
        for i, item in enumerate(self.evidence_items):
            if item.id in seen:
                out.append((("evidence_items", i, "id"), t("fw_duplicate_id", id=item.id)))
            seen.add(item.id)
            if item.indicator not in self.indicators or item.indicator in self.external:
                out.append((("evidence_items", i, "indicator"), t("fw_item_indicator", id=item.indicator)))
            if not self.scale.min <= item.level <= self.scale.max:
                out.append(
                    (("evidence_items", i, "level"), t("pl_level_range", min=self.scale.min, max=self.scale.max))
                )
        return out

    def _check_bands(self) -> list[tuple[Loc, str]]:
        out: list[tuple[Loc, str]] = []
        bands = sorted(enumerate(self.bands), key=lambda b: b[1].min)
        for i, band in bands:
            if band.min >= band.max:
                out.append((("bands", i), t("fw_band_order")))
        for (_, prev), (i, band) in zip(bands, bands[1:], strict=False):
            if band.min != prev.max:
                out.append((("bands", i, "min"), t("fw_band_gap", name=band.name, min=band.min, prev=prev.max)))
        if bands[0][1].min > self.scale.min or bands[-1][1].max != self.scale.max:
            out.append((("bands",), t("fw_band_ends", min=self.scale.min, max=self.scale.max)))
        return out


def framework_path(framework: str, folder: Path) -> Path:
    """A framework id (``permenpanrb-59-2020``, a file in ``folder``) or a path to a framework YAML file."""
    p = Path(framework)
    if p.suffix in (".yaml", ".yml") or p.exists():
        return p
    return folder / f"{framework}.yaml"


def available_frameworks(folder: Path) -> list[str]:
    return sorted(p.stem for p in folder.glob("*.yaml"))


def load_framework(framework: str, folder: Path) -> Framework:
    """Load and check a framework by id (in ``folder``) or path; raise InputError listing every located problem.
    Loaded once per file version: a call costs one ``stat`` (its modification time), as every page view makes one."""
    path = framework_path(framework, folder)
    try:
        modified = path.stat().st_mtime_ns
    except (FileNotFoundError, NotADirectoryError):
        raise InputError(
            [
                Problem(
                    str(path), t("fw_not_found", id=framework, available=", ".join(available_frameworks(folder)))
                )
            ]
        ) from None
    # absolute(), not resolve(): no lstat per folder, and a swapped symlink (a new release) is followed
    return _load(path.absolute(), modified)


@cache
def _load(path: Path, _mtime_ns: int) -> Framework:
    src = yamlsrc.load(path)
    fw, problems = yamlsrc.validate(Framework, src)
    if fw is not None:
        problems += [src.problem(loc, msg) for loc, msg in fw.check()]
    if problems or fw is None:
        raise InputError(problems)
    return fw
