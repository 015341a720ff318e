"""Reads of the figures: the Decision 766 index, the operational reports and what lost points.

Everything here reads the counters (plus the indicator table, recorded values and the
province's catalogue), never the dossier table — except the drill-down, which lists dossiers
through `Dossier.objects.visible_to` with an indexed filter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from motcua.core import memo
from motcua.core.errors import DomainError
from motcua.metrics import rules
from motcua.metrics.measures import NAMES
from motcua.metrics.models import OPEN_ROWS, Counter, Indicator, MonthCounter, OfficerCounter, RecordedValue
from motcua.metrics.units import Unit, agencies, parse_unit, scope_of, scope_q

OPEN_MEASURES = ("open_late", "open_within", "open_waiting", "pending")
GROUPS = {
    1: (gettext_lazy("Công khai, minh bạch"), "Transparency"),
    2: (gettext_lazy("Tiến độ giải quyết"), "Progress"),
    3: (gettext_lazy("Dịch vụ công trực tuyến"), "Online services"),
    4: (gettext_lazy("Số hóa hồ sơ"), "Digitisation"),
    5: (gettext_lazy("Mức độ hài lòng"), "Satisfaction"),
    6: (gettext_lazy("Thanh toán trực tuyến"), "Online payment"),
}


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @classmethod
    def parse(cls, start: date | None, end: date | None, *, today: date | None = None) -> Period:
        today = today or timezone.localdate()
        end = end or today
        start = start or date(end.year, 1, 1)
        if start > end:
            raise DomainError(
                _("Ngày bắt đầu phải trước ngày kết thúc."),
                code="invalid_period",
                errors=[{"field": "from", "message": _("sau ngày kết thúc")}],
            )
        return cls(start, end)


@dataclass
class Figures:
    """Sums of the measures for a unit and period, by procedure code. Open dossiers are counted
    as they stand today (`open_late`: due before today)."""

    by_procedure: dict[str, dict[str, int]] = field(default_factory=dict)
    today: date | None = None

    def total(self, name: str, codes: set[str] | None = None) -> int:
        return sum(v.get(name, 0) for code, v in self.by_procedure.items() if codes is None or code in codes)

    def value(self, expression: str, codes: set[str] | None = None) -> int:
        """`a+b-c` over measures (and the open figures)."""
        return sum(sign * self.total(name, codes) for sign, name in terms(expression))


def terms(expression: str) -> list[tuple[int, str]]:
    """The signed measure names of `a+b-c`: [(1, "a"), (1, "b"), (-1, "c")]."""
    out, sign, term = [], 1, ""
    for char in expression + "+":
        if char in "+-":
            if term.strip():
                out.append((sign, term.strip()))
            sign, term = (1 if char == "+" else -1), ""
        else:
            term += char
    return out


def counters_for(user: Any, unit: Unit, fields: list[str] | None = None) -> QuerySet[Counter]:
    return _scoped(Counter.objects.all(), user, unit, fields)


def _scoped(query: QuerySet[Any], user: Any, unit: Unit, fields: list[str] | None) -> QuerySet[Any]:
    """Daily or monthly counter rows of the unit (and fields) that the user's jurisdiction covers:
    both tables key their rows by province, receiving and processing agency."""
    query = query.filter(unit.q())
    scope = scope_q(user)
    if scope is not None:
        query = query.filter(scope)
    if fields:
        query = query.filter(field_code__in=fields)
    return query


MONTHLY_GROUPS = {"procedure_code", "province_code", "field_code", "receiving_agency_id", "processing_agency_id"}


def whole_months(period: Period) -> tuple[list[date], list[tuple[date, date]]]:
    """The months lying wholly inside the period (their first days) and the days left at its
    edges, as (first, last) ranges."""
    months: list[date] = []
    first = period.start if period.start.day == 1 else _next_month(period.start)
    while _next_month(first) - timedelta(days=1) <= period.end:
        months.append(first)
        first = _next_month(first)
    if not months:
        return [], [(period.start, period.end)]
    edges = []
    if period.start < months[0]:
        edges.append((period.start, months[0] - timedelta(days=1)))
    after = _next_month(months[-1])
    if after <= period.end:
        edges.append((after, period.end))
    return months, edges


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _flow_rows(
    user: Any,
    unit: Unit,
    period: Period,
    fields: list[str] | None,
    keys: list[str],
    names: tuple[str, ...] = NAMES,
) -> list[dict[str, Any]]:
    """Sums of the measures `names` in the period by `keys`: whole months from `MonthCounter`,
    the days at the period's edges from the daily counters."""
    months, edges = whole_months(period)
    monthly = bool(months) and set(keys) <= MONTHLY_GROUPS
    rows: list[dict[str, Any]] = []
    if monthly:
        query = _scoped(MonthCounter.objects.filter(month__in=months), user, unit, fields)
        rows += list(query.values(*keys).annotate(**_sums(names)).order_by())
        ranges = edges
    else:
        ranges = [(period.start, period.end)]
    if ranges:
        within = Q()
        for first, last in ranges:
            within |= Q(day__gte=first, day__lte=last)
        daily = counters_for(user, unit, fields).filter(within)
        rows += list(daily.values(*keys).annotate(**_sums(names)).order_by())
    return rows


