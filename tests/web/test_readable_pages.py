"""What people read on the pages (issue #14): periods in words ("Triwulan IV 2024"), dates and history times in
the one Babel style ("6 Januari 2025 08.00 WIB"), indicator weights in the reader's number format ("bobot 1,50%"),
and no ISO date or period key in the visible text — on the coordinator's board, the item page, the evidence page,
the action page and the person's list, in Indonesian and under SPBE_LANG=en, on a real app over HTTP.

Visible text is the pages' text nodes: attribute values (inputs' values, hrefs, placeholders) are not read, nor
the help line under a date field, which shows the TTTT-BB-HH form that field asks for (an ISO example)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tests.support.visible import ISO_DATE, visible
from tests.web.test_web import Web, coordinator, running

PERIOD_KEY = re.compile(r"\b\d{4}-(?:Q[1-4]|\d{2})\b|\bexp-\d")
LINK = "https://dokumen.example.go.id/kominfo/laporan-risiko-q4.pdf"
WORDS = {
    "id": dict(
        period="Triwulan IV 2024",
        due="10 Januari 2025",
        at="6 Januari 2025 08.00 WIB",
        asked="9 Mei 2025",
        weight=re.compile(r"\(bobot \d+,\d{2}%\)"),
        wrong_weight=re.compile(r"bobot \d+\.\d"),
    ),
    "en": dict(
        period="Q4 2024",
        due="10 January 2025",
        at="6 January 2025 08:00 WIB",
        asked="9 May 2025",
        weight=re.compile(r"\(weight \d+\.\d{2}%\)"),
        wrong_weight=re.compile(r"weight \d+,\d"),
    ),
}


def assert_readable(name: str, html: str) -> str:
    text = visible(html)
    assert not ISO_DATE.search(text), (name, ISO_DATE.findall(text), text)
    assert not PERIOD_KEY.search(text), (name, PERIOD_KEY.findall(text), text)
    return text


@pytest.fixture(params=["id", "en"])
def web(request, tmp_path, plan_file, monkeypatch) -> Iterator[tuple[Web, str]]:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SPBE_LANG", request.param)
    with running(f"sqlite:///{tmp_path / 'web.db'}", plan_file()) as w:
        sent = w.form_post("kominfo.fp1", "K4", "kirim", bukti=LINK, judul="Laporan risiko Q4")
        assert sent.status_code == 303, sent.text
        asked = w.form_post("kominfo.fp1", "K1", "perpanjangan", tanggal="2025-05-09", alasan="Menunggu data BPS")
        assert asked.status_code == 303, asked.text
        yield w, request.param


def test_the_board_and_item_pages_read_as_people_say_it(web) -> None:  # type: ignore[no-untyped-def]
    w, language = web
    words = WORDS[language]
    client = coordinator(w)
    board = assert_readable("board", client.get("/koordinator").text)
    assert words["period"] in board and words["due"] in board and words["asked"] in board
    assert words["at"].rsplit(" ", 2)[0] in board  # the day the work was sent, in words

    item = client.get(f"/koordinator/tugas/{w.ids['K4']}")
    assert item.status_code == 200, item.text
    text = assert_readable("item page", item.text)
    assert words["period"] in text and words["due"] in text
    assert words["at"] in text  # the history's times: the Babel style, on the instansi's clock
    assert words["weight"].search(text) and not words["wrong_weight"].search(text), text

    asked = assert_readable("item page with a request", client.get(f"/koordinator/tugas/{w.ids['K1']}").text)
    assert words["asked"] in asked

    evidence = client.get(f"/koordinator/bukti/{w.ids['K4']}")
    assert evidence.status_code == 200, evidence.text
    shown = assert_readable("evidence page", evidence.text)
    assert words["period"] in shown and words["due"] in shown
    head = re.search(r'<header class="atas">(.*?)</header>', evidence.text, re.S)
    assert head and "Pemerintah Kota Uji" in head[1] and "KOMINFO" not in head[1], (
        head
    )  # the instansi, not an OPD code
    client.close()


def test_the_action_page_and_the_list_read_as_people_say_it(web) -> None:  # type: ignore[no-untyped-def]
    w, language = web
    words = WORDS[language]
    _, page = w.page("kominfo.fp1", "K4")
    text = assert_readable("action page", page.text)
    assert words["period"] in text and words["due"] in text and words["at"] in text
    assert words["weight"].search(text) and not words["wrong_weight"].search(text), text
    _, asked = w.page("kominfo.fp1", "K1")
    assert words["asked"] in assert_readable("action page with a request", asked.text)

    listing = w.client.get(f"/saya/{w.token('list', 'kominfo.fp1')}")
    assert listing.status_code == 200, listing.text
    assert words["period"] in assert_readable("list page", listing.text)
