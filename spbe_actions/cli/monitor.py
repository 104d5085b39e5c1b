"""``spbe setup-automations`` (registered on the main Typer app): Prefect alerts for the coordinator.

Prefect is imported only inside the command, so ``spbe status``/``index``/``validate`` stay fast.
"""

from __future__ import annotations

import datetime as dt
import os

import typer

from spbe_actions.cli.main import app, err, out


@app.command("setup-automations")
def setup_automations_cmd(
    channel: str | None = typer.Option(
        None,
        "--channel",
        help="URL kanal koordinator gaya apprise (bawaan: env SPBE_ALERT_URL)",
        show_default=False,
    ),
    within_hours: int = typer.Option(
        26, "--within-hours", min=1, max=24 * 14, help="peringatkan bila remind tidak selesai dalam N jam"
    ),
) -> None:
    """Buat/perbarui otomasi Prefect: peringatan bila run remind/schedule-domain gagal, atau remind tidak jalan."""
    if not os.environ.get("PREFECT_API_URL"):
        err.print("PREFECT_API_URL belum diatur: arahkan ke server Prefect, mis. http://127.0.0.1:4200/api")
        raise typer.Exit(2)
    url = channel or os.environ.get("SPBE_ALERT_URL")
    if not url:
        err.print("kanal peringatan belum diatur: beri --channel URL atau atur SPBE_ALERT_URL (mis. tgram://…)")
        raise typer.Exit(2)
    from spbe_actions.adapters import prefect_env

    prefect_env.apply()
    from spbe_actions.adapters.automations import masked, secret_parts, setup
    from spbe_actions.adapters.notify import mask

    try:
        outcomes = setup(url, dt.timedelta(hours=within_hours))
    except ValueError as exc:  # an unsupported or malformed channel URL (pydantic's errors echo the input)
        err.print(mask(str(exc), [url, *secret_parts(url)]), markup=False, highlight=False)
        raise typer.Exit(2) from None
    except Exception as exc:  # the Prefect API said no: show why, never the channel's secret
        detail = mask(str(exc), [url, *secret_parts(url)])
        err.print(f"gagal menyiapkan otomasi ({exc.__class__.__name__}): {detail}", markup=False, highlight=False)
        raise typer.Exit(1) from None
    out.print(f"kanal koordinator: {masked(url)}", highlight=False, markup=False)
    for o in outcomes:
        verb = "dibuat" if o.created else "diperbarui"
        out.print(f"{o.kind} '{o.name}' {verb} (id {o.id})", highlight=False, markup=False)
