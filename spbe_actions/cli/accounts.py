"""``spbe account set|list|remove``: the logins of the coordinator's and overseer's pages (database accounts;
only a PBKDF2 hash of the password is kept, read from the prompt, never from a plan or an argument)."""

from __future__ import annotations

import typer
from rich.table import Table

from spbe_actions.cli.main import INSTANSI, app, now, out

accounts = typer.Typer(help="Akun masuk halaman koordinator dan pengawas.", no_args_is_help=True)
app.add_typer(accounts, name="account")


@accounts.command("set")
def set_cmd(
    username: str = typer.Argument(..., help="nama pengguna (huruf, angka, titik, tanda hubung)"),
    instansi: str | None = INSTANSI,
    person: str | None = typer.Option(
        None, "--person", help="koordinator rencana yang memutuskan (bawaan: yang pertama)"
    ),
    overseer: bool = typer.Option(False, "--overseer", help="pengawas seluruh instansi (hanya baca)"),
) -> None:
    """Buat atau ganti akun: koordinator satu instansi, atau pengawas (kata sandi dibaca dari prompt)."""
    from spbe_actions.app.accounts import set_account
    from spbe_actions.app.common import open_engine

    password = typer.prompt("Kata sandi", hide_input=True, confirmation_prompt=True)
    line = set_account(open_engine(), username, password, now(), instansi, person, overseer)
    where = (
        "semua instansi (hanya baca)"
        if line.instansi is None
        else f"{line.instansi}, memutuskan sebagai {line.person_key}"
    )
    out.print(f"akun '{line.username}' disimpan: {line.role}, {where}", highlight=False, markup=False)


@accounts.command("list")
def list_cmd() -> None:
    """Daftar akun yang aktif."""
    from spbe_actions.app.accounts import list_accounts
    from spbe_actions.app.common import open_engine

    table = Table(title="Akun", title_justify="left")
    for col in ("Nama pengguna", "Peran", "Instansi", "Memutuskan sebagai"):
        table.add_column(col)
    for a in list_accounts(open_engine()):
        table.add_row(a.username, a.role, a.instansi or "semua", a.person_key or "—")
    out.print(table)


@accounts.command("remove")
def remove_cmd(username: str = typer.Argument(...)) -> None:
    """Nonaktifkan akun (sesi yang masih terbuka ikut berakhir)."""
    from spbe_actions.app.accounts import remove_account
    from spbe_actions.app.common import open_engine

    remove_account(open_engine(), username, now())
    out.print(f"akun '{username}' dinonaktifkan", highlight=False, markup=False)
