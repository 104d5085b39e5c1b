"""The instansi plan: a valid plan loads; every mistake is reported at once, located by line and field path."""

from __future__ import annotations

import re

import pytest

from spbe_actions.adapters import config
from spbe_actions.domain.errors import InputError
from spbe_actions.domain.plan import inline_secret
from tests.conftest import SAMPLE_PLAN
from tests.support.plans import small_plan


def problems_of(path) -> list:
    with pytest.raises(InputError) as info:
        config.plan(path)
    return info.value.problems


def test_small_plan_is_valid(plan_file):
    plan, fw = config.plan(plan_file())
    assert plan.instansi.timezone == "Asia/Jakarta"  # WIB alias
    assert fw.id == "permenpanrb-59-2020"
    assert len(plan.indicators) == 47
    assert [role for _, _, role in plan.people()].count("focal_point") == 2


def test_ten_mistakes_give_ten_located_problems(plan_file):
    data = small_plan()
    data["opds"][1]["focal_points"][0]["email"] = "bukan-surel"
    data["instansi"]["timezone"] = "WITB"
    data["opds"][0]["kepala"] = "typo key"
    data["indicators"]["5"]["current"] = 7
    data["indicators"]["6"]["lead"] = "DISHUB"
    data["actions"][0]["domain"] = "risiko"
    data["actions"][1]["raises"][0]["indicator"] = "99"
    data["actions"][0]["recurrence"] = {"kind": "monthly", "day": 5, "every": 0}
    data["actions"][1]["owners"] = ["INSPEKTORAT", "BAPPEDA"]
    data["opds"][1]["head"]["id"] = "kominfo.kadis"
    path = plan_file(data)
    problems = problems_of(path)
    paths = sorted(p.path for p in problems)
    assert paths == sorted(
        [
            "opds[1].focal_points[0].email",
            "instansi.timezone",
            "opds[0].kepala",
            "indicators.5.current",
            "indicators.6.lead",
            "actions[0].domain",
            "actions[1].raises[0].indicator",
            "actions[0].recurrence.every",
            "actions[1].owners[1]",
            "opds[1].head.id",
        ]
    )
    lines = path.read_text().splitlines()
    for p in problems:
        assert p.file == str(path)
        assert p.line is not None and 1 <= p.line <= len(lines)
        # the reported line holds the offending key (or, for a list item, the item itself)
        if p.path.endswith("]"):
            assert lines[p.line - 1].lstrip().startswith("-"), (p, lines[p.line - 1])
        else:
            last_key = p.path.rsplit(".", 1)[-1]
            assert last_key in lines[p.line - 1], (p, lines[p.line - 1])
    by_path = {p.path: p.message for p in problems}
    assert "DISHUB" in by_path["indicators.6.lead"] and "KOMINFO" in by_path["indicators.6.lead"]
    assert "WIB" in by_path["instansi.timezone"]
    assert "tidak dikenal" in by_path["opds[0].kepala"]  # Indonesian by default


def test_english_messages_on_request(plan_file, monkeypatch):
    monkeypatch.setenv("SPBE_LANG", "en")
    data = small_plan()
    data["opds"][0]["kepala"] = "x"
    (problem,) = problems_of(plan_file(data))
    assert "unknown key" in problem.message


def test_missing_indicators_and_unknown_framework(plan_file):
    data = small_plan()
    del data["indicators"]["47"], data["indicators"]["12"]
    (problem,) = problems_of(plan_file(data))
    assert problem.path == "indicators" and "12, 47" in problem.message
    data["instansi"]["framework"] = "permenpanrb-2099"
    problems = problems_of(plan_file(data))
    assert any(p.path == "instansi.framework" and "pemdi-2026" in p.message for p in problems)


def test_reference_and_structure_problems_reported_together(plan_file):
    data = small_plan()
    data["actions"][1]["recurrence"]["evidence"] = "no-such-evidence"
    data["actions"][1]["grace_days"] = "lima"
    paths = {p.path for p in problems_of(plan_file(data))}
    assert paths == {"actions[1].recurrence.evidence", "actions[1].grace_days"}


@pytest.mark.parametrize(
    "url, inline",
    [
        ("mailto://user:hunter2@smtp.example.go.id?to=a@example.go.id", True),
        ("mailto://user:${SMTP_PASSWORD}@smtp.example.go.id?to=a@example.go.id", False),
        ("mailto://smtp.example.go.id:2525?from=a@example.go.id&to=b@example.go.id", False),
        ("tgram://123456:AAHsecret/987654", True),
        ("tgram://${TELEGRAM_BOT_TOKEN}/987654", False),
        ("mmost://chat.example.go.id/abcdef123", True),
        ("mmost://chat.example.go.id/${MATTERMOST_TOKEN}", False),
        ("json://hooks.example.go.id/spbe?token=abc", True),
        ("json://hooks.example.go.id/spbe", False),
    ],
)
def test_inline_secret_detection(url, inline):
    assert inline_secret(url) is inline


