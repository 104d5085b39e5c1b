"""The coordinator's report: figures hand-computed on the small plan, the sample plan's published history, the
XLSX read back, the HTML rendered in headless Chromium, and `spbe report` from the command line."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest

from spbe_actions.adapters import config
from spbe_actions.app.common import open_engine
from spbe_actions.app.overview import build, snapshot
from spbe_actions.app.report import parse_formats, write_report
from spbe_actions.app.scheduling import schedule_domain
from spbe_actions.app.setup import init_database
from spbe_actions.demo.activity import record_activity
from spbe_actions.domain.errors import InputError
from tests.conftest import REPO, SAMPLE_PLAN
from tests.support.browser import CHROMIUM, NO_CHROMIUM, launch
from tests.support.plans import small_plan

NOW = dt.datetime(2025, 1, 6, 1, 0, tzinfo=dt.UTC)
LATER = dt.datetime(2025, 1, 23, 2, 0, tzinfo=dt.UTC)  # Thursday 09:00 WIB: both 2024-Q4 risk reports are late
SAMPLE_NOW = dt.datetime(2025, 5, 14, 2, 0, tzinfo=dt.UTC)  # Wednesday 09:00 WIB
ARTIFACTS = REPO / "test-artifacts"

# small plan on 2025-01-23 (see test_status.py): each owner's 2024-Q4 risk report (due 2025-01-10) is 13 days
# late and carries 1.50/100 x (3 - 2) = 0.015 index points; 0.030 in all. Ties go by OPD code.
LEAGUE = [
    ["INSPEKTORAT", "1", "0", "0%", "1", "2", "0", "0,015"],
    ["KOMINFO", "1", "0", "0%", "1", "2", "0", "0,015"],
]
LATE = [
    [opd, "Laporan pemantauan risiko SPBE triwulanan", "2024-Q4", "10 Januari 2025", "13", "0,015"]
    for opd in ("INSPEKTORAT", "KOMINFO")
]


class _Tables(HTMLParser):
    """Text of every element with an id, and the body rows of every table with an id."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.text: dict[str, str] = {}
        self._open: list[tuple[str, str | None]] = []
        self._table: str | None = None
        self._in_body = False
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        a = dict(attrs)
        if tag in ("br", "img", "meta", "link", "input"):
            return
        self._open.append((tag, a.get("id")))
        if a.get("id"):
            self.text[a["id"]] = ""
        if tag == "table":
            self._table = a.get("id")
            self.tables[self._table or ""] = []
        elif tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self.tables[self._table or ""].append([])
        elif tag in ("td", "th") and self._in_body:
            self._cell = []

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        if tag in ("td", "th") and self._cell is not None:
            self.tables[self._table or ""][-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tbody":
            self._in_body = False
        while self._open:
            if self._open.pop()[0] == tag:
                break

    def handle_data(self, data):  # type: ignore[no-untyped-def]
        if self._cell is not None:
            self._cell.append(data)
        for _tag, eid in self._open:
            if eid:
                self.text[eid] += data


def parse(html: str) -> _Tables:
    p = _Tables()
    p.feed(html)
    return p


def flat(text: str) -> str:
    return " ".join(text.split())


def small_engine(db_url: str, plan_file, expiring: bool = False):  # type: ignore[no-untyped-def]
    plan = small_plan()
    if expiring:  # the audit report on record turns two years old before the next evaluation (1 July 2025)
        plan["evidence"][0]["effective"] = "2023-03-01"
    init_database(plan_file(plan), NOW, url=db_url)
    engine = open_engine(db_url)
    schedule_domain(engine, "risk", NOW, until=dt.date(2025, 4, 30))
    return engine


def sample_engine(url: str):  # type: ignore[no-untyped-def]
    """The sample plan after 120 days of simulated OPD work, with a daily snapshot each week (for the trend)."""
    start = SAMPLE_NOW - dt.timedelta(days=120)
    init_database(SAMPLE_PLAN, start, url=url)
    engine = open_engine(url)
    domains = [d.id for d in config.framework("permenpanrb-59-2020").management_domains]
    for d in domains:
        schedule_domain(engine, d, start, until=dt.date(2025, 6, 30), since=start.date())
    record_activity(engine, SAMPLE_NOW)
    for d in domains:
        schedule_domain(engine, d, SAMPLE_NOW, until=dt.date(2025, 6, 30))
    for weeks in (3, 2, 1, 0):
        when = SAMPLE_NOW - dt.timedelta(weeks=weeks)
        snapshot(engine, build(engine, when), when)
    return engine


def assert_self_contained(html: str) -> None:
    assert "<script" not in html.lower()
    assert not re.search(r"<link\b", html, re.I), "no linked stylesheets or icons"
    assert not re.search(r"@import|url\(", html), "no CSS fetches"
    refs = re.findall(r"""\b(?:src|href|srcset|poster|data)\s*=\s*["']([^"']*)""", html, re.I)
    assert refs and all(r.startswith("data:image/svg+xml;base64,") for r in refs), refs
    assert "http://" not in html and "https://" not in html


def test_report_on_the_small_plan_by_hand(db_url, plan_file, tmp_path):
    engine = small_engine(db_url, plan_file, expiring=True)
    html_path, xlsx_path = write_report(engine, LATER, tmp_path / "out")
    assert html_path.name == "laporan-spbe-kota-uji-2025-01-23.html"
    assert xlsx_path.name == "laporan-spbe-kota-uji-2025-01-23.xlsx"
    html = html_path.read_text(encoding="utf-8")
    page = parse(html)
    # 47 indicators at 3 except 21 and 29 at 2 (weight 1.50 each): (300 - 3) / 100 = 2.97 Baik; the actions
    # raise both to 3: 3.00 Baik, which is also the plan's target
    assert "2,97 Baik" in flat(html) and "3,00 Baik" in flat(html)
    assert flat(page.text["indeks-sekarang"]) == "Indeks sekarang (2024) 2,97 Baik nilai tepat 2,97"
    assert flat(page.text["indeks-proyeksi"]).startswith("Proyeksi (2025) 3,00 Baik")
    assert flat(page.text["indeks-target"]).startswith("Target rencana (2025) 3,00 Baik")
    assert flat(page.text["poin-berisiko"]) == "Poin indeks berisiko 0,030 dibawa tugas yang terlambat"
    assert "0%" in page.text["tepat-waktu"]  # neither report due so far came in on time
    assert re.search(r"Belum selesai\s*4", page.text["tugas-belum-selesai"])
    assert re.search(r"Terlambat\s*2", page.text["tugas-terlambat"])
    assert re.search(r"Dibebaskan\s*0", page.text["tugas-dibebaskan"])
    assert re.search(
        r"Bukti kedaluwarsa\s*1\s*sebelum evaluasi Selasa, 1 Juli 2025", page.text["bukti-kedaluwarsa"]
    )
    assert page.tables["liga-opd"] == LEAGUE
    assert page.tables["tugas-terlambat-tabel"] == LATE
    assert page.tables["bukti-kedaluwarsa-tabel"] == [
        ["register", "audit-infra-2023", "Laporan audit infrastruktur 2023", "1 Maret 2025"]
    ]
    # D3 Manajemen SPBE (weight 16.5): (16.5 x 3 - 1.5 - 1.5) / 16.5 = 2.8181.. -> 2.82; projected 3.00
    d3 = next(r for r in page.tables["domain-tabel"] if r[0] == "D3")
    assert d3 == ["D3", "Manajemen SPBE", "domain", "16,50", "2,82", "3,00", "3,00"]
    # the published history of the small plan (2023 3.10, 2024 3.36) is in the chart's alt text
    assert 'alt="Riwayat indeks SPBE Pemerintah Kota Uji: 2023 3,10, 2024 3,36;' in html
    assert "grafik-tren" not in html  # no snapshots yet: no trend chart
    assert_self_contained(html)
    # the same figures give the same bytes (salted SVG ids, no timestamps beyond `now`)
    again = write_report(engine, LATER, tmp_path / "again", formats=("html",))
    assert [p.name for p in again] == [html_path.name]
    assert again[0].read_bytes() == html_path.read_bytes()
    engine.dispose()


def test_workbook_has_the_same_tables(plan_file, tmp_path):
    engine = small_engine(f"sqlite:///{tmp_path / 'x.db'}", plan_file, expiring=True)
    (path,) = write_report(engine, LATER, tmp_path, formats="xlsx")
    engine.dispose()
    wb = openpyxl.load_workbook(path)
    # the five sheets of every report, then (issue #13) the history, each year under its own instrument
    assert wb.sheetnames == ["Ringkasan", "Liga OPD", "Terlambat", "Bukti kedaluwarsa", "Domain", "Riwayat"]
    assert list(wb["Riwayat"].iter_rows(values_only=True)) == [
        ("Tahun", "Indeks", "Predikat", "Instrumen", "Peraturan"),
        ("2023", 3.1, "Baik", "Indeks SPBE", "PermenPANRB 59/2020"),
        ("2024", 3.36, "Baik", "Indeks SPBE", "PermenPANRB 59/2020"),
    ]
    for ws in wb.worksheets:
        assert ws.freeze_panes == "B2"
        assert ws["A1"].font.bold
    summary = {row[0]: row[1:] for row in wb["Ringkasan"].iter_rows(min_row=2, values_only=True)}
    assert summary["Indeks sekarang (2024)"] == (2.97, "2,97", "2,97", "Baik")
    assert summary["Proyeksi bila semua aksi selesai (2025)"] == (3.0, "3,00", "3,00", "Baik")
    assert summary["Poin indeks berisiko"][:3] == (0.03, "0,030", "0,03")
    assert summary["Tepat waktu"][:3] == (0.0, "0%", "0/2")
    assert summary["Terlambat"][:2] == (2, "2")
    assert summary["Tanggal"][0] == dt.datetime(2025, 1, 23)
    league = list(wb["Liga OPD"].iter_rows(values_only=True))
    assert league[0] == (
        "OPD",
        "Jatuh tempo s.d. kini",
        "Tepat waktu",
        "% tepat waktu",
        "Terlambat",
        "Belum selesai",
        "Dibebaskan",
        "Poin berisiko",
    )
    assert league[1:] == [("INSPEKTORAT", 1, 0, 0.0, 1, 2, 0, 0.015), ("KOMINFO", 1, 0, 0.0, 1, 2, 0, 0.015)]
    assert wb["Liga OPD"]["D2"].number_format == "0%"
    late = list(wb["Terlambat"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[2], r[3], r[4], r[5]) for r in late] == [
        ("INSPEKTORAT", "2024-Q4", dt.datetime(2025, 1, 10), 13, 0.015),
        ("KOMINFO", "2024-Q4", dt.datetime(2025, 1, 10), 13, 0.015),
    ]
    assert wb["Terlambat"]["D2"].number_format == "yyyy-mm-dd"
    assert list(wb["Bukti kedaluwarsa"].iter_rows(min_row=2, values_only=True)) == [
        ("register", "audit-infra-2023", "Laporan audit infrastruktur 2023", dt.datetime(2025, 3, 1))
    ]
    d3 = next(r for r in wb["Domain"].iter_rows(min_row=2, values_only=True) if r[0] == "D3")
    assert d3 == ("D3", "Manajemen SPBE", "domain", 16.5, 2.82, 3.0, 3.0)


def test_report_on_the_sample_plan(tmp_path):
    engine = sample_engine(f"sqlite:///{tmp_path / 'sample.db'}")
    ov = build(engine, SAMPLE_NOW)
    started = time.perf_counter()
    html_path, xlsx_path = write_report(engine, SAMPLE_NOW, tmp_path / "laporan")
    seconds = time.perf_counter() - started
    engine.dispose()
    print(f"write_report on the sample plan: {seconds:.2f} s")  # a figure, not a test: see bench/
    assert html_path.name == "laporan-spbe-kota-mojokerto-2025-05-14.html"
    html = html_path.read_text(encoding="utf-8")
    page = parse(html)
    # the sample reproduces the published 2024 result: 4.32 Memuaskan (exactly 4.315, rounded half-up)
    assert "4,32 Memuaskan" in flat(html)
    assert flat(page.text["indeks-sekarang"]) == "Indeks sekarang (2024) 4,32 Memuaskan nilai tepat 4,315"
    assert f"{str(ov.projected.value).replace('.', ',')} {ov.projected.predicate}" in flat(
        page.text["indeks-proyeksi"]
    )
    assert "2021 2,92, 2022 3,32, 2023 4,26, 2024 4,32" in html  # the history chart's alt text
    domains = {r[0]: r[4] for r in page.tables["domain-tabel"]}
    assert [domains[d] for d in ("D1", "D2", "D3", "D4")] == ["5,00", "3,80", "3,00", "4,88"]
    dotted = [
        c for rows in page.tables.values() for row in rows for c in row if re.fullmatch(r"[\d.]*\d\.\d+%?", c)
    ]
    assert not dotted, f"figures with a decimal point in the Indonesian report: {dotted[:10]}"
    shown = " ".join(flat(v) for v in page.text.values())
    assert not re.search(r"\b\d+\.\d+\b", shown), shown
    assert [r[0] for r in page.tables["liga-opd"]] == [r.group for r in ov.opds]
    assert len(page.tables["tugas-terlambat-tabel"]) == min(20, len(ov.late))
    assert 'id="grafik-tren"' in html  # four weekly snapshots
    assert_self_contained(html)
    wb = openpyxl.load_workbook(xlsx_path)
    assert wb["Liga OPD"].max_row == len(ov.opds) + 1
    assert wb["Terlambat"].max_row == len(ov.late) + 1  # every late item, not just the top 20


@pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)
def test_report_renders_in_chromium(tmp_path):
    """ACCEPTANCE: the report opens in a real browser with every chart drawn and no console errors."""
    from playwright.sync_api import sync_playwright

    engine = sample_engine(f"sqlite:///{tmp_path / 'sample.db'}")
    ov = build(engine, SAMPLE_NOW)
    (html_path,) = write_report(engine, SAMPLE_NOW, tmp_path, formats=("html",))
    engine.dispose()
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = launch(pw)
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        errors: list[str] = []
        requests: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("request", lambda r: requests.append(r.url))
        page.goto(html_path.as_uri())
        page.wait_for_load_state("load")
        page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
        text = " ".join(page.inner_text("body").split())
        images = page.evaluate(
            "[...document.images].map(i => [i.id, i.complete, i.naturalWidth, i.getBoundingClientRect().width])"
        )
        svgs = page.evaluate("[...document.querySelectorAll('svg')].map(s => s.getBoundingClientRect().width)")
        league_rows = page.locator("#liga-opd tbody tr").count()
        phone = browser.new_page(viewport={"width": 390, "height": 844})
        phone.goto(html_path.as_uri())
        phone.wait_for_load_state("load")
        overflow = phone.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        phone.screenshot(path=str(ARTIFACTS / "report-phone.png"), full_page=True)
        browser.close()
    assert errors == [], errors
    assert "Indeks sekarang (2024) 4,32 Memuaskan" in text
    assert [i[0] for i in images] == ["grafik-riwayat", "grafik-domain", "grafik-tren"]
    assert all(complete and natural > 0 and shown > 0 for _id, complete, natural, shown in images), images
    assert all(w > 0 for w in svgs), svgs  # inline SVG, if a template ever inlines one
    assert league_rows == len(ov.opds) == 9
    assert overflow <= 0, "the page scrolls sideways on a phone (only the tables may)"
    assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
    assert (ARTIFACTS / "report.png").stat().st_size > 50_000


@pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)
def test_pemdi_report_in_chromium(tmp_path):
    """ACCEPTANCE (#13): the Pemdi sample's report names the Indeks Pemdi, carries the provisional note, and draws
    the SPBE years as history under their own instrument with a visible break before the Pemdi years."""
    from decimal import Decimal

    from playwright.sync_api import sync_playwright

    from spbe_actions.app.checklist import set_external
    from spbe_actions.domain.external import ExternalInput

    now = dt.datetime(2026, 12, 1, 2, 0, tzinfo=dt.UTC)
    url = f"sqlite:///{tmp_path / 'pemdi.db'}"
    init_database(REPO / "config" / "instansi" / "kota-mojokerto-pemdi.example.yaml", now, url=url)
    engine = open_engine(url)
    set_external(
        engine, [ExternalInput("5", Decimal("3.42"), dt.date(2026, 11, 20), "Bappenas (uji)")], "setda.sekda", now
    )
    (html_path,) = write_report(engine, now, tmp_path, formats=("html",))
    engine.dispose()
    html = html_path.read_text(encoding="utf-8")
    assert "Indeks SPBE sekarang" not in html and "Koordinator SPBE" not in html
    assert "instrumen berganti mulai 2026: Indeks Pemdi" in html  # the history chart's alt text
    assert_self_contained(html)
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = launch(pw)
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(html_path.as_uri())
        page.wait_for_load_state("load")
        page.screenshot(path=str(ARTIFACTS / "report-pemdi.png"), full_page=True)
        page.locator("#riwayat").scroll_into_view_if_needed()
        page.locator("#grafik-riwayat").screenshot(path=str(ARTIFACTS / "report-pemdi-history.png"))
        header = " ".join(page.inner_text("header").split())
        lead = " ".join(page.inner_text("p.lead").split())
        note_visible = page.locator("#catatan-sementara").is_visible()
        note = page.inner_text("#catatan-sementara")
        rows = page.eval_on_selector_all(
            "#riwayat-tabel tbody tr",
            "rs => rs.map(r => [r.className, [...r.children].map(c => c.innerText.trim()),"
            " getComputedStyle(r.children[0]).borderTopStyle])",
        )
        chart = page.evaluate(
            "(() => { const i = document.getElementById('grafik-riwayat'); return [i.complete, i.naturalWidth]; })()"
        )
        phone = browser.new_page(viewport={"width": 390, "height": 844})
        phone.goto(html_path.as_uri())
        phone.wait_for_load_state("load")
        overflow = phone.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        browser.close()
    assert errors == [], errors
    assert "INDEKS PEMERINTAH DIGITAL" in header.upper() and "PermenPANRB 8/2026" in header
    assert lead.startswith("Indeks Pemdi sekarang")
    assert note_visible and "SEMENTARA" in note and "sumber sekunder" in note
    spbe_years = [r[1][:4] for r in rows[:4]]
    assert spbe_years == [
        ["2021", "2,92", "Baik", "Indeks SPBE"],
        ["2022", "3,32", "Baik", "Indeks SPBE"],
        ["2023", "4,26", "Memuaskan", "Indeks SPBE"],
        ["2024", "4,32", "Memuaskan", "Indeks SPBE"],
    ]
    now_row = rows[4]
    assert now_row[1][0] == "2026 (sekarang)" and now_row[1][3] == "Indeks Pemdi"
    assert "putus" in now_row[0] and now_row[2] == "dashed"  # the visible break
    assert all(r[2] != "dashed" for r in rows[:4])
    assert chart[0] and chart[1] > 0
    assert overflow <= 0
    assert (ARTIFACTS / "report-pemdi.png").stat().st_size > 50_000


