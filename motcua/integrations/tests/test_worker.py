"""`motcua worker` (issue 7 item 7): periodic jobs claimed once across processes, django-tasks'
queue, a clean stop on SIGTERM."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.test.utils import override_settings
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from motcua.integrations import outbox, periodic
from motcua.integrations.choices import MessageStatus, RunStatus
from motcua.integrations.models import JobRun, OutboxMessage, PeriodicJob
from motcua.integrations.tests.handlers import RECORD_TOPIC, delivered
from motcua.integrations.worker import Worker

T0 = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
calls: list[datetime] = []


def count_calls(now: datetime) -> int:
    calls.append(now)
    return 3


def explode(now: datetime) -> int:
    raise RuntimeError("job broke")


@task()
def add(a: int, b: int) -> int:
    return a + b


@pytest.fixture
def test_job() -> Iterator[str]:
    calls.clear()
    periodic.register("test.count_calls", every=timedelta(minutes=10), func=count_calls)
    yield "test.count_calls"
    periodic.unregister("test.count_calls")


def test_it_discovers_the_jobs_modules_of_installed_apps() -> None:
    """AppConfig.ready() imports every `<app>/jobs.py`, so apps register jobs by writing that module."""
    assert "integrations.outbox_health" in periodic.registered()


@pytest.mark.django_db
def test_it_runs_due_periodic_jobs_once_per_interval(test_job: str) -> None:
    with time_machine.travel(T0, tick=False):
        call_command("worker", "--once", stdout=StringIO())
        call_command("worker", "--once", stdout=StringIO())  # not due again yet
    assert calls == [T0]
    job = PeriodicJob.objects.get(name=test_job)
    assert job.next_run_at == T0 + timedelta(minutes=10)
    assert (job.running_by, job.last_status) == ("", RunStatus.SUCCEEDED)
    run = JobRun.objects.get(job=job)
    assert (run.status, run.count, run.started_at) == (RunStatus.SUCCEEDED, 3, T0)

    with time_machine.travel(T0 + timedelta(minutes=10), tick=False):
        call_command("worker", "--once", stdout=StringIO())
    assert calls == [T0, T0 + timedelta(minutes=10)]
    assert JobRun.objects.filter(job=job).count() == 2


@pytest.mark.django_db
def test_it_lets_only_one_worker_run_a_job_at_a_time(test_job: str) -> None:
    """The conditional UPDATE on the schedule row: the second claimant loses; a dead runner's lease ends."""
    job = periodic.registered()[test_job]
    periodic.ensure_schedule(job, now=T0)
    assert periodic.claim(job, now=T0, worker_id="one") is True
    assert periodic.claim(job, now=T0 + timedelta(minutes=1), worker_id="two") is False
    # "one" died mid-run: after the lease (at least 5 minutes, here the 10-minute interval) "two" may run it.
    assert periodic.claim(job, now=T0 + job.lease + timedelta(seconds=1), worker_id="two") is True
    assert PeriodicJob.objects.get(name=test_job).running_by == "two"


@pytest.mark.django_db
def test_it_records_a_failing_job_and_keeps_going() -> None:
    periodic.register("test.explode", every=timedelta(hours=1), func=explode)
    try:
        report = periodic.run_due(now=T0, worker_id="w")
    finally:
        periodic.unregister("test.explode")
    assert "test.explode" in report.failed
    run = JobRun.objects.get(job__name="test.explode")
    assert run.status == RunStatus.FAILED
    assert "RuntimeError: job broke" in run.error
    assert PeriodicJob.objects.get(name="test.explode").next_run_at == T0 + timedelta(hours=1)


@pytest.mark.django_db
def test_it_delivers_the_outbox_in_the_same_pass() -> None:
    outbox.enqueue(topic=RECORD_TOPIC, key="via-worker", payload={})
    out = StringIO()
    call_command("worker", "--once", stdout=out)
    assert delivered["via-worker"] == 1
    assert "delivered 1" in out.getvalue()
    assert OutboxMessage.objects.get(key="via-worker").status == MessageStatus.DELIVERED


@pytest.mark.django_db
def test_it_runs_queued_django_tasks_from_the_database_backend() -> None:
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}):
        result = add.enqueue(2, 3)
        assert DBTaskResult.objects.get(id=result.id).status == "READY"
        ran = Worker(limit=10).run_tasks()
        result.refresh()
    assert ran == 1
    assert result.return_value == 5


