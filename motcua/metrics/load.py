"""The load view: open dossiers per place (commune, or provincial agency) and per officer, so an
overloaded commune shows beside its idle neighbours.

Per place the open dossiers come from the counters (`selectors.figures`, grouped by the
processing agency): `open_late + open_within + open_waiting + pending`, as they stand today.
The officers are the active specialists and leaders of the place's agencies (org memberships).
Per officer, the open dossiers in their hands come from the officer counters (`officers`): the
dashboards read no dossier table.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.metrics import selectors
from motcua.metrics.units import AgencyInfo, Unit, agencies
from motcua.org.access import visible_agency_ids

# A place is overloaded at twice the province's open dossiers per officer, idle at half of it
# or less (and with at least one officer: a place with none cannot take work).
OVERLOADED_AT = Decimal(2)
IDLE_AT = Decimal("0.5")
OPEN = selectors.OPEN_MEASURES  # open_late, open_within, open_waiting, pending


# How each state shows: a badge class and its words (one lookup per row, no template include).
BADGES = {
    "overloaded": ("text-bg-danger", gettext_lazy("Quá tải")),
    "idle": ("text-bg-success", gettext_lazy("Còn rảnh")),
    "unstaffed": ("text-bg-warning", gettext_lazy("Không có cán bộ")),
    "normal": ("text-bg-light border", gettext_lazy("Bình thường")),
}


class _Badge:
    state: str

    @property
    def badge_class(self) -> str:
        return BADGES.get(self.state, BADGES["normal"])[0]

    @property
    def badge_label(self) -> str:
        return str(BADGES.get(self.state, BADGES["normal"])[1])


@dataclass
class PlaceLoad(_Badge):
    key: str  # a commune code, or "agency:<id>" for an agency above the communes
    name: str
    open: int
    overdue: int
    officers: int
    per_officer: Decimal | None  # None: open dossiers and nobody to process them
    state: str = "normal"  # overloaded | idle | unstaffed | normal


@dataclass
class OfficerLoad(_Badge):
    user_id: int
    name: str
    agency: str
    place: str
    open: int
    state: str = "normal"  # overloaded | idle | normal


@dataclass
class Load:
    unit: Unit
    places: list[PlaceLoad]
    officers: list[OfficerLoad]
    open: int
    officer_count: int
    average: Decimal | None  # open dossiers per officer over the unit


def _place_of(info: AgencyInfo) -> tuple[str, str]:
    if info.commune_code:
        return info.commune_code, info.commune_name
    return f"agency:{info.id}", info.name


def _unit_agencies(user: Any, unit: Unit) -> dict[int, AgencyInfo]:
    """The unit's agencies in the user's jurisdiction (officers elsewhere are not theirs to see)."""
    known = agencies()
    visible = visible_agency_ids(user)
    if unit.agency_ids is not None:
        ids: set[int] = set(unit.agency_ids)
    elif unit.province_code:
        ids = {i for i, a in known.items() if a.province_code == unit.province_code}
    else:
        ids = set(known)
    if visible is not None:
        ids &= visible
    return {i: known[i] for i in ids if i in known}


def _officer_counts(agency_ids: list[int]) -> dict[int, int]:
    from motcua.org.choices import Role
    from motcua.org.models import Membership

    rows = (
        Membership.objects.filter(agency_id__in=agency_ids, active=True, role__in=[Role.SPECIALIST, Role.LEADER])
        .values("agency_id")
        .annotate(n=Count("user_id", distinct=True))
        .order_by()
    )
    return {row["agency_id"]: row["n"] for row in rows}


def load_for(user: Any, unit: Unit) -> Load:
    """Open dossiers per place and per officer of a province (or a commune) as of today, in the
    user's jurisdiction: its agencies only, the open counters of today scoped by
    `selectors.figures`, the officers' open work from their counters."""
    mine = _unit_agencies(user, unit)
    today = timezone.localdate()
    by_agency = selectors.figures(
        user, unit, selectors.Period(today, today), group="processing_agency_id", by_procedure=False, names=()
    )
    officers_of = _officer_counts(sorted(mine))
    places: dict[str, PlaceLoad] = {}
    for agency_id, info in mine.items():
        counted = by_agency.get(agency_id)
        opened = sum(counted.total(name) for name in OPEN) if counted else 0
        staff = officers_of.get(agency_id, 0)
        if not opened and not staff:
            continue
        key, name = _place_of(info)
        place = places.setdefault(key, PlaceLoad(key, name, 0, 0, 0, None))
        place.open += opened
        place.overdue += counted.total("open_late") if counted else 0
        place.officers += staff
    total_open = sum(p.open for p in places.values())
    total_staff = sum(p.officers for p in places.values())
    average = (Decimal(total_open) / total_staff).quantize(Decimal("0.01")) if total_staff else None
    for place in places.values():
        if place.officers:
            place.per_officer = (Decimal(place.open) / place.officers).quantize(Decimal("0.01"))
        place.state = _state(place.open, place.officers, place.per_officer, average)
    ordered = sorted(
        places.values(),
        key=lambda p: (p.per_officer is not None, -(p.per_officer or 0), -p.open, p.name),
    )
    people = officers(user, unit, mine)
    staff_average = Decimal(sum(o.open for o in people)) / len(people) if people else None
    for person in people:
        person.state = _state(person.open, 1, Decimal(person.open), staff_average)
    return Load(unit, ordered, people, total_open, total_staff, average)