def test_unknown_format_is_a_user_mistake():
    with pytest.raises(InputError) as exc:
        parse_formats("html,pdf")
    assert "pdf" in str(exc.value) and "html, xlsx" in str(exc.value)
    assert parse_formats(" XLSX ,html,xlsx") == ("xlsx", "html")


def _spbe_report(args: list[str], url: str, cwd: Path) -> subprocess.CompletedProcess:
    # cli.py registers the command by importing cli_report; importing it here too keeps this test independent
    code = (
        "import sys\nfrom spbe_actions.cli import app\n"
        "try:\n    app(sys.argv[1:])\nexcept SystemExit as e:\n    code = e.code\nelse:\n    code = 0\n"
        "print('PREFECT', sorted(m for m in sys.modules if m.split('.')[0] == 'prefect'))\n"
        "sys.exit(code)\n"
    )
    env = {**os.environ, "SPBE_DATABASE_URL": url, "SPBE_NOW": LATER.isoformat(), "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-c", code, "report", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
    )


def test_spbe_report_cli(tmp_path, plan_file):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    small_engine(url, plan_file).dispose()
    bad = _spbe_report(["--format", "pdf"], url, tmp_path)
    assert bad.returncode == 2, bad.stdout + bad.stderr
    assert "format tidak dikenal: pdf" in bad.stderr and "Traceback" not in bad.stderr
    assert not (tmp_path / "laporan").exists()
    res = _spbe_report([], url, tmp_path)
    assert res.returncode == 0, res.stderr
    written = [Path(line) for line in res.stdout.splitlines() if line.startswith("laporan")]
    assert [p.name for p in written] == [
        "laporan-spbe-kota-uji-2025-01-23.html",
        "laporan-spbe-kota-uji-2025-01-23.xlsx",
    ]
    assert all((tmp_path / p).stat().st_size > 5_000 for p in written)
    assert "PREFECT []" in res.stdout
    empty = _spbe_report(["--out", "x"], f"sqlite:///{tmp_path / 'empty.db'}", tmp_path)
    assert empty.returncode == 2 and "Traceback" not in empty.stderr and "spbe init" in empty.stderr


