"""Background processes for tests: spawn with a log file, stop politely, and a real `prefect server`."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
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
