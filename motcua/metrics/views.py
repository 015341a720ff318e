"""Dashboards of the Decision 766 index and the operational figures: the country, a province, a
commune; what lost points on an indicator; the index and report as Excel or PDF.

Views parse the period form, call the selectors (`selectors.index_for`, `index_trend`,
`indexes_by_province`, `report`, `load.load_for`) and render. They never read the dossier table,
except for the drill-down's list of dossiers (`lost.lost_for`). Figures are scoped by the
user's jurisdiction inside the selectors; a unit the user has no agency in is a 404.
"""

from __future__ import annotations

import calendar
import json
from collections.abc import Callable
from datetime import date
from functools import lru_cache, wraps
from pathlib import Path
from typing import Any

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from motcua.core import memo
from motcua.core.errors import DomainError, NotFound
from motcua.core.permissions import signed_in
from motcua.metrics import exports, load, lost, selectors
from motcua.metrics.brief import source_label
from motcua.metrics.exports import grade_label
from motcua.metrics.units import Unit, agencies, parse_unit
from motcua.org.access import has_nationwide_scope, visible_agency_ids

View = Callable[..., HttpResponseBase]
TILE_GRID = Path(__file__).resolve().parent / "data" / "tile-grid-34.json"
MAX_TREND_MONTHS = 24


def page(view: View) -> View:
    """Signed-in users only; a unit out of scope (NotFound) is a 404; a bad period or unit shows
    the message on the page. The catalogue facts and indicators are read once per page
    (`core.memo`), however many periods and units it scores."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            with memo.scope():
                return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(str(exc.message)) from exc
        except DomainError as exc:
            message = " ".join([str(exc.message), *[str(e["message"]) for e in exc.errors]])
            return render(request, "metrics/error.html", {"message": message}, status=exc.status)

    return wrapper


# --- the period -----------------------------------------------------------------------------------

PERIOD_KINDS = (
    ("year", gettext_lazy("Năm")),
    ("quarter", gettext_lazy("Quý")),
    ("month", gettext_lazy("Tháng")),
    ("custom", gettext_lazy("Tùy chọn")),
)


class PeriodForm(forms.Form):
    """Month, quarter, year, or from–to; default this year to today. Plus an optional field."""

    kind = forms.ChoiceField(label=gettext_lazy("Kỳ"), choices=PERIOD_KINDS, required=False)
    year = forms.IntegerField(label=gettext_lazy("Năm"), min_value=2000, max_value=2100, required=False)
    quarter = forms.TypedChoiceField(
        label=gettext_lazy("Quý"), choices=[(q, q) for q in range(1, 5)], coerce=int, required=False, empty_value=None
    )
    month = forms.TypedChoiceField(
        label=gettext_lazy("Tháng"),
        choices=[(m, m) for m in range(1, 13)],
        coerce=int,
        required=False,
        empty_value=None,
    )
    date_from = forms.DateField(
        label=gettext_lazy("Từ ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=gettext_lazy("Đến ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    field = forms.ChoiceField(label=gettext_lazy("Lĩnh vực"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from motcua.catalog.models import Field

        english = (get_language() or "vi").startswith("en")
        choice = self.fields["field"]
        assert isinstance(choice, forms.ChoiceField)
        choice.choices = [("", _("Tất cả lĩnh vực"))] + [
            (f.code, (f.name_en or f.name) if english else f.name) for f in Field.objects.order_by("position", "code")
        ]
        for bound in self.fields.values():
            css = (
                "form-select form-select-sm"
                if isinstance(bound.widget, forms.Select)
                else "form-control form-control-sm"
            )
            bound.widget.attrs.setdefault("class", css)

    def period(self, today: date) -> tuple[date, date]:
        """(first day, last day) of the chosen period, never past today."""
        if not self.is_valid():
            raise DomainError(
                _("Kỳ không hợp lệ."),
                code="invalid_period",
                errors=[{"field": k, "message": " ".join(str(m) for m in v)} for k, v in self.errors.items()],
            )
        data = self.cleaned_data
        kind = data.get("kind") or "year"
        year = data.get("year") or today.year
        if kind == "custom":
            start, end = data.get("date_from"), data.get("date_to")
            period = selectors.Period.parse(start, end, today=today)
            return period.start, period.end
        if kind == "month":
            month = data.get("month") or today.month
            start, end = date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        elif kind == "quarter":
            quarter = data.get("quarter") or (today.month - 1) // 3 + 1
            first = 3 * (quarter - 1) + 1
            start, end = date(year, first, 1), date(year, first + 2, calendar.monthrange(year, first + 2)[1])
        else:
            start, end = date(year, 1, 1), date(year, 12, 31)
        end = min(end, today)
        if start > end:
            raise DomainError(_("Kỳ đã chọn chưa bắt đầu."), code="invalid_period")
        return start, end


# --- access ----------------------------------------------------------------------------------------


def _visible_places(user: Any) -> tuple[set[str], set[str]]:
    """(province codes, commune codes) of the agencies in the user's jurisdiction."""
    visible = visible_agency_ids(user) or set()
    known = agencies()
    provinces = {known[i].province_code for i in visible if i in known and known[i].province_code}
    communes = {known[i].commune_code for i in visible if i in known and known[i].commune_code}
    return provinces, communes


