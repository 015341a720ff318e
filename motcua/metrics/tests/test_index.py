"""The Decision 766 index over a small fixed set of dossiers, computed by hand (RULES.md §3).

Six dossiers of the amateur radio operator certificate in Thanh Hóa, December 2026, walked
through the API as the personas would:

| | channel | what happens | 766 | 118 |
|---|---|---|---|---|
| D1 | online | approved in 2 days, paid online, returned, rated 5 | on time | on time |
| D2 | online | two supplement requests, approved within the Decree 118 appointment | late | on time |
| D3 | counter (Hạc Thành) | approved after its appointment, rated 2 (a dislike) | late | late |
| D4 | online | withdrawn by the applicant after acceptance | on time | on time |
| D5 | counter (province) | claimed, still in progress on 31/12, past its appointment | overdue | overdue |
| D6 | online | submitted on 30/12, not yet accepted | — | — |
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command

from motcua.metrics import rebuild
from motcua.metrics.models import Counter
from motcua.metrics.tests.month import at, ok

pytestmark = pytest.mark.django_db


def index(api: Any, **params: Any) -> dict[str, Any]:
    with at("2026-12-31 12:00"):
        return ok(
            api.get("/api/v1/metrics/index", unit="province:38", **{"from": "2026-12-01", "to": "2026-12-31"}, **params)
        )


def nd(score: dict[str, Any]) -> tuple[Decimal, Decimal]:
    return Decimal(score["numerator"]), Decimal(score["denominator"])


def scores(answer: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {s["code"]: s for g in answer["groups"] for s in g["indicators"]}


def test_it_scores_the_fixed_month_as_computed_by_hand(apis: Any, december: Any) -> None:
    answer = index(apis.supervisor)
    s = scores(answer)
    assert answer["unit"] == "province:38" and answer["from"] == "2026-12-01"

    # 2.1: finished on time D1, D4; late D2 (two supplements), D3; D5 open past its appointment.
    assert nd(s["2.1"]) == (Decimal(2), Decimal(5))
    assert Decimal(s["2.1"]["score"]) == Decimal("8.00")
    # 3: online D1, D2, D4, D6 of 6, less D4 (withdrawn: no e-document) → 3/6 × 12.
    assert nd(s["3"]) == (Decimal(3), Decimal(6))
    assert Decimal(s["3"]["score"]) == Decimal("6.00")
    # 4.1: every decided dossier has its signed e-result.
    assert nd(s["4.1"]) == (Decimal(3), Decimal(3))
    assert Decimal(s["4.1"]["score"]) == Decimal("6.00")
    # 4.2: the four online dossiers are electronic; the counter ones were not marked as scanned.
    assert nd(s["4.2"]) == (Decimal(4), Decimal(6))
    assert Decimal(s["4.2"]["score"]) == Decimal("2.67")
    # 4.3 and 4.5b: every dossier reuses the applicant's VNeID record (full at 80 % for 4.3).
    assert Decimal(s["4.3"]["score"]) == Decimal("2.00") and Decimal(s["4.5b"]["score"]) == Decimal("2.00")
    # 5.2 and 5.3: no feedback recorded → full points, and the answer says so.
    assert Decimal(s["5.2"]["score"]) == Decimal(6) and s["5.2"]["basis"] == "empty_full"
    assert s["5.2"]["source"] == "no_data"
    # 5.4: 1 − (3 late or overdue + 1 dislike) / 5 handled = 0.2 → 6 × 0.2 / 0.9.
    assert nd(s["5.4"]) == (Decimal(1), Decimal(5))
    assert Decimal(s["5.4"]["score"]) == Decimal("1.33")
    # 6: A = 1 paid online of 1 paid; B and C from the catalogue's fee-charging procedures.
    assert [Decimal(v) for v in s["6"]["parts"]["A"]] == [Decimal(1), Decimal(1)]
    fee, online_fee, with_dossiers = (Decimal(v) for v in _fee_procedures())
    expected_6 = 6 + min(Decimal(2), Decimal("2.5") * online_fee / fee) + Decimal("2.5") * with_dossiers / fee
    assert Decimal(s["6"]["score"]) == expected_6.quantize(Decimal("0.01"))
    # Facts the national catalogue does not hold are "no data", not zero from nowhere.
    assert s["1.1"]["source"] == "no_data" and Decimal(s["1.1"]["score"]) == 0

    total = sum(Decimal(str(g["score"])) for g in answer["groups"])
    assert Decimal(answer["total"]) == total
    assert answer["grade"] == ("weak" if total < 50 else "average")


def _fee_procedures() -> tuple[int, int, int]:
    """Fee-charging procedures in force, those of them full-online, those with a dossier (1.900010)."""
    from django.utils import timezone

    from motcua.catalog.models import ProcedureVersion
    from motcua.catalog.selectors import in_force_q

    fee = {
        v.procedure.code: v.online_level
        for v in ProcedureVersion.objects.filter(in_force_q(timezone.localdate())).select_related("procedure")
        if any(f.amount > 0 for f in v.fees.all())
    }
    return len(fee), sum(1 for level in fee.values() if level == "full"), int("1.900010" in fee)


def test_the_decree_118_reading_counts_the_twice_supplemented_dossier_on_time(apis: Any, december: Any) -> None:
    s = scores(index(apis.supervisor, reading="118"))
    assert nd(s["2.1"]) == (Decimal(3), Decimal(5))
    assert Decimal(s["2.1"]["score"]) == Decimal("12.00")


def test_counters_agree_with_the_events_and_a_rebuild_changes_nothing(apis: Any, december: Any) -> None:
    before = rebuild.stored()  # the cells that are not zero
    assert before and Counter.objects.count() >= len(before)
    call_command("metrics", "verify", "--no-progress")
    call_command("metrics", "rebuild", "--no-progress")
    call_command("metrics", "verify", "--no-progress")
    assert rebuild.stored() == before


def test_the_commune_counter_dossier_shows_in_the_commune_and_groupings_add_up(apis: Any, december: Any) -> None:
    from motcua.geo.models import Commune

    hac_thanh = Commune.objects.get(province__code="38", name="Phường Hạc Thành").code
    with at("2026-12-31 12:00"):
        by_commune = ok(
            apis.supervisor.get(
                "/api/v1/metrics/report", unit="province:38", group_by="commune", **{"from": "2026-12-01"}
            )
        )
        by_agency = ok(
            apis.supervisor.get(
                "/api/v1/metrics/report", unit="province:38", group_by="agency", **{"from": "2026-12-01"}
            )
        )
        commune = ok(
            apis.supervisor.get(
                "/api/v1/metrics/report", unit=f"commune:{hac_thanh}", group_by="commune", **{"from": "2026-12-01"}
            )
        )
    rows = {r["key"]: r for r in by_commune["items"]}
    assert rows[hac_thanh]["received"] == 1 and rows[hac_thanh]["processed"] == 1
    assert commune["totals"]["received"] == 1
    for name in ("received", "processed", "on_time", "online", "overdue", "in_progress"):
        assert by_commune["totals"][name] == by_agency["totals"][name], name
    assert by_agency["totals"]["received"] == 6 and by_agency["totals"]["processed"] == 4
    assert by_agency["totals"]["overdue"] == 1 and by_agency["totals"]["in_progress"] == 1


def test_what_lost_points_on_timeliness_names_each_dossier_and_why(apis: Any, december: Any) -> None:
    with at("2026-12-31 12:00"):
        lost = ok(apis.supervisor.get("/api/v1/metrics/index/2.1/lost", unit="province:38", **{"from": "2026-12-01"}))
    reasons = {item["id"]: item["reason_code"] for item in lost["items"]}
    assert reasons == {
        december["D2"]["id"]: "supplement_repeated",
        december["D3"]["id"]: "late",
        december["D5"]["id"]: "open_overdue",
    }
    late = next(i for i in lost["items"] if i["id"] == december["D3"]["id"])
    assert late["late_seconds"] > 0 and late["url"].endswith(f"/ho-so/{december['D3']['id']}/")


def test_a_commune_officer_counts_only_what_their_jurisdiction_received(apis: Any, december: Any) -> None:
    with at("2026-12-31 12:00"):
        mine = ok(apis.counter_commune.get("/api/v1/metrics/report", unit="province:38", **{"from": "2026-12-01"}))
        other = ok(apis.counter_hatinh.get("/api/v1/metrics/report", unit="province:38", **{"from": "2026-12-01"}))
    assert mine["totals"]["received"] == 1  # D3, received at Hạc Thành
    assert other["totals"]["received"] == 0


def test_bad_parameters_get_a_clear_error(apis: Any) -> None:
    bad_unit = apis.supervisor.get("/api/v1/metrics/index", unit="planet:1")
    assert bad_unit.status_code == 422 and bad_unit.json()["code"] == "invalid_unit"
    assert apis.supervisor.get("/api/v1/metrics/index", unit="province:99").status_code == 404
    bad_group = apis.supervisor.get("/api/v1/metrics/report", group_by="colour")
    assert bad_group.status_code == 422 and bad_group.json()["code"] == "invalid_group_by"
    backwards = apis.supervisor.get("/api/v1/metrics/index", **{"from": "2026-12-31", "to": "2026-12-01"})
    assert backwards.status_code == 422 and backwards.json()["code"] == "invalid_period"
    assert apis.supervisor.client.get("/api/v1/metrics/index").status_code == 401


def test_whole_months_read_the_monthly_sums_and_give_the_same_index(apis: Any, december: Any) -> None:
    """December read whole from `MonthCounter`, with November's edge days from the daily rows, or
    only from the daily rows (a period without a whole month) — one answer."""
    from motcua.metrics.selectors import Period, whole_months

    assert whole_months(Period(date(2026, 11, 15), date(2026, 12, 31))) == (
        [date(2026, 12, 1)],
        [(date(2026, 11, 15), date(2026, 11, 30))],
    )
    assert whole_months(Period(date(2026, 12, 5), date(2026, 12, 31))) == (
        [],
        [(date(2026, 12, 5), date(2026, 12, 31))],
    )
    answers = []
    for start in ("2026-12-01", "2026-11-15", "2026-12-05"):
        with at("2026-12-31 12:00"):
            got = ok(
                apis.supervisor.get("/api/v1/metrics/index", unit="province:38", **{"from": start, "to": "2026-12-31"})
            )
        answers.append({k: (v["numerator"], v["denominator"], v["score"]) for k, v in scores(got).items()})
    assert answers[0] == answers[1] == answers[2]


def test_the_report_by_officer_counts_receptions_decisions_and_open_work(
    apis: Any, personas: Any, december: Any
) -> None:
    with at("2026-12-31 12:00"):
        report = ok(
            apis.supervisor.get(
                "/api/v1/metrics/report", unit="province:38", group_by="officer", **{"from": "2026-12-01"}
            )
        )
    rows = {r["key"]: r for r in report["items"]}
    leader = rows[str(personas.leader.pk)]
    assert (leader["processed"], leader["on_time"], leader["late"]) == (3, 1, 2)  # D1 on time; D2, D3 late (766)
    specialist = rows[str(personas.specialist.pk)]
    assert (specialist["in_progress"], specialist["overdue"]) == (1, 1)  # D5, claimed and past its appointment
    assert rows[str(personas.counter_province.pk)]["received"] == 1  # D5 at the provincial counter
    assert rows[str(personas.counter_commune.pk)]["received"] == 1  # D3 at Hạc Thành


def test_the_indexes_of_all_provinces_in_one_pass_equal_each_province_alone(apis: Any, december: Any) -> None:
    from motcua.metrics.models import Indicator, RecordedValue
    from motcua.metrics.selectors import index_for, indexes_by_province

    RecordedValue.objects.create(
        indicator=Indicator.objects.get(code="1.1"),
        province_code="38",
        period_from=date(2026, 1, 1),
        period_to=date(2026, 12, 31),
        numerator=9,
        denominator=10,
        source="Sở KH&CN",
    )
    with at("2026-12-31 12:00"):
        every = indexes_by_province(apis.supervisor.user, start=date(2026, 12, 1), end=date(2026, 12, 31))
        assert len(every) == 34
        for code in ("38", "33", "01"):
            alone = index_for(
                apis.supervisor.user, unit=f"province:{code}", start=date(2026, 12, 1), end=date(2026, 12, 31)
            )
            assert every[code].total == alone.total and every[code].grade == alone.grade
            assert [(s.code, s.numerator, s.denominator, s.score, s.source) for s in every[code].indicators] == [
                (s.code, s.numerator, s.denominator, s.score, s.source) for s in alone.indicators
            ]
        assert every["38"].total > every["33"].total
        # A province officer gets their own province only.
        assert list(
            indexes_by_province(apis.counter_province.user, start=date(2026, 12, 1), end=date(2026, 12, 31))
        ) == ["38"]


def test_the_monthly_trend_in_one_pass_equals_each_month_alone(apis: Any, december: Any) -> None:
    from motcua.metrics.selectors import index_for, index_trend

    months = [(date(2026, 11, 1), date(2026, 11, 30)), (date(2026, 12, 1), date(2026, 12, 31))]
    months.append((date(2026, 12, 7), date(2026, 12, 20)))  # a part of a month: through the daily counters
    with at("2026-12-31 12:00"):
        for user in (apis.supervisor.user, apis.counter_commune.user):
            trend = index_trend(user, unit="province:38", months=months)
            for (first, last), answer in zip(months, trend, strict=True):
                alone = index_for(user, unit="province:38", start=first, end=last)
                assert (answer.period.start, answer.period.end) == (first, last)
                assert [(s.code, s.numerator, s.denominator, s.score) for s in answer.indicators] == [
                    (s.code, s.numerator, s.denominator, s.score) for s in alone.indicators
                ]
        assert trend[1].total != trend[0].total  # December has the dossiers, November none
