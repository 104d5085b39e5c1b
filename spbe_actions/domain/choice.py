"""Choosing the instansi a command or request is about, from the database's instansi (any row with ``code``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

from spbe_actions.domain.errors import InputError, Problem
from spbe_actions.domain.i18n import t


class Coded(Protocol):
    @property
    def code(self) -> str: ...


C = TypeVar("C", bound=Coded)


def choose_instansi(found: Sequence[C], code: str | None) -> C:
    """The one with ``code``, or (no code) the only one; an InputError listing the codes otherwise (several and
    no code, or an unknown code). ``found`` is not empty (callers say "run spbe init" first)."""
    codes = ", ".join(i.code for i in found)
    if code is None:
        if len(found) > 1:
            raise InputError([Problem("--instansi", t("instansi_choose", n=len(found), codes=codes))])
        return found[0]
    inst = next((i for i in found if i.code == code), None)
    if inst is None:
        raise InputError([Problem("--instansi", t("instansi_unknown", code=code, codes=codes))])
    return inst
