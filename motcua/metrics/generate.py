"""Synthetic dossiers at national scale, with their events and counters: `motcua generate`.

For load tests, benchmarks and dashboards over a realistic volume (DESIGN.md "Scale",
RULES.md §6): N dossiers across the provinces, skewed by a heavy-tailed weight (Hồ Chí Minh
City, Hà Nội and Thanh Hóa largest), about 85 % online in Hưng Yên and less elsewhere, about
98.5 % on time, most received at commune centres, over the working days of one year, at the
real agencies of each province (commune centre + commune People's Committee, province centre +
Department of S&T) for the real published procedures (their fields, fees and steps).

Each dossier walks a script of the real actions (submit, accept, claim, pass…, approve,
return-result, rate; or supplement, payment, withdraw, refuse, reject), cut at the present
moment (recent dossiers are still open). Its events carry in `data["changes"]` what
`motcua.dossiers.actions.common.new_event` would store, so folding them rebuilds the dossier
(`motcua.dossiers.replay`). Codes are `<agency identifier>-<yymmdd>-<NNNN>` in acceptance
order, continuing `dossiers.CodeCounter`. The counters are what `rules.contributions` says:
it is asked once per distinct *shape* of dossier (script, cut, flags) with stand-in days and
agencies, and its answer is mapped back onto every dossier of that shape and summed with numpy
(no second copy of the rules; `motcua metrics verify` recomputes them from the events).

Generated rows are recognisable: `idempotency_key` starts with `gen-`, applicants are named
"Dữ liệu mẫu …", and `submitted_by` is one staff account per province, `gen.<code>`.

Not generated: documents, fee lines and signed result documents (no figure reads them); the
appointment is the acceptance day plus the time limit in working days (weekends and the
province's days off skipped, same time of day) rather than the full clock reading; the event's
`clock` readings are left empty.

PostgreSQL: COPY (text) per province, counters through a temporary table upserted into the
real ones, provinces side by side in spawned worker processes (`Options.workers`,
`metrics.workers`). SQLite: executemany in batches, one process.
"""

# ruff: noqa: S608 (table and column names come from model metadata; values are generated here)
from __future__ import annotations

import hashlib
import json
import math
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

import numpy as np
from django.db import connection, transaction
from django.utils import timezone

from motcua.core.setup import progress_iter
from motcua.core.text import fold
from motcua.dossiers.actions.common import STATE_FIELDS
from motcua.dossiers.models import CodeCounter, Dossier, DossierEvent
from motcua.metrics import rules
from motcua.metrics.counting import DAILY, MONTHLY, OFFICERS, Table
from motcua.metrics.measures import NAMES

KEY_PREFIX = "gen-"
NAME_PREFIX = "Dữ liệu mẫu"
# Relative weights: the three largest provinces first, the others by a heavy tail.
LARGE = {"79": 10.0, "01": 9.0, "38": 7.0}
ONLINE_SHARE = {"33": 0.85}  # Hưng Yên: 85.38 % online in the first weeks (RULES.md §6)
PROVINCE_CENTRE_SHARE = 0.06  # the rest at commune centres
LATE = 0.015
EPOCH = np.datetime64("1970-01-01", "D")
VN_OFFSET = 7 * 3600

# Scripts: (name, weight). `ret` is the ordinary life; its weight is what the others leave.
SCRIPTS = {"ref": 0.012, "wd": 0.006, "stuck": 0.003, "wait": 0.006, "sup": 0.03, "rej": 0.005}
NOTES = {
    "accept": "Hồ sơ đầy đủ, hợp lệ.",
    "refuse": "Hồ sơ không thuộc thẩm quyền tiếp nhận (dữ liệu mẫu).",
    "request-supplement": "Bổ sung bản sao giấy tờ (dữ liệu mẫu).",
    "supply": "Đã bổ sung hồ sơ.",
    "withdraw": "Người nộp xin rút hồ sơ (dữ liệu mẫu).",
    "reject": "Không đủ điều kiện (dữ liệu mẫu).",
}


# --- reference data ---------------------------------------------------------------------------


@dataclass
class Procedure:
    version_id: int
    code: str
    field_code: str
    level: str  # commune | province
    days: int  # the time limit in whole working days (hours round up to one day)
    limit_seconds: int
    fee_total: int
    online: bool
    steps: list[tuple[int, str, str]]  # (position, stage, name)

    @property
    def work(self) -> list[tuple[int, str, str]]:
        return [s for s in self.steps if s[1] != "reception"]

    @property
    def approval(self) -> int:
        return next(p for p, stage, _n in self.steps if stage == "approval")

    @property
    def returning(self) -> int:
        back = [p for p, stage, _n in self.steps if stage == "return"]
        return back[-1] if back else self.approval

    def name_of(self, position: int) -> str:
        return next(n for p, _s, n in self.steps if p == position)


@dataclass
class Place:
    code: str
    province_id: int
    user_id: int
    user_name: str
    commune_ids: np.ndarray  # geo commune ids
    centres: np.ndarray  # commune centre agency ids
    pcs: np.ndarray  # commune PC agency ids
    centre: int  # province centre
    department: int  # Department of S&T
    holidays: list[date] = field(default_factory=list)


def procedures(year: int) -> list[Procedure]:
    """The published procedures in force on 1 January of `year` (or today) decided by a commune
    PC or the Department of S&T, with their fees and steps."""
    from motcua.catalog.models import ProcedureVersion
    from motcua.catalog.selectors import in_force_q
    from motcua.workdays.selectors import office_hours_for

    day_seconds = office_hours_for(None).day_seconds
    on = min(date(year, 1, 1), timezone.localdate())
    versions = (
        ProcedureVersion.objects.filter(in_force_q(on), competent_body_kind__in=["commune_pc", "department_st"])
        .select_related("procedure", "field")
        .prefetch_related("fees", "steps")
        .order_by("procedure__code")
    )
    out = []
    for v in versions:
        steps = sorted((s.position, s.stage, s.name) for s in v.steps.all())
        if not any(stage == "approval" for _p, stage, _n in steps) or not [s for s in steps if s[1] != "reception"]:
            continue
        value = float(v.time_limit_value)
        hours = v.time_limit_unit == "working_hours"
        out.append(
            Procedure(
                version_id=v.pk,
                code=v.procedure.code,
                field_code=v.field.code,
                level="commune" if v.competent_body_kind == "commune_pc" else "province",
                days=max(1, math.ceil(value * 3600 / day_seconds) if hours else math.ceil(value)),
                limit_seconds=math.ceil(value * (3600 if hours else day_seconds)),
                fee_total=sum(f.amount for f in v.fees.all()),
                online=v.online_level != "none",
                steps=steps,
            )
        )
    return out


