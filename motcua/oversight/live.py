"""Live dossier data for the pre-visit brief, read from the dossiers app when it is installed
(oversight may read the apps to its right; they never import oversight). Each reader takes
`province_code`, `date_from`, `date_to` and returns (columns, rows) with stable keys."""

from __future__ import annotations

from statistics import median
from typing import Any

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.oversight.choices import Field

Columns = list[tuple[str, str]]


def overdue_by_field(
    *, province_code: str, date_from: Any, date_to: Any, user: Any = None
) -> tuple[Columns, list[dict[str, Any]]]:
    """Open dossiers of the province by field, and how many are overdue now (`dossiers.rules.is_overdue`:
    a dossier waiting for a supplement or a payment has its clock stopped and is not)."""
    from motcua.dossiers.choices import OPEN
    from motcua.dossiers.models import Dossier
    from motcua.dossiers.rules import overdue_q

    now = timezone.now()
    rows = (
        Dossier.objects.filter(province_code=province_code, status__in=list(OPEN))
        .values("field_code")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=overdue_q(now)))
        .order_by("-overdue", "-open", "field_code")
    )
    labels = dict(Field.choices)
    columns = [("field", _("Lĩnh vực")), ("open", _("Đang giải quyết")), ("overdue", _("Quá hạn"))]
    return columns, [
        {
            "field_code": r["field_code"],
            "field": str(labels.get(r["field_code"], r["field_code"])),
            "open": r["open"],
            "overdue": r["overdue"],
        }
        for r in rows
    ]


OVERLOAD_FACTOR = 2


def overloaded_communes(
    *, province_code: str, date_from: Any, date_to: Any, user: Any = None
) -> tuple[Columns, list[dict[str, Any]]]:
    """Commune-level agencies holding more than twice the province's median of open dossiers
    (the Thanh Hóa visit: "populous units overloaded while neighbours receive few")."""
    from motcua.dossiers.choices import OPEN
    from motcua.dossiers.models import Dossier
    from motcua.dossiers.rules import overdue_q

    now = timezone.now()
    loads = list(
        Dossier.objects.filter(province_code=province_code, status__in=list(OPEN), processing_agency__level="commune")
        .values("processing_agency_id", "processing_agency__name")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=overdue_q(now)))
        .order_by("-open", "processing_agency_id")
    )
    columns = [
        ("agency", _("Cơ quan")),
        ("open", _("Đang giải quyết")),
        ("overdue", _("Quá hạn")),
        ("median", _("Trung vị của tỉnh")),
    ]
    if not loads:
        return columns, []
    typical = median(r["open"] for r in loads)
    return columns, [
        {
            "agency_id": r["processing_agency_id"],
            "agency": r["processing_agency__name"],
            "open": r["open"],
            "overdue": r["overdue"],
            "median": typical,
        }
        for r in loads
        if r["open"] > OVERLOAD_FACTOR * typical
    ]
