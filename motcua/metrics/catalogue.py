"""The catalogue facts the index needs per unit: which procedures the province implements, which
are eligible for full-online, charge a fee, offer online payment, are connected to the
population database, were published on time.

A province that imported its own list (`catalog.ProvinceProcedure`) answers from it; any other
falls back to the national catalogue in force (every procedure of a level the province has), and
the index names which one it used (`source`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from motcua.core import memo
from motcua.metrics.units import Unit

# Facts a province's own list can state; the national fallback knows only some of them.
FACTS = (
    "procedures",
    "full_online_eligible",
    "online_payment",
    "has_fee",
    "connected_population_db",
    "published_on_time",
    "published_on_time_known",
    "public_on_time",
    "public_on_time_known",
    "complete_content",
    "complete_content_known",
)


NATIONAL_KNOWS = frozenset({"procedures", "full_online_eligible", "online_payment", "has_fee"})


@dataclass
class CatalogueFacts:
    source: str
    sets: dict[str, set[str]] = field(default_factory=dict)
    known: frozenset[str] = frozenset(FACTS)

    def knows(self, name: str) -> bool:
        return name in self.known

    def codes(self, name: str) -> set[str]:
        return self.sets.get(name, set())

    def count(self, name: str) -> int:
        return len(self.codes(name))

    @property
    def fee_procedures(self) -> set[str]:
        return self.codes("has_fee")

    @property
    def online_payment(self) -> set[str]:
        return self.codes("online_payment")


def facts_for(unit: Unit, *, fields: list[str] | None = None) -> CatalogueFacts:
    """The unit's province list if it has one, else the national catalogue in force today
    (read once per `core.memo` scope: a dashboard scores many periods of one unit)."""
    key = tuple(sorted(fields)) if fields else ()
    code = unit.province_code
    if code:
        own = memo.remember(("metrics.province_list", code, key), lambda: _province_list(code, fields))
        if own is not None:
            return own
    return memo.remember(("metrics.national_facts", key, timezone.localdate()), lambda: _national(fields))


def _province_list(province_code: str, fields: list[str] | None) -> CatalogueFacts | None:
    return province_lists(fields, province_code).get(province_code)


def province_lists(fields: list[str] | None = None, province_code: str | None = None) -> dict[str, CatalogueFacts]:
    """The facts of every province that has imported its own list (or of one), in one query."""
    from motcua.catalog.models import ProvinceProcedure

    rows = ProvinceProcedure.objects.all()
    if province_code:
        rows = rows.filter(province__code=province_code)
    if fields:
        rows = rows.filter(field__in=fields)
    by_province: dict[str, list[tuple[Any, ...]]] = {}
    for row in rows.values_list(
        "province__code",
        "procedure_code",
        "full_online_eligible",
        "online_payment",
        "has_fee",
        "connected_population_db",
        "published_on_time",
        "public_on_time",
        "complete_content",
    ):
        by_province.setdefault(row[0], []).append(row[1:])
    return {code: _facts_of(listed) for code, listed in by_province.items()}


def _facts_of(listed: list[tuple[Any, ...]]) -> CatalogueFacts:
    sets: dict[str, set[str]] = {name: set() for name in FACTS}
    for code, eligible, payment, fee, population, published, public, complete in listed:
        sets["procedures"].add(code)
        flags: tuple[tuple[str, bool | None], ...] = (
            ("full_online_eligible", eligible),
            ("online_payment", payment),
            ("has_fee", fee),
            ("connected_population_db", population),
        )
        for name, value in flags:
            if value:
                sets[name].add(code)
        known: tuple[tuple[str, bool | None], ...] = (
            ("published_on_time", published),
            ("public_on_time", public),
            ("complete_content", complete),
        )
        for name, value in known:
            if value is not None:
                sets[f"{name}_known"].add(code)
                if value:
                    sets[name].add(code)
    return CatalogueFacts(source="province_list", sets=sets)


def _national(fields: list[str] | None) -> CatalogueFacts:
    from motcua.catalog.models import ProcedureVersion
    from motcua.catalog.selectors import in_force_q

    versions = ProcedureVersion.objects.filter(in_force_q(timezone.localdate())).select_related("procedure", "field")
    if fields:
        versions = versions.filter(field__code__in=fields)
    sets: dict[str, set[str]] = {name: set() for name in FACTS}
    for version in versions.prefetch_related("fees"):
        code = version.procedure.code
        sets["procedures"].add(code)
        if version.online_level == "full":
            sets["full_online_eligible"].add(code)
        if any(f.amount > 0 for f in version.fees.all()):
            sets["has_fee"].add(code)
            if version.online_level == "full":
                sets["online_payment"].add(code)  # a full-online procedure takes its fee online
    return CatalogueFacts(source="national_catalogue", sets=sets, known=NATIONAL_KNOWS)


def describe(facts: CatalogueFacts) -> dict[str, Any]:
    return {"source": facts.source, **{name: facts.count(name) for name in FACTS}}
