"""The shipped frameworks match the regulation, and broken framework files are reported precisely.

A broken file is the real PermenPANRB 59/2020 YAML with one or more edits; every problem must name the file,
the line and the node path, and say what is wrong (in Indonesian unless SPBE_LANG=en).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from spbe_actions.adapters import config
from spbe_actions.domain.errors import InputError, Problem
from spbe_actions.domain.framework import available_frameworks, framework_path

SPBE = "permenpanrb-59-2020"
IPD = "pemdi-2026"
SPBE_TEXT = framework_path(SPBE, config.frameworks_dir()).read_text(encoding="utf-8")
# Position of the risk-management domain (id 'risk', indicator 21) in the shipped management_domains list.
RISK = next(i for i, d in enumerate(config.framework(SPBE).management_domains) if d.id == "risk")

# Reference section 1: (domain, domain weight, aspect, aspect weight, first indicator, last, weight each)
SPBE_TABLE = [
    ("D1", "13", "A1", "13", 1, 10, "1.30"),
    ("D2", "25", "A2", "10", 11, 14, "2.50"),
    ("D2", "25", "A3", "10", 15, 18, "2.50"),
    ("D2", "25", "A4", "5", 19, 20, "2.50"),
    ("D3", "16.5", "A5", "12", 21, 28, "1.50"),
    ("D3", "16.5", "A6", "4.5", 29, 31, "1.50"),
    ("D4", "45.5", "A7", "27.5", 32, 41, "2.75"),
    ("D4", "45.5", "A8", "18", 42, 47, "3.00"),
]
# Reference section 6: aspect -> (weight, indicator weights in order)
IPD_TABLE = {
    "A1": ("10", ["5", "5"]),
    "A2": ("10", ["5", "5"]),
    "A3": ("15", ["5", "3", "3", "4"]),
    "A4": ("15", ["4", "4", "3", "4"]),
    "A5": ("10", ["5", "5"]),
    "A6": ("15", ["4", "4", "4", "3"]),
    "A7": ("25", ["10", "15"]),
}
SPBE_BANDS = [
    ("Kurang", "1.0", "1.8"),
    ("Cukup", "1.8", "2.6"),
    ("Baik", "2.6", "3.5"),
    ("Sangat Baik", "3.5", "4.2"),
    ("Memuaskan", "4.2", "5.0"),
]
IPD_BANDS = [
    ("Kurang", "1.00", "1.50"),
    ("Cukup", "1.50", "2.50"),
    ("Baik", "2.50", "3.50"),
    ("Sangat Baik", "3.50", "4.00"),
    ("Memuaskan", "4.00", "5.00"),
]


@pytest.fixture(autouse=True)
def _default_language(monkeypatch):
    monkeypatch.delenv("SPBE_LANG", raising=False)


# --- helpers ------------------------------------------------------------------------------------------


def edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"the fixture text should hold {old!r} exactly once"
    return text.replace(old, new)


def line_of(text: str, needle: str, after: int = 0) -> int:
    """1-based number of the first line below line ``after`` that contains ``needle``."""
    for number, line in enumerate(text.splitlines(), start=1):
        if number > after and needle in line:
            return number
    raise AssertionError(f"{needle!r} not in text")


def problems_of(tmp_path: Path, text: str) -> tuple[Path, list[Problem]]:
    path = tmp_path / "framework.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        config.framework(str(path))
    assert info.value.problems
    return path, info.value.problems


def located(problems: list[Problem], file: Path, node: str, line: int, *words: str) -> Problem:
    """The one problem at ``node``, checked for file, line and the words its message must contain."""
    found = [p for p in problems if p.path == node]
    assert len(found) == 1, f"expected one problem at {node}, got {problems}"
    problem = found[0]
    assert Path(problem.file).resolve() == file.resolve()
    assert problem.line == line, problem
    for word in words:
        assert word in problem.message, problem
    assert str(problem) == f"{problem.file}:{line}: {node}: {problem.message}"
    return problem


# --- the shipped frameworks ---------------------------------------------------------------------------


def test_available_frameworks():
    assert {SPBE, IPD} <= set(available_frameworks(config.frameworks_dir()))


def test_spbe_2020_shape():
    fw = config.framework(SPBE)
    assert fw.id == SPBE
    assert fw.provisional is False
    assert (fw.scale.min, fw.scale.max, fw.decimals) == (1, 5, 2)
    assert list(fw.indicators) == [str(i) for i in range(1, 48)]
    assert [n.id for n in fw.tree] == ["D1", "D2", "D3", "D4"]
    assert all(n.kind == "domain" for n in fw.tree)
    aspects = [g for g, (node, _) in fw.groups.items() if node.kind == "aspect"]
    assert aspects == [f"A{i}" for i in range(1, 9)]
    assert fw.total_weight == 100
    assert sum(n.weight for n in fw.indicators.values()) == 100
    assert fw.check() == []


@pytest.mark.parametrize(("domain", "d_weight", "aspect", "a_weight", "first", "last", "each"), SPBE_TABLE)
def test_spbe_2020_weights(domain, d_weight, aspect, a_weight, first, last, each):
    fw = config.framework(SPBE)
    d_node, _ = fw.groups[domain]
    a_node, leaves = fw.groups[aspect]
    assert d_node.weight == Decimal(d_weight)
    assert a_node.weight == Decimal(a_weight)
    assert aspect in [c.id for c in d_node.children]
    assert [n.id for n in leaves] == [str(i) for i in range(first, last + 1)]
    assert all(n.weight == Decimal(each) for n in leaves)


def test_spbe_2020_services_weigh_3():
    # The 2023/2024 national reports print 3.50% for 42-47; that is a typo.
    fw = config.framework(SPBE)
    assert [fw.indicators[str(i)].weight for i in range(42, 48)] == [Decimal("3.00")] * 6


def test_spbe_2020_names_and_scales():
    fw = config.framework(SPBE)
    assert all(n.name.startswith("Tingkat Kematangan ") for n in fw.indicators.values())
    assert fw.indicators["1"].name == "Tingkat Kematangan Kebijakan Internal Arsitektur SPBE"
    assert fw.indicators["13"].name == "Tingkat Kematangan Keterpaduan Rencana dan Anggaran SPBE"
    assert fw.indicators["44"].name == "Tingkat Kematangan Jaringan Dokumentasi dan Informasi Hukum (JDIH)"
    assert {fw.indicators[str(i)].scale for i in range(1, 32)} == {"process"}
    assert {fw.indicators[str(i)].scale for i in range(32, 48)} == {"service"}
    assert fw.level_name("21", 3) == "Terdefinisi"
    assert fw.level_name("42", 4) == "Kolaborasi"


def test_spbe_2020_bands():
    fw = config.framework(SPBE)
    assert [(b.name, b.min, b.max) for b in fw.bands] == [
        (name, Decimal(lo), Decimal(hi)) for name, lo, hi in SPBE_BANDS
    ]


def test_ipd_2026_shape():
    fw = config.framework(IPD)
    assert fw.id == IPD
    assert fw.provisional is True
    assert list(fw.indicators) == [str(i) for i in range(1, 21)]
    assert [n.id for n in fw.tree] == list(IPD_TABLE)
    assert all(n.kind == "aspect" for n in fw.tree)
    assert not any(node.kind == "domain" for node, _ in fw.groups.values())
    for node in fw.tree:
        weight, children = IPD_TABLE[node.id]
        assert node.weight == Decimal(weight)
        assert [c.weight for c in node.children] == [Decimal(w) for w in children]
        assert not any(c.is_group for c in node.children)
    assert fw.total_weight == 100
    # the full official names (issue #13): those the secondary sources quote
    assert fw.indicators["1"].name == "Tingkat Kematangan Tata Kelola Pemdi"
    assert fw.indicators["2"].name == "Tingkat Kematangan Manajemen Layanan Digital Pemerintah"
    assert fw.indicators["9"].name == "Tingkat Kematangan Pelaksanaan Audit Keamanan Pemdi dan Teknologi Pemdi"
    assert fw.indicators["15"].name == "Keterpaduan Proses Bisnis Pemdi Lintas Unit dan Instansi"
    assert fw.indicators["19"].name == "Fasilitas Dukungan Pengguna Layanan Digital Pemerintah"
    assert fw.indicators["20"].name == "Tingkat Pengelolaan Kepuasan Pengguna Layanan Digital Pemerintah"
    assert fw.groups["A7"][0].name == "Kepuasan Pengguna Layanan Digital Pemerintah"
    assert fw.check() == []


def test_each_framework_names_itself():
    """Every surface takes the index's name, the coordinator's title and the level names from the file."""
    spbe, ipd = config.framework(SPBE), config.framework(IPD)
    assert (spbe.vocab("id").index_name, spbe.vocab("id").coordinator) == ("Indeks SPBE", "Koordinator SPBE")
    assert spbe.vocab("en").index_short == "SPBE index" and spbe.vocab("en").program == "SPBE"
    words = ipd.vocab("id")
    assert (words.index_name, words.index_short, words.program, words.coordinator) == (
        "Indeks Pemerintah Digital",
        "Indeks Pemdi",
        "Pemdi",
        "Koordinator Pemdi",
    )
    assert ipd.vocabulary.regulation == "PermenPANRB 8/2026"
    assert ipd.level_legend() == [(None, "1 Merintis · 2 Membangun · 3 Berkembang · 4 Melembaga · 5 Unggul")]
    assert [ipd.level_name(i, 4) for i in ("1", "20")] == ["Melembaga", "Melembaga"]
    assert [scale for scale, _ in spbe.level_legend()] == ["process", "service"]
    assert spbe.provisional_note() is None
    note = ipd.provisional_note("id")
    assert note is not None and "SEMENTARA" in note and "PermenPANRB 8/2026" in note and ipd.source in note
    assert (spbe.first_year, spbe.last_year, ipd.first_year) == (2021, 2025, 2026)


def test_pemdi_external_indicators_name_their_source_agency():
    fw = config.framework(IPD)
    assert {i: e.source for i, e in fw.external.items()} == {
        "5": "Bappenas",
        "6": "BIG",
        "7": "BPS",
        "18": "pengelola interoperabilitas data nasional",
    }
    assert config.framework(SPBE).external == {}


def test_a_provisional_framework_must_cite_its_source(tmp_path):
    text = edit(SPBE_TEXT, "provisional: false\n", "provisional: true\n")
    text = edit(text, text[text.index("source: ") : text.index("\nfirst_year")] + "\n", "")
    file, problems = problems_of(tmp_path, text)
    located(problems, file, "provisional", line_of(text, "provisional: true"), "source")


def test_framework_evidence_items_are_checked(tmp_path):
    items = (
        "evidence_items:\n"
        '  - {id: a-1, indicator: "21", level: 1, title: Draf kebijakan}\n'
        '  - {id: a-1, indicator: "99", level: 7, title: Dua kali}\n'
        "tree:\n"
    )
    file, problems = problems_of(tmp_path, edit(SPBE_TEXT, "tree:\n", items))
    line = line_of(SPBE_TEXT.replace("tree:\n", items), "Dua kali")
    located(problems, file, "evidence_items[1].id", line, "a-1")
    located(problems, file, "evidence_items[1].indicator", line, "99")
    located(problems, file, "evidence_items[1].level", line, "1-5")


def test_ipd_2026_bands():
    fw = config.framework(IPD)
    assert [(b.name, b.min, b.max) for b in fw.bands] == [
        (name, Decimal(lo), Decimal(hi)) for name, lo, hi in IPD_BANDS
    ]


def test_load_by_path_equals_load_by_id():
    assert config.framework(str(framework_path(SPBE, config.frameworks_dir()))) == config.framework(SPBE)


# --- broken files: one problem each -------------------------------------------------------------------


def test_duplicate_id(tmp_path):
    # Aspect A3 renamed A2: a group id, so no management domain loses an indicator it names.
    text = edit(SPBE_TEXT, "- id: A3\n", "- id: A2\n")
    file, problems = problems_of(tmp_path, text)
    assert len(problems) == 1
    second = line_of(text, "id: A2", after=line_of(text, "id: A2"))
    located(problems, file, "tree[1].children[1].id", second, "'A2'")


def test_children_weights_must_sum_to_parent(tmp_path):
    text = edit(
        SPBE_TEXT, 'Kematangan Arsitektur SPBE", weight: "2.50"', 'Kematangan Arsitektur SPBE", weight: "3.00"'
    )
    file, problems = problems_of(tmp_path, text)
    assert len(problems) == 1  # only A2: D2 still holds A2 at 10 and the top level still adds up to 100
    a2_weight = line_of(text, 'weight: "10"', after=line_of(text, "id: A2"))
    located(problems, file, "tree[1].children[0].weight", a2_weight, "10.50", "'A2'", "10")


def test_top_level_must_sum_to_100(tmp_path):
    # D1 13 -> 14 with its aspect and indicator 1 following, so the tree is consistent but sums to 101.
    text = edit(
        SPBE_TEXT,
        'name: Kebijakan Internal SPBE\n    weight: "13"',
        'name: Kebijakan Internal SPBE\n    weight: "14"',
    )
    text = edit(text, 'Tata Kelola SPBE\n        weight: "13"', 'Tata Kelola SPBE\n        weight: "14"')
    text = edit(text, 'Internal Arsitektur SPBE", weight: "1.30"', 'Internal Arsitektur SPBE", weight: "2.30"')
    file, problems = problems_of(tmp_path, text)
    assert len(problems) == 1
    located(problems, file, "tree", line_of(text, "tree:"), "101", "100")


def test_gap_between_bands(tmp_path):
    text = edit(SPBE_TEXT, '{name: Baik, min: "2.6"', '{name: Baik, min: "2.7"')
    file, problems = problems_of(tmp_path, text)
    assert len(problems) == 1
    located(problems, file, "bands[2].min", line_of(text, "{name: Baik,"), "Baik", "2.7", "2.6")


def test_overlapping_bands(tmp_path):
    text = edit(SPBE_TEXT, '{name: Baik, min: "2.6"', '{name: Baik, min: "2.5"')
    file, problems = problems_of(tmp_path, text)
    located(problems, file, "bands[2].min", line_of(text, "{name: Baik,"), "Baik", "2.5", "2.6")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('{name: Memuaskan, min: "4.2", max: "5.0"', '{name: Memuaskan, min: "4.2", max: "4.9"'),
        ('{name: Kurang, min: "1.0"', '{name: Kurang, min: "1.2"'),
    ],
    ids=["short-of-max", "above-min"],
)
def test_bands_must_cover_the_scale(tmp_path, old, new):
    text = edit(SPBE_TEXT, old, new)
    file, problems = problems_of(tmp_path, text)
    assert len(problems) == 1
    located(problems, file, "bands", line_of(text, "bands:"), "1-5")


def test_band_upside_down(tmp_path):
    text = edit(SPBE_TEXT, '{name: Memuaskan, min: "4.2", max: "5.0"', '{name: Memuaskan, min: "5.0", max: "4.2"')
    _, problems = problems_of(tmp_path, text)
    assert "bands[4]" in {p.path for p in problems}


def test_unknown_key(tmp_path):
    text = edit(
        SPBE_TEXT,
        '{id: "12", name: "Tingkat Kematangan Peta Rencana SPBE", weight:',
        '{id: "12", name: "x", wieght:',
    )
    file, problems = problems_of(tmp_path, text)
    line = line_of(text, "wieght")
    node = "tree[1].children[0].children[1]"
    located(problems, file, f"{node}.wieght", line, "tidak dikenal")
    located(problems, file, f"{node}.weight", line, "wajib diisi")
    assert len(problems) == 2


def test_unknown_top_level_key(tmp_path):
    text = edit(SPBE_TEXT, "predicate_basis: exact", "predicate_bases: exact")
    file, problems = problems_of(tmp_path, text)
    assert len(problems) == 1
    located(problems, file, "predicate_bases", line_of(text, "predicate_bases"), "tidak dikenal")


def test_non_numeric_weight(tmp_path):
    text = edit(SPBE_TEXT, 'Sektor 1", weight: "3.00"', 'Sektor 1", weight: "tiga"')
    file, problems = problems_of(tmp_path, text)
    assert len(problems) == 1
    located(problems, file, "tree[3].children[1].children[3].weight", line_of(text, '"tiga"'), "harus angka")


def test_nan_weight_is_reported_in_indonesian(tmp_path):
    text = edit(SPBE_TEXT, 'Sektor 1", weight: "3.00"', 'Sektor 1", weight: "NaN"')
    file, problems = problems_of(tmp_path, text)
    located(problems, file, "tree[3].children[1].children[3].weight", line_of(text, '"NaN"'), "harus angka")


def test_yaml_syntax_error(tmp_path):
    text = edit(SPBE_TEXT, "name: Evaluasi SPBE (PermenPANRB 59/2020)", "name: Evaluasi: SPBE")
    file, problems = problems_of(tmp_path, text)
    assert len(problems) == 1
    (problem,) = problems
    assert Path(problem.file).resolve() == file.resolve()
    assert problem.line == line_of(text, "name: Evaluasi: SPBE")
    assert "sintaks YAML" in problem.message


def test_duplicate_yaml_key(tmp_path):
    text = edit(SPBE_TEXT, "decimals: 2\n", "decimals: 2\ndecimals: 2\n")
    file, problems = problems_of(tmp_path, text)
    located(
        problems,
        file,
        "decimals",
        line_of(text, "decimals", after=line_of(text, "decimals")),
        "'decimals'",
        "dua kali",
    )


def test_unhashable_yaml_key(tmp_path):
    text = SPBE_TEXT + "? [a, b]\n: 1\n"
    file, problems = problems_of(tmp_path, text)
    (problem,) = problems
    assert problem.line is not None and problem.line >= line_of(text, "? [a, b]")
    assert "sintaks YAML" in problem.message


def test_zero_weight_says_greater_than(tmp_path):
    text = edit(SPBE_TEXT, 'Sektor 1", weight: "3.00"', 'Sektor 1", weight: "0"')
    file, problems = problems_of(tmp_path, text)
    assert any(
        p.path == "tree[3].children[1].children[3].weight" and "lebih dari 0" in p.message for p in problems
    )


def test_management_domain_names_unknown_indicator(tmp_path):
    text = edit(
        SPBE_TEXT, 'Manajemen Risiko SPBE, indicators: ["21"]', 'Manajemen Risiko SPBE, indicators: ["99"]'
    )
    file, problems = problems_of(tmp_path, text)
    assert len(problems) == 1
    located(problems, file, f"management_domains[{RISK}].indicators[0]", line_of(text, '["99"]'), "'99'")


def test_missing_framework_lists_the_available_ones():
    with pytest.raises(InputError) as info:
        config.framework("no-such-framework")
    (problem,) = info.value.problems
    assert problem.file.endswith("no-such-framework.yaml")
    assert "no-such-framework" in problem.message
    assert SPBE in problem.message and IPD in problem.message


def test_missing_framework_file(tmp_path):
    missing = tmp_path / "gone.yaml"
    with pytest.raises(InputError) as info:
        config.framework(str(missing))
    (problem,) = info.value.problems
    assert Path(problem.file) == missing
    assert "tidak ditemukan" in problem.message


def test_empty_file(tmp_path):
    _, problems = problems_of(tmp_path, "# nothing here\n")
    assert len(problems) == 1 and "kosong" in problems[0].message


# --- broken files: every problem at once --------------------------------------------------------------


def test_several_meaning_problems_at_once(tmp_path):
    text = edit(SPBE_TEXT, "- id: A4\n", "- id: A2\n")
    text = edit(text, 'Pembangunan Aplikasi SPBE", weight: "2.50"', 'Pembangunan Aplikasi SPBE", weight: "2.00"')
    text = edit(text, '{name: Baik, min: "2.6"', '{name: Baik, min: "2.7"')
    text = edit(text, 'Manajemen Risiko SPBE, indicators: ["21"]', 'Manajemen Risiko SPBE, indicators: ["99"]')
    file, problems = problems_of(tmp_path, text)
    assert len(problems) == 4
    second = line_of(text, "id: A2", after=line_of(text, "id: A2"))
    located(problems, file, "tree[1].children[2].id", second, "'A2'")
    a3_weight = line_of(text, 'weight: "10"', after=line_of(text, "id: A3"))
    located(problems, file, "tree[1].children[1].weight", a3_weight, "9.50", "'A3'")
    located(problems, file, "bands[2].min", line_of(text, "{name: Baik,"), "2.7")
    located(problems, file, f"management_domains[{RISK}].indicators[0]", line_of(text, '["99"]'), "'99'")
    message = str(InputError(problems))
    assert message.count(str(file)) == 4


def test_several_structure_problems_at_once(tmp_path):
    text = edit(
        SPBE_TEXT,
        '{id: "12", name: "Tingkat Kematangan Peta Rencana SPBE", weight:',
        '{id: "12", name: "x", wieght:',
    )
    text = edit(text, 'Sektor 1", weight: "3.00"', 'Sektor 1", weight: "tiga"')
    text = edit(text, "decimals: 2", "decimals: dua")
    text = edit(text, '- {id: "20", name: "Tingkat Kematangan Kolaborasi Penerapan SPBE", ', '- {id: "20", ')
    file, problems = problems_of(tmp_path, text)
    wieght = line_of(text, "wieght")
    located(problems, file, "tree[1].children[0].children[1].wieght", wieght, "tidak dikenal")
    located(problems, file, "tree[1].children[0].children[1].weight", wieght, "wajib diisi")
    located(problems, file, "tree[3].children[1].children[3].weight", line_of(text, '"tiga"'), "harus angka")
    located(problems, file, "decimals", line_of(text, "decimals: dua"), "bilangan bulat")
    located(problems, file, "tree[1].children[2].children[1].name", line_of(text, '{id: "20"'), "wajib diisi")
    assert len(problems) == 5


# --- language -----------------------------------------------------------------------------------------

WEIGHT_SUM = ('Kematangan Arsitektur SPBE", weight: "2.50"', 'Kematangan Arsitektur SPBE", weight: "3.00"')
INDONESIAN = {
    "weight_sum": "bobot anak berjumlah 10.50, padahal bobot 'A2' adalah 10",
    "unknown_key": "kunci tidak dikenal",
    "not_a_number": "harus angka",
    "not_found": "tidak ditemukan",
}
ENGLISH = {
    "weight_sum": "children's weights sum to 10.50 but 'A2' weighs 10",
    "unknown_key": "unknown key",
    "not_a_number": "must be a number",
    "not_found": "not found",
}


@pytest.mark.parametrize(
    ("lang", "expected"),
    [(None, INDONESIAN), ("id", INDONESIAN), ("en", ENGLISH), ("EN", ENGLISH)],
    ids=["unset", "id", "en", "EN"],
)
def test_messages_language(tmp_path, monkeypatch, lang, expected):
    if lang is not None:
        monkeypatch.setenv("SPBE_LANG", lang)
    _, problems = problems_of(tmp_path, edit(SPBE_TEXT, *WEIGHT_SUM))
    assert expected["weight_sum"] in problems[0].message
    _, problems = problems_of(tmp_path, edit(SPBE_TEXT, "decimals: 2", "decimals: 2\nscale_max: 5\ndecimals2: x"))
    assert len(problems) == 2 and all(expected["unknown_key"] in p.message for p in problems)
    _, problems = problems_of(tmp_path, edit(SPBE_TEXT, 'Sektor 1", weight: "3.00"', 'Sektor 1", weight: "tiga"'))
    assert expected["not_a_number"] in problems[0].message
    with pytest.raises(InputError) as info:
        config.framework("no-such-framework")
    assert expected["not_found"] in info.value.problems[0].message


def test_no_index_label_literal_outside_framework_files():
    """ACCEPTANCE (#13): every surface takes the index's and the coordinator's names from the framework."""
    import re

    root = Path(__file__).resolve().parents[2]
    files = [
        p for d in ("spbe_actions", "flows", "config/templates") for p in (root / d).rglob("*") if p.is_file()
    ]
    files = [p for p in files if p.suffix in (".py", ".j2")]
    assert len(files) > 80
    # "SPBE" in capitals: the command `spbe index` is not a label
    pattern = re.compile(r"(?i:indeks|koordinator)\s+SPBE|SPBE\s+(?i:index|coordinator)")
    found = [f"{p.relative_to(root)}: {m.group(0)}" for p in files for m in pattern.finditer(p.read_text("utf-8"))]
    assert found == []