# The whole procedure, when a caller needs only the group's totals (`figures(by_procedure=False)`).
ALL_PROCEDURES = "*"


def figures(
    user: Any,
    unit: Unit,
    period: Period,
    *,
    fields: list[str] | None = None,
    group: str = "procedure_code",
    by_procedure: bool = True,
    names: tuple[str, ...] = NAMES,
) -> dict[Any, Figures]:
    """The unit's figures in the period, by `group` (a counter column) and procedure — or, with
    `by_procedure=False`, the group's totals under `ALL_PROCEDURES` (a report's rows); only the
    flow measures `names` are summed (the open figures of today always are)."""
    today = timezone.localdate()
    base = counters_for(user, unit, fields)
    out: dict[Any, Figures] = {}
    keys = [group] if group == "procedure_code" or not by_procedure else [group, "procedure_code"]
    for row in _flow_rows(user, unit, period, fields, keys, names) if names else ():
        figures_of = out.setdefault(row[group], Figures(today=today))
        code = row.get("procedure_code", ALL_PROCEDURES)
        cells = figures_of.by_procedure.setdefault(code, {n: 0 for n in NAMES})
        for n in names:
            cells[n] += int(row[n] or 0)
    _add_open(out, base, keys, group, today)
    return out


def _add_open(out: dict[Any, Figures], base: QuerySet[Counter], keys: list[str], group: str, today: date) -> None:
    """Open dossiers as they stand today, into `out` by `group` and procedure."""
    still_open = base.filter(OPEN_ROWS)
    opened = still_open.values(*keys).annotate(
        open_late=Sum("open_running", filter=Q(day__lt=today)),
        open_within=Sum("open_running", filter=Q(day__gte=today)),
        open_waiting_now=Sum("open_waiting"),
        pending_now=Sum("pending"),
    )
    for row in opened.order_by():
        figures_of = out.setdefault(row[group], Figures(today=today))
        code = row.get("procedure_code", ALL_PROCEDURES)
        cells = figures_of.by_procedure.setdefault(code, {n: 0 for n in NAMES})
        cells["open_late"] = int(row["open_late"] or 0)
        cells["open_within"] = int(row["open_within"] or 0)
        # Flows of the period keep `open_waiting`/`pending` as counted on their day; the index
        # uses the figures of today.
        cells["open_waiting"] = int(row["open_waiting_now"] or 0)
        cells["pending"] = int(row["pending_now"] or 0)


def _sums(names: tuple[str, ...]) -> dict[str, Sum]:
    return {n: Sum(n) for n in names}


# --- the index --------------------------------------------------------------------------------


@dataclass
class IndicatorScore:
    code: str
    group: int
    name: str
    max_points: Decimal
    formula: str
    numerator: Decimal
    denominator: Decimal
    score: Decimal
    source: str
    basis: str  # formula | empty_full | empty_zero
    parts: dict[str, list[Decimal]] = field(default_factory=dict)


@dataclass
class IndexAnswer:
    unit: Unit
    period: Period
    fields: list[str]
    reading: str
    total: Decimal
    grade: str
    groups: list[dict[str, Any]]
    indicators: list[IndicatorScore]
    open_as_of: date


def indicator_name(indicator: Indicator) -> str:
    return indicator.name_en if (get_language() or "vi").startswith("en") and indicator.name_en else indicator.name_vi


