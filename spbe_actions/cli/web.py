"""``spbe web`` and ``spbe hash-password``: the focal points' action page and the coordinator's login."""

from __future__ import annotations

import typer

from spbe_actions.cli.main import app, h, out, usage_error
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
        engine = open_engine()  # migrates once, here, before any worker starts
        app_ = create_app(engine, settings)
    except ValueError as exc:  # e.g. SPBE_LINK_SECRET missing: an operator's set-up mistake
        usage_error(str(exc))
    options: dict = dict(
        host=host,
        port=port,
        proxy_headers=True,
        forwarded_allow_ips="127.0.0.1",
        log_level="info",
        server_header=False,
    )
    if workers == 1:
        uvicorn.run(app_, **options)
        return
    engine.dispose()  # each worker process opens its own pool (a pool never crosses a fork)
    uvicorn.run("spbe_actions.web.app:from_settings", factory=True, workers=workers, **options)


@app.command("hash-password")
def hash_password_cmd() -> None:
    """Buat hash kata sandi koordinator untuk SPBE_COORDINATOR_PASSWORD_HASH (kata sandi dibaca dari prompt)."""
    from spbe_actions.domain.passwords import hash_password

    password = typer.prompt(t("c_password"), hide_input=True, confirmation_prompt=True)
    if len(password) < 10:
        usage_error(t("c_password_short"))
    out.print(hash_password(password), highlight=False, markup=False)
