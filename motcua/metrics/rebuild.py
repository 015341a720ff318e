"""Recompute the counters from the events: `motcua metrics rebuild` and `motcua metrics verify`.

Each dossier's events are folded in order (`data["changes"]`, as `motcua.dossiers.replay`
does) into its state, whose contributions (`rules.contributions`) are summed — the same sum
the actions keep one change at a time. Reads stream in primary-key order in chunks.
"""

from __future__ import annotations

from collections import Counter as Tally
from collections.abc import Iterator
from dataclasses import asdict, astuple, dataclass
from typing import Any

from django.db import transaction

from motcua.core.setup import progress_iter
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.metrics import rules
from motcua.metrics.counting import DAILY, MONTHLY, OFFICERS, Delta, Table, by_month
from motcua.metrics.models import Counter, MonthCounter, OfficerCounter

CHUNK = 2000


def _states(province: str | None, *, progress: bool) -> Iterator[dict[str, Any]]:
    dossiers = Dossier.objects.order_by("pk")
    if province:
        dossiers = dossiers.filter(province_code=province)
    fixed = rules.ROW_FIELDS
    total = dossiers.count()
    last = 0
    bar = iter(progress_iter(range(total), enabled=progress, desc="dossiers", total=total))
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


def expected(province: str | None = None, *, progress: bool = False) -> Delta:
    """The counters as the events say they are (zero cells left out): daily and per officer."""
    daily: Tally[tuple[rules.RowKey, str]] = Tally()
    officers: Tally[tuple[rules.OfficerKey, str]] = Tally()
    for state in _states(province, progress=progress):
        daily.update(rules.contributions(state))
        officers.update(rules.officer_contributions(state))
    return Delta(rules._rows(daily, Tally()), rules._rows(officers, Tally()))


def _stored(table: Table, province: str | None) -> dict[Any, dict[str, int]]:
    rows = table.model.objects.all()  # type: ignore[attr-defined]
    if province:
        rows = rows.filter(province_code=province)
    key_type = KEY_TYPES[table.model]
    out: dict[Any, dict[str, int]] = {}
    for row in rows.values().iterator(chunk_size=CHUNK):
        cells = {n: row[n] for n in table.measures if row[n]}
        if cells:
            out[key_type(*(row[k] for k in table.keys))] = cells
    return out


def stored(province: str | None = None) -> dict[rules.RowKey, dict[str, int]]:
    """The daily counters' non-zero cells."""
    return _stored(DAILY, province)


KEY_TYPES: dict[type[Any], type[Any]] = {
    Counter: rules.RowKey,
    MonthCounter: rules.MonthKey,
    OfficerCounter: rules.OfficerKey,
}


@dataclass
class Difference:
    table: str
    key: Any
    measure: str
    stored: int
    expected: int

    def __str__(self) -> str:
        where = ", ".join(f"{name} {value}" for name, value in asdict(self.key).items())
        return f"{self.table} ({where}): {self.measure} is {self.stored}, the events say {self.expected}"


def differences(province: str | None = None, *, progress: bool = False) -> list[Difference]:
    """Every counter cell (daily, monthly, per officer) that differs from the events, in key order."""
    want = expected(province, progress=progress)
    out = []
    tables: tuple[tuple[Table, dict[Any, dict[str, int]]], ...] = (
        (DAILY, dict(want.daily)),
        (MONTHLY, dict(by_month(want.daily))),
        (OFFICERS, dict(want.officers)),
    )
    for table, cells in tables:
        have = _stored(table, province)
        for key in sorted(set(cells) | set(have)):
            a, b = have.get(key, {}), cells.get(key, {})
            for measure in table.measures:
                if a.get(measure, 0) != b.get(measure, 0):
                    label = str(table.model._meta.verbose_name)
                    out.append(Difference(label, key, measure, a.get(measure, 0), b.get(measure, 0)))
    return out


@transaction.atomic
def rebuild(province: str | None = None, *, progress: bool = False) -> int:
    """Replace the counters (of one province, or all) by what the events say; the rows written."""
    want = expected(province, progress=progress)
    written = 0
    tables: tuple[tuple[Table, dict[Any, dict[str, int]]], ...] = (
        (DAILY, dict(want.daily)),
        (MONTHLY, dict(by_month(want.daily))),
        (OFFICERS, dict(want.officers)),
    )
    for table, cells in tables:
        model: Any = table.model
        old = model.objects.all()
        if province:
            old = old.filter(province_code=province)
        old.delete()
        objs = [
            model(**dict(zip(table.keys, astuple(key), strict=True)), **values) for key, values in sorted(cells.items())
        ]
        model.objects.bulk_create(objs, batch_size=1000)
        written += len(objs)
    return written
