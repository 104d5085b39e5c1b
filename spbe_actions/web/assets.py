"""The pages' one script (``/aset/unggah.js``: upload progress on the evidence forms), served from this origin so
the CSP can stay ``script-src 'self'`` with no inline script. The pages work without it."""

from __future__ import annotations

from importlib.resources import files

from fastapi import FastAPI
from starlette.responses import Response

SCRIPT_PATH = "/aset/unggah.js"


def register(app: FastAPI) -> None:
    script = files("spbe_actions.web").joinpath("unggah.js").read_bytes()

    @app.get(SCRIPT_PATH)
    def upload_script() -> Response:
        return Response(script, media_type="text/javascript; charset=utf-8")