def _reach(user: Any, unit: Unit) -> None:
    """404 unless the user has an agency in the unit (nationwide users reach every unit)."""
    if has_nationwide_scope(user):
        return
    if unit.kind == "country":
        raise NotFound(_("Trang chỉ số cả nước dành cho người dùng cấp Bộ."))
    if unit.agency_ids is not None:
        if not unit.agency_ids & (visible_agency_ids(user) or set()):
            raise NotFound(_("Đơn vị ngoài phạm vi của bạn."))
        return
    provinces, _communes = _visible_places(user)
    if unit.province_code not in provinces:
        raise NotFound(_("Đơn vị ngoài phạm vi của bạn."))


def _home(user: Any) -> str:
    """The dashboard a user without nationwide scope starts from: their commune when every one of
    their memberships is in one commune, else their (first) province."""
    provinces, communes = _visible_places(user)
    known = agencies()
    own = [known[m.agency_id] for m in user.memberships.filter(active=True) if m.agency_id in known]
    own_communes = {a.commune_code for a in own}
    if len(own_communes) == 1 and "" not in own_communes:
        return reverse("metrics:commune", args=[own_communes.pop()])
    if provinces:
        return reverse("metrics:province", args=[sorted(provinces)[0]])
    if communes:
        return reverse("metrics:commune", args=[sorted(communes)[0]])
    raise NotFound(_("Bạn không có đơn vị nào để xem chỉ số."))


# --- read models for the templates ------------------------------------------------------------


def _months(start: date, end: date) -> list[tuple[date, date]]:
    out: list[tuple[date, date]] = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        first = max(start, date(year, month, 1))
        last = min(end, date(year, month, calendar.monthrange(year, month)[1]))
        out.append((first, last))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out[-MAX_TREND_MONTHS:]


def _trend(user: Any, unit: Unit, start: date, end: date, fields: list[str] | None) -> dict[str, Any]:
    """Index total and group scores per month of the period (the last 24 months at most)."""
    months = []
    for answer in selectors.index_trend(user, unit=unit, months=_months(start, end), fields=fields):
        months.append(
            {
                "label": f"{answer.period.start:%m/%Y}",
                "total": float(answer.total),
                "groups": [float(g["score"]) for g in answer.groups],
            }
        )
    names = [str(g[1] if (get_language() or "vi").startswith("en") else g[0]) for g in selectors.GROUPS.values()]
    return {"months": months, "groups": names, "total_label": _("Tổng điểm")}


def _ratio(score: Any) -> float:
    return float(score.score / score.max_points) if score.max_points else 1.0


def _index_view(answer: selectors.IndexAnswer) -> dict[str, Any]:
    return {
        "answer": answer,
        "grade_label": grade_label(answer.grade),
        "groups": [
            {
                **g,
                "percent": float(100 * g["score"] / g["max_points"]) if g["max_points"] else 0.0,
                "indicators": [{"s": s, "ratio": _ratio(s), "source": source_label(s.source)} for s in g["indicators"]],
            }
            for g in answer.groups
        ],
    }


