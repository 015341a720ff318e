"""Recompute the counters from the events: `motcua metrics rebuild` and `motcua metrics verify`.

Each dossier's events are folded in order (`data["changes"]`, as `motcua.dossiers.replay`
does) into its state, whose contributions (`rules.contributions`) are summed — the same sum
the actions keep one change at a time. Reads stream in primary-key order in chunks.
"""

from __future__ import annotations

from collections import Counter as Tally
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from motcua.core.setup import progress_iter
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.metrics import rules
from motcua.metrics.counting import by_month
from motcua.metrics.measures import NAMES
from motcua.metrics.models import Counter, MonthCounter

CHUNK = 2000


def _states(province: str | None, *, progress: bool) -> Iterator[dict[str, Any]]:
    dossiers = Dossier.objects.order_by("pk")
    if province:
        dossiers = dossiers.filter(province_code=province)
    fixed = (*rules.INTAKE_FIELDS, "fee_total")
    total = dossiers.count()
    last = 0
    with_bar = progress_iter(range(total), enabled=progress, desc="dossiers", total=total)
    bar = iter(with_bar)
    while True:
        chunk = list(dossiers.filter(pk__gt=last).values("pk", *fixed)[:CHUNK])
        if not chunk:
            return
        last = chunk[-1]["pk"]
        folded: dict[int, dict[str, Any]] = {row["pk"]: {} for row in chunk}
        events = DossierEvent.objects.filter(dossier_id__in=list(folded)).order_by("dossier_id", "seq")
        for dossier_id, data in events.values_list("dossier_id", "data").iterator(chunk_size=CHUNK * 4):
            folded[dossier_id].update((data or {}).get("changes", {}))
        for row in chunk:
            next(bar, None)
            state = {name: row[name] for name in fixed}
            state.update(folded[row["pk"]])
            yield state


def expected(province: str | None = None, *, progress: bool = False) -> dict[rules.RowKey, dict[str, int]]:
    """The counters as the events say they are (zero cells left out)."""
    cells: Tally[tuple[rules.RowKey, str]] = Tally()
    for state in _states(province, progress=progress):
        cells.update(rules.contributions(state))
    out: dict[rules.RowKey, dict[str, int]] = {}
    for (key, measure), n in cells.items():
        if n:
            out.setdefault(key, {})[measure] = n
    return out


def stored(province: str | None = None) -> dict[rules.RowKey, dict[str, int]]:
    rows = Counter.objects.all()
    if province:
        rows = rows.filter(province_code=province)
    out: dict[rules.RowKey, dict[str, int]] = {}
    row: dict[str, Any]
    for row in rows.values().iterator(chunk_size=CHUNK):  # type: ignore[assignment]
        cells = {n: row[n] for n in NAMES if row[n]}
        if cells:
            key = rules.RowKey(
                row["province_code"],
                row["day"],
                row["receiving_agency_id"],
                row["processing_agency_id"],
                row["procedure_code"],
                row["field_code"],
            )
            out[key] = cells
    return out


def stored_months(province: str | None = None) -> dict[rules.MonthKey, dict[str, int]]:
    rows = MonthCounter.objects.all()
    if province:
        rows = rows.filter(province_code=province)
    out: dict[rules.MonthKey, dict[str, int]] = {}
    row: dict[str, Any]
    for row in rows.values().iterator(chunk_size=CHUNK):  # type: ignore[assignment]
        cells = {n: row[n] for n in NAMES if row[n]}
        if cells:
            out[rules.MonthKey(row["province_code"], row["month"], row["procedure_code"], row["field_code"])] = cells
    return out


@dataclass
class Difference:
    key: rules.RowKey | rules.MonthKey
    measure: str
    stored: int
    expected: int

    def __str__(self) -> str:
        k = self.key
        if isinstance(k, rules.MonthKey):
            where = f"province {k.province_code}, month {k.month:%Y-%m}, procedure {k.procedure_code} (monthly)"
        else:
            where = (
                f"province {k.province_code}, day {k.day}, receiving agency {k.receiving_agency_id}, "
                f"processing agency {k.processing_agency_id}, procedure {k.procedure_code}"
            )
        return f"{where}: {self.measure} is {self.stored}, the events say {self.expected}"


def _compare(want: dict[Any, dict[str, int]], have: dict[Any, dict[str, int]]) -> list[Difference]:
    out = []
    for key in sorted(set(want) | set(have)):
        a, b = have.get(key, {}), want.get(key, {})
        for measure in NAMES:
            if a.get(measure, 0) != b.get(measure, 0):
                out.append(Difference(key, measure, a.get(measure, 0), b.get(measure, 0)))
    return out


def differences(province: str | None = None, *, progress: bool = False) -> list[Difference]:
    """Every counter cell (daily, then monthly) that differs from the events, in key order."""
    want = expected(province, progress=progress)
    return _compare(want, stored(province)) + _compare(dict(by_month(want)), stored_months(province))


@transaction.atomic
def rebuild(province: str | None = None, *, progress: bool = False) -> int:
    """Replace the counters (of one province, or all) by what the events say; the rows written."""
    want = expected(province, progress=progress)
    for model in (Counter, MonthCounter):
        old = model.objects.all()
        if province:
            old = old.filter(province_code=province)
        old.delete()
    rows = [
        Counter(
            province_code=k.province_code,
            day=k.day,
            receiving_agency_id=k.receiving_agency_id,
            processing_agency_id=k.processing_agency_id,
            procedure_code=k.procedure_code,
            field_code=k.field_code,
            **cells,
        )
        for k, cells in sorted(want.items())
    ]
    Counter.objects.bulk_create(rows, batch_size=1000)
    months = [
        MonthCounter(
            province_code=k.province_code,
            month=k.month,
            procedure_code=k.procedure_code,
            field_code=k.field_code,
            **cells,
        )
        for k, cells in sorted(by_month(want).items())
    ]
    MonthCounter.objects.bulk_create(months, batch_size=1000)
    return len(rows) + len(months)
