"""Pure rules of the catalogue (no database): time arithmetic of internal processes and what a
version needs before it can be published.

Decree 118/2025/ND-CP Art. 12.3, 36.5, 38.1d: every procedure has an internal process of ordered
steps, each with its responsible unit and time; step times add up to the statutory time; the
last step (return the result) takes 0. Durations are compared in working hours with 8 working
hours a day, the way real systems keep them (RULES.md §5).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from motcua.catalog.choices import Stage, TimeUnit

HOURS_PER_WORKING_DAY = Decimal(8)


def to_hours(value: Decimal, unit: str) -> Decimal:
    """A duration in working hours (`unit`: working_days | working_hours)."""
    return value * HOURS_PER_WORKING_DAY if unit == TimeUnit.WORKING_DAYS else value


def format_duration(value: Decimal, unit: str, *, decimal_comma: bool = True) -> str:
    """ "2,5 ngày làm việc" / "8 giờ làm việc" (Vietnamese decimal comma unless told otherwise)."""
    text = f"{value.normalize():f}"
    if decimal_comma:
        text = text.replace(".", ",")
    return f"{text} {TimeUnit(unit).label}"


@dataclass(frozen=True)
class StepSpec:
    """What the rules need of a process step."""

    stage: str
    name: str
    unit_kind: str
    role: str
    time_value: Decimal
    time_unit: str


@dataclass(frozen=True)
class VersionSpec:
    """What the rules need of a version to decide whether it may be published."""

    name: str
    levels: Sequence[str]
    applicant_types: Sequence[str]
    time_limit_value: Decimal
    time_limit_unit: str
    result_type_codes: Sequence[str]
    steps: Sequence[StepSpec] = field(default_factory=list)


@dataclass(frozen=True)
class Problem:
    """One validation message, tied to the part of the version it is about."""

    where: str  # "process", "process[3]", "time_limit", "result_types", ...
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"field": self.where, "message": self.message}


def process_problems(steps: Sequence[StepSpec], *, time_limit_value: Decimal, time_limit_unit: str) -> list[Problem]:
    """Why an internal process is not valid for the statutory time (empty list: valid)."""
    problems: list[Problem] = []
    if not steps:
        return [Problem("process", _("Quy trình nội bộ chưa có bước nào."))]
    for index, step in enumerate(steps, start=1):
        where = f"process[{index}]"
        if not step.name.strip():
            problems.append(Problem(where, _("Bước %(n)d chưa có nội dung công việc.") % {"n": index}))
        if step.time_value < 0:
            problems.append(Problem(where, _("Bước %(n)d có thời gian âm.") % {"n": index}))
    last = steps[-1]
    if last.stage != Stage.RETURN:
        problems.append(
            Problem(f"process[{len(steps)}]", _("Bước cuối cùng phải là bước trả kết quả (giai đoạn “Trả kết quả”)."))
        )
    if last.time_value != 0:
        problems.append(
            Problem(
                f"process[{len(steps)}]",
                _("Bước cuối cùng (trả kết quả) phải có thời gian bằng 0, đang là %(t)s.")
                % {"t": format_duration(last.time_value, last.time_unit)},
            )
        )
    total = sum((to_hours(s.time_value, s.time_unit) for s in steps), Decimal(0))
    statutory = to_hours(time_limit_value, time_limit_unit)
    if total != statutory:
        problems.append(
            Problem(
                "process",
                _(
                    "Tổng thời gian các bước là %(total)s giờ làm việc, khác thời hạn giải quyết %(limit)s "
                    "(%(hours)s giờ làm việc); chênh lệch %(diff)s giờ."
                )
                % {
                    "total": _num(total),
                    "limit": format_duration(time_limit_value, time_limit_unit),
                    "hours": _num(statutory),
                    "diff": _num(total - statutory),
                },
            )
        )
    return problems


def publish_problems(spec: VersionSpec) -> list[Problem]:
    """Everything that keeps a version from being published (empty list: it may be)."""
    problems: list[Problem] = []
    if not spec.name.strip():
        problems.append(Problem("name", _("Thiếu tên thủ tục.")))
    if not spec.levels:
        problems.append(Problem("levels", _("Chưa chọn cấp thực hiện.")))
    if not spec.applicant_types:
        problems.append(Problem("applicant_types", _("Chưa chọn đối tượng thực hiện.")))
    if spec.time_limit_value < 0:
        problems.append(Problem("time_limit", _("Thời hạn giải quyết không được âm.")))
    if not spec.result_type_codes:
        problems.append(Problem("result_types", _("Chưa khai báo kết quả giải quyết.")))
    seen: set[str] = set()
    for code in spec.result_type_codes:
        if code in seen:
            problems.append(Problem("result_types", _("Mã kết quả %(code)s bị trùng.") % {"code": code}))
        seen.add(code)
    problems.extend(
        process_problems(spec.steps, time_limit_value=spec.time_limit_value, time_limit_unit=spec.time_limit_unit)
    )
    return problems


def _num(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")
