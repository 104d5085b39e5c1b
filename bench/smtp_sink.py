"""A local SMTP relay for the dispatch benchmark, in its own process (as a real relay is): it accepts every
message after ``--latency`` seconds (what a relay spends on TLS, checks and disk) and discards it.

    python bench/smtp_sink.py --port 2525 --latency 0.05

It prints ``ready`` once listening; on SIGTERM it prints how many messages it accepted, then exits.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import threading

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, latency: float) -> None:
        self.latency = latency
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        if self.latency:
            await asyncio.sleep(self.latency)
        with self.lock:
            self.count += 1
        return "250 OK"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--latency", type=float, default=0.0)
    args = parser.parse_args()
    sink = Sink(args.latency)
    controller = Controller(sink, hostname="127.0.0.1", port=args.port)
    controller.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    print("ready", flush=True)
    stop.wait()
    controller.stop()
    print(sink.count, flush=True)


if __name__ == "__main__":
    main()