def index_for(
    user: Any,
    *,
    unit: str | Unit | None = None,
    start: date | None = None,
    end: date | None = None,
    fields: list[str] | None = None,
    reading: str = "766",
) -> IndexAnswer:
    """The Decision 766 index of a unit for a period (and fields): every indicator with its
    numerator, denominator, score and source; group totals; total; grade."""
    from motcua.metrics import catalogue

    _check_reading(reading)
    the_unit = unit if isinstance(unit, Unit) else parse_unit(unit)
    period = Period.parse(start, end)
    indicators = _indicators()
    names = _measures_of(indicators, reading)
    counted = _merged(figures(user, the_unit, period, fields=fields, names=names))
    facts = catalogue.facts_for(the_unit, fields=fields)
    recorded = _Recorded(period)
    return _answer(the_unit, period, fields, reading, counted, facts, indicators, recorded)


def indexes_by_province(
    user: Any,
    *,
    start: date | None = None,
    end: date | None = None,
    fields: list[str] | None = None,
    reading: str = "766",
) -> dict[str, IndexAnswer]:
    """The index of every province in the user's scope, as `index_for` gives each, read in one
    pass: the counters grouped by province, the indicators, recorded values and the national
    catalogue once (the ranking of the 34 provinces, the national dashboard and map)."""
    from motcua.geo.models import Province
    from motcua.metrics import catalogue

    _check_reading(reading)
    period = Period.parse(start, end)
    country = parse_unit("country")
    indicators, recorded = _indicators(), _Recorded(period)
    by_province = figures(
        user, country, period, fields=fields, group="province_code", names=_measures_of(indicators, reading)
    )
    lists = catalogue.province_lists(fields)
    national: Any = None
    scope = scope_of(user)
    if scope.everything:
        mine = None
    else:
        known = agencies()
        mine = set(scope.provinces) | {known[i].province_code for i in scope.agency_ids if i in known}
    out: dict[str, IndexAnswer] = {}
    for province in Province.objects.order_by("code"):
        if mine is not None and province.code not in mine:
            continue
        unit = Unit("province", province.code, province.name, province.code, None)
        facts = lists.get(province.code)
        if facts is None:
            national = national or catalogue.facts_for(country, fields=fields)
            facts = national
        counted = _merged({province.code: by_province[province.code]} if province.code in by_province else {})
        out[province.code] = _answer(unit, period, fields, reading, counted, facts, indicators, recorded)
    return out


def index_trend(
    user: Any,
    *,
    unit: str | Unit | None = None,
    months: list[tuple[date, date]],
    fields: list[str] | None = None,
    reading: str = "766",
) -> list[IndexAnswer]:
    """The index of a unit for each of the periods `months` (the dashboards' trend), as
    `index_for` gives each: whole months read from the monthly counters in one query, the
    open dossiers of today once; a partial month goes through `figures`."""
    from motcua.metrics import catalogue

    _check_reading(reading)
    the_unit = unit if isinstance(unit, Unit) else parse_unit(unit)
    periods = [Period.parse(first, last) for first, last in months]
    if not periods:
        return []
    today = timezone.localdate()
    whole = {p.start for p in periods if whole_months(p) == ([p.start], [])}
    indicators = _indicators()
    names = _measures_of(indicators, reading)
    flows: dict[date, dict[str, dict[str, int]]] = {}
    if whole:
        query = _scoped(MonthCounter.objects.filter(month__in=sorted(whole)), user, the_unit, fields)
        for row in query.values("month", "procedure_code").annotate(**_sums(names)).order_by():
            cells = {n: 0 for n in NAMES}
            cells.update({n: int(row[n] or 0) for n in names})
            flows.setdefault(row["month"], {})[row["procedure_code"]] = cells
    opened: dict[Any, Figures] = {}
    if whole:
        _add_open(opened, counters_for(user, the_unit, fields), ["procedure_code"], "procedure_code", today)
    open_cells = {code: f.by_procedure[code] for code, f in opened.items()}
    facts = catalogue.facts_for(the_unit, fields=fields)
    recorded = _Recorded(periods)
    out = []
    for period in periods:
        if period.start in whole:
            counted = Figures(today=today)
            for code, cells in flows.get(period.start, {}).items():
                counted.by_procedure[code] = dict(cells)
            for code, cells in open_cells.items():
                mine = counted.by_procedure.setdefault(code, {n: 0 for n in NAMES})
                for name in ("open_late", "open_within", "open_waiting", "pending"):
                    mine[name] = cells[name]
        else:
            counted = _merged(figures(user, the_unit, period, fields=fields, names=names))
        out.append(_answer(the_unit, period, fields, reading, counted, facts, indicators, recorded))
    return out


