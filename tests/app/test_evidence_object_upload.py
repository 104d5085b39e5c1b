"""Object storage uploads streamed from the staged file (moto's S3 server on loopback): a file of several parts
and a file under one part arrive byte for byte, no multipart upload is left open (also when the connection
drops after the first part), and the part window reads, seeks and measures itself as the S3 client expects."""

from __future__ import annotations

import hashlib
import io
import json
import os

import pytest

from spbe_actions.adapters.evidence_store import EvidenceStore, StoreUnavailable
from spbe_actions.adapters.object_upload import PART, Window
from tests.support.evidence_files import s3_server


def test_a_file_of_several_parts_and_a_small_one_arrive_whole(tmp_path):
    big = os.urandom(2 * PART + 12345)  # three parts: 5 MB, 5 MB and the rest
    small = os.urandom(1000)
    with s3_server("bukti-bagian") as options:
        store = EvidenceStore("s3://bukti-bagian/kota", json.loads(options), staging=tmp_path / "staging")
        for data in (big, small):
            staged = store.stage(io.BytesIO(data), "laporan.pdf", 10**8)
            assert store.place(staged) and not staged.path.exists()
            assert hashlib.sha256(b"".join(store.read(staged.sha256))).digest() == hashlib.sha256(data).digest()
            assert store.fs.size(store.key(staged.sha256)) == len(data)
        open_uploads = store.fs.call_s3("list_multipart_uploads", Bucket="bukti-bagian").get("Uploads", [])
        assert open_uploads == []


def test_the_window_is_a_seekable_stream_of_its_part_only(tmp_path):
    path = tmp_path / "berkas"
    path.write_bytes(bytes(range(256)) * 4)
    fd = os.open(path, os.O_RDONLY)
    try:
        w = Window(fd, 100, 50)
        assert len(w) == 50 and w.read(10) == bytes(range(100, 110)) and w.tell() == 10
        assert w.read() == bytes(range(110, 150)) and w.read(5) == b""
        assert len(w) == 50  # a window already read still declares its whole length
        assert (
            w.seek(0, io.SEEK_END) == 50 and w.seek(-5, io.SEEK_CUR) == 45 and w.read() == bytes(range(145, 150))
        )
        assert w.seek(0) == 0 and w.read(3) == bytes(range(100, 103))
    finally:
        os.close(fd)


class DropsAfterOnePart:
    """The s3fs filesystem, whose connection drops at the second part of an upload."""

    def __init__(self, fs):  # type: ignore[no-untyped-def]
        self.fs, self.parts = fs, 0

    def call_s3(self, method, **kwargs):  # type: ignore[no-untyped-def]
        if method == "upload_part":
            self.parts += 1
            if self.parts == 2:
                raise ConnectionResetError("the connection dropped")
        return self.fs.call_s3(method, **kwargs)

    def __getattr__(self, name):  # type: ignore[no-untyped-def]
        return getattr(self.fs, name)


def test_a_dropped_multipart_upload_is_aborted_and_leaves_no_object(tmp_path):
    data = os.urandom(2 * PART + 1)
    with s3_server("bukti-putus") as options:
        store = EvidenceStore("s3://bukti-putus/kota", json.loads(options), staging=tmp_path / "staging")
        real = store.fs
        store.fs = DropsAfterOnePart(real)
        staged = store.stage(io.BytesIO(data), "laporan.pdf", 10**8)
        with pytest.raises(StoreUnavailable, match="tidak dapat dijangkau"):
            store.place(staged)
        store.fs = real
        assert not store.exists(staged.sha256)
        assert real.call_s3("list_multipart_uploads", Bucket="bukti-putus").get("Uploads", []) == []
        assert store.place(staged)  # the same staged file, once the connection is back
        assert b"".join(store.read(staged.sha256)) == data
