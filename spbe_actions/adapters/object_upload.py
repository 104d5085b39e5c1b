"""A staged file put into S3-compatible object storage streamed from disk, never a part held in memory.

s3fs's ``put_file`` reads each part into one ``bytes`` (and a file under two parts whole); asyncio's transport
then copies what the socket has not taken yet, so an 8 MB part cost ~16 MB. Here every request's body is a
window on the staged file that the HTTP client reads 64 KB at a time: one ``put_object`` when the file fits in
a part, else a multipart upload of ``PART``-sized parts, one at a time, aborted on any failure, so the object
appears only when complete.
"""

from __future__ import annotations

import contextlib
import io
import os
from pathlib import Path
from typing import Any

PART = 5 * 1024 * 1024  # S3's smallest part (the last may be smaller); 10,000 parts reach 48 GB


class Window(io.RawIOBase):
    """``length`` bytes of the open file ``fd`` from ``start``, as a seekable stream of its own (the S3 client
    seeks back to checksum and to retry). Its ``len`` is always the whole window, so a request built from a
    window already read declares the full length and fails rather than sending an empty part."""

    def __init__(self, fd: int, start: int, length: int) -> None:
        super().__init__()
        self._fd, self._start, self._length, self._pos = fd, start, length, 0

    def __len__(self) -> int:
        return self._length

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self._length}[whence]
        self._pos = min(max(base + offset, 0), self._length)
        return self._pos

    def readinto(self, buffer: Any) -> int:
        want = min(len(buffer), self._length - self._pos)
        if want <= 0:
            return 0
        data = os.pread(self._fd, want, self._start + self._pos)
        buffer[: len(data)] = data
        self._pos += len(data)
        return len(data)


def put_streamed(fs: Any, path: Path, key: str) -> None:
    """Upload ``path`` to ``key`` (``bucket/name``) through the s3fs filesystem ``fs``."""
    bucket, _, name = key.partition("/")
    size = path.stat().st_size
    fd = os.open(path, os.O_RDONLY)
    try:
        if size <= PART:
            fs.call_s3("put_object", Bucket=bucket, Key=name, Body=Window(fd, 0, size))
        else:
            _multipart(fs, fd, size, bucket, name)
    finally:
        os.close(fd)
    fs.invalidate_cache(key)


def _multipart(fs: Any, fd: int, size: int, bucket: str, name: str) -> None:
    upload = fs.call_s3("create_multipart_upload", Bucket=bucket, Key=name)["UploadId"]
    try:
        parts = []
        for number, start in enumerate(range(0, size, PART), 1):
            body = Window(fd, start, min(PART, size - start))
            got = fs.call_s3("upload_part", Bucket=bucket, Key=name, UploadId=upload, PartNumber=number, Body=body)
            parts.append({"PartNumber": number, "ETag": got["ETag"]})
        fs.call_s3(
            "complete_multipart_upload",
            Bucket=bucket,
            Key=name,
            UploadId=upload,
            MultipartUpload={"Parts": parts},
        )
    except BaseException:
        # left unfinished it would cost storage; sweep_temporaries catches what this misses
        with contextlib.suppress(Exception):
            fs.call_s3("abort_multipart_upload", Bucket=bucket, Key=name, UploadId=upload)
        raise