def places(codes: list[str] | None, year: int) -> list[Place]:
    """The provinces (all 34, or `codes`) with their agencies, days off and generator account."""
    from motcua.geo.models import Province
    from motcua.org.models import Agency, User
    from motcua.workdays.selectors import calendar_for

    provinces = Province.objects.order_by("code")
    if codes:
        provinces = provinces.filter(code__in=codes)
    out = []
    for province in provinces:
        agencies = list(
            Agency.objects.filter(province=province, active=True).values_list("pk", "kind", "commune_id").order_by()
        )
        pcs = {c: pk for pk, kind, c in agencies if kind == "commune_pc"}
        centres = {c: pk for pk, kind, c in agencies if kind == "commune_centre"}
        both = sorted(set(pcs) & set(centres))
        centre = next((pk for pk, kind, _c in agencies if kind == "province_centre"), None)
        department = next((pk for pk, kind, _c in agencies if kind == "department_st"), None)
        if not both or centre is None or department is None:
            continue
        user, _created = User.objects.get_or_create(
            username=f"gen.{province.code}",
            defaults={
                "full_name": f"Cán bộ dữ liệu mẫu ({province.code})",
                "kind": "staff",
                "is_active": False,  # never signs in: it only names the generated dossiers' officer
            },
        )
        calendar = calendar_for(province=province)
        holidays = [
            d
            for d in (date(year, 1, 1) + timedelta(days=i) for i in range(400))
            if d.weekday() < 5 and not calendar.is_working_day(d)
        ]
        out.append(
            Place(
                code=province.code,
                province_id=province.pk,
                user_id=user.pk,
                user_name=str(user),
                commune_ids=np.array(both, dtype=np.int64),
                centres=np.array([centres[c] for c in both], dtype=np.int64),
                pcs=np.array([pcs[c] for c in both], dtype=np.int64),
                centre=centre,
                department=department,
                holidays=holidays,
            )
        )
    return out


def weights(places_: list[Place], rng: np.random.Generator) -> np.ndarray:
    """A heavy-tailed share per province: the three largest fixed, the rest Pareto-like."""
    tail = rng.pareto(1.2, size=len(places_)) + 1.0
    w = np.array([LARGE.get(p.code, min(float(t), 6.0)) for p, t in zip(places_, tail, strict=True)])
    return w / w.sum()


# --- the scripts: what each action changes -----------------------------------------------------


@dataclass(frozen=True)
class Col:
    """A per-dossier value: `t3` the time of step 3, `appt1` the appointment after one resume…"""

    name: str


@dataclass(frozen=True)
class Clock:
    entries: tuple[tuple[str, str, str], ...]  # (op, time column, extra: limit | reason | "")


@dataclass
class Step:
    action: str
    from_status: int | None
    to_status: int
    step: int | None
    changes: dict[str, Any]  # field → constant, Col or Clock
    data: dict[str, Any]
    note: str


def script(name: str, proc: Procedure, *, fee: bool, rated: bool, user: int, receiving: Col) -> list[Step]:
    """Run the script's actions on a symbolic dossier: each step's changes, as `new_event` diffs them."""
    state: dict[str, Any] = {
        "version": 1,
        "last_event_at": Col("t0"),
        "status": 1,
        "code": None,
        "processing_agency_id": Col("processing"),
        "current_step": None,
        "assignee_id": None,
        "accepted_at": None,
        "appointment_at": None,
        "finished_at": None,
        "returned_at": None,
        "supplement_count": 0,
        "supplement_from_status": None,
        "supplement_requested_at": None,
        "extended": False,
        "online_flagged_at": None,
        "paper_transfer_due_at": None,
        "paper_transferred_at": None,
        "payment_status": 0,
        "payment_reference": "",
        "rating": None,
        "rating_note": "",
        "clock": Clock(()),
        "decision": "",
        "payment_channel": "",
        "on_time_766": None,
        "on_time_118": None,
        "digitised": Col("digitised"),
        "reuses_edata": Col("reuses_edata"),
        "uses_population_data": Col("uses_population_data"),
        "decided_by_id": None,
    }
    assert set(state) == set(STATE_FIELDS)
    steps = [
        Step(
            "submit",
            None,
            1,
            None,
            dict(state),
            {"receiving_agency_id": receiving, "processing_agency_id": Col("processing")},
            "",
        )
    ]
    resumes = 0

    def act(action: str, data: dict[str, Any] | None = None, **new: Any) -> None:
        before = dict(state)
        j = len(steps)
        state.update(new)
        state["version"] = j + 1
        state["last_event_at"] = Col(f"t{j}")
        changes = {k: v for k, v in state.items() if before[k] != v}
        steps.append(
            Step(
                action,
                before["status"],
                state["status"],
                state["current_step"],
                changes,
                data or {},
                NOTES.get(action, ""),
            )
        )

    def clock(op: str, extra: str = "") -> Clock:
        return Clock((*state["clock"].entries, (op, f"t{len(steps)}", extra)))

    if name == "ref":
        act("refuse", {"slip": "03"}, status=3, finished_at=Col("t1"))
        return steps
    work = proc.work
    act(
        "accept",
        status=2,
        code=Col("code"),
        accepted_at=Col("t1"),
        appointment_at=Col("appt0"),
        clock=clock("start", "limit"),
        current_step=work[0][0],
    )
    if name == "wd":
        act(
            "withdraw",
            status=7,
            finished_at=Col("t2"),
            clock=clock("end"),
            on_time_766=Col("ot"),
            on_time_118=Col("ot"),
        )
        return steps
    if name in {"sup", "wait"}:
        act(
            "request-supplement",
            {"slip": "02", "from_status": 2},
            status=5,
            supplement_count=1,
            supplement_from_status=2,
            supplement_requested_at=Col("t2"),
            clock=clock("stop", "supplement"),
        )
        if name == "wait":
            return steps
        resumes += 1
        act(
            "supply",
            {"documents": 1},
            status=4,
            supplement_requested_at=None,
            clock=clock("resume"),
            appointment_at=Col(f"appt{resumes}"),
        )
    act("claim", {"step_name": work[0][2]}, status=4, assignee_id=user)
    if name == "stuck":
        return steps
    if fee:
        act(
            "request-payment",
            {"amount": proc.fee_total},
            status=6,
            supplement_from_status=4,
            clock=clock("stop", "payment"),
        )
        resumes += 1
        act(
            "record-payment",
            {"channel": Col("payment_channel"), "reference": Col("payment_reference")},
            status=4,
            payment_status=1,
            payment_reference=Col("payment_reference"),
            payment_channel=Col("payment_channel"),
            clock=clock("resume"),
            appointment_at=Col(f"appt{resumes}"),
        )
    for position, _stage, step_name in work:
        if work[0][0] < position <= proc.approval:
            act("pass", {"step_name": step_name, "assignee": user}, current_step=position)
    decision = "refusal" if name == "rej" else "result"
    j = len(steps)
    act(
        "reject" if name == "rej" else "approve",
        {"kind": decision},
        status=9,
        finished_at=Col(f"t{j}"),
        decision=decision,
        decided_by_id=user,
        current_step=proc.returning,
        assignee_id=None,
        clock=clock("end"),
        on_time_766=Col("ot"),
        on_time_118=Col("ot"),
    )
    act("return-result", status=10, returned_at=Col(f"t{j + 1}"))
    if rated and name == "ret":
        act("rate", {"score": Col("rating")}, rating=Col("rating"))
    return steps


