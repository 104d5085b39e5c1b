"""The evidence store: bukti dukung files behind fsspec, a local folder or S3-compatible object storage.

Files are content-addressed: ``<root>/sha256/<first two hex digits>/<sha256>``, so the same bytes are kept once.
An upload is first *staged*: streamed in chunks into a local temporary file while its SHA-256 and size are
computed (never a whole file in memory). ``place`` puts a staged file under its final name; the use case calls
it as the last step before the database commits, and ``take_back`` removes it again when that commit fails
(only when this upload created it). An interrupted upload leaves only a staging file, which is deleted.
A process killed mid-upload cannot delete anything: ``sweep_temporaries`` removes what such a crash left
(staging files, and unfinished multipart uploads on object storage) once it is older than a threshold.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import fsspec
from fsspec.implementations.local import LocalFileSystem

from spbe_actions.adapters.object_upload import put_streamed
from spbe_actions.domain.i18n import t

CHUNK = 1024 * 1024  # bytes read and written at a time
STAGED_NAME = re.compile(r"^[0-9a-f]{32}\.part$")  # the names ``stage`` gives (nothing else is ever swept)
OBJECT_STAGING = "spbe-bukti-staging"  # object storage stages in this folder of the local temp dir


class StoreUnavailable(RuntimeError):
    """The evidence store cannot be reached or written; the message is for people (Indonesian)."""


class TooLarge(ValueError):
    """A file over the size limit (its limit in bytes)."""

    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.limit = limit


@dataclass(frozen=True)
class Swept:
    """What ``sweep_temporaries`` removed: staging files, and unfinished multipart uploads (object storage)."""

    files: int = 0
    uploads: int = 0


@dataclass
class Staged:
    """An upload held in a local temporary file, with its hash and size; ``head`` are its first bytes."""

    path: Path
    sha256: str
    size: int
    head: bytes
    filename: str

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)


def _unavailable(exc: BaseException) -> StoreUnavailable:
    kind = type(exc).__name__
    return StoreUnavailable(t("ad_store_down", kind=kind))


class EvidenceStore:
    """Files by SHA-256 under ``url`` (a folder path, ``file://`` or ``s3://bucket/prefix``)."""

    def __init__(self, url: str, options: dict[str, Any] | None = None, staging: Path | None = None) -> None:
        self.url = url
        fs, root = fsspec.core.url_to_fs(url, **(options or {}))
        self.fs, self.root = fs, root.rstrip("/")
        self.local = isinstance(fs, LocalFileSystem)
        # staged files live beside the store when it is a folder (a rename is then atomic), else in the temp dir
        self.staging = staging or (
            Path(self.root) / ".staging" if self.local else Path(tempfile.gettempdir()) / OBJECT_STAGING
        )

    def key(self, sha256: str) -> str:
        return f"{self.root}/sha256/{sha256[:2]}/{sha256}"

    def check(self) -> None:
        """StoreUnavailable when the store cannot be reached (a folder that cannot be made, a missing bucket)."""
        try:
            if self.local:
                Path(self.root).mkdir(parents=True, exist_ok=True)
                self.staging.mkdir(parents=True, exist_ok=True)
                if not os.access(self.root, os.W_OK):
                    raise PermissionError(self.root)
            else:
                bucket = self.root.split("/", 1)[0]
                if not self.fs.exists(bucket):
                    raise FileNotFoundError(bucket)
        except Exception as exc:  # any failure of the backend is the same answer to people
            raise _unavailable(exc) from exc

    def stage(self, source: IO[bytes], filename: str, limit: int) -> Staged:
        """Copy ``source`` in chunks into a staging file; TooLarge (file removed) past ``limit`` bytes."""
        self.staging.mkdir(parents=True, exist_ok=True)
        path = self.staging / f"{uuid.uuid4().hex}.part"
        digest, size, head = hashlib.sha256(), 0, b""
        try:
            with path.open("wb") as out:
                while chunk := source.read(CHUNK):
                    size += len(chunk)
                    if size > limit:
                        raise TooLarge(limit)
                    if len(head) < 8192:
                        head += chunk[: 8192 - len(head)]
                    digest.update(chunk)
                    out.write(chunk)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return Staged(path, digest.hexdigest(), size, head, filename)

    def exists(self, sha256: str) -> bool:
        try:
            return bool(self.fs.exists(self.key(sha256)))
        except Exception as exc:
            raise _unavailable(exc) from exc

    def place(self, staged: Staged) -> bool:
        """Put a staged file under its hash; True when this call created it (False: the bytes were there)."""
        key = self.key(staged.sha256)
        try:
            if self.fs.exists(key):
                staged.discard()
                return False
            if self.local:
                Path(key).parent.mkdir(parents=True, exist_ok=True)
                os.replace(staged.path, key)  # atomic on one filesystem: the file appears whole or not at all
            else:
                # an object appears only once its upload completes; streamed from the staged file
                put_streamed(self.fs, staged.path, key)
                staged.discard()
        except Exception as exc:
            raise _unavailable(exc) from exc
        return True

    def take_back(self, sha256: str) -> None:
        """Remove a file placed by an upload whose database commit then failed (best effort)."""
        try:
            self.fs.rm_file(self.key(sha256))
        except Exception:  # nothing else to do: an unreferenced file is harmless, and rare
            return

    def sweep_temporaries(self, now: dt.datetime, older_than: dt.timedelta) -> Swept:
        """Remove what crashed uploads left, if it was last written before ``now - older_than``: staging files,
        and on object storage the multipart uploads under this store's prefix never completed. A placed file is
        never touched (it is not in either place), nor a younger temporary (an upload may still be running)."""
        cutoff = now - older_than
        files = 0
        try:
            for entry in os.scandir(self.staging) if self.staging.is_dir() else ():
                modified = dt.datetime.fromtimestamp(entry.stat().st_mtime, dt.UTC)
                if STAGED_NAME.match(entry.name) and entry.is_file() and modified < cutoff:
                    Path(entry.path).unlink(missing_ok=True)
                    files += 1
            return Swept(files, 0 if self.local else self._abort_uploads(cutoff))
        except Exception as exc:
            raise _unavailable(exc) from exc

    def _abort_uploads(self, cutoff: dt.datetime) -> int:
        bucket, _, prefix = f"{self.root}/sha256/".partition("/")
        aborted, markers = 0, dict[str, str]()
        while True:
            page = self.fs.call_s3("list_multipart_uploads", Bucket=bucket, Prefix=prefix, **markers)
            for upload in page.get("Uploads", []):
                if upload["Initiated"] < cutoff:
                    self.fs.call_s3(
                        "abort_multipart_upload", Bucket=bucket, Key=upload["Key"], UploadId=upload["UploadId"]
                    )
                    aborted += 1
            if not page.get("IsTruncated"):
                return aborted
            markers = {"KeyMarker": page["NextKeyMarker"], "UploadIdMarker": page["NextUploadIdMarker"]}

    def read(self, sha256: str) -> Iterator[bytes]:
        """The file's bytes in chunks; StoreUnavailable when the store (or the file) cannot be read."""
        try:
            # object storage reads ahead one block: 2 MB, not s3fs's 50 MB default
            options = {} if self.local else {"block_size": 2 * CHUNK}
            handle = self.fs.open(self.key(sha256), "rb", **options)
        except Exception as exc:
            raise _unavailable(exc) from exc
        return _chunks(handle)

    def copy_to(self, sha256: str, out: IO[bytes]) -> None:
        for chunk in self.read(sha256):
            out.write(chunk)


def _chunks(handle: IO[bytes]) -> Iterator[bytes]:
    with handle:
        while chunk := handle.read(CHUNK):
            yield chunk


def open_store(url: str, options_json: str | None = None) -> EvidenceStore:
    """The store of a settings URL; ``options_json`` are fsspec storage options (e.g. an S3 endpoint)."""
    options = json.loads(options_json) if options_json else None
    return EvidenceStore(url, options)
