"""Evidence rules (pure): when bukti dukung goes stale, and which of it matters for the next evaluation.

Reviews expire two years after their effective date (the level-4 pattern of Pedoman MenPANRB 3/2024); an
instansi's evaluation season opens on 1 July unless its plan names another date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ExpiringEvidence:
    """Evidence that goes stale before the next evaluation; ``opd_id`` None: the instansi's own register."""

    opd_id: int | None
    opd: str  # OPD code, or "" for the register
    subject: str  # the action (or register entry) the evidence belongs to
    title: str
    expires: dt.date


def next_evaluation(configured: dt.date | None, today: dt.date) -> dt.date:
    """The plan's next evaluation date, or else the next 1 July (when the evaluation season opens)."""
    if configured is not None and configured >= today:
        return configured
    july = dt.date(today.year, 7, 1)
    return july if july > today else dt.date(today.year + 1, 7, 1)


def expiring_before(before: dt.date, items: Iterable[ExpiringEvidence]) -> list[ExpiringEvidence]:
    """The items that expire before ``before``, soonest first."""
    return sorted((i for i in items if i.expires < before), key=lambda i: (i.expires, i.opd, i.subject))


# Files people may upload as bukti dukung, by what their bytes are (never by their name): media type -> suffix.
PDF, PNG, JPEG = "application/pdf", "image/png", "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
SUFFIX = {PDF: "pdf", PNG: "png", JPEG: "jpg", DOCX: "docx", XLSX: "xlsx", ODT: "odt"}
ZIP_MAGIC = b"PK\x03\x04"


def sniff(head: bytes) -> str | None:
    """The media type the first bytes announce: PDF, PNG, JPEG, or ``"zip"`` (a DOCX, XLSX or ODT to look
    into); None for anything else (an executable, a script, HTML...)."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(ZIP_MAGIC):
        return "zip"
    return None


def office_type(names: Iterable[str], mimetype: bytes | None) -> str | None:
    """DOCX, XLSX or ODT from the member names of a zip (and its ``mimetype`` member); None otherwise."""
    present = set(names)
    if mimetype is not None and mimetype.strip() == ODT.encode():
        return ODT
    if "[Content_Types].xml" in present:
        if "word/document.xml" in present:
            return DOCX
        if "xl/workbook.xml" in present:
            return XLSX
    return None


CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
UNSAFE_NAME = re.compile(r'[<>:"|?*]')


def clean_filename(name: str, media_type: str) -> str:
    """A file name safe to keep and to offer back: the last path part only, no control or reserved characters,
    at most 120 characters, with the suffix of what the file really is (``foto.pdf`` that is a PNG: foto.png)."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = UNSAFE_NAME.sub("_", CONTROL.sub("", base))
    base = re.sub(r"\s+", " ", base).strip().lstrip(".")
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = stem.strip(" .")[:120] or "berkas"
    return f"{stem}.{SUFFIX[media_type]}"