def _state(opened: int, staff: int, per_officer: Decimal | None, average: Decimal | None) -> str:
    if opened and not staff:
        return "unstaffed"
    if average is None or per_officer is None or not average:
        return "normal"
    if opened and per_officer >= OVERLOADED_AT * average:
        return "overloaded"
    if per_officer <= IDLE_AT * average:
        return "idle"
    return "normal"


def officers(user: Any, unit: Unit, mine: dict[int, AgencyInfo] | None = None) -> list[OfficerLoad]:
    """Open dossiers in the hands of each active specialist or leader of the unit's agencies.

    Read from the officer counters (`rules.officer_contributions`: an open dossier counts for
    its assignee and processing agency), only the rows still holding open dossiers (the partial
    index `metrics_officer_open`); the unit's agencies are already limited to the user's
    jurisdiction. Officers with nothing assigned are listed with 0 (they are the idle ones)."""
    from motcua.metrics.models import OFFICER_OPEN_ROWS, OfficerCounter
    from motcua.org.choices import Role
    from motcua.org.models import Membership

    mine = mine if mine is not None else _unit_agencies(user, unit)
    ids = sorted(mine)
    assigned = (
        OfficerCounter.objects.filter(agency_id__in=ids)
        .filter(OFFICER_OPEN_ROWS)
        .values("officer_id", "agency_id")
        .annotate(n=Sum("open_running") + Sum("open_waiting"))
        .order_by()
    )
    counts: dict[tuple[int, int], int] = {(r["officer_id"], r["agency_id"]): int(r["n"]) for r in assigned if r["n"]}
    seen: dict[tuple[int, int], OfficerLoad] = {}
    memberships = (
        Membership.objects.filter(agency_id__in=ids, active=True, role__in=[Role.SPECIALIST, Role.LEADER])
        .select_related("user")
        .order_by("agency_id", "user__full_name", "user_id")
    )
    for m in memberships:
        key = (m.user_id, m.agency_id)
        if key in seen:
            continue
        info = mine[m.agency_id]
        seen[key] = OfficerLoad(m.user_id, str(m.user), info.name, _place_of(info)[1], counts.get(key, 0))
    # Dossiers assigned to someone no longer active there still weigh on the agency.
    for (user_id, agency_id), n in counts.items():
        if (user_id, agency_id) not in seen:
            info = mine[agency_id]
            seen[(user_id, agency_id)] = OfficerLoad(
                user_id, _("Người dùng #%(id)s") % {"id": user_id}, info.name, _place_of(info)[1], n
            )
    return sorted(seen.values(), key=lambda o: (-o.open, o.name))
