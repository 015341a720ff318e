"""`motcua worker`: deliver the outbox, run periodic jobs and django-tasks' queue until stopped."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from motcua.integrations.worker import Worker


class Command(BaseCommand):
    help = (
        "Run the background worker: outbox delivery (Portal sync, e-mail, SMS), periodic jobs and "
        "queued django-tasks. Stops cleanly on SIGTERM/SIGINT. --once does one pass (tests, cron)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="one pass over everything that is due, then exit")
        parser.add_argument(
            "--interval",
            type=float,
            default=None,
            help="seconds to wait when there is nothing to do (default: MOTCUA_WORKER_INTERVAL)",
        )
        parser.add_argument("--limit", type=int, default=100, help="outbox messages and tasks per pass (default 100)")
        parser.add_argument("--no-tasks", action="store_true", help="leave django-tasks to another process")
        parser.add_argument(
            "--queue", default="*", help="django-tasks queue names, comma-separated ('*' = all, the default)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        worker = Worker(
            limit=max(1, options["limit"]),
            interval=options["interval"] if options["interval"] is not None else settings.MOTCUA_WORKER_INTERVAL,
            process_tasks=not options["no_tasks"],
            task_queues=[q.strip() for q in options["queue"].split(",") if q.strip()] or ["*"],
        )
        if options["once"]:
            report = worker.tick()
            self.stdout.write(str(report))
            return
        worker.install_signal_handlers()
        self.stdout.write(f"worker {worker.worker_id} ready", ending="\n")
        self.stdout.flush()
        worker.run()
        self.stdout.write("worker stopped")
