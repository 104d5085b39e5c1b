"""What keeping the mail server's reply costs (issue #16): CPU time per email through ``notify.send`` to a loopback
aiosmtpd server, with the apprise logger at DEBUG (so its ``Socket Exception`` line exists and ``notify`` can read
the reply: the shipped setting) and at WARNING (apprise's DEBUG lines are never created: how it was before).

    .venv/bin/python bench/bench_smtp_reply.py [--messages 200] [--rounds 5]

Rounds alternate the two settings so that a busy machine weighs on both alike; the figure is the median of the
rounds' CPU milliseconds per message (process time: every thread, apprise's sending thread included). Delivered and
refused (wrong password, 535) sends are measured apart. Prints the figures; nothing is asserted.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from spbe_actions.adapters import notify  # noqa: E402
from tests.support.servers import SmtpServer  # noqa: E402


def cpu_ms_per_message(smtp: notify.Smtp, n: int) -> float:
    message = notify.Message("Uji", "<p>isi</p>", "isi")
    channels = notify.channels_for("fp@example.go.id", [], smtp)
    secrets = notify.secrets_of([], smtp)
    start = time.process_time()
    for _ in range(n):
        notify.send(message, channels, secrets)
    return (time.process_time() - start) * 1000 / n


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    apprise_log = logging.getLogger("apprise")
    with SmtpServer(credentials=("spbe", "right")) as server:
        cases = {
            "delivered": notify.Smtp(server.host, server.port, "spbe", "right", "spbe@example.go.id"),
            "refused (535)": notify.Smtp(server.host, server.port, "spbe", "wrong", "spbe@example.go.id"),
        }
        cpu_ms_per_message(cases["delivered"], 20)  # warm up: apprise's plugins, the URL cache
        for name, smtp in cases.items():
            figures: dict[str, list[float]] = {"DEBUG (reply kept)": [], "WARNING (before)": []}
            for _ in range(args.rounds):
                for level, key in ((logging.DEBUG, "DEBUG (reply kept)"), (logging.WARNING, "WARNING (before)")):
                    apprise_log.setLevel(level)
                    figures[key].append(cpu_ms_per_message(smtp, args.messages))
            for key, values in figures.items():
                print(f"{name:14} {key:20} {statistics.median(values):6.2f} ms CPU/message  {values}")
    apprise_log.setLevel(logging.DEBUG)


if __name__ == "__main__":
    main()
