"""``spbe account set|list|remove``: the logins of the coordinator's and overseer's pages (database accounts;
only a PBKDF2 hash of the password is kept, read from the prompt, never from a plan or an argument)."""

from __future__ import annotations

import typer
from rich.markup import escape

from spbe_actions.cli.main import INSTANSI, app, h, now, out
from spbe_actions.cli.views import table_of, text_column
from spbe_actions.domain.i18n import label, t

accounts = typer.Typer(help=h("Akun masuk halaman koordinator dan pengawas."), no_args_is_help=True)
app.add_typer(accounts, name="account")


@accounts.command("set")
def set_cmd(
    username: str = typer.Argument(..., help=h("nama pengguna (huruf, angka, titik, tanda hubung)")),
    instansi: str | None = INSTANSI,
    person: str | None = typer.Option(
        None, "--person", help=h("koordinator rencana yang memutuskan (bawaan: yang pertama)")
    ),
    overseer: bool = typer.Option(False, "--overseer", help=h("pengawas seluruh instansi (hanya baca)")),
) -> None:
    """Buat atau ganti akun: koordinator satu instansi, atau pengawas (kata sandi dibaca dari prompt)."""
    from spbe_actions.app.accounts import set_account
    from spbe_actions.app.common import open_engine

    password = typer.prompt(t("c_password"), hide_input=True, confirmation_prompt=True)
    line = set_account(open_engine(), username, password, now(), instansi, person, overseer)
    where = (
        t("c_all_instansi_ro")
        if line.instansi is None
        else t("c_decides_as", instansi=line.instansi, person=line.person_key)
    )
    role = label("account_role", line.role)
    out.print(t("c_account_saved", name=line.username, role=role, where=where), highlight=False, markup=False)


@accounts.command("list")
def list_cmd() -> None:
    """Daftar akun yang aktif."""
    from spbe_actions.app.accounts import list_accounts
    from spbe_actions.app.common import open_engine

    rows = list_accounts(open_engine())
    if not rows:
        out.print(t("none_accounts"), highlight=False)
        return
    table = table_of(t("tt_accounts"))
    for key in ("h_username", "h_role", "h_instansi", "h_decides_as"):
        text_column(table, t(key))
    for a in rows:
        role = label("account_role", a.role)
        table.add_row(escape(a.username), role, escape(a.instansi or t("c_all")), escape(a.person_key or "—"))
    out.print(table)


@accounts.command("remove")
def remove_cmd(username: str = typer.Argument(...)) -> None:
    """Nonaktifkan akun (sesi yang masih terbuka ikut berakhir)."""
    from spbe_actions.app.accounts import remove_account
    from spbe_actions.app.common import open_engine

    remove_account(open_engine(), username, now())
    out.print(t("c_account_removed", name=username), highlight=False, markup=False)
