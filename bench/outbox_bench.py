"""Outbox throughput: enqueue inside action-sized transactions, delivery with 1 and 2 workers
(exactly once checked), and the Portal sync over real HTTP to the local stand-in.

Run: `DATABASE_URL=postgres://postgres@127.0.0.1:5432/motcua_bench_integrations
.venv/bin/python -m bench.outbox_bench [--n 2000]` (the database is migrated first; SQLite
works too). Prints a Markdown table; the figures go in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import threading
import time
from collections import Counter
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
os.environ.setdefault("MOTCUA_DEBUG", "1")
os.environ.setdefault("MOTCUA_LOG_LEVEL", "WARNING")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from motcua.integrations import outbox  # noqa: E402
from motcua.integrations.models import OutboxMessage  # noqa: E402
from motcua.integrations.rules import portal_payload  # noqa: E402
from motcua.integrations.standin import PortalStandin  # noqa: E402

seen: Counter[str] = Counter()
lock = threading.Lock()


@outbox.handler("bench.noop")
def noop(message: OutboxMessage) -> dict[str, Any]:
    with lock:
        seen[message.key] += 1
    return {}


def enqueue_many(n: int, topic: str, prefix: str, payload: Any = None) -> float:
    began = time.perf_counter()
    for i in range(n):
        with transaction.atomic():  # one message per action transaction, as the dossier actions do
            outbox.enqueue(topic=topic, key=f"{prefix}{i}", payload=payload(i) if payload else {"i": i})
    return n / (time.perf_counter() - began)


def drain(workers: int, limit: int) -> float:
    def work() -> None:
        try:
            while outbox.deliver_due(limit=limit).claimed:
                pass
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(workers)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--http", type=int, default=500, help="messages for the HTTP Portal sync run")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    OutboxMessage.objects.filter(key__startswith="bench:").delete()
    vendor = connection.vendor
    rows = []

    rate = enqueue_many(args.n, "bench.noop", "bench:a:")
    rows.append(("enqueue (1 message per transaction)", args.n, f"{rate:,.0f}/s"))
    elapsed = drain(1, 100)
    assert len(seen) == args.n and set(seen.values()) == {1}
    rows.append(("deliver, 1 worker, no-op handler", args.n, f"{args.n / elapsed:,.0f}/s"))

    seen.clear()
    enqueue_many(args.n, "bench.noop", "bench:b:")
    elapsed = drain(2, 100)
    assert len(seen) == args.n and set(seen.values()) == {1}, "a message was delivered twice"
    rows.append(
        ("deliver, 2 concurrent workers, no-op handler (each exactly once)", args.n, f"{args.n / elapsed:,.0f}/s")
    )

    def record(i: int) -> dict[str, Any]:
        return portal_payload(
            dossier_code=f"000.00.01.H26-260930-{i:04d}",
            procedure_code="1.0123",
            status=2,
            channel=2,
            received_at=None,
            due_at=None,
        )

    with PortalStandin() as portal:
        settings.MOTCUA_PORTAL_URL = portal.url
        enqueue_many(args.http, "portal.status_sync", "bench:p:", record)
        elapsed = drain(2, 100)
        assert len(portal.received) == args.http
    rows.append(("Portal sync over HTTP to the stand-in, 2 workers", args.http, f"{args.http / elapsed:,.0f}/s"))
    OutboxMessage.objects.filter(key__startswith="bench:").delete()

    print(f"machine: {os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}, {vendor}")
    print("| operation | messages | rate |\n|---|---|---|")
    for name, n, r in rows:
        print(f"| {name} | {n:,} | {r} |")


if __name__ == "__main__":
    main()
