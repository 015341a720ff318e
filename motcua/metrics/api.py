"""Figures endpoints: the Decision 766 indicators and index, what lost points, reports.

All of them scoped by the user's jurisdiction (`motcua.metrics.units.scope_q`): a unit outside
it counts only the dossiers the user may see — for most users, none.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema

from motcua.core.apiauth import staff_auth
from motcua.core.schemas import ErrorOut
from motcua.metrics import exports, lost, selectors
from motcua.metrics.models import Indicator
from motcua.metrics.units import parse_unit

router = Router(tags=["metrics"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut, 503: ErrorOut}


class IndicatorOut(Schema):
    code: str
    group: int = Field(
        description="1 transparency, 2 progress, 3 online services, 4 digitisation, 5 satisfaction, 6 payment"
    )
    name: str
    max_points: Decimal
    formula: str = Field(description="rate | rate_capped | payment")
    numerator: str
    denominator: str
    params: dict[str, Any]


class IndicatorList(Schema):
    items: list[IndicatorOut]


class ScoreOut(Schema):
    code: str
    name: str
    score: Decimal
    max_points: Decimal
    numerator: Decimal
    denominator: Decimal
    formula: str
    source: str = Field(
        description=(
            "counters, counters:no_case, counters+catalogue:<list>, catalogue:<list>, recorded:<source> or no_data"
        )
    )
    basis: str = Field(description="formula, empty_full (the rule's full points without a case) or empty_zero")
    parts: dict[str, list[Decimal]] = Field(default_factory=dict, description="A, B, C of indicator 6")


class GroupOut(Schema):
    group: int
    name: str
    score: Decimal
    max_points: Decimal
    indicators: list[ScoreOut]


class IndexOut(Schema):
    unit: str
    unit_name: str
    from_: date = Field(alias="from")
    to: date
    fields: list[str]
    reading: str
    total: Decimal
    grade: str = Field(description="excellent (≥ 90), good (80–<90), fair (70–<80), average (50–<70), weak (< 50)")
    grade_label: str
    groups: list[GroupOut]
    open_as_of: date


class LostOut(Schema):
    kind: str
    id: int | None
    code: str
    procedure_code: str
    reason: str
    reason_code: str
    late_seconds: int | None
    url: str


class LostList(Schema):
    indicator: str
    items: list[LostOut]
    count: int
    next_cursor: str | None


class ReportRowOut(Schema):
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
    late: int
    waiting: int


class ReportOut(Schema):
    unit: str
    unit_name: str
    from_: date = Field(alias="from")
    to: date
    group_by: str
    reading: str
    items: list[ReportRowOut]
    totals: ReportRowOut


class IndexQuery(Schema):
    unit: str = Field("country", description="country | province:<code> | commune:<code> | agency:<id>")
    from_: date | None = Field(None, alias="from", description="first day (default: 1 January of the year of `to`)")
    to: date | None = Field(None, description="last day (default: today)")
    field: str | None = Field(None, description="a field code, or several separated by commas (a sector)")
    reading: str = Field("766", description="766 (Decision 766, default) or 118 (Decree 118 appointment)")
    format: str | None = Field(None, description="xlsx or pdf for a file instead of JSON")


class ReportQuery(IndexQuery):
    group_by: str = Field(
        "province", description="province | commune | agency | receiving | field | procedure | officer"
    )


def _fields(text: str | None) -> list[str] | None:
    return [f.strip() for f in text.split(",") if f.strip()] if text else None


@router.get("/metrics/indicators", response={200: IndicatorList, 401: ErrorOut}, auth=staff_auth)
def indicators(request: HttpRequest) -> Any:
    return {
        "items": [
            {
                "code": i.code,
                "group": i.group,
                "name": selectors.indicator_name(i),
                "max_points": i.max_points,
                "formula": i.formula,
                "numerator": i.numerator,
                "denominator": i.denominator,
                "params": i.params or {},
            }
            for i in Indicator.objects.order_by("group", "position", "code")
        ]
    }


@router.get("/metrics/index", response={200: IndexOut, **ERRORS}, auth=staff_auth, by_alias=True)
def index(request: HttpRequest, q: Query[IndexQuery]) -> Any:
    answer = selectors.index_for(
        request.user, unit=q.unit, start=q.from_, end=q.to, fields=_fields(q.field), reading=q.reading
    )
    if q.format:
        return exports.index_file(request, answer, q.format)
    return exports.index_data(answer)


class LostQuery(Schema):
    unit: str = Field("country", description="country | province:<code> | commune:<code> | agency:<id>")
    from_: date | None = Field(None, alias="from")
    to: date | None = None
    cursor: str | None = None
    limit: int = 50


@router.get("/metrics/index/{code}/lost", response={200: LostList, **ERRORS}, auth=staff_auth)
def index_lost(request: HttpRequest, code: str, q: Query[LostQuery]) -> Any:
    indicator, items, count, next_cursor = lost.lost_for(
        request.user,
        code,
        unit=parse_unit(q.unit),
        period=selectors.Period.parse(q.from_, q.to),
        cursor=q.cursor,
        limit=q.limit,
    )
    return {"indicator": indicator.code, "items": items, "count": count, "next_cursor": next_cursor}


@router.get("/metrics/report", response={200: ReportOut, **ERRORS}, auth=staff_auth, by_alias=True)
def report(request: HttpRequest, q: Query[ReportQuery]) -> HttpResponse | Any:
    the_unit, period, rows = selectors.report(
        request.user,
        unit=q.unit,
        start=q.from_,
        end=q.to,
        group_by=q.group_by,
        fields=_fields(q.field),
        reading=q.reading,
    )
    data = exports.report_data(the_unit, period, q.group_by, q.reading, rows)
    if q.format:
        return exports.report_file(request, data, q.format)
    return data