def _province_ranking(user: Any, start: date, end: date, fields: list[str] | None) -> list[dict[str, Any]]:
    """The 34 provinces by index total, beside their report figures (counters only)."""

    _unit, _period, rows = selectors.report(
        user, unit="country", start=start, end=end, group_by="province", fields=fields
    )
    figures = {r.key: r for r in rows}
    out: list[dict[str, Any]] = []
    for code, answer in selectors.indexes_by_province(user, start=start, end=end, fields=fields).items():
        row = figures.get(code)
        out.append(
            {
                "code": code,
                "name": answer.unit.name,
                "total": answer.total,
                "grade": answer.grade,
                "grade_label": grade_label(answer.grade),
                "received": row.received if row else 0,
                "processed": row.processed if row else 0,
                "on_time_rate": row.on_time_rate if row else None,
                "online_rate": row.online_rate if row else None,
                "overdue": row.overdue if row else 0,
            }
        )
    out.sort(key=lambda r: (-r["total"], r["code"]))
    for rank, ranked in enumerate(out, start=1):
        ranked["rank"] = rank
    return out


@lru_cache(maxsize=1)
def tile_grid() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(TILE_GRID.read_text(encoding="utf-8"))
    return data


def _map_data(ranking: list[dict[str, Any]]) -> dict[str, Any]:
    by_code = {r["code"]: r for r in ranking}
    grid = tile_grid()
    tiles = []
    for tile in grid["tiles"]:
        row = by_code.get(tile["code"], {})
        tiles.append(
            {
                **tile,
                "url": reverse("metrics:province", args=[tile["code"]]),
                "total": float(row["total"]) if row else None,
                "on_time_rate": row.get("on_time_rate"),
                "online_rate": row.get("online_rate"),
                "received": row.get("received", 0),
                "overdue": row.get("overdue", 0),
            }
        )
    return {"rows": grid["rows"], "cols": grid["cols"], "tiles": tiles, "no_data": _("chưa có số liệu")}


MAP_MEASURES = (
    ("total", gettext_lazy("Tổng điểm chỉ số 766")),
    ("on_time_rate", gettext_lazy("Tỉ lệ đúng hạn (%)")),
    ("online_rate", gettext_lazy("Tỉ lệ trực tuyến (%)")),
    ("received", gettext_lazy("Tiếp nhận")),
    ("overdue", gettext_lazy("Đang quá hạn")),
)


def _rows_sorted_by_on_time(rows: list[selectors.ReportRow]) -> list[selectors.ReportRow]:
    return sorted(rows, key=lambda r: (r.on_time_rate is None, -(r.on_time_rate or 0), -r.received, r.name))


def _query(unit: Unit, start: date, end: date, field: str, **extra: str) -> str:
    params = {"unit": unit.ref, "from": start.isoformat(), "to": end.isoformat(), **extra}
    if field:
        params["field"] = field
    return urlencode(params)


def _dashboard(request: HttpRequest, unit: Unit, template: str, **extra: Any) -> HttpResponse:
    user = request.user
    _reach(user, unit)
    form = PeriodForm(request.GET or None)
    today = timezone.localdate()
    start, end = form.period(today) if form.is_bound else (date(today.year, 1, 1), today)
    field = form.cleaned_data.get("field", "") if form.is_bound else ""
    fields = [field] if field else None
    answer = selectors.index_for(user, unit=unit, start=start, end=end, fields=fields)
    _u, _p, by_field = selectors.report(user, unit=unit, start=start, end=end, group_by="field", fields=fields)
    context: dict[str, Any] = {
        "unit": unit,
        # Commune links in long tables: the path up to the code, reversed once per page.
        "commune_base": reverse("metrics:commune", args=["00000"])[: -len("00000/")],
        "form": form if form.is_bound else PeriodForm(initial={"kind": "year", "year": today.year}),
        "start": start,
        "end": end,
        "field": field,
        "index": _index_view(answer),
        "trend": _trend(user, unit, start, end, fields),
        "by_field": by_field,
        "query": _query(unit, start, end, field),
        "lost_query": urlencode({"unit": unit.ref, "from": start.isoformat(), "to": end.isoformat()}),
        "group_by": "province" if unit.kind == "country" else "commune",
        **extra,
    }
    if unit.kind == "country":
        ranking = _province_ranking(user, start, end, fields)
        context["ranking"] = ranking
        context["map"] = _map_data(ranking)
        context["map_measures"] = [(k, str(v)) for k, v in MAP_MEASURES]
    else:
        if unit.kind == "province":
            _u, _p, communes = selectors.report(
                user, unit=unit, start=start, end=end, group_by="commune", fields=fields
            )
            context["communes"] = _rows_sorted_by_on_time(communes)
        context["load"] = load.load_for(user, unit)
    return render(request, template, context)