def test_inline_secret_in_plan_is_an_error_without_echoing_it(plan_file):
    data = small_plan()
    data["opds"][0]["focal_points"][0]["channels"] = ["mailto://user:hunter2@smtp.example.go.id"]
    (problem,) = problems_of(plan_file(data))
    assert problem.path == "opds[0].focal_points[0].channels[0]"
    assert "hunter2" not in str(problem) and "${" in problem.message


def test_unquoted_indicator_keys_are_accepted(plan_file, tmp_path):
    path = plan_file()
    text = re.sub(r"^  '(\d+)':", r"  \1:", path.read_text(), flags=re.M)
    assert "\n  21:" in text
    path.write_text(text)
    plan, _ = config.plan(path)
    assert "21" in plan.indicators


def test_yaml_syntax_error_and_duplicate_key_are_located(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("instansi:\n  code: x\n  code: y\nopds: [\n")
    (problem,) = problems_of(bad)
    assert problem.line is not None and "YAML" in problem.message
    dup = tmp_path / "dup.yaml"
    dup.write_text("instansi:\n  code: x\n  code: y\n")
    problems = problems_of(dup)
    assert any(p.path == "instansi.code" and p.line == 3 and "dua kali" in p.message for p in problems)


@pytest.mark.skipif(not SAMPLE_PLAN.exists(), reason="sample plan not written yet")
def test_sample_plan_is_valid_and_covers_every_management_domain():
    plan, fw = config.plan(SAMPLE_PLAN)
    assert 13 <= len(plan.opds) <= 25
    assert set(plan.indicators) == set(fw.indicators)
    domains = [a.domain for a in plan.actions]
    required = {
        "policy",
        "coordination",
        "risk",
        "infosec",
        "data",
        "ict_assets",
        "hr_competency",
        "knowledge",
        "change",
        "service_management",
        "ict_audit",
    }
    assert all(domains.count(d) >= 2 for d in required), {d: domains.count(d) for d in required}
    kinds = {a.recurrence.kind for a in plan.actions}
    assert kinds == {"monthly", "quarterly", "yearly", "every_n_years", "before_evidence_expiry", "rrule"}
    emails = [p.email for p, _, _ in plan.people()]
    assert all(e.endswith("example.go.id") for e in emails)


# --- the Indeks Pemdi parts: evidence items, external indicators, history across instruments ------------


def test_small_pemdi_plan_is_valid(plan_file):
    from tests.support.plans import small_pemdi_plan

    plan, fw = config.plan(plan_file(small_pemdi_plan()))
    assert fw.id == "pemdi-2026" and len(plan.items) == 7
    assert plan.instansi.history()[0][2] == "permenpanrb-59-2020"
    assert plan.actions[0].raises == [] and plan.actions[0].items == ["tk-3b"]


def test_plain_history_means_the_plans_framework(plan_file):
    plan, _ = config.plan(plan_file())
    assert [(y, str(v), f) for y, v, f in plan.instansi.history()] == [
        (2023, "3.10", "permenpanrb-59-2020"),
        (2024, "3.36", "permenpanrb-59-2020"),
    ]


def test_pemdi_mistakes_are_located(plan_file):
    from tests.support.plans import small_pemdi_plan

    data = small_pemdi_plan()
    data["indicators"]["2"].pop("current")  # neither items nor external: the level is required
    data["indicators"]["5"]["current"] = 2  # external: the value comes from Bappenas
    data["indicators"]["1"]["current"] = 3  # scored by its items
    data["items"][6]["level"] = 4  # "13" now has items at 1 and 4: no level 2 or 3 -> a gap
    data["items"][0]["owner"] = "DISHUB"
    data["items"].append({"id": "x-1", "indicator": "6", "level": 1, "title": "Simpul JIGD"})  # external
    data["items"].append({"id": "x-2", "title": "tanpa indikator"})
    data["actions"][0]["items"] = ["tk-9z"]
    data["actions"][1]["raises"] = []  # serves nothing
    data["instansi"]["index_history"][2023]["framework"] = "permenpanrb-5-2018"
    problems = problems_of(plan_file(data))
    by_path = {p.path: p.message for p in problems}
    assert "wajib diisi" in by_path["indicators.2.current"]
    assert (
        "Bappenas" in by_path["indicators.5.current"] and "spbe external set 5" in by_path["indicators.5.current"]
    )
    assert "butir bukti dukung" in by_path["indicators.1.current"]
    assert "tingkat 4" in by_path["items"] and "tingkat 2" in by_path["items"]
    assert "DISHUB" in by_path["items[0].owner"]
    assert "eksternal" in by_path["items[7].indicator"]
    assert "indicator, level dan title" in by_path["items[8]"]
    assert "tk-9z" in by_path["actions[0].items[0]"]
    assert "raises" in by_path["actions[1]"] and "items" in by_path["actions[1]"]
    assert "permenpanrb-5-2018" in by_path["instansi.index_history[2023].framework"]
    assert len(problems) == 10, problems