# --- rendering ---------------------------------------------------------------------------------


def _iso_tables() -> tuple[list[str], list[str]]:
    days = [str(EPOCH + np.timedelta64(i, "D")) for i in range(20000, 22000)]  # 2024-10 … 2030-03
    tod = [f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}" for s in range(86400)]
    return days, tod


DAY0 = 20000
DAYS, TOD = _iso_tables()
DAYS_A = np.array(DAYS, dtype=object)
TOD_A = np.array(TOD, dtype=object)


class Dialect:
    """How values are written: COPY text (PostgreSQL) or parameters (SQLite)."""

    def __init__(self, postgres: bool) -> None:
        self.postgres = postgres
        self.null = "\\N" if postgres else None
        self.true: str | int = "t" if postgres else 1
        self.false: str | int = "f" if postgres else 0
        self.sep = "T" if postgres else " "
        self.zone = "+00:00" if postgres else ""

    def times(self, seconds: np.ndarray) -> list[str]:
        d = seconds // 86400 - DAY0
        return [
            a + self.sep + b + self.zone
            for a, b in zip(DAYS_A[d].tolist(), TOD_A[seconds % 86400].tolist(), strict=True)
        ]


def iso_json(seconds: np.ndarray) -> list[str]:
    d = seconds // 86400 - DAY0
    return [
        '"' + a + "T" + b + '+00:00"' for a, b in zip(DAYS_A[d].tolist(), TOD_A[seconds % 86400].tolist(), strict=True)
    ]