def _measures_of(indicators: list[Indicator], reading: str) -> tuple[str, ...]:
    """The flow measures the indicators read (their `counter:` expressions, the payment parts),
    so the index sums those and not every column."""
    needed = {"received", "paid_online", "paid_counter"}
    for indicator in indicators:
        for expression in (indicator.numerator, indicator.denominator):
            if expression.startswith("counter:"):
                needed |= {name for _sign, name in terms(_reading(expression[8:], reading))}
    return tuple(n for n in NAMES if n in needed)


def _check_reading(reading: str) -> None:
    if reading not in {"766", "118"}:
        raise DomainError(_("Cách đọc thời hạn phải là 766 hoặc 118."), code="invalid_reading")


def _indicators() -> list[Indicator]:
    return memo.remember(
        "metrics.indicators", lambda: list(Indicator.objects.all().order_by("group", "position", "code"))
    )


class _Recorded:
    """Recorded values covering one or more periods, read in one query: for a period, per
    (indicator, province or "" for the country), the covering value that starts latest."""

    def __init__(self, periods: Period | list[Period]) -> None:
        wanted = periods if isinstance(periods, list) else [periods]
        first, last = min(p.start for p in wanted), max(p.end for p in wanted)
        rows = RecordedValue.objects.filter(period_from__lte=last, period_to__gte=first)
        self.values = list(rows.order_by("period_from", "pk"))

    def get(self, indicator: Indicator, unit: Unit, period: Period) -> RecordedValue | None:
        province = unit.province_code or ""
        best = None
        for value in self.values:
            if (
                value.indicator_id == indicator.pk
                and value.province_code == province
                and value.period_from <= period.start
                and value.period_to >= period.end
            ):
                best = value
        return best


def _answer(
    unit: Unit,
    period: Period,
    fields: list[str] | None,
    reading: str,
    counted: Figures,
    facts: Any,
    indicators: list[Indicator],
    recorded: _Recorded,
) -> IndexAnswer:
    scores = [_score(indicator, counted, facts, unit, period, reading, recorded) for indicator in indicators]
    groups: list[dict[str, Any]] = []
    for number, (name_vi, name_en) in GROUPS.items():
        mine = [s for s in scores if s.group == number]
        groups.append(
            {
                "group": number,
                "name": name_en if (get_language() or "vi").startswith("en") else str(name_vi),
                "score": sum((s.score for s in mine), Decimal(0)),
                "max_points": sum((s.max_points for s in mine), Decimal(0)),
                "indicators": mine,
            }
        )
    total: Decimal = sum((s.score for s in scores), Decimal(0))
    return IndexAnswer(
        unit=unit,
        period=period,
        fields=fields or [],
        reading=reading,
        total=total,
        grade=rules.grade(total),
        groups=groups,
        indicators=scores,
        open_as_of=counted.today or timezone.localdate(),
    )


def _merged(by_group: dict[Any, Figures]) -> Figures:
    out = Figures(today=timezone.localdate())
    for figures_of in by_group.values():
        for code, cells in figures_of.by_procedure.items():
            mine = out.by_procedure.setdefault(code, {})
            for name, n in cells.items():
                mine[name] = mine.get(name, 0) + n
    return out


