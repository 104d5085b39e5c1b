"""The coordinator's page of one item (``GET /koordinator/tugas/<id>``, the board's decisions post to
``/koordinator/tugas/<id>/<aksi>``): only items of the coordinator's own instansi; any other id is not found."""

from __future__ import annotations

import datetime as dt
from typing import Any

from starlette.responses import Response

from spbe_actions.app.accounts import Principal
from spbe_actions.app.coord_item import coordinator_item_view
from spbe_actions.domain.i18n import t
from spbe_actions.web.base import Ctx

PATH = "/koordinator/tugas/{oid}"
ONE_DAY = dt.timedelta(days=1)


def not_found(ctx: Ctx) -> Response:
    return ctx.message(404, t("w_item_404_title"), t("w_item_404"))


def render_item(
    ctx: Ctx, who: Principal, csrf: str, oid: int, now: dt.datetime, status: int = 200, **extra: Any
) -> Response:
    """The item page of ``oid`` (404 when it is not an item of ``who``'s instansi)."""
    view = coordinator_item_view(ctx.engine, who.instansi, who.person_key, oid, now)
    if view is None:
        return not_found(ctx)
    context = {"notice": None, "errors": [], **extra}
    return ctx.page("koordinator-tugas.html.j2", status, csrf=csrf, who=who, v=view, one_day=ONE_DAY, **context)