def _json_const(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


class Group:
    """The dossiers of one (script, procedure, fee, rated, cut) in one province: per-dossier
    columns, rendered lazily as JSON text and database values."""

    def __init__(self, cols: dict[str, np.ndarray], dialect: Dialect) -> None:
        self.cols = cols
        self.dialect = dialect
        self._json: dict[str, list[str]] = {}
        self._db: dict[str, list[Any]] = {}

    def json(self, name: str) -> list[str]:
        if name not in self._json:
            v = self.cols[name]
            if name.startswith(("t", "appt")) and v.dtype.kind == "i":
                self._json[name] = iso_json(v)
            elif v.dtype.kind == "b":
                self._json[name] = ["true" if x else "false" for x in v.tolist()]
            elif v.dtype.kind in "iu":
                self._json[name] = [str(x) for x in v.tolist()]
            else:
                self._json[name] = ['"' + x + '"' for x in v.tolist()]
        return self._json[name]

    def db(self, name: str) -> list[Any]:
        if name not in self._db:
            v = self.cols[name]
            d = self.dialect
            if name.startswith(("t", "appt")) and v.dtype.kind == "i":
                self._db[name] = d.times(v)
            elif v.dtype.kind == "b":
                self._db[name] = [d.true if x else d.false for x in v.tolist()]
            elif d.postgres:
                self._db[name] = [str(x) for x in v.tolist()]
            else:
                self._db[name] = v.tolist()
        return self._db[name]

    def clock(self, spec: Clock) -> list[str]:
        parts: list[Any] = []
        for i, (op, when, extra) in enumerate(spec.entries):
            head = ("" if i == 0 else ", ") + '{"op": "' + op + '", "at": '
            tail = "}"
            if op == "start":
                tail = ', "limit_seconds": ' + "%s" + "}"
            elif op == "stop":
                tail = ', "reason": "' + extra + '"}'
            parts.append((head, when, tail, op == "start"))
        n = len(next(iter(self.cols.values())))
        if not parts:
            return ["[]"] * n
        out = ["["] * n
        for head, when, tail, with_limit in parts:
            times = self.json(when)
            if with_limit:
                limits = self.json("limit")
                out = [o + head + t + (tail % lim) for o, t, lim in zip(out, times, limits, strict=True)]
            else:
                out = [o + head + t + tail for o, t in zip(out, times, strict=True)]
        return [o + "]" for o in out]

    def value_json(self, spec: Any) -> list[str] | str:
        if isinstance(spec, list):
            return spec
        if isinstance(spec, Col):
            return self.json(spec.name)
        if isinstance(spec, Clock):
            return self.clock(spec)
        return _json_const(spec)

    def value_db(self, spec: Any) -> list[Any] | Any:
        d = self.dialect
        if isinstance(spec, Col):
            return self.db(spec.name)
        if isinstance(spec, Clock):
            return self.clock(spec)
        if spec is None:
            return d.null
        if isinstance(spec, bool):
            return d.true if spec else d.false
        return str(spec) if d.postgres else spec


def _zip_columns(columns: list[Any], n: int) -> Iterator[tuple[Any, ...]]:
    """Rows from per-column values, each a list of n values or one constant."""
    lists = [c if isinstance(c, list) else [c] * n for c in columns]
    return zip(*lists, strict=True)


def json_object(group: Group, items: dict[str, Any], n: int) -> list[str]:
    """`{"k": v, …}` per dossier (constants folded into the template)."""
    template, args = "{", []
    for i, (key, spec) in enumerate(items.items()):
        sep = "" if i == 0 else ", "
        rendered = group.value_json(spec)
        if isinstance(rendered, list):
            template += sep + _json_const(key) + ": %s"
            args.append(rendered)
        else:
            template += sep + _json_const(key) + ": " + rendered.replace("%", "%%")
    template += "}"
    if not args:
        return [template % ()] * n
    return [template % row for row in zip(*args, strict=True)]


# --- the generator -----------------------------------------------------------------------------


@dataclass
class Result:
    dossiers: int = 0
    events: int = 0
    counters: int = 0
    month_counters: int = 0
    officer_counters: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


@dataclass
class Options:
    dossiers: int
    provinces: list[str] | None = None
    seed: int = 0
    year: int = 2026
    progress: bool = False
    now: datetime | None = None
    # Provinces generated side by side, each in its own process and transaction (PostgreSQL).
    workers: int = 1


@dataclass
class _Job:
    place: Place
    n: int
    offset: int
    commune_procs: list[Procedure]
    province_procs: list[Procedure]
    options: Options
    now: datetime


def generate(options: Options) -> Result:
    """Create `options.dossiers` dossiers with their events and counters (see the module doc)."""
    import time as clock_time

    started = clock_time.perf_counter()
    now = options.now or timezone.now()
    rng = np.random.default_rng(options.seed)
    procs = procedures(options.year)
    commune_procs = [p for p in procs if p.level == "commune"]
    province_procs = [p for p in procs if p.level == "province"]
    if not commune_procs or not province_procs:
        raise ValueError("the catalogue has no published commune or Department of S&T procedures: run motcua setup")
    where = places(options.provinces, options.year)
    if not where:
        raise ValueError("no province with commune and provincial centres: run motcua setup")
    shares = weights(where, rng)
    counts = np.bincount(rng.choice(len(where), size=options.dossiers, p=shares), minlength=len(where))
    offset = Dossier.objects.filter(idempotency_key__startswith=f"{KEY_PREFIX}{options.seed}-").count()
    jobs = []
    for place, n in zip(where, counts.tolist(), strict=True):
        if n:
            jobs.append(_Job(place, n, offset, commune_procs, province_procs, options, now))
            offset += n
    # The largest provinces first, so that side-by-side workers finish together.
    jobs.sort(key=lambda job: -job.n)
    result = Result()
    total = int(counts.sum())
    bar = progress_iter(range(total), enabled=options.progress, desc="dossiers", total=total)
    # Side by side only on PostgreSQL and outside a transaction (inside one, the other processes
    # could not see what it holds); each worker is a new process with its own connection.
    side_by_side = connection.vendor == "postgresql" and not connection.in_atomic_block
    workers = max(1, min(options.workers, len(jobs))) if side_by_side else 1
    if workers == 1:
        done: Iterable[tuple[int, Result]] = (_run(job) for job in jobs)
        _collect(done, result, bar)
    else:
        import multiprocessing

        from django.conf import settings

        from motcua.metrics import workers as start

        database = dict(connection.settings_dict)
        environ = {"DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "motcua.settings")}
        if getattr(settings, "TESTING", False):
            environ["MOTCUA_TESTING"] = "1"
        with multiprocessing.get_context("spawn").Pool(workers, start.start, (database, environ)) as pool:
            _collect(pool.imap_unordered(_run, jobs), result, bar)
            pool.close()  # let the workers end (and close their connections) rather than be killed
            pool.join()
    if hasattr(bar, "close"):
        bar.close()
    result.seconds["total"] = round(clock_time.perf_counter() - started, 2)
    return result


def _collect(done: Iterable[tuple[int, Result]], result: Result, bar: Any) -> None:
    for n, part in done:
        result.dossiers += part.dossiers
        result.events += part.events
        result.counters += part.counters
        result.month_counters += part.month_counters
        result.officer_counters += part.officer_counters
        if hasattr(bar, "update"):
            bar.update(n)


def _run(job: _Job) -> tuple[int, Result]:
    """One province in one transaction: sampled, rendered, written, counted."""
    from motcua.metrics import workers

    workers.check()
    options = job.options
    writer = Writer(Dialect(connection.vendor == "postgresql"))
    sub = np.random.default_rng([options.seed, int(job.place.code)])
    chunk = ProvinceChunk(
        job.place,
        job.n,
        sub,
        job.commune_procs,
        job.province_procs,
        options.year,
        job.now,
        writer,
        job.offset,
        options.seed,
    )
    part = Result()
    with transaction.atomic():
        if writer.dialect.postgres and _superuser():
            # Like pg_restore --disable-triggers: the rows are consistent by construction, so the
            # deferred foreign-key checks (one trigger per row at commit) are skipped.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = replica")
        chunk.build()
        writer.finish(chunk, part)
    return job.n, part


def _superuser() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        row = cursor.fetchone()
    return bool(row and row[0])


class ProvinceChunk:
    """All generated dossiers of one province: sampled, scripted, rendered and counted."""

    def __init__(
        self,
        place: Place,
        n: int,
        rng: np.random.Generator,
        commune_procs: list[Procedure],
        province_procs: list[Procedure],
        year: int,
        now: datetime,
        writer: Writer,
        offset: int,
        seed: int,
    ) -> None:
        self.place, self.n, self.rng, self.year, self.now = place, n, rng, year, now
        self.writer, self.dialect, self.seed = writer, writer.dialect, seed
        self.procs = commune_procs + province_procs
        self.n_commune = len(commune_procs)
        self.offset = offset
        self.codes: dict[tuple[int, int], int] = {}
        self.daily: dict[int, np.ndarray] = {}
        self.officers: dict[tuple[int, int, str], np.ndarray] = {}
        self.events = 0

    # sampling ----------------------------------------------------------------------------------

    def build(self) -> None:
        place, n, rng = self.place, self.n, self.rng
        nc = len(place.centres)
        at_province = rng.random(n) < PROVINCE_CENTRE_SHARE
        commune_w = rng.lognormal(0.0, 0.8, size=nc)
        commune = rng.choice(nc, size=n, p=commune_w / commune_w.sum())
        pw_c = 1.0 / np.arange(1, self.n_commune + 1) ** 0.8
        n_prov = len(self.procs) - self.n_commune
        pw_p = 1.0 / np.arange(1, n_prov + 1) ** 0.8
        proc = np.where(
            at_province,
            self.n_commune + rng.choice(n_prov, size=n, p=pw_p / pw_p.sum()),
            rng.choice(self.n_commune, size=n, p=pw_c / pw_c.sum()),
        )
        receiving = np.where(at_province, place.centre, place.centres[commune])
        processing = np.where(at_province, place.department, place.pcs[commune])
        online_ok = np.array([p.online for p in self.procs])[proc]
        share = ONLINE_SHARE.get(place.code, 0.3 + 0.4 * float(np.random.default_rng(int(place.code)).random()))
        u = rng.random(n)
        channel = np.where(online_ok & (u < share), 2, np.where(u > 0.985, 3, 1))
        # Submission: a working day of the year up to now, office hours (online: any hour).
        start = np.datetime64(date(self.year, 1, 1))
        end_day = min(date(self.year, 12, 31), timezone.localtime(self.now).date())
        cal = np.busdaycalendar(holidays=np.array(place.holidays, dtype="datetime64[D]"))
        workdays = np.arange(start, np.datetime64(end_day) + 1)
        workdays = workdays[np.is_busday(workdays, busdaycal=cal)]
        day = workdays[rng.integers(0, len(workdays), size=n)]
        hour = np.where(
            channel == 2, rng.integers(0, 86400, size=n), rng.integers(7 * 3600 + 1800, 16 * 3600 + 1800, size=n)
        )
        t0 = (day - EPOCH).astype(np.int64) * 86400 + hour - VN_OFFSET
        now_s = int(self.now.timestamp())
        t0 = np.minimum(t0, now_s - 60)
        r = rng.random(n)
        kind = np.full(n, "ret", dtype=object)
        edge = 0.0
        for name, w in SCRIPTS.items():
            kind[(r >= edge) & (r < edge + w)] = name
            edge += w
        fee_total = np.array([p.fee_total for p in self.procs], dtype=np.int64)[proc]
        fee = (fee_total > 0) & (kind == "ret")
        rated = rng.random(n) < 0.35
        digitised = (channel == 2) | (rng.random(n) < 0.75)
        reuses = rng.random(n) < 0.35
        population = reuses & (rng.random(n) < 0.7)
        synced_u = rng.random(n)
        rating = rng.choice([5, 4, 3, 2, 1], size=n, p=[0.8, 0.12, 0.04, 0.025, 0.015])
        pay_online = np.where(channel == 2, rng.random(n) < 0.9, rng.random(n) < 0.3)
        late = rng.random(n) < LATE
        self.cal = cal
        base = {
            "t0": t0,
            "receiving": receiving.astype(np.int64),
            "processing": processing.astype(np.int64),
            "channel": channel.astype(np.int64),
            "commune": place.commune_ids[commune],
            "fee_total": fee_total,
            "digitised": digitised,
            "reuses_edata": reuses,
            "uses_population_data": population,
            "synced": np.where(synced_u < 0.96, 1, np.where(synced_u < 0.99, 0, -1)).astype(np.int64),
            "rating": rating.astype(np.int64),
            "payment_channel": np.where(pay_online, "online", "counter").astype(object),
            "late": late,
            "u": rng.random((n, 12)),
        }
        # Group by (script, procedure, fee, rated); scripts then time and cut each group.
        keys = np.array(
            [
                f"{k}|{p}|{int(f)}|{int(ra)}"
                for k, p, f, ra in zip(kind.tolist(), proc.tolist(), fee.tolist(), rated.tolist(), strict=True)
            ]
        )
        uniq, inverse = np.unique(keys, return_inverse=True)
        self.ids = self._reserve(Dossier, n)
        groups = []
        for g, key in enumerate(uniq.tolist()):
            idx = np.nonzero(inverse == g)[0]
            name, p, f, ra = key.split("|")
            groups.append((idx, name, self.procs[int(p)], f == "1", ra == "1"))
        timed = [self._times(idx, name, proc_, fee_, rated_, base) for idx, name, proc_, fee_, rated_ in groups]
        self._assign_codes(timed)
        self.event_ids = self._reserve(DossierEvent, self.events)
        next_event = 0
        for item in timed:
            next_event = self._render(item, next_event)

    def _reserve(self, model: Any, n: int) -> int:
        """The first of n ids taken for `model` (a sequence jump on PostgreSQL)."""
        table = model._meta.db_table
        with connection.cursor() as cursor:
            if self.dialect.postgres:
                # One jump at a time across side-by-side workers (a session lock, not the transaction's).
                sequence = f"pg_get_serial_sequence('{table}', 'id')"
                cursor.execute("SELECT pg_advisory_lock(hashtext('motcua.generate.reserve'))")
                try:
                    cursor.execute(f"SELECT setval({sequence}, nextval({sequence}) + %s - 1)", [max(n, 1)])
                    last = int(cursor.fetchone()[0])
                finally:
                    cursor.execute("SELECT pg_advisory_unlock(hashtext('motcua.generate.reserve'))")
                return last - max(n, 1) + 1
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
            return int(cursor.fetchone()[0]) + 1

    def _busday(self, seconds: np.ndarray, days: int) -> np.ndarray:
        """`days` working days after the moment (same time of day, VN), weekends and days off skipped."""
        local = seconds + VN_OFFSET
        day = (local // 86400).astype("datetime64[D]")
        later = np.busday_offset(day, days, roll="forward", busdaycal=self.cal)
        return (later - EPOCH).astype(np.int64) * 86400 + local % 86400 - VN_OFFSET

    def _times(
        self, idx: np.ndarray, name: str, proc: Procedure, fee: bool, rated: bool, base: dict[str, Any]
    ) -> dict[str, Any]:
        steps = script(name, proc, fee=fee, rated=rated, user=self.place.user_id, receiving=Col("receiving"))
        m = len(idx)
        u = base["u"][idx]
        t = np.zeros((m, len(steps)), dtype=np.int64)
        t[:, 0] = base["t0"][idx]
        cols: dict[str, np.ndarray] = {k: base[k][idx] for k in base if k not in {"u", "t0"}}
        online = cols["channel"] == 2

        def span(col: int, low: float, high: float) -> np.ndarray:
            return (low + u[:, col] * (high - low)).astype(np.int64)

        appt: list[np.ndarray] = []
        stop_at = 0
        j = 1
        ontime = np.ones(m, dtype=bool)
        for step in steps[1:]:
            prev = t[:, j - 1]
            a = step.action
            if a in {"accept", "refuse"}:
                t[:, j] = prev + np.where(online, span(0, 600, 4 * 3600), span(0, 60, 1800))
                if a == "accept":
                    appt.append(self._busday(t[:, j], proc.days))
            elif a == "claim":
                t[:, j] = prev + span(1, 300, 3 * 3600)
            elif a in {"request-supplement", "request-payment"}:
                t[:, j] = prev + span(2, 600, 6 * 3600)
                stop_at = j
            elif a in {"supply", "record-payment"}:
                t[:, j] = prev + span(3 if a == "supply" else 4, 3600, 3 * 86400)
                appt.append(appt[-1] + (t[:, j] - t[:, stop_at]))
            elif a == "withdraw":
                t[:, j] = prev + span(5, 3600, 2 * 86400)
                ontime = t[:, j] <= appt[-1]
            elif a == "pass":
                pass  # spread between the claim and the decision below
            elif a in {"approve", "reject"}:
                passes = [k for k in range(j) if steps[k].action == "pass"]
                first = passes[0] if passes else j
                begin = t[:, first - 1]
                due = appt[-1]
                room = np.maximum(due - begin, 3600)
                on = begin + 60 * (len(passes) + 1) + (room * (0.1 + 0.85 * u[:, 6] ** 1.5)).astype(np.int64)
                on = np.minimum(on, np.maximum(due - 60, begin + 60 * (len(passes) + 1)))
                lateness = span(7, 3600, 5 * 86400)
                t[:, j] = np.where(cols["late"], np.maximum(due, begin) + lateness, on)
                for i, k in enumerate(passes):
                    t[:, k] = begin + ((t[:, j] - begin) * (i + 1) // (len(passes) + 1))
                    t[:, k] = np.maximum(t[:, k], t[:, k - 1] + 1)
                t[:, j] = np.maximum(t[:, j], t[:, j - 1] + 1)
                ontime = t[:, j] <= due
            elif a == "return-result":
                t[:, j] = prev + span(8, 1800, 2 * 86400)
            elif a == "rate":
                t[:, j] = prev + span(9, 60, 86400)
            j += 1
        now_s = int(self.now.timestamp())
        cut = (t <= now_s).sum(axis=1)  # the script as far as it has got by now
        for i in range(len(steps)):
            cols[f"t{i}"] = t[:, i]
        for i, column in enumerate(appt):
            cols[f"appt{i}"] = column
        cols["ot"] = ontime
        cols["limit"] = np.full(m, proc.limit_seconds, dtype=np.int64)
        cols["id"] = np.zeros(m, dtype=np.int64)
        accept = next((i for i, s in enumerate(steps) if s.action == "accept"), None)
        return {"idx": idx, "steps": steps, "cols": cols, "cut": cut, "proc": proc, "accept": accept, "name": name}

    def _assign_codes(self, timed: list[dict[str, Any]]) -> None:
        """Codes in acceptance order per (processing agency, day), after the counter's last."""
        from motcua.org.models import Agency

        agency, moment, where = [], [], []
        for g, item in enumerate(timed):
            self.events += int(item["cut"].sum())
            a = item["accept"]
            cols = item["cols"]
            cols["id"] = self.ids + item["idx"]
            cols["payment_reference"] = np.array(
                [
                    f"GEN{i}" if ch == "online" else ""
                    for i, ch in zip(cols["id"].tolist(), cols["payment_channel"].tolist(), strict=True)
                ],
                dtype=object,
            )
            cols["code"] = np.full(len(item["idx"]), "", dtype=object)
            if a is None:
                continue
            reached = np.nonzero(item["cut"] > a)[0]
            agency.append(cols["processing"][reached])
            moment.append(cols[f"t{a}"][reached])
            where += [(g, int(r)) for r in reached]
        if not where:
            return
        ag = np.concatenate(agency)
        mo = np.concatenate(moment)
        day = (mo + VN_OFFSET) // 86400
        order = np.lexsort((mo, day, ag))
        ag_s, day_s = ag[order], day[order]
        new_group = np.ones(len(order), dtype=bool)
        new_group[1:] = (ag_s[1:] != ag_s[:-1]) | (day_s[1:] != day_s[:-1])
        starts = np.nonzero(new_group)[0]
        rank = np.arange(len(order)) - np.repeat(starts, np.diff(np.append(starts, len(order))))
        existing = {
            (a, (d - date(1970, 1, 1)).days): last
            for a, d, last in CodeCounter.objects.filter(province_code=self.place.code).values_list(
                "agency_id", "day", "last"
            )
        }
        base = np.array(
            [
                existing.get((int(a), int(d)), 0)
                for a, d in zip(ag_s[starts].tolist(), day_s[starts].tolist(), strict=True)
            ],
            dtype=np.int64,
        )
        seq = rank + np.repeat(base, np.diff(np.append(starts, len(order)))) + 1
        if seq.max() > 9999:
            raise ValueError(
                f"more than 9999 dossiers a day at one agency of province {self.place.code}: ask for fewer"
            )
        last_of = np.maximum.reduceat(seq, starts)
        for a_, d_, last in zip(ag_s[starts].tolist(), day_s[starts].tolist(), last_of.tolist(), strict=True):
            self.codes[(int(a_), int(d_))] = int(last)
        identifiers = dict(Agency.objects.filter(pk__in=set(ag_s[starts].tolist())).values_list("pk", "identifier"))
        yymmdd = {
            int(d): (date(1970, 1, 1) + timedelta(days=int(d))).strftime("%y%m%d") for d in set(day_s[starts].tolist())
        }
        codes = [
            f"{identifiers[a_]}-{yymmdd[d_]}-{s_:04d}"
            for a_, d_, s_ in zip(ag_s.tolist(), day_s.tolist(), seq.tolist(), strict=True)
        ]
        for pos, code in zip(order.tolist(), codes, strict=True):
            g, r = where[pos]
            timed[g]["cols"]["code"][r] = code

    # rendering ---------------------------------------------------------------------------------

    def _render(self, item: dict[str, Any], next_event: int) -> int:
        steps: list[Step] = item["steps"]
        proc: Procedure = item["proc"]
        for k in sorted(set(item["cut"].tolist())):
            sel = np.nonzero(item["cut"] == k)[0]
            cols = {name: v[sel] for name, v in item["cols"].items()}
            m = len(sel)
            group = Group(cols, self.dialect)
            # the events, in dossier then step order
            event_ids = self.event_ids + next_event + np.arange(m)[:, None] * k + np.arange(k)[None, :]
            next_event += m * k
            state: dict[str, Any] = {}
            for step in steps[:k]:
                state.update(step.changes)
            self._dossier_rows(group, state, proc, m)
            for j in range(k):
                step = steps[j]
                data = json_object(group, {**step.data, "changes": json_object(group, step.changes, m)}, m)
                self._event_rows(group, step, j, event_ids[:, j], data)
            self._count(group, state, proc, m)
        return next_event

    def _event_rows(self, group: Group, step: Step, j: int, ids: np.ndarray, data: list[str]) -> None:
        d = self.dialect
        place = self.place
        cols = [
            [str(i) for i in ids.tolist()] if d.postgres else ids.tolist(),
            group.value_db(Col("id")),
            place.code,
            str(j + 1) if d.postgres else j + 1,
            group.db(f"t{j}"),
            str(place.user_id) if d.postgres else place.user_id,
            place.user_name,
            step.action,
            d.null if step.from_status is None else (str(step.from_status) if d.postgres else step.from_status),
            str(step.to_status) if d.postgres else step.to_status,
            d.null if step.step is None else (str(step.step) if d.postgres else step.step),
            "{}",
            step.note,
            data,
        ]
        self.writer.add(DossierEvent._meta.db_table, EVENT_COLUMNS, len(data), cols)

    def _dossier_rows(self, group: Group, state: dict[str, Any], proc: Procedure, m: int) -> None:
        d = self.dialect
        place = self.place
        ids = group.cols["id"]
        serial = [f"{i:09d}" for i in (ids - self.ids + self.offset).tolist()]
        keys = [f"{KEY_PREFIX}{self.seed}-{i}" for i in serial]
        values: dict[str, Any] = {
            "id": group.value_db(Col("id")),
            "province_code": place.code,
            "channel": group.value_db(Col("channel")),
            "procedure_version_id": str(proc.version_id) if d.postgres else proc.version_id,
            "procedure_code": proc.code,
            "field_code": proc.field_code,
            "receiving_agency_id": group.value_db(Col("receiving")),
            "competence": "{}",
            "routing_note": "",
            "applicant_kind": "person",
            "applicant_name": [f"{NAME_PREFIX} {s}" for s in serial],
            "search_name": [f"{_FOLDED} {s}" for s in serial],
            "applicant_id_number": [f"0{place.code}999{s[-6:]}" for s in serial],
            "applicant_tax_code": "",
            "applicant_phone": [f"0900{s[-6:]}" for s in serial],
            "applicant_email": "",
            "address_province_id": str(place.province_id) if d.postgres else place.province_id,
            "address_commune_id": group.value_db(Col("commune")),
            "address_detail": "",
            "old_address": "",
            "summary": "",
            "owner_id": d.null,
            "submitted_by_id": str(place.user_id) if d.postgres else place.user_id,
            "idempotency_key": keys,
            "request_hash": [hashlib.sha256(k.encode()).hexdigest() for k in keys],
            "submitted_at": group.db("t0"),
            "fee_total": group.value_db(Col("fee_total")),
            "portal_synced_in_time": [
                d.null if s < 0 else (d.true if s else d.false) for s in group.cols["synced"].tolist()
            ],
        }
        for name in STATE_FIELDS:
            values[name] = group.value_db(state[name])
        columns = DOSSIER_COLUMNS
        missing = set(columns) - set(values)
        assert not missing, missing
        self.writer.add(Dossier._meta.db_table, columns, m, [values[c] for c in columns])

    def _count(self, group: Group, state: dict[str, Any], proc: Procedure, m: int) -> None:
        """Ask `rules.contributions` about each distinct shape in the group with stand-in days and
        agencies, then add its cells for every dossier of that shape."""
        cols = group.cols
        shape_cols = [
            "channel",
            "digitised",
            "reuses_edata",
            "uses_population_data",
            "synced",
            "rating",
            "ot",
            "payment_channel",
        ]
        codes = np.stack(
            [
                cols[c].astype(np.int64) if cols[c].dtype.kind in "biu" else (cols[c] == "online").astype(np.int64)
                for c in shape_cols
            ],
            axis=1,
        )
        shapes, inverse = np.unique(codes, axis=0, return_inverse=True)
        inverse = inverse.reshape(-1)
        days = {
            kind: (cols[name] + VN_OFFSET) // 86400
            for kind, name in (
                ("submitted", "t0"),
                ("accepted", _col_name(state["accepted_at"])),
                ("finished", _col_name(state["finished_at"])),
                ("due", _col_name(state["appointment_at"])),
            )
            if name
        }
        for s, shape in enumerate(shapes.tolist()):
            members = np.nonzero(inverse == s)[0]
            values = dict(zip(shape_cols, shape, strict=True))
            stand_in = _stand_in(state, values, proc, self.place)
            for (key, measure), n in rules.contributions(stand_in).items():
                kind = SENTINEL_DAYS[key.day]
                rk = _row_key(days[kind][members], cols["receiving"][members], cols["processing"][members], proc)
                self._add(self.daily, NAMES.index(measure), rk, n)
            for (okey, measure), n in rules.officer_contributions(stand_in).items():
                kind = SENTINEL_DAYS[okey.day]
                role = "receiving" if okey.agency_id == SENTINEL_RECEIVING else "processing"
                ok = days[kind][members] * 65536 + cols[role][members]
                self._add_officer(okey.officer_id, rules.OFFICER_MEASURES.index(measure), ok, n)

    def _add(self, into: dict[int, np.ndarray], measure: int, keys: np.ndarray, n: int) -> None:
        into.setdefault(measure, [])  # type: ignore[arg-type]
        into[measure].append(np.repeat(keys, n) if n != 1 else keys)  # type: ignore[attr-defined]

    def _add_officer(self, officer: int, measure: int, keys: np.ndarray, n: int) -> None:
        self.officers.setdefault((officer, measure, ""), [])  # type: ignore[arg-type]
        self.officers[(officer, measure, "")].append(np.repeat(keys, n) if n != 1 else keys)  # type: ignore[attr-defined]


_FOLDED = fold(NAME_PREFIX)
DOSSIER_COLUMNS = [f.column for f in Dossier._meta.concrete_fields]
EVENT_COLUMNS = [
    "id", "dossier_id", "province_code", "seq", "at", "actor_id", "actor_name", "action",
    "from_status", "to_status", "step", "clock", "note", "data",
]  # fmt: skip
SENTINEL = {
    "submitted": date(2000, 1, 3),
    "accepted": date(2000, 1, 4),
    "finished": date(2000, 1, 5),
    "due": date(2000, 1, 6),
}
SENTINEL_DAYS = {v: k for k, v in SENTINEL.items()}
SENTINEL_RECEIVING, SENTINEL_PROCESSING = 1_000_001, 1_000_002


def _col_name(spec: Any) -> str | None:
    return spec.name if isinstance(spec, Col) else None


def _at(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=rules.VN)


def _stand_in(state: dict[str, Any], values: dict[str, int], proc: Procedure, place: Place) -> dict[str, Any]:
    """The state `rules.contributions` reads, with stand-in days, agencies and officers."""
    out: dict[str, Any] = {
        "province_code": place.code,
        "receiving_agency_id": SENTINEL_RECEIVING,
        "procedure_code": proc.code,
        "field_code": proc.field_code,
        "channel": values["channel"],
        "submitted_at": _at(SENTINEL["submitted"]),
        "submitted_by_id": place.user_id,
        "fee_total": proc.fee_total,
        "portal_synced_in_time": None if values["synced"] < 0 else bool(values["synced"]),
    }
    stand = {
        "accepted_at": _at(SENTINEL["accepted"]),
        "finished_at": _at(SENTINEL["finished"]),
        "appointment_at": _at(SENTINEL["due"]),
    }
    for name, spec in state.items():
        if isinstance(spec, Col):
            if name in stand:
                out[name] = stand[name]
            elif name == "processing_agency_id":
                out[name] = SENTINEL_PROCESSING
            elif name == "last_event_at":
                out[name] = None
            elif name == "payment_channel":
                out[name] = "online" if values["payment_channel"] else "counter"
            elif name in {"on_time_766", "on_time_118"}:
                out[name] = bool(values["ot"])
            elif name in values:
                out[name] = values[name] if name in {"rating", "channel"} else bool(values[name])
            else:
                out[name] = "x"  # a code or a payment reference: only its presence matters
        elif isinstance(spec, Clock):
            out[name] = []
        else:
            out[name] = spec
    return out


def _row_key(day: np.ndarray, receiving: np.ndarray, processing: np.ndarray, proc: Procedure) -> np.ndarray:
    return ((day * 65536 + receiving) * 65536 + processing) * 256 + PROC_INDEX.setdefault(proc.code, len(PROC_INDEX))


PROC_INDEX: dict[str, int] = {}


# --- writing -----------------------------------------------------------------------------------


class Writer:
    """Rows go to the database as they are rendered: COPY text buffers flushed every few
    megabytes (PostgreSQL), executemany batches (SQLite)."""

    FLUSH = 32 * 2**20

    def __init__(self, dialect: Dialect) -> None:
        self.dialect = dialect
        self.buffers: dict[tuple[str, tuple[str, ...]], list[str]] = {}
        self.size = 0

    def add(self, table: str, columns: list[str], n: int, values: list[Any]) -> None:
        rows = _zip_columns(values, n)
        if not self.dialect.postgres:
            self._copy(table, columns, rows)
            return
        text = "\n".join(["\t".join(row) for row in rows]) + "\n"
        self.buffers.setdefault((table, tuple(columns)), []).append(text)
        self.size += len(text)
        if self.size > self.FLUSH:
            self.flush()

    def flush(self) -> None:
        for (table, columns), parts in self.buffers.items():
            names = ", ".join(connection.ops.quote_name(c) for c in columns)
            with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for part in parts:
                    copy.write(part)
        self.buffers = {}
        self.size = 0

    def finish(self, chunk: ProvinceChunk, result: Result) -> None:
        self.flush()
        d = self.dialect
        result.dossiers += chunk.n
        result.events += chunk.events
        daily, monthly = self._daily(chunk)
        officers = self._officer_rows(chunk)
        result.counters += self._upsert(DAILY, daily)
        result.month_counters += self._upsert(MONTHLY, monthly)
        result.officer_counters += self._upsert(OFFICERS, officers)
        codes = [
            (chunk.place.code, agency, date(1970, 1, 1) + timedelta(days=day), last)
            for (agency, day), last in sorted(chunk.codes.items())
        ]
        self._codes(codes)
        del d

    def _copy(self, table: str, columns: list[str], rows: Iterable[tuple[Any, ...]]) -> None:
        names = ", ".join(connection.ops.quote_name(c) for c in columns)
        with connection.cursor() as cursor:
            if True:
                sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
                batch: list[tuple[Any, ...]] = []
                for row in rows:
                    batch.append(row)
                    if len(batch) >= 5000:
                        cursor.executemany(sql, batch)
                        batch = []
                if batch:
                    cursor.executemany(sql, batch)

    def _daily(self, chunk: ProvinceChunk) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
        if not chunk.daily:
            return [], []
        keys = np.concatenate([np.concatenate(v) * 64 + m for m, v in chunk.daily.items()])  # type: ignore[call-overload]
        cells, counts = np.unique(keys, return_counts=True)
        row_keys, measure = cells // 64, cells % 64
        rows, row_of = np.unique(row_keys, return_inverse=True)
        matrix = np.zeros((len(rows), len(NAMES)), dtype=np.int64)
        np.add.at(matrix, (row_of.reshape(-1), measure), counts)
        by_code = {i: code for code, i in PROC_INDEX.items()}
        fields = {p.code: p.field_code for p in chunk.procs}
        proc_i = rows % 256
        processing = rows // 256 % 65536
        receiving = rows // (256 * 65536) % 65536
        day = rows // (256 * 65536 * 65536)
        daily = []
        month_of: dict[tuple[date, int, int, str], np.ndarray] = {}
        day_dates = {int(x): date(1970, 1, 1) + timedelta(days=int(x)) for x in set(day.tolist())}
        for i, (dd, rc, pr, pi) in enumerate(
            zip(day.tolist(), receiving.tolist(), processing.tolist(), proc_i.tolist(), strict=True)
        ):
            code = by_code[pi]
            the_day = day_dates[dd]
            daily.append((chunk.place.code, the_day, rc, pr, code, fields[code], *matrix[i].tolist()))
            mk = (the_day.replace(day=1), rc, pr, code)
            if mk in month_of:
                month_of[mk] = month_of[mk] + matrix[i]
            else:
                month_of[mk] = matrix[i].copy()
        monthly = [
            (chunk.place.code, m, rc, pr, code, fields[code], *v.tolist())
            for (m, rc, pr, code), v in sorted(month_of.items())
        ]
        return daily, monthly

    def _officer_rows(self, chunk: ProvinceChunk) -> list[tuple[Any, ...]]:
        out: dict[tuple[int, int, int], list[int]] = {}
        for (officer, measure, _r), parts in chunk.officers.items():
            keys, counts = np.unique(np.concatenate(parts), return_counts=True)  # type: ignore[call-overload]
            for key, n in zip(keys.tolist(), counts.tolist(), strict=True):
                row = out.setdefault((key // 65536, officer, key % 65536), [0] * len(rules.OFFICER_MEASURES))
                row[measure] += n
        return [
            (chunk.place.code, date(1970, 1, 1) + timedelta(days=day), officer, agency, *values)
            for (day, officer, agency), values in sorted(out.items())
        ]

    def _upsert(self, table: Table, rows: list[tuple[Any, ...]]) -> int:
        """Add the rows to the counter table (an upsert: counters may already hold figures)."""
        if not rows:
            return 0
        q = connection.ops.quote_name
        name = table.model._meta.db_table
        columns = (*table.keys, *table.measures)
        sets = ", ".join(f"{q(n)} = {name}.{q(n)} + EXCLUDED.{q(n)}" for n in table.measures)
        conflict = ", ".join(q(c) for c in table.conflict)
        names = ", ".join(q(c) for c in columns)
        with connection.cursor() as cursor:
            if self.dialect.postgres:
                cursor.execute(f"CREATE TEMP TABLE gen_rows AS SELECT {names} FROM {name} WITH NO DATA")
                text = ("\t".join(str(v) for v in row) for row in rows)
                self._copy_text("gen_rows", names, text)
                cursor.execute(
                    f"INSERT INTO {name} ({names}) SELECT {names} FROM gen_rows ORDER BY {conflict} "
                    f"ON CONFLICT ({conflict}) DO UPDATE SET {sets}"
                )
                cursor.execute("DROP TABLE gen_rows")
            else:
                sql = (
                    f"INSERT INTO {name} ({names}) VALUES ({', '.join(['%s'] * len(columns))}) "
                    f"ON CONFLICT ({conflict}) DO UPDATE SET {sets}"
                )
                for start in range(0, len(rows), 5000):
                    cursor.executemany(sql, rows[start : start + 5000])
        return len(rows)

    def _copy_text(self, table: str, names: str, lines: Iterable[str]) -> None:
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            buffer: list[str] = []
            for line in lines:
                buffer.append(line)
                if len(buffer) >= 50_000:
                    copy.write("\n".join(buffer) + "\n")
                    buffer = []
            if buffer:
                copy.write("\n".join(buffer) + "\n")

    def _codes(self, codes: list[tuple[str, int, date, int]]) -> None:
        if not codes:
            return
        table = CodeCounter._meta.db_table
        sql = (
            f"INSERT INTO {table} (province_code, agency_id, day, last) VALUES (%s, %s, %s, %s) "
            f"ON CONFLICT (agency_id, day) DO UPDATE SET last = CASE WHEN EXCLUDED.last > {table}.last "
            f"THEN EXCLUDED.last ELSE {table}.last END"
        )
        with connection.cursor() as cursor:
            if self.dialect.postgres:
                cursor.execute(
                    f"CREATE TEMP TABLE gen_codes AS SELECT province_code, agency_id, day, last "
                    f"FROM {table} WITH NO DATA"
                )
                self._copy_text(
                    "gen_codes", "province_code, agency_id, day, last", ("\t".join(map(str, c)) for c in codes)
                )
                cursor.execute(
                    f"INSERT INTO {table} (province_code, agency_id, day, last) SELECT * FROM gen_codes "
                    f"ORDER BY agency_id, day ON CONFLICT (agency_id, day) DO UPDATE SET last = "
                    f"GREATEST(EXCLUDED.last, {table}.last)"
                )
                cursor.execute("DROP TABLE gen_codes")
                return
            for start in range(0, len(codes), 5000):
                cursor.executemany(sql, codes[start : start + 5000])
