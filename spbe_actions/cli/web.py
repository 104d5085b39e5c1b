"""``spbe web`` and ``spbe hash-password``: the focal points' action page and the coordinator's login."""

from __future__ import annotations

import typer

from spbe_actions.cli.main import app, err, h, out, usage_error
from spbe_actions.domain.i18n import t


@app.command("web")
def web_cmd(
    host: str = typer.Option(
        "127.0.0.1", "--host", help=h("alamat yang didengarkan (di balik reverse proxy HTTPS)")
    ),
    port: int = typer.Option(8080, "--port", min=1, max=65535),
    workers: int = typer.Option(
        1, "--workers", min=1, max=64, help="jumlah proses server (lebih dari 1 hanya dengan PostgreSQL)"
    ),
    access_log: bool = typer.Option(
        False,
        "--access-log",
        help=h("catat satu baris per permintaan (token di alamat disamarkan); bawaan: tidak dicatat"),
    ),
) -> None:
    """Halaman aksi penanggung jawab OPD (tautan bertanda tangan) dan halaman koordinator."""
    import uvicorn

    from spbe_actions.adapters.settings import get_settings
    from spbe_actions.app.common import is_sqlite, open_engine
    from spbe_actions.web.app import create_app

    settings = get_settings()
    if workers > 1 and is_sqlite(settings.database_url):
        usage_error(t("c2_sqlite_one_process", n=workers))
    try:
        # migrates here, before any worker starts, only when behind: a current database never loads Alembic into
        # the server (12 MB of its memory for good; issue #15's S3 upload target)
        engine = open_engine(migrate=False)
        app_ = create_app(engine, settings)
    except ValueError as exc:  # e.g. SPBE_LINK_SECRET missing: an operator's set-up mistake
        usage_error(str(exc))
    sweep_in_background()
    options: dict = dict(
        host=host,
        port=port,
        proxy_headers=True,
        forwarded_allow_ips="127.0.0.1",
        log_level="info",
        server_header=False,
        access_log=access_log,  # off by default: 0.1-0.2 ms of a page view's ~1.6 ms CPU (bench/README)
    )
    if workers == 1:
        uvicorn.run(app_, **options)
        return
    engine.dispose()  # each worker process opens its own pool (a pool never crosses a fork)
    uvicorn.run("spbe_actions.web.app:from_settings", factory=True, workers=workers, **options)


def sweep_in_background() -> None:
    """Remove the temporaries of uploads cut off by a crash (a killed process deletes nothing; the restart after
    it is the moment to tidy), once, in a thread: an unreachable object store must not hold the server back."""
    import threading

    threading.Thread(target=_sweep_once, name="spbe-clean-uploads", daemon=True).start()


def _sweep_once() -> None:
    import datetime as dt

    from spbe_actions.app.evidence import sweep_temporaries
    from spbe_actions.domain.errors import InputError

    try:
        swept = sweep_temporaries(dt.datetime.now(dt.UTC))  # the real clock: ages are file times
    except InputError as exc:  # no store set (PostgreSQL without SPBE_EVIDENCE_STORE), or unreachable
        err.print(t("c_sweep_skipped", problem=exc.problems[0].message), highlight=False, markup=False)
        return
    except Exception as exc:  # never a traceback from a tidy-up thread; the server serves on
        err.print(t("c_sweep_skipped", problem=type(exc).__name__), highlight=False, markup=False)
        return
    if swept.files or swept.uploads:
        out.print(t("c_swept", files=swept.files, uploads=swept.uploads), highlight=False, markup=False)


@app.command("hash-password")
def hash_password_cmd() -> None:
    """Buat hash kata sandi koordinator untuk SPBE_COORDINATOR_PASSWORD_HASH (kata sandi dibaca dari prompt)."""
    from spbe_actions.domain.passwords import hash_password

    password = typer.prompt(t("c_password"), hide_input=True, confirmation_prompt=True)
    if len(password) < 10:
        usage_error(t("c_password_short"))
    out.print(hash_password(password), highlight=False, markup=False)
