"""Background processes for tests: spawn with a log file, stop politely, and a real `prefect server`."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.support.servers import free_port

BIN = Path(sys.executable).parent


def spawn(args: list, log: Path, **kw) -> subprocess.Popen:
    """Start a background process whose output goes to ``log`` (the child keeps its own handle)."""
    with open(log, "w") as fh:
        return subprocess.Popen(args, stdout=fh, stderr=subprocess.STDOUT, **kw)


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def wait_healthy(api: str, proc: subprocess.Popen, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"prefect server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{api}/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError("prefect server did not become healthy")


def prefect_server(home: Path) -> Iterator[str]:
    """A real `prefect server start` on a free loopback port; yields its API URL, stops it afterwards."""
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env["PREFECT_HOME"] = str(home / "home")
    server = spawn(
        [BIN / "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        home / "server.log",
        env=env,
    )
    try:
        wait_healthy(api, server)
        yield api
    finally:
        stop(server)


@dataclass(frozen=True)
class Finished:
    """A finished child: exit code, output, and its own peak resident memory."""

    returncode: int
    stdout: str
    stderr: str
    peak_rss_mb: float


GNU_TIME = Path("/usr/bin/time")


def run_measured(args: list, env: dict | None = None, cwd: Path | None = None, timeout: float = 180) -> Finished:
    """Run ``args`` to the end (killed after ``timeout`` seconds, a hang guard and not a timing) and measure its
    peak RSS. Linux counts a forked child's peak from the parent's size at the fork, so the child is started by
    GNU time (a small process) when it is installed; otherwise wait4's figure, an upper bound, is reported."""
    with tempfile.TemporaryDirectory() as tmp:
        peak_file = Path(tmp) / "peak"
        prefix = [str(GNU_TIME), "-f", "%M", "-o", str(peak_file)] if GNU_TIME.exists() else []
        with open(Path(tmp) / "out", "w+b") as out, open(Path(tmp) / "err", "w+b") as err:
            proc = subprocess.Popen([*prefix, *map(str, args)], stdout=out, stderr=err, env=env, cwd=cwd)
            guard = threading.Timer(timeout, proc.kill)
            guard.start()
            try:
                _, status, usage = os.wait4(proc.pid, 0)
            finally:
                guard.cancel()
            proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here: tell Popen
            out.seek(0)
            err.seek(0)
            stdout, stderr = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
        peak_kb = usage.ru_maxrss  # kB on Linux
        if prefix and peak_file.exists():
            lines = peak_file.read_text().split()
            peak_kb = int(lines[-1]) if lines and lines[-1].isdigit() else peak_kb
        return Finished(proc.returncode, stdout, stderr, peak_kb / 1024)