def _score(
    indicator: Indicator,
    counted: Figures,
    facts: Any,
    unit: Unit,
    period: Period,
    reading: str,
    recorded_values: _Recorded,
) -> IndicatorScore:
    params = indicator.params or {}
    parts: dict[str, tuple[Decimal, Decimal]] = {}
    numerator = denominator = Decimal(0)
    source = "counters"
    if indicator.formula == "payment":
        fee_codes = facts.fee_procedures
        with_dossiers = {code for code in fee_codes if counted.total("received", {code}) > 0}
        parts = {
            "A": (
                Decimal(counted.total("paid_online")),
                Decimal(counted.total("paid_online") + counted.total("paid_counter")),
            ),
            "B": (Decimal(len(facts.online_payment & fee_codes)), Decimal(len(fee_codes))),
            "C": (Decimal(len(with_dossiers)), Decimal(len(fee_codes))),
        }
        numerator, denominator = parts["A"]
        source = f"counters+catalogue:{facts.source}"
    else:
        recorded = recorded_values.get(indicator, unit, period)
        if indicator.numerator == "recorded":
            source = "recorded"
            if recorded is not None:
                numerator, denominator = recorded.numerator, recorded.denominator
                source = f"recorded:{recorded.source}"
            else:
                source = "no_data"
        elif indicator.numerator.startswith("catalogue:"):
            fact = indicator.numerator[10:]
            if facts.knows(fact):
                numerator, denominator = facts.count(fact), facts.count(indicator.denominator[10:])
            source = f"catalogue:{facts.source}" if facts.knows(fact) and denominator else "no_data"
        else:
            num = _reading(indicator.numerator[8:], reading)
            den = _reading(indicator.denominator[8:], reading)
            codes = facts.codes(params["procedures"]) if params.get("procedures") else None
            numerator, denominator = Decimal(counted.value(num, codes)), Decimal(counted.value(den, codes))
            if codes is not None:
                source = f"counters+catalogue:{facts.source}"
    points, basis = rules.score(indicator.formula, indicator.max_points, numerator, denominator, params, parts)
    if basis != "formula" and source == "counters":
        source = "counters:no_case"
    return IndicatorScore(
        code=indicator.code,
        group=indicator.group,
        name=indicator_name(indicator),
        max_points=indicator.max_points,
        formula=indicator.formula,
        numerator=numerator,
        denominator=denominator,
        score=points,
        source=source,
        basis=basis,
        parts={k: [a, b] for k, (a, b) in parts.items()},
    )


def _reading(expression: str, reading: str) -> str:
    return expression.replace("_766", "_118") if reading == "118" else expression


# --- operational reports -----------------------------------------------------------------------

GROUP_BY = ("province", "commune", "agency", "receiving", "field", "procedure", "officer")


@dataclass
class ReportRow:
    key: str
    name: str
    received: int
    processed: int
    on_time: int
    on_time_rate: float | None
    online: int
    online_rate: float | None
    overdue: int
    in_progress: int
    late: int = 0
    waiting: int = 0


def report(
    user: Any,
    *,
    unit: str | Unit | None = None,
    start: date | None = None,
    end: date | None = None,
    group_by: str = "province",
    fields: list[str] | None = None,
    reading: str = "766",
) -> tuple[Unit, Period, list[ReportRow]]:
    """Received, processed, on time, online, overdue and in progress per group.

    `commune` groups by the receiving centre's commune (dossiers received at a provincial
    centre form their own row); `agency` by the processing agency; `receiving` by the receiving
    centre. Flows are of the period; in progress and overdue are as of today."""
    if group_by not in GROUP_BY:
        raise DomainError(
            _("Nhóm theo một trong: %(choices)s.") % {"choices": ", ".join(GROUP_BY)},
            code="invalid_group_by",
            errors=[{"field": "group_by", "message": _("không hợp lệ")}],
        )
    the_unit = unit if isinstance(unit, Unit) else parse_unit(unit)
    period = Period.parse(start, end)
    if group_by == "officer":
        return the_unit, period, _officer_rows(user, the_unit, period, reading)
    column = {
        "province": "province_code",
        "commune": "receiving_agency_id",
        "receiving": "receiving_agency_id",
        "agency": "processing_agency_id",
        "field": "field_code",
        "procedure": "procedure_code",
    }[group_by]
    on_time = "on_time_118" if reading == "118" else "on_time_766"
    late = "late_118" if reading == "118" else "late_766"
    flows = ("finished", "received", "received_online", on_time, late)
    by_key = figures(user, the_unit, period, fields=fields, group=column, by_procedure=False, names=flows)
    folded: dict[str, tuple[str, Figures]] = {}
    known = agencies()
    with memo.scope():
        for raw_key, figures_of in by_key.items():
            key, name = _label(group_by, raw_key, known)
            if key in folded:
                folded[key] = (name, _merged({0: folded[key][1], 1: figures_of}))
            else:
                folded[key] = (name, figures_of)
    out = []
    for key, (name, f) in folded.items():
        processed = f.total("finished")
        received = f.total("received")
        online = f.total("received_online")
        in_time = f.total(on_time)
        out.append(
            ReportRow(
                key=key,
                name=name,
                received=received,
                processed=processed,
                on_time=in_time,
                on_time_rate=round(100 * in_time / processed, 2) if processed else None,
                online=online,
                online_rate=round(100 * online / received, 2) if received else None,
                overdue=f.total("open_late"),
                in_progress=f.total("open_late") + f.total("open_within") + f.total("open_waiting"),
                late=f.total(late),
                waiting=f.total("open_waiting"),
            )
        )
    out.sort(key=lambda r: (-r.received, r.key))
    return the_unit, period, out