def test_english_report_on_a_framework_without_domains(plan_file, tmp_path):
    """The 20-indicator successor has aspects only: chart 2 and the group table compare aspects."""
    from dataclasses import replace

    from spbe_actions.app.report import render_html, tables
    from spbe_actions.domain.index import compute

    engine = small_engine(f"sqlite:///{tmp_path / 'x.db'}", plan_file)
    ov = build(engine, LATER)
    engine.dispose()
    fw = config.framework("pemdi-2026")
    now, later = compute(fw, dict.fromkeys(fw.indicators, 3)), compute(fw, dict.fromkeys(fw.indicators, 4))
    ov = replace(ov, framework=fw.id, current=now, projected=later, target=later)
    html = render_html(ov, fw, "kota-uji", LATER, "WIB", "en")
    page = parse(html)
    assert "Pemdi index now <strong>3.00 Baik</strong>" in html and "SPBE index now" not in html
    assert 'id="catatan-sementara"' in html and "PROVISIONAL framework" in html
    assert '<h2 id="domain">Index per aspect</h2>' in html and "Aspects: now and target" in html
    assert 'alt="Index per aspect, now and target:' in html
    assert {r[2] for r in page.tables["domain-tabel"]} == {"aspect"}
    assert page.tables["liga-opd"] == [[c.replace(",", ".") for c in row] for row in LEAGUE]  # en: 0.015
    assert_self_contained(html)
    assert [t.sheet for t in tables(ov, fw, "kota-uji", "en")] == [
        "Summary",
        "OPD league",
        "Late",
        "Expiring evidence",
        "Domains",
        "History",
        "External values",  # the Pemdi has four external indicators
    ]


def test_trend_is_one_point_per_week():
    from decimal import Decimal

    from spbe_actions.app.report_charts import weekly

    d = Decimal
    days = [dt.date(2025, 5, 5), dt.date(2025, 5, 9), dt.date(2025, 5, 12), dt.date(2025, 5, 6)]
    rows = [(day, d("4.3"), d("4.5"), d(f"0.{i}")) for i, day in enumerate(days)]
    assert [r[0] for r in weekly(rows)] == [dt.date(2025, 5, 9), dt.date(2025, 5, 12)]
