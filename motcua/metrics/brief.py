"""What the oversight pre-visit brief shows of a province's figures: the live index, its three
weakest indicators and this year's received / processed / on-time / online figures.

Called by the oversight brief (oversight may import metrics, not the reverse). Reads the
counters through the selectors, scoped by the user's jurisdiction like every figure.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.metrics import exports, selectors
from motcua.metrics.exports import grade_label
from motcua.metrics.selectors import IndicatorScore

SOURCE_LABELS = {
    "counters": gettext_lazy("bộ đếm hồ sơ"),
    "counters:no_case": gettext_lazy("bộ đếm hồ sơ (không có trường hợp nào trong kỳ)"),
    "recorded": gettext_lazy("số liệu ghi nhận"),
    "no_data": gettext_lazy("chưa có số liệu"),
}


def source_label(source: str) -> str:
    """`counters`, `catalogue:province_list`, `recorded:<where>`… in words."""
    if source in SOURCE_LABELS:
        return str(SOURCE_LABELS[source])
    head, _sep, rest = source.partition(":")
    if head == "recorded":
        return _("số liệu ghi nhận: %(source)s") % {"source": rest}
    if head in {"catalogue", "counters+catalogue"}:
        catalogue = _("danh mục thủ tục của tỉnh") if rest == "province_list" else _("danh mục thủ tục quốc gia")
        return catalogue if head == "catalogue" else _("bộ đếm hồ sơ và %(catalogue)s") % {"catalogue": catalogue}
    return source


def reason(score: IndicatorScore) -> str:
    """Why an indicator has the points it has, in one sentence."""
    if score.source == "no_data":
        return _("Chưa có số liệu: không tính điểm.") if not score.score else _("Chưa có số liệu: tính đủ điểm.")
    if score.basis == "empty_full":
        return _("Không có trường hợp nào trong kỳ: tính đủ điểm.")
    if score.basis == "empty_zero":
        return _("Không có trường hợp nào trong kỳ: không tính điểm.")
    return _("Đạt %(numerator)s/%(denominator)s.") % {
        "numerator": _number(score.numerator),
        "denominator": _number(score.denominator),
    }


def _number(value: Decimal) -> str:
    return f"{value:,.0f}".replace(",", ".") if value == value.to_integral_value() else f"{value:.2f}"


def weakest(scores: list[IndicatorScore], n: int = 3) -> list[IndicatorScore]:
    """The `n` indicators with the lowest score / maximum (ties: the heavier first, then by code)."""
    rated = [s for s in scores if s.max_points > 0]
    return sorted(rated, key=lambda s: (s.score / s.max_points, -s.max_points, s.code))[:n]


def province_brief(user: Any, province_code: str, *, today: date | None = None) -> dict[str, Any]:
    """The province's live index (1 January to today), its three weakest indicators with the
    reason and source of each, and this year's received / processed / on time / online."""
    today = today or timezone.localdate()
    start = date(today.year, 1, 1)
    unit = f"province:{province_code}"
    answer = selectors.index_for(user, unit=unit, start=start, end=today)
    _unit, _period, rows = selectors.report(user, unit=unit, start=start, end=today, group_by="province")
    totals = exports.report_data(answer.unit, answer.period, "province", "766", rows)["totals"]
    return {
        "province_code": province_code,
        "province_name": answer.unit.name,
        "from": start,
        "to": today,
        "total": answer.total,
        "max_points": sum((Decimal(g["max_points"]) for g in answer.groups), Decimal(0)),
        "grade": answer.grade,
        "grade_label": grade_label(answer.grade),
        "weakest": [
            {
                "code": s.code,
                "name": s.name,
                "score": s.score,
                "max_points": s.max_points,
                "ratio": (s.score / s.max_points).quantize(Decimal("0.0001")),
                "numerator": s.numerator,
                "denominator": s.denominator,
                "reason": reason(s),
                "source": s.source,
                "source_label": source_label(s.source),
            }
            for s in weakest(answer.indicators)
        ],
        "figures": {
            "received": totals["received"],
            "processed": totals["processed"],
            "on_time": totals["on_time"],
            "on_time_rate": totals["on_time_rate"],
            "online": totals["online"],
            "online_rate": totals["online_rate"],
        },
    }


def brief_index(
    *, user: Any, province_code: str, date_from: date, date_to: date
) -> tuple[list[tuple[str, str]], list[dict[str, Any]]]:
    """The oversight pre-visit brief's section (`oversight.selectors.LIVE_SOURCES`): the
    province's live index from 1 January to today with its grade, then its three weakest
    indicators, each with its points, why and from which source. The visit's own dates do not
    narrow it: the group wants the figures as they stand when it prepares."""
    del date_from, date_to
    brief = province_brief(user, province_code)
    columns = [
        ("code", _("Chỉ tiêu")),
        ("name", _("Nội dung")),
        ("score", _("Điểm")),
        ("max_points", _("Điểm tối đa")),
        ("reason", _("Lý do")),
        ("source", _("Nguồn số liệu")),
    ]
    period = f"{brief['from']:%d/%m/%Y} – {brief['to']:%d/%m/%Y}"
    rows: list[dict[str, Any]] = [
        {
            "code": _("Tổng"),
            "name": _("Chỉ số phục vụ %(period)s: %(grade)s") % {"period": period, "grade": brief["grade_label"]},
            "score": brief["total"],
            "max_points": brief["max_points"],
            "reason": _("Đã nhận %(received)s hồ sơ, giải quyết %(processed)s, đúng hạn %(on_time)s.")
            % {
                "received": _number(Decimal(brief["figures"]["received"])),
                "processed": _number(Decimal(brief["figures"]["processed"])),
                "on_time": _number(Decimal(brief["figures"]["on_time"])),
            },
            "source": source_label("counters"),
            "grade": brief["grade"],
        }
    ]
    rows += [
        {
            "code": w["code"],
            "name": w["name"],
            "score": w["score"],
            "max_points": w["max_points"],
            "reason": w["reason"],
            "source": w["source_label"],
        }
        for w in brief["weakest"]
    ]
    return columns, rows
