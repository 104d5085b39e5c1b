"""The web pages name the coordinator and the programme by the instansi's framework (issue #13)."""

from __future__ import annotations

import datetime as dt

from markupsafe import Markup

from spbe_actions.adapters import config
from spbe_actions.app.accounts import Principal
from spbe_actions.app.action_page import Board, PersonList
from spbe_actions.web.base import make_env


def test_pages_take_their_words_from_the_framework():
    env, style = make_env("id")
    for fw_id, program, coordinator in (
        ("pemdi-2026", "Pemdi", "Koordinator Pemdi"),
        ("permenpanrb-59-2020", "SPBE", "Koordinator SPBE"),
    ):
        words = config.framework(fw_id).vocab("id")
        mine = env.get_template("saya.html.j2").render(
            style=Markup(style), v=PersonList("Kota Uji", "Ani", 1, dt.date(2026, 12, 1), words), links={}
        )
        assert f"<h1>Tugas {program} Anda</h1>" in mine
        board = env.get_template("koordinator.html.j2").render(
            style=Markup(style),
            board=Board("Kota Uji", [], [], words),
            who=Principal("koor", "coordinator", "kota-uji", "sekda", ""),
            csrf="x",
            notice=None,
            errors=[],
        )
        assert f"<h1>{coordinator}</h1>" in board
    login = env.get_template("masuk.html.j2").render(style=Markup(style), csrf="x", error=None)
    assert "<h1>Masuk koordinator</h1>" in login and "SPBE" not in login
