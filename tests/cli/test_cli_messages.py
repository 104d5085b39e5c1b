"""Click's/Typer's own messages in the user's language, and `SPBE_LANG=en` in the CLI's tables and errors."""

from __future__ import annotations

import re

import pytest

from spbe_actions.domain.i18n import LABELS, MESSAGES
from spbe_actions.domain.i18n_web import WEB_EN
from tests.cli.test_cli import spbe
from tests.cli.test_cli_100cols import LONG_TITLE, long_plan  # noqa: F401  (fixture)
from tests.conftest import REPO
from tests.support.plans import small_plan

# usage mistakes Click itself finds (before any command runs): Indonesian text, exit 2, no English, no panel
CLICK_CASES = [
    (("submit", "1", "--evidence", "https://x.example.go.id/a.pdf"), "Opsi '--as' (atau variabel lingkungan SPBE_AS) wajib diisi."),
    (("return", "1", "--as", "sekda"), "Opsi '--reason' wajib diisi."),
    (("history",), "Argumen 'ID' wajib diisi."),
    (("history", "abc"), "Nilai 'ID' tidak sah: harus bilangan bulat."),
    (("extend", "1", "--until", "2025-13-01", "--reason", "x", "--as", "y"), "bukan tanggal TTTT-BB-HH"),
    (("calendar", "--year", "1999"), "Nilai '--year' tidak sah: minimal 2000."),
    (("tasks", "--lte"), "Opsi --lte tidak dikenal. Maksud Anda: --late?"),
    (("tasks", "lagi"), "Argumen berlebih: lagi."),
    (("jadwal",), "Perintah 'jadwal' tidak dikenal."),
    (("report", "--out"), "Opsi '--out' memerlukan nilai."),
]  # fmt: skip
ENGLISH = re.compile(r"Missing|No such|Invalid value|Try '|Usage:|Error|Got unexpected|requires an|Input should")


@pytest.mark.parametrize(("args", "expected"), CLICK_CASES, ids=[" ".join(a) for a, _ in CLICK_CASES])
def test_click_messages_are_indonesian_with_exit_2(tmp_path, args, expected):
    res = spbe(*args, env={"SPBE_DATABASE_URL": f"sqlite:///{tmp_path / 'none.db'}"})
    assert res.returncode == 2, (res.stdout, res.stderr)
    assert expected in res.stderr and res.stderr.startswith("Galat: "), res.stderr
    assert not ENGLISH.search(res.stderr) and "Traceback" not in res.stderr and "╭" not in res.stderr
    assert res.stdout == ""


def test_click_messages_in_english_when_asked(tmp_path):
    res = spbe("submit", "1", "--evidence", "x", env={"SPBE_LANG": "en"})
    assert res.returncode == 2 and res.stderr.startswith("Error: Missing option '--as'"), res.stderr
    assert "wajib" not in res.stderr and "submit --help` for help." in res.stderr


def indonesian_words() -> set[str]:
    """Words of the catalogue's Indonesian side (the pages' texts too) that its English side never uses (and the
    data does not)."""
    pairs = [*MESSAGES.values(), *(p for kind in LABELS.values() for p in kind.values()), *WEB_EN.items()]
    idn = {w.lower() for i, _ in pairs for w in re.findall(r"[^\W\d_]{4,}", i)}
    eng = {w.lower() for _, e in pairs for w in re.findall(r"[^\W\d_]{4,}", e)}
    framework = (REPO / "config" / "frameworks" / "permenpanrb-59-2020.yaml").read_text(encoding="utf-8")
    data = {w.lower() for w in re.findall(r"[^\W\d_]{4,}", str(small_plan()) + LONG_TITLE + framework)}
    return idn - eng - data - {"instansi", "kota"}


def test_spbe_lang_en_gives_english_tables_and_errors(long_plan):  # noqa: F811
    env, ids = long_plan
    env = {**env, "SPBE_LANG": "en"}
    kom = ids[("KOMINFO", "2024-Q4")]
    words = indonesian_words()
    assert {"terlambat", "tenggat", "wajib", "riwayat"} & words  # the check has teeth
    outputs = []
    for args in (
        ("tasks",),
        ("tasks", "--late"),
        ("history", kom),
        ("completion",),
        ("completion", "--by", "domain"),
    ):
        res = spbe(*args, env=env)
        assert res.returncode == 0, (args, res.stderr)
        outputs.append(res.stdout)
    res = spbe("submit", kom, "--evidence", "https://x.example.go.id/q4.pdf", "--as", "kominfo.fp1", env=env)
    assert res.returncode == 0 and "open → submitted" in res.stdout, res.stderr
    outputs.append(res.stdout)
    for args in (
        ("tasks", "--due-within", "dua"),
        ("submit", kom, "--evidence", "x"),
        ("calendar", "--year", "1"),
    ):
        res = spbe(*args, env=env)
        assert res.returncode == 2, args
        outputs.append(res.stderr)
    text = "\n".join(outputs)
    assert (
        "Late tasks (2)" in text and "Completion per management domain" in text and "Missing option '--as'" in text
    )
    found = sorted({w for w in re.findall(r"[^\W\d_]{4,}", text.lower()) if w in words})
    assert not found, found


def test_every_help_text_has_its_english_side():
    """Each option's help and each command's description (written in Indonesian) is in i18n_help."""
    import inspect

    import typer

    from spbe_actions.cli import app
    from spbe_actions.domain.i18n_help import HELP_EN

    missing = []

    def walk(group: typer.Typer) -> None:
        if group.info.help and group.info.help not in HELP_EN:
            missing.append(group.info.help)
        for command in group.registered_commands:
            doc = inspect.getdoc(command.callback) if command.callback else None
            if doc and doc not in HELP_EN:
                missing.append(doc)
            for param in inspect.signature(command.callback).parameters.values() if command.callback else ():
                text = getattr(param.default, "help", None)
                if text and text not in HELP_EN:
                    missing.append(text)
        for sub in group.registered_groups:
            if sub.typer_instance is not None:
                walk(sub.typer_instance)

    walk(app)
    assert not missing, missing


def test_help_screens_in_both_languages():
    res = spbe("tasks", "--help")
    assert res.returncode == 0 and "Opsi" in res.stdout and "hanya yang terlambat" in res.stdout
    en = spbe("tasks", "--help", env={"SPBE_LANG": "en"})
    assert en.returncode == 0 and "only the late ones" in en.stdout and "The open tasks" in en.stdout
    found = sorted({w for w in re.findall(r"[^\W\d_]{4,}", en.stdout.lower()) if w in indonesian_words()})
    assert not found, found
