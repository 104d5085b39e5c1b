# ruff: noqa: F811  (the shared fixtures are imported by name, then named as test parameters)
"""Upload progress in a phone-sized headless Chromium (390 px) over real HTTP: with the page's script the evidence
forms post through XMLHttpRequest and show a <progress> up to 100 %, the submission is recorded once, an error
page becomes the page and its form works again, and the browser reports no CSP violation and no console error.
Without JavaScript the same form posts as before."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.support.browser import CHROMIUM, NO_CHROMIUM, launch
from tests.support.evidence_files import exe_bytes, pdf_bytes
from tests.web.test_evidence_upload import backend, file_rows, objects, staging, web  # noqa: F401 (fixtures)
from tests.web.test_web import PASSWORD

pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM),
    pytest.mark.parametrize("backend", ["folder"], indirect=True),
]

# runs before the page's own scripts in every document: reports each value the progress bar takes (and whether
# its box is shown), and every CSP violation
WATCH = """
new MutationObserver(function (changes) {
  changes.forEach(function (c) {
    if (c.target.tagName === "PROGRESS") {
      window.spbeProgress(Number(c.target.getAttribute("value")), !c.target.parentElement.hidden);
    }
  });
}).observe(document, {subtree: true, attributes: true, attributeFilter: ["value"]});
document.addEventListener("securitypolicyviolation", function (e) {
  window.spbeViolation(e.violatedDirective + " " + e.blockedURI);
});
"""


@dataclass
class Seen:
    progress: list[tuple[float, bool]] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    posts: list[str] = field(default_factory=list)  # resource type of each POST (xhr, or document)


@contextmanager
def phone(javascript: bool = True) -> Iterator[tuple[object, Seen]]:
    from playwright.sync_api import sync_playwright

    seen = Seen()
    with sync_playwright() as pw:
        browser = launch(pw)
        context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=javascript)
        context.expose_function("spbeProgress", lambda value, shown: seen.progress.append((value, shown)))
        context.expose_function("spbeViolation", lambda text: seen.violations.append(text))
        context.add_init_script(WATCH)
        page = context.new_page()
        page.on("console", lambda msg: seen.errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: seen.errors.append(str(exc)))
        page.on("request", lambda r: seen.posts.append(r.resource_type) if r.method == "POST" else None)
        try:
            yield page, seen
        finally:
            browser.close()


def big_pdf(tmp_path: Path, name: str) -> bytes:
    data = pdf_bytes(1, "x" * (1536 * 1024))  # 1.5 MB, under the 2 MB cap of the fixture
    (tmp_path / name).write_bytes(data)
    return data


def assert_reached_100(seen: Seen, uploads: int = 1, errors: tuple[str, ...] = ()) -> None:
    values = [v for v, _ in seen.progress]
    assert values and values[-1] == 100 and all(shown for _, shown in seen.progress), seen.progress
    starts = [i for i, v in enumerate(values) if v == 0]  # each upload starts the bar at 0
    assert len(starts) == uploads, values
    for a, b in zip(starts, [*starts[1:], len(values)], strict=True):
        assert values[a:b] == sorted(values[a:b]) and values[b - 1] == 100, values  # up to 100, never back
    assert seen.violations == [] and seen.errors == list(errors), (seen.violations, seen.errors)


def test_the_action_page_shows_progress_to_100_and_records_the_submission_once(web, tmp_path):
    big_pdf(tmp_path, "pindaian-sk.pdf")
    token = web.token("act", "kominfo.fp1", "K4")
    with phone() as (page, seen):
        page.goto(f"{web.base}/t/{token}")
        assert page.is_hidden("[data-unggah]")  # nothing shown before a submission
        page.set_input_files("#berkas", str(tmp_path / "pindaian-sk.pdf"))
        page.fill("#judul", "SK Tim SPBE")
        page.click("button:has-text('Laporkan selesai')")
        page.wait_for_url("**?ok=kirim")
        page.wait_for_load_state("networkidle")
        assert "Laporan selesai dan bukti dukung sudah terkirim" in page.content()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_reached_100(seen)
    assert seen.posts == ["xhr"]
    assert [r.event for r in web.history("K4")].count("submit") == 1
    assert file_rows(web) == 1 and len(objects()) == 1 and staging() == []
    assert web.status("K4")[0] == "submitted"


def test_an_error_answer_becomes_the_page_and_its_form_then_works(web, tmp_path):
    (tmp_path / "laporan.pdf").write_bytes(exe_bytes())
    (tmp_path / "besar.pdf").write_bytes(b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024 + 1))
    big_pdf(tmp_path, "laporan-benar.pdf")
    token = web.token("act", "kominfo.fp1", "K4")
    with phone() as (page, seen):
        page.goto(f"{web.base}/t/{token}")
        page.set_input_files("#berkas", str(tmp_path / "besar.pdf"))
        page.click("button:has-text('Laporkan selesai')")
        assert "melebihi 2 MB per berkas" in page.inner_text("[data-unggah]")  # said before anything is sent
        assert seen.posts == []
        page.set_input_files("#berkas", str(tmp_path / "laporan.pdf"))
        page.click("button:has-text('Laporkan selesai')")
        page.wait_for_selector("text=dilihat dari isinya")  # the server's 400 page, as a plain post shows it
        assert page.url.endswith(f"/t/{token}") and seen.posts == ["xhr"]
        assert file_rows(web) == 0 and web.status("K4")[0] == "open"
        page.set_input_files("#berkas", str(tmp_path / "laporan-benar.pdf"))
        page.click("button:has-text('Laporkan selesai')")
        page.wait_for_url("**?ok=kirim")
        page.wait_for_load_state("networkidle")
    # Chromium logs any 4xx answer, the same for a plain post's page
    assert_reached_100(
        seen, 2, ("Failed to load resource: the server responded with a status of 400 (Bad Request)",)
    )
    assert seen.posts == ["xhr", "xhr"]
    assert file_rows(web) == 1 and [r.event for r in web.history("K4")].count("submit") == 1


def test_the_coordinators_evidence_page_shows_progress_too(web, tmp_path):
    big_pdf(tmp_path, "sk.pdf")
    oid = web.ids["K4"]
    with phone() as (page, seen):
        page.goto(f"{web.base}/koordinator/masuk")
        page.fill("[name=pengguna]", "koordinator")
        page.fill("[name=sandi]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url("**/koordinator")
        page.goto(f"{web.base}/koordinator/bukti/{oid}")
        page.set_input_files("#berkas", str(tmp_path / "sk.pdf"))
        page.click("button:has-text('Simpan bukti')")
        page.wait_for_url("**?ok=1")
        page.wait_for_load_state("networkidle")
        assert "Bukti dukung tersimpan" in page.content()
    assert_reached_100(seen)
    assert seen.posts.count("xhr") == 1 and file_rows(web) == 1
    assert [r.event for r in web.history("K4")].count("submit") == 1


def test_without_javascript_the_form_posts_as_before(web, tmp_path):
    big_pdf(tmp_path, "sk.pdf")
    token = web.token("act", "kominfo.fp1", "K4")
    with phone(javascript=False) as (page, seen):
        page.goto(f"{web.base}/t/{token}")
        page.set_input_files("#berkas", str(tmp_path / "sk.pdf"))
        page.click("button:has-text('Laporkan selesai')")
        page.wait_for_url("**?ok=kirim")
        assert "Laporan selesai dan bukti dukung sudah terkirim" in page.content()
    assert seen.posts == ["document"] and seen.progress == [] and file_rows(web) == 1


def test_links_alone_post_as_usual_with_the_script_active(web):
    token = web.token("act", "kominfo.fp1", "K4")
    with phone() as (page, seen):
        page.goto(f"{web.base}/t/{token}")
        page.fill("#bukti", "https://arsip.example.go.id/sk-tim-spbe.pdf")
        page.click("button:has-text('Laporkan selesai')")
        page.wait_for_url("**?ok=kirim")
    assert seen.posts == ["document"] and seen.progress == [] and seen.errors == []
    assert [r.event for r in web.history("K4")].count("submit") == 1
