"""Internal-process rules (Decree 118/2025/ND-CP Art. 12.3, 36.5, 38.1d)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from motcua.catalog.rules import StepSpec, VersionSpec, process_problems, publish_problems, to_hours


def step(stage: str, value: str, unit: str = "working_days") -> StepSpec:
    return StepSpec(stage=stage, name="Bước", unit_kind="specialist_division", role="specialist",
                    time_value=Decimal(value), time_unit=unit)  # fmt: skip


def spec(steps: list[StepSpec], limit: str = "5", unit: str = "working_days") -> VersionSpec:
    return VersionSpec(name="Thủ tục", levels=["province"], applicant_types=["citizen"],
                       time_limit_value=Decimal(limit), time_limit_unit=unit, result_type_codes=["KQ"],
                       steps=steps)  # fmt: skip


def test_it_accepts_a_process_that_adds_up_and_ends_with_a_zero_return_step() -> None:
    """Step times add up to the statutory time; the last step (return result) takes 0."""
    steps = [step("reception", "0.5"), step("appraisal", "3"), step("approval", "1"), step("issuance", "0.5"),
             step("return", "0")]  # fmt: skip
    assert process_problems(steps, time_limit_value=Decimal(5), time_limit_unit="working_days") == []


def test_it_mixes_working_days_and_hours_at_eight_hours_a_day() -> None:
    """Real systems keep durations in hours with 8 working hours a day (RULES.md §5)."""
    steps = [step("reception", "4", "working_hours"), step("appraisal", "0.5"), step("return", "0")]
    assert process_problems(steps, time_limit_value=Decimal(1), time_limit_unit="working_days") == []
    assert to_hours(Decimal("1.5"), "working_days") == Decimal(12)


def test_it_says_by_how_much_the_steps_miss_the_statutory_time() -> None:
    steps = [step("reception", "0.5"), step("appraisal", "2"), step("return", "0")]
    problems = process_problems(steps, time_limit_value=Decimal(5), time_limit_unit="working_days")
    assert len(problems) == 1
    assert problems[0].where == "process"
    assert "20 giờ" in problems[0].message and "40 giờ" in problems[0].message and "-20" in problems[0].message


def test_it_refuses_a_last_step_that_takes_time_or_is_not_the_return() -> None:
    """The last step returns the result and takes 0 (Decree 118 Art. 12.3)."""
    steps = [step("reception", "1"), step("appraisal", "4")]
    where = {p.where for p in process_problems(steps, time_limit_value=Decimal(5), time_limit_unit="working_days")}
    assert where == {"process[2]"}
    messages = [p.message for p in process_problems(steps, time_limit_value=Decimal(5), time_limit_unit="working_days")]
    assert any("trả kết quả" in m for m in messages) and any("bằng 0" in m for m in messages)


def test_it_refuses_an_empty_process_and_missing_result_types() -> None:
    empty = VersionSpec(name="X", levels=[], applicant_types=[], time_limit_value=Decimal(1),
                        time_limit_unit="working_days", result_type_codes=[], steps=[])  # fmt: skip
    problems = publish_problems(empty)
    assert {p.where for p in problems} == {"levels", "applicant_types", "result_types", "process"}


@given(st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=8), st.integers(min_value=1, max_value=8))
def test_it_accepts_any_split_of_the_statutory_time_and_nothing_else(quarters: list[int], extra: int) -> None:
    """Property: steps in quarter days that sum to the limit are valid; adding any time breaks it."""
    steps = [step("appraisal", str(Decimal(q) / 4)) for q in quarters] + [step("return", "0")]
    total = sum((Decimal(q) / 4 for q in quarters), Decimal(0))
    assert process_problems(steps, time_limit_value=total, time_limit_unit="working_days") == []
    longer = [*steps[:-1], step("appraisal", str(Decimal(extra) / 4)), steps[-1]]
    assert len(process_problems(longer, time_limit_value=total, time_limit_unit="working_days")) == 1
