"""What lost points on an indicator: the dossiers (or procedures) behind the gap, and why.

The one place metrics reads the dossier table: a scoped (`Dossier.objects.visible_to`),
keyset-paginated list, filtered by the unit and period on indexed columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.errors import NotFound
from motcua.core.pagination import keyset_page
from motcua.dossiers.models import Dossier
from motcua.metrics import catalogue, rules
from motcua.metrics.models import Indicator
from motcua.metrics.selectors import Period
from motcua.metrics.units import Unit
from motcua.workdays.calendars import VN_TZ

RUNNING = [rules.ACCEPTED, rules.IN_PROGRESS]
ENDED = sorted(rules.ENDED)


@dataclass
class LostItem:
    kind: str  # dossier | procedure
    id: int | None
    code: str
    procedure_code: str
    reason: str
    reason_code: str
    late_seconds: int | None = None
    url: str = ""


def _bounds(period: Period) -> tuple[datetime, datetime]:
    start = datetime.combine(period.start, time.min, tzinfo=VN_TZ)
    end = datetime.combine(period.end, time.max, tzinfo=VN_TZ)
    return start, end


def _dossiers(user: Any, unit: Unit) -> QuerySet[Dossier]:
    query = Dossier.objects.visible_to(user)
    if unit.province_code:
        query = query.filter(province_code=unit.province_code)
    if unit.agency_ids is not None:
        ids = sorted(unit.agency_ids)
        query = query.filter(Q(receiving_agency_id__in=ids) | Q(processing_agency_id__in=ids))
    return query


def lost_for(
    user: Any, code: str, *, unit: Unit, period: Period, cursor: str | None = None, limit: int = 50
) -> tuple[Indicator, list[LostItem], int, str | None]:
    """(indicator, items, count, next cursor) of what lost points on indicator `code`."""
    indicator = Indicator.objects.filter(code=code).first()
    if indicator is None:
        raise NotFound(_("Không có chỉ tiêu %(code)s.") % {"code": code})
    if indicator.numerator.startswith("catalogue:"):
        return indicator, *_procedures(indicator, unit)
    if indicator.numerator == "recorded":
        return indicator, [], 0, None
    start, end = _bounds(period)
    today = datetime.combine(timezone.localdate(), time.min, tzinfo=VN_TZ)
    base = _dossiers(user, unit)
    finished = Q(status__in=ENDED, accepted_at__isnull=False, finished_at__gte=start, finished_at__lte=end)
    received = Q(submitted_at__gte=start, submitted_at__lte=end)
    open_late = Q(status__in=RUNNING, appointment_at__lt=today)
    conditions = {
        "1.4": Q(pk__in=[]),  # the Portal sync counters are not kept per dossier yet
        "2.1": (finished & Q(on_time_766=False)) | open_late,
        "3": received & (~Q(channel=rules.ONLINE) | (Q(status__in=ENDED, accepted_at__isnull=False) & Q(decision=""))),
        "4.1": finished & Q(decision="") & Q(status__in=[rules.PROCESSED, rules.RETURNED]),
        "4.2": received & Q(digitised=False),
        "4.3": received & Q(reuses_edata=False),
        "4.5b": received & Q(uses_population_data=False),
        "5.4": (finished & Q(on_time_766=False))
        | open_late
        | Q(rating__lte=rules.DISLIKE_AT_MOST, finished_at__gte=start, finished_at__lte=end),
        "6": received & Q(fee_total__gt=0) & ~Q(payment_channel="online"),
    }
    if indicator.code not in conditions:
        return indicator, [], 0, None
    query = base.filter(conditions[indicator.code])
    if indicator.code == "3":
        eligible = catalogue.facts_for(unit).codes("full_online_eligible")
        query = query.filter(procedure_code__in=sorted(eligible))
    page = keyset_page(query.only(*_COLUMNS), limit=limit, cursor=cursor)
    now = timezone.now()
    return indicator, [_item(indicator.code, d, now) for d in page.items], page.count, page.next_cursor


_COLUMNS = (
    "pk",
    "code",
    "procedure_code",
    "status",
    "channel",
    "appointment_at",
    "finished_at",
    "on_time_766",
    "supplement_count",
    "decision",
    "rating",
    "digitised",
    "reuses_edata",
    "uses_population_data",
    "payment_channel",
    "fee_total",
    "province_code",
)


def _item(code: str, d: Dossier, now: datetime) -> LostItem:
    reason_code, reason, late = _why(code, d, now)
    return LostItem(
        kind="dossier",
        id=d.pk,
        code=d.code or f"#{d.pk}",
        procedure_code=d.procedure_code,
        reason=reason,
        reason_code=reason_code,
        late_seconds=late,
        url=f"/ho-so/{d.pk}/",
    )


def _why(code: str, d: Dossier, now: datetime) -> tuple[str, str, int | None]:
    late = None
    if d.appointment_at is not None:
        end = d.finished_at or now
        late = max(0, int((end - d.appointment_at).total_seconds())) or None
    if code in {"2.1", "5.4"}:
        if d.rating is not None and d.rating <= rules.DISLIKE_AT_MOST and d.on_time_766 is not False:
            return "disliked", _("Người nộp không hài lòng (đánh giá %(score)d/5).") % {"score": d.rating}, None
        if d.supplement_count > 1:
            return (
                "supplement_repeated",
                _("Yêu cầu bổ sung %(n)d lần: tính là trễ hạn.") % {"n": d.supplement_count},
                late,
            )
        if d.finished_at is None:
            return "open_overdue", _("Đang giải quyết, đã quá hạn hẹn trả."), late
        return "late", _("Giải quyết trễ hạn."), late
    if code == "3":
        if d.channel != rules.ONLINE:
            return "not_online", _("Không nộp trực tuyến."), None
        return "no_e_result", _("Trực tuyến nhưng không có kết quả điện tử."), None
    if code == "4.1":
        return "no_e_result", _("Không có kết quả điện tử."), None
    if code == "4.2":
        return "not_digitised", _("Thành phần hồ sơ chưa được số hóa."), None
    if code == "4.3":
        return "no_edata", _("Không dùng lại dữ liệu đã số hóa."), None
    if code == "4.5b":
        return "no_population_data", _("Không khai thác dữ liệu dân cư."), None
    if code == "6":
        if d.payment_channel == "counter":
            return "paid_at_counter", _("Nộp phí tại quầy, không thanh toán trực tuyến."), None
        return "not_paid_online", _("Chưa thanh toán trực tuyến."), None
    return "lost", _("Không đạt."), None


def _procedures(indicator: Indicator, unit: Unit) -> tuple[list[LostItem], int, str | None]:
    facts = catalogue.facts_for(unit)
    have = facts.codes(indicator.numerator[10:])
    among = facts.codes(indicator.denominator[10:])
    reason = _("Thủ tục chưa đạt: %(name)s.") % {"name": indicator.name_vi}
    items = [
        LostItem(kind="procedure", id=None, code=code, procedure_code=code, reason=reason, reason_code="procedure")
        for code in sorted(among - have)
    ]
    return items, len(items), None