# --- pages --------------------------------------------------------------------------------------------


@signed_in("nationwide users (ministry supervisor, inspector); anyone else is sent to their own province or commune")
@page
def national(request: HttpRequest) -> HttpResponseBase:
    if not has_nationwide_scope(request.user):  # type: ignore[arg-type]
        target = _home(request.user)
        return redirect(f"{target}?{request.GET.urlencode()}" if request.GET else target)
    return _dashboard(request, parse_unit("country"), "metrics/national.html")


@signed_in("a province where the user has an agency (nationwide users: any), else 404; figures scoped by jurisdiction")
@page
def province(request: HttpRequest, province_code: str) -> HttpResponseBase:
    return _dashboard(request, parse_unit(f"province:{province_code}"), "metrics/province.html")


@signed_in("a commune where the user has an agency (or its province), else 404; figures scoped by jurisdiction")
@page
def commune(request: HttpRequest, commune_code: str) -> HttpResponseBase:
    from motcua.geo.models import Province

    unit = parse_unit(f"commune:{commune_code}")
    province_name = Province.objects.filter(code=unit.province_code).values_list("name", flat=True).first()
    return _dashboard(
        request, unit, "metrics/commune.html", province_code=unit.province_code, province_name=province_name
    )


@signed_in("what lost points in a unit the user reaches, else 404; dossiers through Dossier.objects.visible_to")
@page
def indicator_lost(request: HttpRequest, code: str) -> HttpResponseBase:
    unit = parse_unit(request.GET.get("unit"))
    _reach(request.user, unit)
    period = selectors.Period.parse(_date(request.GET.get("from")), _date(request.GET.get("to")))
    indicator, items, count, next_cursor = lost.lost_for(
        request.user, code, unit=unit, period=period, cursor=request.GET.get("cursor") or None, limit=50
    )
    more = (
        urlencode({"unit": unit.ref, "from": str(period.start), "to": str(period.end), "cursor": next_cursor})
        if next_cursor
        else ""
    )
    return render(
        request,
        "metrics/lost.html",
        {
            "unit": unit,
            "period": period,
            "indicator": indicator,
            "indicator_name": selectors.indicator_name(indicator),
            "items": items,
            "count": count,
            "more": more,
            "back": _unit_url(unit),
        },
    )


def _unit_url(unit: Unit) -> str:
    if unit.kind == "province":
        return reverse("metrics:province", args=[unit.key])
    if unit.kind == "commune":
        return reverse("metrics:commune", args=[unit.key])
    return reverse("metrics:national")


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError as exc:
        raise DomainError(_("Ngày không hợp lệ."), code="invalid_date") from exc


def _download_params(request: HttpRequest) -> tuple[Unit, date | None, date | None, list[str] | None]:
    unit = parse_unit(request.GET.get("unit"))
    _reach(request.user, unit)
    field = (request.GET.get("field") or "").strip()
    return unit, _date(request.GET.get("from")), _date(request.GET.get("to")), [field] if field else None


@signed_in("the index of a unit the user reaches, else 404; figures scoped by jurisdiction")
@page
def index_download(request: HttpRequest, fmt: str) -> HttpResponseBase:
    unit, start, end, fields = _download_params(request)
    answer = selectors.index_for(request.user, unit=unit, start=start, end=end, fields=fields)
    return exports.index_file(request, answer, fmt)


@signed_in("the report of a unit the user reaches, else 404; figures scoped by jurisdiction")
@page
def report_download(request: HttpRequest, fmt: str) -> HttpResponseBase:
    unit, start, end, fields = _download_params(request)
    group_by = request.GET.get("group_by") or ("province" if unit.kind == "country" else "commune")
    the_unit, period, rows = selectors.report(
        request.user, unit=unit, start=start, end=end, group_by=group_by, fields=fields
    )
    return exports.report_file(request, exports.report_data(the_unit, period, group_by, "766", rows), fmt)
