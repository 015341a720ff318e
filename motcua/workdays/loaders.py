"""Reference step: the nationwide default office hours row, so administrators see and can edit it.

Holidays need no loading (the `holidays` package answers at run time). Idempotent: an existing
default row, even one an administrator changed, is left as it is.
"""

from __future__ import annotations

from motcua.core.setup import StepResult
from motcua.workdays.calendars import DEFAULT_OFFICE_HOURS
from motcua.workdays.models import OfficeHours


def load_default_office_hours(*, progress: bool = False) -> StepResult:
    result = StepResult(label="workdays: default office hours")
    if OfficeHours.objects.filter(agency__isnull=True).exists():
        result.unchanged += 1
        return result
    (morning_start, morning_end), (afternoon_start, afternoon_end) = DEFAULT_OFFICE_HOURS.sessions
    OfficeHours.objects.create(
        agency=None,
        morning_start=morning_start,
        morning_end=morning_end,
        afternoon_start=afternoon_start,
        afternoon_end=afternoon_end,
    )
    result.created += 1
    return result