def _label(group_by: str, raw: Any, known: dict[int, Any]) -> tuple[str, str]:
    if group_by == "province":
        return str(raw), _names("province").get(str(raw), str(raw))
    if group_by in {"commune", "receiving", "agency"}:
        info = known.get(int(raw))
        if info is None:
            return str(raw), str(raw)
        if group_by == "commune":
            if not info.commune_code:
                return f"province:{info.province_code}", _("Trung tâm cấp tỉnh") + f" ({info.province_code})"
            return info.commune_code, info.commune_name
        return str(info.id), info.name
    return str(raw), _names(group_by).get(str(raw), str(raw))


def _names(kind: str) -> dict[str, str]:
    """Display names of provinces, fields or procedures by code, read once per report."""
    from motcua.catalog.models import Field, ProcedureVersion
    from motcua.geo.models import Province

    def load() -> dict[str, str]:
        if kind == "province":
            return dict(Province.objects.values_list("code", "name"))
        if kind == "field":
            return dict(Field.objects.values_list("code", "name"))
        latest: dict[str, str] = {}
        for code, name in ProcedureVersion.objects.order_by("number").values_list("procedure__code", "name"):
            latest[code] = name
        return latest

    return memo.remember(("metrics_names", kind), load)


def _officer_rows(user: Any, unit: Unit, period: Period, reading: str) -> list[ReportRow]:
    """The report by officer, from `OfficerCounter`: dossiers received at their counter and
    decided by them in the period; open in their hands (and overdue) today."""
    from motcua.org.models import User

    scope = scope_of(user)
    query = OfficerCounter.objects.all()
    if unit.province_code:
        query = query.filter(province_code=unit.province_code)
    if unit.agency_ids is not None:
        query = query.filter(agency_id__in=sorted(unit.agency_ids))
    if not scope.everything:
        query = query.filter(Q(province_code__in=scope.provinces) | Q(agency_id__in=list(scope.agency_ids)))
    today = timezone.localdate()
    in_period = Q(day__gte=period.start, day__lte=period.end)
    suffix = "118" if reading == "118" else "766"
    rows = (
        query.values("officer_id")
        .annotate(
            received=Sum("received", filter=in_period),
            processed=Sum("finished", filter=in_period),
            on_time=Sum(f"on_time_{suffix}", filter=in_period),
            late=Sum(f"late_{suffix}", filter=in_period),
            overdue=Sum("open_running", filter=Q(day__lt=today)),
            running=Sum("open_running"),
            waiting=Sum("open_waiting"),
        )
        .order_by()
    )
    names = {u.pk: str(u) for u in User.objects.filter(pk__in=[r["officer_id"] for r in rows])}
    out = []
    for r in rows:
        processed = int(r["processed"] or 0)
        on_time = int(r["on_time"] or 0)
        waiting = int(r["waiting"] or 0)
        out.append(
            ReportRow(
                key=str(r["officer_id"]),
                name=names.get(r["officer_id"], str(r["officer_id"])),
                received=int(r["received"] or 0),
                processed=processed,
                on_time=on_time,
                on_time_rate=round(100 * on_time / processed, 2) if processed else None,
                online=0,
                online_rate=None,
                overdue=int(r["overdue"] or 0),
                in_progress=int(r["running"] or 0) + waiting,
                late=int(r["late"] or 0),
                waiting=waiting,
            )
        )
    out = [r for r in out if r.received or r.processed or r.in_progress]
    out.sort(key=lambda r: (-(r.received + r.processed + r.in_progress), r.key))
    return out
