"""What an uploaded file really is, by its content: PDF (it must open with pypdf), PNG, JPEG, DOCX, XLSX, ODT.

The first bytes decide (``domain.evidence.sniff``); a zip is opened to tell an Office or OpenDocument file from
any other archive; a PDF is opened with pypdf. Anything else is refused, whatever its name says.
"""

from __future__ import annotations

import logging
import zipfile
from pathlib import Path

from spbe_actions.domain.evidence import PDF, office_type, sniff


def media_type(path: Path, head: bytes) -> str | None:
    """The allowed media type of the file at ``path`` (``head``: its first bytes), or None when it is refused."""
    kind = sniff(head)
    if kind == "zip":
        return _office(path)
    if kind == PDF and not _opens_as_pdf(path):
        return None
    return kind


def _office(path: Path) -> str | None:
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else None
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return None
    return office_type(names, mimetype)


def _opens_as_pdf(path: Path) -> bool:
    from pypdf import PdfReader  # imported on use: only uploads need it

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # a damaged file is refused, not logged at length
    try:
        with path.open("rb") as fh:  # a handle, not the path: pypdf would read a path whole into memory
            return len(PdfReader(fh, strict=False).pages) > 0
    except Exception:  # pypdf raises many kinds on a damaged or fake file: all mean "not a PDF we accept"
        return False
