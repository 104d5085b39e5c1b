"""The forms of the pages: what a posted form asks for, checked field by field, with messages in the user's language.

Form field names (``bukti``, ``judul``, ``berlaku``, ``tanggal``, ``alasan``) are the pages' public contract.
"""

from __future__ import annotations

from typing import IO

from starlette.datastructures import FormData, UploadFile

from spbe_actions.app.action_page import HTTP
from spbe_actions.app.evidence import StagedFile
from spbe_actions.app.tracking import EvidenceInput, check_url
from spbe_actions.app.tracking import Request as ActRequest
from spbe_actions.domain.i18n import t
from spbe_actions.web.base import MAX_LINKS, MAX_REASON, MAX_TITLE, bounded, parse_date, text

FIELDS = ("bukti", "judul", "berlaku", "tanggal", "alasan")


def _link_problem(url: str) -> str | None:
    problem = check_url(url)
    if problem is None and not HTTP.match(url):
        return t("w_not_link", url=url[:200])
    return problem


def uploads(form: FormData) -> list[tuple[str, IO[bytes]]]:
    """The files posted in ``berkas`` (the file and the camera pickers share the name); empty pickers skipped."""
    out: list[tuple[str, IO[bytes]]] = []
    for value in form.getlist("berkas"):
        if isinstance(value, UploadFile) and value.filename:
            out.append((value.filename, value.file))
    return out


def submit_request(
    form: FormData, oid: int, files: tuple[StagedFile, ...] = (), with_files: bool = False
) -> tuple[list[str], ActRequest]:
    problems: list[str] = []
    links = [line.strip() for line in text(form, "bukti").split("\n") if line.strip()]
    if not links and not files and not with_files:
        problems.append(t("w_need_evidence"))
    elif len(links) > MAX_LINKS:
        problems.append(t("w_too_many_links", limit=MAX_LINKS, n=len(links)))
    else:
        problems += [p for p in map(_link_problem, links) if p]
    title = bounded(text(form, "judul").strip(), MAX_TITLE, t("w_field_title"), problems)
    effective = parse_date(text(form, "berlaku"), t("w_field_effective"), problems)
    evidence = tuple(EvidenceInput(url, title or None, effective) for url in links[:MAX_LINKS])
    request = ActRequest(
        oid, "submit", evidence=evidence, files=files, file_title=title or None, file_effective=effective
    )
    return problems, request


def extension_request(form: FormData, oid: int, event: str = "request_extension") -> tuple[list[str], ActRequest]:
    problems: list[str] = []
    until = parse_date(text(form, "tanggal"), t("w_field_until"), problems)
    if not text(form, "tanggal").strip():
        problems.append(t("w_need_until"))
    reason = reason_of(form, problems)
    return problems, ActRequest(oid, event, reason=reason, until=until)


def reason_of(form: FormData, problems: list[str]) -> str:
    reason = bounded(text(form, "alasan").strip(), MAX_REASON, t("w_field_reason"), problems)
    if not reason:
        problems.append(t("w_need_reason"))
    return reason


def values_of(form: FormData) -> dict[str, str]:
    """What the person typed, to show the form again with their input after an error."""
    return {name: text(form, name) for name in FIELDS}
