"""The two baselines of ``bench/bench_web.py`` (uvicorn factories): a bare FastAPI endpoint doing one SQLite
SELECT on the same database (``BENCH_DB_URL``), and hello-world."""

from __future__ import annotations

import os

from fastapi import FastAPI
from fastapi.responses import HTMLResponse, PlainTextResponse
from sqlalchemy import create_engine, text


def one_select() -> FastAPI:
    engine = create_engine(os.environ["BENCH_DB_URL"])
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    query = text("SELECT id, period, status, due FROM occurrence WHERE id = :n")

    @app.get("/one/{n}")
    def one(n: int) -> HTMLResponse:
        with engine.connect() as conn:
            row = conn.execute(query, dict(n=n)).first()
        return HTMLResponse(f"<p>{row[0]} {row[1]} {row[2]} {row[3]}</p>" if row else "<p>-</p>")

    return app


def hello() -> FastAPI:
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)

    @app.get("/")
    def root() -> PlainTextResponse:
        return PlainTextResponse("hello")

    return app
