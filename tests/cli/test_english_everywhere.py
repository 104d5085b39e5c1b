"""`SPBE_LANG=en` (and `instansi.language: en`) gives English everywhere (issue #14): the CLI a coordinator uses,
the mails of a reminder run and a weekly run (and the weekly artifacts), and the pages of a real running app.
Each output is grepped for the words only the catalogue's Indonesian side uses; the same flow in Indonesian must
show some (the check has teeth).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import httpx
import pytest
import yaml
from typer.testing import CliRunner

from spbe_actions.adapters.notify import Smtp
from spbe_actions.adapters.settings import Settings
from spbe_actions.app.common import open_engine
from spbe_actions.app.reminders.dispatch import dispatch
from spbe_actions.app.reminders.sweep import sweep
from spbe_actions.app.scheduling import schedule_domain
from spbe_actions.app.setup import init_database
from spbe_actions.app.weekly import prepare_weekly, publish_weekly
from spbe_actions.cli import app
from spbe_actions.domain.i18n import MESSAGES
from spbe_actions.domain.i18n_web import WEB_EN
from spbe_actions.domain.passwords import hash_password
from spbe_actions.web.app import create_app
from tests.cli.test_cli_messages import indonesian_words
from tests.conftest import REPO
from tests.support.plans import small_plan
from tests.support.servers import SmtpServer, free_port, serve

NOW = dt.datetime(2025, 1, 6, 1, 0, tzinfo=dt.UTC)  # Monday: the occurrences are materialised
LATER = dt.datetime(2025, 1, 23, 2, 0, tzinfo=dt.UTC)  # Thursday 09:00 WIB: the 2024-Q4 report is late
SECRET = "english-" + "k" * 40
PASSWORD = "sandi-koordinator-uji"
HASH = hash_password(PASSWORD, iterations=200_000)  # the floor: keeps the suite fast
runner = CliRunner()


def found_words(text: str) -> list[str]:
    """The Indonesian-only catalogue words in ``text`` (HTML tags and URLs left out)."""
    text = re.sub(r"<style>.*?</style>|<[^>]+>", " ", text, flags=re.S)  # markup first, then addresses
    text = re.sub(r"https?://\S+|\S+\.(?:xlsx|html|zip)\b", " ", text)
    words = indonesian_words()
    return sorted({w for w in re.findall(r"[^\W\d_]{4,}", text.lower()) if w in words})


def plan_db(tmp_path: Path, language: str) -> tuple[str, Path]:
    """The small plan in ``language``, risk work scheduled on NOW; its URL and a broken copy of the plan."""
    data = small_plan()
    data["instansi"]["language"] = language
    plan = tmp_path / f"plan-{language}.yaml"
    plan.write_text(yaml.safe_dump(data), encoding="utf-8")
    url = f"sqlite:///{tmp_path / f'{language}.db'}"
    init_database(plan, NOW, url=url)
    engine = open_engine(url)
    schedule_domain(engine, "risk", NOW, until=dt.date(2025, 4, 30))
    engine.dispose()
    data["instansi"]["timezone"] = "Mars/Olympus"
    data["opds"][0]["focal_points"][0]["email"] = "no-address"
    bad = tmp_path / f"bad-{language}.yaml"
    bad.write_text(yaml.safe_dump(data), encoding="utf-8")
    return url, bad


def cli_outputs(tmp_path: Path, url: str, bad: Path, language: str) -> dict[str, str]:
    """The commands of a coordinator's morning, run in this process (the real app, as `spbe` would)."""
    env = {"SPBE_DATABASE_URL": url, "SPBE_NOW": "2025-02-03T09:00:00+07:00", "COLUMNS": "100"}
    env |= {"SPBE_LANG": language}
    out = {}
    for args in (
        ("status",),
        ("tasks",),
        ("tasks", "--late"),
        ("history", "1"),
        ("completion", "--by", "domain"),
        ("remind", "--dry-run", "--full"),
        ("validate", str(bad)),
        ("report", "--out", str(tmp_path / f"report-{language}"), "--format", "html"),
    ):
        res = runner.invoke(app, list(args), env=env)
        assert res.exit_code == (2 if args[0] == "validate" else 0), (args, res.output[-2000:])
        if args[0] != "report":  # it prints the file's path: the file is read below
            out[" ".join(args[:2])] = res.output
    (html,) = (tmp_path / f"report-{language}").glob("*.html")
    out["report file"] = html.read_text(encoding="utf-8")
    return out