@pytest.mark.django_db
def test_it_prints_the_outbox_status() -> None:
    outbox.enqueue(topic=RECORD_TOPIC, key="waiting", payload={"to": "0912345678"})
    out = StringIO()
    call_command("outbox", "status", stdout=out)
    text = out.getvalue()
    assert "pending    1" in text
    assert "oldest waiting since" in text and "(+07)" in text
    assert "test.record" in text
    assert "0912345678" not in text


@pytest.fixture(scope="module")
def sqlite_file_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A migrated SQLite file database for `motcua` subprocesses (the embedded deployment)."""
    var = tmp_path_factory.mktemp("worker")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{var / 'worker.sqlite3'}",
        "MOTCUA_DEBUG": "1",
        "MOTCUA_VAR_DIR": str(var),
        "MOTCUA_WORKER_INTERVAL": "1",
        "MOTCUA_LOG_LEVEL": "INFO",
        "MOTCUA_LOG_FORMAT": "json",
    }
    env.pop("PYTEST_CURRENT_TEST", None)
    subprocess.run([*MOTCUA, "migrate", "--no-input", "-v0"], env=env, check=True, timeout=300)  # noqa: S603
    return env


MOTCUA = [sys.executable, "-m", "motcua.cli"]

ENQUEUE_SMS = """
from django.db import transaction
from motcua.integrations import outbox
with transaction.atomic():
    for n in range(150):
        outbox.enqueue(topic="notify.sms", key=f"race:{n}", payload={"to": "0912345678", "text": f"tin {n}"})
"""


def test_it_delivers_each_message_once_with_two_worker_processes_on_sqlite(sqlite_file_env: dict[str, str]) -> None:
    """SQLite claims by conditional UPDATE: two processes racing over one file deliver each message once."""
    subprocess.run([*MOTCUA, "shell", "-c", ENQUEUE_SMS], env=sqlite_file_env, check=True, timeout=120)  # noqa: S603
    workers = [
        subprocess.Popen(  # noqa: S603 - our own command line
            [*MOTCUA, "worker", "--once", "--limit", "1000", "--no-tasks"],
            env=sqlite_file_env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [w.communicate(timeout=240) for w in workers]
    assert [w.returncode for w in workers] == [0, 0], outputs
    logged = [line for _, err in outputs for line in err.splitlines() if '"sms.logged"' in line]
    keys = sorted(json.loads(line)["key"] for line in logged)
    assert keys == sorted(f"race:{n}" for n in range(150))
    assert all("0912345678" not in line for line in logged)


def test_it_stops_cleanly_on_sigterm(sqlite_file_env: dict[str, str]) -> None:
    """STYLE.md §4: workers stop cleanly on SIGTERM (finish the item in hand, exit 0)."""
    worker = subprocess.Popen(  # noqa: S603 - our own command line
        [*MOTCUA, "worker"], env=sqlite_file_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert worker.stdout is not None
        ready = worker.stdout.readline()
        assert "ready" in ready
        worker.send_signal(signal.SIGTERM)
        code = worker.wait(timeout=60)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert code == 0, worker.stderr.read() if worker.stderr else ""
    assert "worker stopped" in (worker.stdout.read() if worker.stdout else "")


def test_it_gives_up_the_item_in_hand_on_a_second_signal() -> None:
    """Ctrl+C twice: the first asks for a clean stop, the second exits at once (status 1)."""
    worker = Worker()
    worker.stop(signal.SIGINT)
    assert worker.stopping
    with pytest.raises(SystemExit) as exit_info:
        worker.stop(signal.SIGINT)
    assert exit_info.value.code == 1


@pytest.mark.django_db
@override_settings(MOTCUA_OUTBOX_KEEP_DAYS=30)
def test_it_prunes_old_delivered_messages_but_never_waiting_or_dead_ones() -> None:
    from motcua.integrations.jobs import prune

    for key, status in [("old-ok", "delivered"), ("old-off", "skipped"), ("old-dead", "dead"), ("recent", "delivered")]:
        outbox.enqueue(topic=RECORD_TOPIC, key=key, payload={})
        OutboxMessage.objects.filter(key=key).update(
            status=status, delivered_at=T0 if key.startswith("old") else T0 + timedelta(days=40)
        )
    outbox.enqueue(topic=RECORD_TOPIC, key="waiting", payload={})
    assert prune(T0 + timedelta(days=45)) == 2
    assert sorted(OutboxMessage.objects.values_list("key", flat=True)) == ["old-dead", "recent", "waiting"]
