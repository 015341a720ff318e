"""The loop behind `motcua worker`: outbox delivery, periodic jobs and django-tasks' queue.

One process, one thread; several processes may run side by side (each claim is safe under
concurrency). SIGTERM or SIGINT sets a flag: the item in hand is finished, the rest of a
claimed outbox batch is released, and the loop ends with exit status 0.
"""

from __future__ import annotations

import signal
import threading
from dataclasses import dataclass, field
from datetime import datetime
from types import FrameType
from typing import Any

import structlog
from django.db import DatabaseError, OperationalError, close_old_connections, connection

from motcua.integrations import outbox, periodic

log = structlog.get_logger("motcua.integrations.worker")


@dataclass
class TickReport:
    outbox: outbox.DeliveryReport
    periodic: periodic.PeriodicReport
    tasks: int = 0

    @property
    def busy(self) -> bool:
        return bool(self.outbox.claimed or self.periodic.ran or self.periodic.failed or self.tasks)

    def __str__(self) -> str:
        return f"outbox {self.outbox}; periodic {self.periodic}; tasks ran {self.tasks}"


@dataclass
class Worker:
    limit: int = 100
    interval: float = 2.0
    process_tasks: bool = True
    task_queues: list[str] = field(default_factory=lambda: ["*"])
    worker_id: str = field(default_factory=outbox.new_worker_id)

    def __post_init__(self) -> None:
        self._stop = threading.Event()

    # --- stopping ------------------------------------------------------------------------
    def stop(self, signum: int | None = None, frame: FrameType | None = None) -> None:
        if signum is not None and self._stop.is_set():
            # A second signal: the operator does not want to wait for the item in hand. Its
            # claim's lease runs out and another worker delivers it (at least once).
            log.warning("worker.forced_stop", signal=signal.Signals(signum).name)
            raise SystemExit(1)
        if signum is not None:
            log.info("worker.stopping", signal=signal.Signals(signum).name)
        self._stop.set()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def install_signal_handlers(self) -> None:
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)

    # --- one pass ------------------------------------------------------------------------
    def tick(self, *, now: datetime | None = None) -> TickReport:
        if not connection.in_atomic_block:
            # Drop a connection the database closed while we slept (as Django does per request).
            close_old_connections()
        stop = self._stop.is_set
        delivery = outbox.deliver_due(limit=self.limit, now=now, worker_id=self.worker_id, should_stop=stop)
        jobs = periodic.run_due(now=now, worker_id=self.worker_id, should_stop=stop)
        ran = self.run_tasks() if self.process_tasks else 0
        report = TickReport(outbox=delivery, periodic=jobs, tasks=ran)
        if report.busy:
            log.info(
                "worker.tick",
                delivered=delivery.delivered,
                skipped=delivery.skipped,
                retried=delivery.retried,
                dead=delivery.dead,
                jobs=jobs.ran,
                jobs_failed=jobs.failed,
                tasks=ran,
            )
        return report

    def run_tasks(self) -> int:
        """Run up to `limit` ready django-tasks from the database backend (none with other backends)."""
        from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
        from django_tasks_db.backend import DatabaseBackend
        from django_tasks_db.management.commands.db_worker import Worker as TaskWorker
        from django_tasks_db.models import DBTaskResult
        from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

        if not isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend):
            return 0
        runner = TaskWorker(
            queue_names=self.task_queues,
            interval=0,
            batch=True,
            backend_name=DEFAULT_TASK_BACKEND_ALIAS,
            startup_delay=False,
            max_tasks=None,
            worker_id=self.worker_id[:64],
            excluded_queue_names=[],
        )
        ran = 0
        while ran < self.limit and not self.stopping:
            tasks = DBTaskResult.objects.ready().filter(backend_name=DEFAULT_TASK_BACKEND_ALIAS)
            if "*" not in self.task_queues:
                tasks = tasks.filter(queue_name__in=self.task_queues)
            try:
                # The library's own claim: row lock (SKIP LOCKED) on PostgreSQL, an exclusive
                # transaction on SQLite, then the row is marked running for this worker.
                with exclusive_transaction(tasks.db):
                    task_result: Any = tasks.get_locked()
                    if task_result is not None:
                        task_result.claim(runner.worker_id)
            except OperationalError as exc:
                if is_locked_database_exception(exc):
                    break
                raise
            if task_result is None:
                break
            runner.run_task(task_result)
            ran += 1
        return ran

    # --- the loop ------------------------------------------------------------------------
    def run(self, *, once: bool = False) -> None:
        log.info("worker.started", worker_id=self.worker_id, once=once)
        while not self.stopping:
            try:
                report = self.tick()
            except DatabaseError:
                # The database went away (restart, failover): keep the process, try again later.
                log.exception("worker.database_error")
                close_old_connections()
                if once:
                    raise
                self._stop.wait(max(self.interval, 5.0))
                continue
            if once:
                break
            if not report.busy or report.outbox.claimed < self.limit:
                # Sleep until the interval ends or a signal arrives, whichever comes first.
                self._stop.wait(self.interval)
        log.info("worker.stopped", worker_id=self.worker_id)