def mails_and_pages(url: str, language: str, monkeypatch: pytest.MonkeyPatch, folder: Path) -> dict[str, str]:
    """The reminders and the weekly run of LATER (its artifacts, its mails caught by a real SMTP server), then the
    pages the reminder's links open on a running app."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    monkeypatch.setenv("SPBE_LANG", language)
    monkeypatch.setenv("SPBE_BASE_URL", base)
    monkeypatch.setenv("SPBE_LINK_SECRET", SECRET)
    engine = open_engine(url)
    out: dict[str, str] = {}
    with serve_app(engine, language, port):
        with SmtpServer() as smtp:
            sweep(engine, LATER)
            assert dispatch(engine, LATER, smtp=Smtp("127.0.0.1", smtp.port, sender="spbe@example.go.id")).sent
            weekly = prepare_weekly(engine, LATER)
            assert publish_weekly(engine, LATER, weekly, folder / f"weekly-{language}") > 0
            assert dispatch(engine, LATER, smtp=Smtp("127.0.0.1", smtp.port, sender="spbe@example.go.id")).sent
            mails = list(smtp.mails)
        for mail in mails:
            name = f"mail {mail.rcpt_tos[0]} {mail.subject[:40]}"
            out[name + " text"] = mail.subject + "\n" + mail.part("plain")
            out[name + " html"] = mail.part("html")
        out["weekly artifacts"] = "\n".join(
            [weekly.summary, weekly.league_title, weekly.summary_title, weekly.progress_title, str(weekly.league)]
        )
        plain = smtp.to("kominfo-fp1@example.go.id")[0].part("plain")
        action = re.findall(rf"{re.escape(base)}/t/[\w.-]+", plain)[0]
        mine = re.findall(rf"{re.escape(base)}/saya/[\w.-]+", plain)[0]
        with httpx.Client(base_url=base, timeout=20) as client:
            for name, address in (("action page", action), ("list page", mine), ("index", "/")):
                page = client.get(address)
                assert page.status_code == 200, (name, page.status_code)
                out[name] = page.text
            out |= action_forms(client, action, out["action page"])
            out["not found"] = client.get("/nowhere").text
            login = client.get("/koordinator/masuk")
            out["login"] = login.text
            csrf = re.search(r'name="csrf" value="([^"]+)"', login.text)
            assert csrf
            wrong = client.post(
                "/koordinator/masuk", data=dict(csrf=csrf[1], pengguna="koordinator", sandi="x" * 12)
            )
            out["login refused"] = wrong.text
            client.post("/koordinator/masuk", data=dict(csrf=csrf[1], pengguna="koordinator", sandi=PASSWORD))
            board = client.get("/koordinator")
            assert board.status_code == 200 and "csrf" in board.text
            out["board"] = board.text
            oid = field(out["action page"], "tugas")
            out["evidence page"] = client.get(f"/koordinator/bukti/{oid}").text
            out["item page"] = client.get(f"/koordinator/tugas/{oid}").text
    engine.dispose()
    return out


def field(page: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]+)"', page)
    assert found, page
    return found[1]


def action_forms(client: httpx.Client, action: str, page: str) -> dict[str, str]:
    """The action page's forms as a phone posts them: wrong, then right (its errors and its notice)."""
    form = {"csrf": field(page, "csrf"), "tugas": field(page, "tugas")}
    asked = client.post(f"{action}/perpanjangan", data=form | {"tanggal": "31-12-2025", "alasan": ""})
    bad_link = client.post(f"{action}/kirim", data=form | {"bukti": "javascript:alert(1)", "berlaku": "kemarin"})
    assert asked.status_code == bad_link.status_code == 400
    sent = client.post(f"{action}/kirim", data=form | {"bukti": "https://dokumen.example.go.id/risiko.pdf"})
    assert sent.status_code == 303
    done = client.get(sent.headers["location"])
    return {"extension refused": asked.text, "bad link": bad_link.text, "submitted": done.text}


def serve_app(engine, language: str, port: int):  # type: ignore[no-untyped-def]
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        link_secret=SECRET,
        coordinator_user="koordinator",
        coordinator_password_hash=HASH,
        lang=language,
    )
    return serve(create_app(engine, settings, clock=lambda: LATER), port)


def test_english_everywhere_and_indonesian_by_default(tmp_path, monkeypatch):
    seen: dict[str, dict[str, list[str]]] = {}
    texts: dict[str, dict[str, str]] = {}
    for language in ("id", "en"):
        url, bad = plan_db(tmp_path, language)
        outputs = cli_outputs(tmp_path, url, bad, language) | mails_and_pages(url, language, monkeypatch, tmp_path)
        seen[language] = {name: found_words(text) for name, text in outputs.items()}
        texts[language] = outputs
    # the check has teeth: every Indonesian output shows Indonesian words
    assert all(seen["id"].values()), {name: w for name, w in seen["id"].items() if not w}
    english = {name: words for name, words in seen["en"].items() if words}
    assert not english, english
    en, idn = texts["en"], texts["id"]
    assert "Late tasks (2)" in en["tasks --late"] and "Tugas terlambat (2)" in idn["tasks --late"]
    assert "2.97 Good" in en["status"] and "2,97 Baik" in idn["status"]  # the predikat band in English
    assert "(Defined)" in en["action page"] and "(Terdefinisi)" in idn["action page"]  # the level's name
    assert "Report done" in en["action page"] and 'lang="en"' in en["action page"]
    assert "Reports awaiting verification" in en["board"] and "Coordinator login" in en["login"]
    assert "Thank you. The report" in en["submitted"] and "write it as YYYY-MM-DD" in en["extension refused"]
    assert 'data-progres="Uploading: {p}%. Keep' in en["evidence page"] and "Decisions" in en["item page"]
    assert 'data-progres="Mengunggah: {p}%. Biarkan' in idn["evidence page"]


def test_every_web_text_has_its_english_side():
    """Each ``_("...")`` of the page templates is in ``WEB_EN`` (a missing one would stay Indonesian)."""
    folder = REPO / "config" / "templates" / "id" / "web"
    texts = {m[1] for f in folder.glob("*.j2") for m in re.findall(r"""_\((["'])(.*?)\1""", f.read_text("utf-8"))}
    assert len(texts) > 50
    missing = sorted(texts - set(WEB_EN))
    assert not missing, missing


def test_both_sides_of_the_catalogue_take_the_same_placeholders():
    """A message's English text fills in exactly what its Indonesian text does (``{name}`` and ``%(name)s``)."""
    pairs = [(k, i, e) for k, (i, e) in MESSAGES.items()] + [(i, i, e) for i, e in WEB_EN.items()]
    differ = [
        k
        for k, i, e in pairs
        if sorted(re.findall(r"\{(\w*)\}|%\((\w+)\)s", i)) != sorted(re.findall(r"\{(\w*)\}|%\((\w+)\)s", e))
    ]
    assert not differ, differ
