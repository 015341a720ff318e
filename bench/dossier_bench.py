"""Dossier benchmarks against the shared PostgreSQL anchors, measured in the same run.

(a) HTTP intake throughput: submit (POST /api/v1/dossiers) + accept, through gunicorn, as
    pairs per second, beside the raw PostgreSQL write limit of the shared pgbench script
    (one dossier + one event per transaction) on the same server. Goal ≥ 35 % of raw. Also:
    the same with the counter accepting each client's submissions in batches of 20
    (POST /api/v1/dossiers/batch/accept), and the shared bare-Django anchor (a view that
    inserts one row, gunicorn + wrk) to show what Django itself reaches on this machine.
(b) Step transitions per second through the domain API on PostgreSQL, beside the django-fsm-2
    reference of ../shared/bench (create + 6 steps, one transaction each). Goal ≥ 3×. Measured
    one action per call (`dossier_act`) and in batches (`dossier_act_many`, --batch dossiers
    per call: all of them or none, one transaction).

Run (from the project root; about 10 minutes):
    bash ../shared/bench/setup_venv.sh      # once: the reference venv (django-fsm-2) and wrk
    .venv/bin/python -m bench.dossier_bench [--seconds 20] [--clients 8] [--batch 50] [--skip-reference]
It starts the shared throwaway PostgreSQL on 127.0.0.1:55432 (../shared/bench/pg_start.sh),
creates the database `motcua_bench` there, and leaves the server running (stop it with
`bash ../shared/bench/pg_stop.sh --wipe`). Everything talks to 127.0.0.1 only and stops by
itself. Results are printed as Markdown and saved to bench/results/dossier_bench.json.
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import multiprocessing as mp
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "bench"
PGBIN = Path(os.environ.get("PGBIN", "/usr/lib/postgresql/15/bin"))
PGPORT = os.environ.get("PGPORT", "55432")
DB_URL = f"postgres://bench@127.0.0.1:{PGPORT}/motcua_bench"
HTTP_PORT = int(os.environ.get("HTTP_PORT", "58081"))
PDF = base64.b64encode(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n").decode()


def sh(cmd: list[str] | str, **kw: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, check=True, text=True, capture_output=True, shell=isinstance(cmd, str), **kw)


def env(**extra: str) -> dict[str, str]:
    out = dict(os.environ)
    out.update(
        DATABASE_URL=DB_URL,
        MOTCUA_SECRET_KEY="bench-only-secret-key-not-for-production-0123456789",
        MOTCUA_ALLOWED_HOSTS="127.0.0.1,localhost",
        MOTCUA_LOG_LEVEL="WARNING",
        MOTCUA_SECURE_COOKIES="0",
        DJANGO_SETTINGS_MODULE="motcua.settings",
    )
    out.update(extra)
    return out


def prepare() -> None:
    ready = subprocess.run([str(PGBIN / "pg_isready"), "-h", "127.0.0.1", "-p", PGPORT, "-q"], check=False)
    if ready.returncode != 0:  # the shared script refuses to start a server that already runs
        sh(["bash", str(SHARED / "pg_start.sh")])
    psql = [str(PGBIN / "psql"), "-h", "127.0.0.1", "-p", PGPORT, "-U", "bench", "-qAt"]
    sh([*psql, "-d", "postgres", "-c", "DROP DATABASE IF EXISTS motcua_bench"])
    sh([*psql, "-d", "postgres", "-c", "CREATE DATABASE motcua_bench"])
    motcua = str(ROOT / ".venv" / "bin" / "motcua")
    sh([motcua, "setup", "--no-progress"], env=env())
    sh([motcua, "setup", "--force-demo", "--no-progress"], env=env())


# ---------------------------------------------------------------------------------- anchors


def pgbench_insert(seconds: int, clients: int) -> float:
    """The shared raw write limit: dossier + event insert per transaction (median of 3)."""
    base = ["-h", "127.0.0.1", "-p", PGPORT, "-U", "bench"]
    sh([str(PGBIN / "psql"), *base, "-d", "bench", "-q", "-f", str(SHARED / "pgbench_schema.sql")])
    runs = []
    for _ in range(3):
        out = sh(
            [
                str(PGBIN / "pgbench"),
                *base,
                "-n",
                "-M",
                "prepared",
                "-c",
                str(clients),
                "-j",
                str(min(2, clients)),
                "-T",
                str(seconds),
                "-f",
                str(SHARED / "pgbench_insert.sql"),
                "bench",
            ],
            env={**os.environ, "PGOPTIONS": "-c synchronous_commit=on"},
        ).stdout
        runs.append(float(re.search(r"tps = ([0-9.]+)", out).group(1)))  # type: ignore[union-attr]
    return statistics.median(runs)


def fsm_reference(seconds: int) -> dict[str, float]:
    """django-fsm-2 transitions/s from the shared script (its own venv, same PostgreSQL)."""
    venv = Path(os.environ.get("BENCH_VENV", "/tmp/motcua-anchors/venv"))
    if not (venv / "bin" / "python").exists():
        sh(["bash", str(SHARED / "setup_venv.sh")])
    out = sh(["bash", str(SHARED / "django_wf_bench.sh")], env={**os.environ, "SECS": str(seconds)}).stdout
    result: dict[str, list[float]] = {}
    for line in out.splitlines():
        found = re.match(r"fsm procs=(\d+): ([0-9.]+) instances/s, (\d+) transitions/s", line)
        if found:
            result.setdefault(found.group(1), []).append(float(found.group(3)))
    return {procs: statistics.median(values) for procs, values in result.items()}


def bare_django_insert(seconds: int) -> float:
    """The shared bare-Django anchor: a view that inserts one row, behind gunicorn (2 sync workers),
    wrk with 16 connections on the same machine (median of 3), requests per second."""
    out = sh(
        ["bash", str(SHARED / "django_http_bench.sh")],
        env={**os.environ, "CASES": "sync_insert", "DUR": str(seconds)},
    ).stdout
    found = re.search(r"sync_insert MEDIAN_RPS ([0-9.]+)", out)
    return float(found.group(1)) if found else 0.0


# ----------------------------------------------------------------- (b) domain transitions


def _transition_worker(seconds: float, index: int, queue: Any, batch: int = 1) -> None:
    os.environ.update(env())
    import django

    django.setup()
    from motcua.dossiers.actions import SubmitInput, dossier_act, dossier_act_many, dossier_submit
    from motcua.geo.models import Commune
    from motcua.org.models import User

    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=["citizen.demo", "counter.thanhhoa", "specialist.khcn.thanhhoa", "leader.khcn.thanhhoa"]
        )
    }
    commune = Commune.objects.get(province__code="38", name="Phường Hạc Thành").code
    applicant = {
        "kind": "person",
        "full_name": "Lê Văn Bench",
        "id_number": "038090001111",
        "phone": "0912000111",
        "address": {"province": "38", "commune": commune},
    }
    documents = [
        {
            "component": "Tờ khai đề nghị cấp chứng chỉ vô tuyến điện viên nghiệp dư",
            "content_base64": PDF,
            "file_name": "a.pdf",
        },
        {"component": "Ảnh chân dung 3x4 cm", "edata_ref": "VNEID:photo"},
    ]
    plan = [
        ("counter.thanhhoa", "accept"),
        ("specialist.khcn.thanhhoa", "claim"),
        ("specialist.khcn.thanhhoa", "pass"),
        ("specialist.khcn.thanhhoa", "claim"),
        ("specialist.khcn.thanhhoa", "pass"),
        ("leader.khcn.thanhhoa", "claim"),
        ("leader.khcn.thanhhoa", "approve"),
        ("counter.thanhhoa", "return-result"),
    ]
    transitions = dossiers = 0
    spent = 0.0
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        created = []
        for _ in range(batch):
            data = SubmitInput(procedure="1.900010", channel=2, applicant=applicant, documents=documents)
            created.append(
                dossier_submit(
                    acting_user=users["citizen.demo"], data=data, idempotency_key=f"bench-{index}-{uuid.uuid4().hex}"
                ).dossier.pk
            )
        started = time.perf_counter()
        for username, action in plan:
            params = {"result_type": "CCVTDNDU"} if action == "approve" else {}
            if batch == 1:
                dossier_act(acting_user=users[username], dossier_id=created[0], action=action, params=params)
            else:
                dossier_act_many(
                    acting_user=users[username], action=action, items=[(pk, None) for pk in created], params=params
                )
            transitions += len(created)
        spent += time.perf_counter() - started
        dossiers += len(created)
    queue.put((transitions, spent, dossiers))


def domain_transitions(seconds: float, procs: int, batch: int = 1) -> float:
    """Transitions per second over `procs` processes; with `batch` > 1 each step is one
    `dossier_act_many` call on `batch` dossiers (as a leader approves a batch)."""
    queue: Any = mp.get_context("spawn").Queue()
    workers = [
        mp.get_context("spawn").Process(target=_transition_worker, args=(seconds, i, queue, batch))
        for i in range(procs)
    ]
    for w in workers:
        w.start()
    results = [queue.get(timeout=seconds + 300) for _ in workers]
    for w in workers:
        w.join()
    return sum(t / s for t, s, _ in results if s)


# ------------------------------------------------------------------------- (a) HTTP intake


def _tokens() -> dict[str, str]:
    motcua = str(ROOT / ".venv" / "bin" / "motcua")
    out = {}
    for user in ("citizen.demo", "counter.thanhhoa"):
        printed = sh([motcua, "token", "create", "--user", user, "--expires-in", "1d"], env=env()).stdout
        out[user] = printed.strip().splitlines()[-1]
    return out


def http_intake(seconds: float, clients: int, accept_batch: int = 1) -> dict[str, float]:
    """Submit + accept pairs per second; with `accept_batch` > 1 the counter accepts each client's
    last `accept_batch` submissions in one batch call (as a counter clears the online queue)."""
    tokens = _tokens()
    workers = str(max(2, (os.cpu_count() or 2) + 1))
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "motcua.wsgi",
            "-w",
            workers,
            "-b",
            f"127.0.0.1:{HTTP_PORT}",
            "--log-level",
            "warning",
        ],
        env=env(MOTCUA_DB_CONN_MAX_AGE="600"),
        cwd=ROOT,
        start_new_session=True,
    )
    try:
        for _ in range(100):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", HTTP_PORT, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.2)
        commune = json.loads(_get("/api/v1/provinces/38/communes"))["items"]
        hac_thanh = next(c["code"] for c in commune if c["name"] == "Phường Hạc Thành")
        counts = [0] * clients
        errors = [0] * clients
        stop = time.perf_counter() + seconds

        def client(i: int) -> None:
            conn = http.client.HTTPConnection("127.0.0.1", HTTP_PORT, timeout=30)
            body = {
                "procedure": "1.900010",
                "channel": 2,
                "applicant": {
                    "kind": "person",
                    "full_name": "Lê Văn Tải",
                    "id_number": "038090002222",
                    "phone": "0912000222",
                    "address": {"province": "38", "commune": hac_thanh},
                },
                "documents": [
                    {
                        "component": "Tờ khai đề nghị cấp chứng chỉ vô tuyến điện viên nghiệp dư",
                        "content_base64": PDF,
                        "file_name": "a.pdf",
                    },
                    {"component": "Ảnh chân dung 3x4 cm", "edata_ref": "VNEID:photo"},
                ],
            }
            raw = json.dumps(body).encode()
            waiting: list[int] = []
            while time.perf_counter() < stop:
                conn.request(
                    "POST",
                    "/api/v1/dossiers",
                    raw,
                    {
                        "Content-Type": "application/json",
                        "Authorization": f"Bearer {tokens['citizen.demo']}",
                        "Idempotency-Key": uuid.uuid4().hex,
                    },
                )
                response = conn.getresponse()
                created = json.loads(response.read())
                if response.status != 201:
                    errors[i] += 1
                    continue
                waiting.append(created["id"])
                if len(waiting) < accept_batch:
                    continue
                if accept_batch == 1:
                    path, payload = f"/api/v1/dossiers/{waiting[0]}/accept", b"{}"
                else:
                    path = "/api/v1/dossiers/batch/accept"
                    payload = json.dumps({"items": [{"id": pk} for pk in waiting]}).encode()
                conn.request(
                    "POST",
                    path,
                    payload,
                    {"Content-Type": "application/json", "Authorization": f"Bearer {tokens['counter.thanhhoa']}"},
                )
                accepted = conn.getresponse()
                accepted.read()
                if accepted.status == 200:
                    counts[i] += len(waiting)
                else:
                    errors[i] += len(waiting)
                waiting = []

        threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - started
        return {"pairs_per_s": sum(counts) / elapsed, "errors": float(sum(errors)), "gunicorn_workers": float(workers)}
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def _get(path: str) -> bytes:
    conn = http.client.HTTPConnection("127.0.0.1", HTTP_PORT, timeout=10)
    conn.request("GET", path)
    return conn.getresponse().read()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--skip-reference", action="store_true", help="skip the django-fsm-2 reference run")
    parser.add_argument("--batch", type=int, default=50, help="dossiers per batched action (dossier_act_many)")
    args = parser.parse_args()
    if not shutil.which(str(PGBIN / "pgbench")):
        sys.exit(f"pgbench not found under {PGBIN}")
    prepare()
    raw_1 = pgbench_insert(args.seconds, 1)
    raw_n = pgbench_insert(args.seconds, 4)
    intake = http_intake(args.seconds, args.clients)
    intake_batched = http_intake(args.seconds, args.clients, accept_batch=20)
    ours_1 = domain_transitions(args.seconds, 1)
    ours_2 = domain_transitions(args.seconds, 2)
    batch_1 = domain_transitions(args.seconds, 1, args.batch)
    batch_2 = domain_transitions(args.seconds, 2, args.batch)
    fsm = {} if args.skip_reference else fsm_reference(max(10, args.seconds // 2))
    bare = 0.0 if args.skip_reference else bare_django_insert(args.seconds)
    result = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "raw_insert_tps": {"1": raw_1, "4": raw_n},
        "intake": intake,
        "intake_accept_batches_of_20": intake_batched,
        "transitions_per_s": {"1": ours_1, "2": ours_2},
        "batch_size": args.batch,
        "batched_transitions_per_s": {"1": batch_1, "2": batch_2},
        "fsm_transitions_per_s": fsm,
        "bare_django_insert_rps": bare,
    }
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "dossier_bench.json").write_text(json.dumps(result, indent=2))
    print("| measure | motcua | anchor (same run) | ratio |\n|---|---|---|---|")
    print(
        f"| HTTP intake, submit + accept pairs/s ({args.clients} clients) | {intake['pairs_per_s']:.0f} | "
        f"raw insert {raw_n:.0f} TPS (4 clients), {raw_1:.0f} (1) | "
        f"{intake['pairs_per_s'] / raw_n:.1%} of 4-client raw |"
    )
    print(
        f"| HTTP intake, accepted in batches of 20 ({args.clients} clients) | {intake_batched['pairs_per_s']:.0f} | "
        f"raw insert {raw_n:.0f} TPS (4 clients) | {intake_batched['pairs_per_s'] / raw_n:.1%} of 4-client raw |"
    )
    if bare:
        print(
            f"| bare Django insert view (shared anchor), requests/s | — | {bare:.0f} | "
            f"{bare / raw_n:.1%} of 4-client raw; motcua pairs = {intake['pairs_per_s'] * 2 / bare:.1%} of its "
            "request rate (2 requests per pair) |"
        )
    rows = [("one action per call", "1", ours_1), ("one action per call", "2", ours_2)]
    rows += [(f"batches of {args.batch}", "1", batch_1), (f"batches of {args.batch}", "2", batch_2)]
    for how, procs, ours in rows:
        ref = fsm.get(procs)
        ratio = f"{ours / ref:.2f}×" if ref else "—"
        print(
            f"| domain transitions/s, {how}, {procs} process(es) | {ours:.0f} | django-fsm-2 {ref or 0:.0f} | {ratio} |"
        )


if __name__ == "__main__":
    main()
