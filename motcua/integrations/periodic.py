"""Periodic jobs: registered in code, scheduled in the database, run by `motcua worker`.

    # motcua/<app>/jobs.py — discovered at start-up by IntegrationsConfig.ready()
    from datetime import datetime, timedelta
    from motcua.integrations import periodic

    def flag_overdue(now: datetime) -> int:
        ...                      # returns how many items it handled
    periodic.register("dossiers.overdue", every=timedelta(minutes=15), func=flag_overdue)

Each job has one schedule row (`PeriodicJob`). A worker runs a due job only after winning a
conditional UPDATE on that row (due, and no live lease), so across any number of worker
processes at most one runs a given job at a time. Every run is recorded (`JobRun`).
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import structlog
from django.db.models import Q
from django.utils import timezone

from motcua.integrations.choices import RunStatus
from motcua.integrations.models import JobRun, PeriodicJob

log = structlog.get_logger("motcua.integrations.periodic")

JobFunc = Callable[[datetime], int]


@dataclass(frozen=True)
class Job:
    name: str
    every: timedelta
    func: JobFunc
    lease: timedelta


_REGISTRY: dict[str, Job] = {}


def register(name: str, every: timedelta, func: JobFunc, *, lease: timedelta | None = None) -> JobFunc:
    """Register `func(now) -> count` to run every `every`. `lease` (default: `every`, at least
    5 minutes) is how long a run may last before another worker may assume its runner died."""
    if every <= timedelta(0):
        raise ValueError("a periodic job runs every positive interval")
    if not name or len(name) > 100:
        raise ValueError("a job name is 1 to 100 characters")
    existing = _REGISTRY.get(name)
    if existing is not None and existing.func is not func:
        raise ValueError(f"periodic job {name!r} is already registered by {existing.func.__module__}")
    _REGISTRY[name] = Job(name=name, every=every, func=func, lease=lease or max(every, timedelta(minutes=5)))
    return func


def unregister(name: str) -> None:
    """Forget a job (tests, or a job retired at run time); its schedule row and runs stay."""
    _REGISTRY.pop(name, None)


def registered() -> dict[str, Job]:
    return dict(_REGISTRY)


@dataclass
class PeriodicReport:
    ran: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"ran {len(self.ran)} job(s), {len(self.failed)} failed"


def ensure_schedule(job: Job, *, now: datetime) -> PeriodicJob:
    """The job's schedule row, created due now; a changed interval in code updates it."""
    row, created = PeriodicJob.objects.get_or_create(
        name=job.name, defaults={"every_seconds": int(job.every.total_seconds()), "next_run_at": now}
    )
    every = int(job.every.total_seconds())
    if not created and row.every_seconds != every:
        PeriodicJob.objects.filter(pk=row.pk).update(every_seconds=every)
        row.every_seconds = every
    return row


def claim(job: Job, *, now: datetime, worker_id: str) -> bool:
    """Take the job's run for `worker_id` with one conditional UPDATE; False when not due or taken."""
    due = Q(name=job.name, enabled=True, next_run_at__lte=now) & (
        Q(running_until__isnull=True) | Q(running_until__lt=now)
    )
    return (
        PeriodicJob.objects.filter(due).update(running_by=worker_id, running_until=now + job.lease, last_started_at=now)
        == 1
    )


def run_job(job: Job, *, now: datetime, worker_id: str) -> JobRun:
    """Run a claimed job, record the run, schedule the next one and release the claim."""
    row = PeriodicJob.objects.get(name=job.name)
    run = JobRun.objects.create(job=row, worker=worker_id, started_at=now)
    bound = log.bind(job=job.name, run_id=run.id)
    try:
        count = int(job.func(now) or 0)
    except Exception as exc:
        run.status, run.error = RunStatus.FAILED, "".join(traceback.format_exception(exc))[-8000:]
        bound.exception("periodic.failed")
    else:
        run.status, run.count = RunStatus.SUCCEEDED, count
        bound.info("periodic.succeeded", count=count)
    finished = timezone.now()
    run.finished_at = max(finished, now)
    run.save(update_fields=["status", "count", "error", "finished_at"])
    # The next run is one interval after this one started, never in the past: a worker that was
    # down for a day runs each job once when it returns, not once per missed interval.
    next_run = now + job.every
    PeriodicJob.objects.filter(pk=row.pk, running_by=worker_id).update(
        next_run_at=next_run,
        running_by="",
        running_until=None,
        last_finished_at=run.finished_at,
        last_status=run.status,
    )
    return run


def run_due(
    *, now: datetime | None = None, worker_id: str, should_stop: Callable[[], bool] | None = None
) -> PeriodicReport:
    """Run every registered job that is due and not running elsewhere, once each."""
    report = PeriodicReport()
    for job in sorted(_REGISTRY.values(), key=lambda j: j.name):
        if should_stop is not None and should_stop():
            break
        at = now or timezone.now()
        ensure_schedule(job, now=at)
        if not claim(job, now=at, worker_id=worker_id):
            continue
        run = run_job(job, now=at, worker_id=worker_id)
        (report.ran if run.status == RunStatus.SUCCEEDED else report.failed).append(job.name)
        report.counts[job.name] = run.count
    return report
