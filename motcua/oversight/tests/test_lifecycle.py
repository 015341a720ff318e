"""A recommendation followed to resolution: recorded → escalated → assigned (unit + due date)
→ in progress (dated progress) → resolved (act linked), with reminders before and after the
due date; every change an immutable audited event written in the same transaction."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from motcua.core.errors import Conflict, DomainError
from motcua.org.choices import AgencyKind, Role
from motcua.org.models import Agency, Membership, User
from motcua.oversight import actions, selectors
from motcua.oversight.choices import EventKind, ReminderKind
from motcua.oversight.choices import RecommendationStatus as S
from motcua.oversight.models import Campaign, Recommendation, RecommendationEvent, Reminder

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: str, hour: int = 9) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=VN)


def unit(name_en: str) -> Agency:
    return Agency.objects.get(kind=AgencyKind.MINISTRY_UNIT, name_en=name_en)


@pytest.fixture
def iso_rec(campaign: Campaign) -> Recommendation:
    """Thanh Hóa's ask for guidance on TCVN ISO 9001 in rearranged communes."""
    return Recommendation.objects.get(key="visit-38-r3")


@pytest.fixture
def tdc_officer(db: Any) -> User:
    """An official of the Directorate for Standards, Metrology and Quality (the unit to be assigned)."""
    user = User.objects.create(username="officer.tdc", full_name="Đỗ Văn Chất")
    Membership.objects.create(
        user=user, agency=unit("Directorate for Standards, Metrology and Quality"), role=Role.SPECIALIST
    )
    return user


def test_the_assigned_unit_is_mailed_its_reminders_once_a_run(
    iso_rec: Recommendation, personas: Any, tdc_officer: User
) -> None:
    """The reminder reaches people: one e-mail per unit and run through the outbox, to its
    members with an address; a unit nobody can be mailed at is counted, never silently dropped."""
    from django.core import mail

    from motcua.integrations import outbox
    from motcua.integrations.models import OutboxMessage

    tdc_officer.email = "chat.dv@tdc.gov.vn"
    tdc_officer.save(update_fields=["email"])
    with time_machine.travel(at("2025-08-25"), tick=False):
        actions.recommendation_escalate(
            acting_user=personas.inspector, recommendation_id=iso_rec.pk, note="Vượt thẩm quyền", expected_version=1
        )
        actions.recommendation_assign(
            acting_user=personas.inspector,
            recommendation_id=iso_rec.pk,
            unit_id=tdc_officer.memberships.get().agency_id,
            due_on=date(2025, 10, 31),
        )
    with time_machine.travel(at("2025-10-27"), tick=False):
        run = actions.reminders_record()
        assert (run.created, run.mailed_units, run.unreached_units) == (1, 1, 0)
        assert actions.reminders_record().mailed_units == 0  # nothing new: no second mail
    message = OutboxMessage.objects.get(key__startswith="oversight:reminders:")
    assert message.topic == "notify.email" and message.payload["to"] == ["chat.dv@tdc.gov.vn"]
    assert (
        "còn 4 ngày" in message.payload["body"] and f"/vi/giam-sat/kien-nghi/{iso_rec.pk}/" in message.payload["body"]
    )
    assert Reminder.objects.get(recommendation=iso_rec).delivered_at is not None
    assert outbox.deliver_due().delivered == 1
    assert mail.outbox[-1].to == ["chat.dv@tdc.gov.vn"] and "kiến nghị" in mail.outbox[-1].subject

    # Without an address the reminder is recorded, counted as unreached and left undelivered.
    tdc_officer.email = ""
    tdc_officer.save(update_fields=["email"])
    with time_machine.travel(at("2025-11-03"), tick=False):
        run = actions.reminders_record()
    assert (run.created, run.mailed_units, run.unreached_units) == (1, 0, 1)
    assert Reminder.objects.filter(recommendation=iso_rec, delivered_at__isnull=True).count() == 1


def test_it_follows_a_recommendation_from_recorded_to_resolved(
    iso_rec: Recommendation, personas: Any, tdc_officer: User
) -> None:
    inspector = personas.inspector
    tdc = unit("Directorate for Standards, Metrology and Quality")
    with time_machine.travel(at("2025-08-25"), tick=False):
        actions.recommendation_escalate(
            acting_user=inspector,
            recommendation_id=iso_rec.pk,
            note="Vượt thẩm quyền của Đoàn",
            expected_version=iso_rec.version,
        )
    with time_machine.travel(at("2025-09-05"), tick=False):
        rec = actions.recommendation_assign(
            acting_user=inspector, recommendation_id=iso_rec.pk, unit_id=tdc.pk, due_on=date(2025, 10, 31)
        )
        assert (rec.status, rec.assigned_unit_id, rec.due_on) == (S.ASSIGNED, tdc.pk, date(2025, 10, 31))
    with time_machine.travel(at("2025-09-20"), tick=False):
        rec = actions.recommendation_report_progress(
            acting_user=tdc_officer,
            recommendation_id=iso_rec.pk,
            progress=40,
            note="Dự thảo công văn hướng dẫn",
            occurred_on=date(2025, 9, 18),
        )
        assert (rec.status, rec.progress) == (S.IN_PROGRESS, 40)
    # Reminders: nothing a month ahead; due soon a week before; overdue after; once a day.
    with time_machine.travel(at("2025-10-01"), tick=False):
        assert actions.reminders_record().created == 0
    with time_machine.travel(at("2025-10-27"), tick=False):
        assert actions.reminders_record().created == 1
        again = actions.reminders_record()
        assert (again.created, again.already) == (0, 1)
    with time_machine.travel(at("2025-11-03"), tick=False):
        assert actions.reminders_record().created == 1
    reminders = list(Reminder.objects.filter(recommendation=iso_rec).order_by("on"))
    assert [(r.kind, r.days, r.unit_id) for r in reminders] == [
        (ReminderKind.DUE_SOON, 4, tdc.pk),
        (ReminderKind.OVERDUE, -3, tdc.pk),
    ]
    with time_machine.travel(at("2025-11-10"), tick=False):
        rec = actions.recommendation_resolve(
            acting_user=tdc_officer,
            recommendation_id=iso_rec.pk,
            reference="Công văn hướng dẫn áp dụng TCVN ISO 9001",
            url="https://mst.gov.vn/",
            note="Đã gửi 34 tỉnh",
        )
    assert (rec.status, rec.progress, rec.resolution_reference) == (
        S.RESOLVED,
        100,
        "Công văn hướng dẫn áp dụng TCVN ISO 9001",
    )
    events = list(RecommendationEvent.objects.filter(recommendation=iso_rec).order_by("pk"))
    assert [(e.kind, e.from_status, e.to_status) for e in events] == [
        (EventKind.RECORDED, "", S.RECORDED),
        (EventKind.ESCALATED, S.RECORDED, S.ESCALATED),
        (EventKind.ASSIGNED, S.ESCALATED, S.ASSIGNED),
        (EventKind.PROGRESS, S.ASSIGNED, S.IN_PROGRESS),
        (EventKind.REMINDED, S.IN_PROGRESS, S.IN_PROGRESS),
        (EventKind.REMINDED, S.IN_PROGRESS, S.IN_PROGRESS),
        (EventKind.RESOLVED, S.IN_PROGRESS, S.RESOLVED),
    ]
    assert events[1].actor == inspector and events[3].actor == tdc_officer and events[4].actor is None
    assert events[3].occurred_on == date(2025, 9, 18) and events[3].progress == 40
    with pytest.raises(ValueError):
        events[0].note = "rewritten"
        events[0].save()


def test_it_refuses_illegal_transitions_with_a_translated_message(iso_rec: Recommendation, personas: Any) -> None:
    """recorded cannot jump to resolved; a resolved one cannot be declined."""
    with pytest.raises(DomainError) as err:
        actions.recommendation_resolve(acting_user=personas.inspector, recommendation_id=iso_rec.pk, reference="x")
    assert err.value.code == "illegal_transition" and err.value.status == 409
    assert "Đã ghi nhận" in str(err.value.message) and "Đã giải quyết" in str(err.value.message)
    from django.utils import translation

    with translation.override("en"), pytest.raises(DomainError) as err_en:
        actions.recommendation_assign(
            acting_user=personas.inspector,
            recommendation_id=iso_rec.pk,
            unit_id=unit("Department of Posts").pk,
            due_on=date(2099, 1, 1),
        )
    assert "Cannot move" in str(err_en.value.message)
    assert RecommendationEvent.objects.filter(recommendation=iso_rec).count() == 1  # nothing written


def test_it_refuses_a_stale_version_a_past_due_date_and_an_empty_decline(
    iso_rec: Recommendation, personas: Any
) -> None:
    actions.recommendation_escalate(acting_user=personas.inspector, recommendation_id=iso_rec.pk)
    with pytest.raises(Conflict):
        actions.recommendation_decline(
            acting_user=personas.inspector, recommendation_id=iso_rec.pk, reason="trùng", expected_version=1
        )
    with pytest.raises(DomainError) as err:
        actions.recommendation_assign(
            acting_user=personas.inspector,
            recommendation_id=iso_rec.pk,
            unit_id=unit("Department of Posts").pk,
            due_on=date(2000, 1, 1),
        )
    assert err.value.code == "invalid_due_date"
    with pytest.raises(DomainError) as err:
        actions.recommendation_decline(acting_user=personas.inspector, recommendation_id=iso_rec.pk, reason=" ")
    assert err.value.code == "reason_required"
    rec = actions.recommendation_decline(
        acting_user=personas.inspector,
        recommendation_id=iso_rec.pk,
        reason="Đã có hướng dẫn tại Quyết định 19/2014/QĐ-TTg",
    )
    assert rec.status == S.DECLINED and rec.declined_reason.startswith("Đã có")


def test_only_managers_steer_and_only_the_assigned_unit_reports(
    iso_rec: Recommendation, personas: Any, tdc_officer: User
) -> None:
    """A province admin may read Thanh Hóa's recommendation but not escalate it; a unit that
    is not assigned cannot report progress."""
    with pytest.raises(DomainError) as err:
        actions.recommendation_escalate(acting_user=personas.province_admin, recommendation_id=iso_rec.pk)
    assert err.value.status == 403
    actions.recommendation_escalate(acting_user=personas.supervisor, recommendation_id=iso_rec.pk)
    actions.recommendation_assign(
        acting_user=personas.supervisor,
        recommendation_id=iso_rec.pk,
        unit_id=unit("Department of Posts").pk,
        due_on=date(2099, 1, 1),
    )
    with pytest.raises(DomainError) as err:
        actions.recommendation_report_progress(
            acting_user=tdc_officer, recommendation_id=iso_rec.pk, progress=10, note="x"
        )
    assert err.value.status == 403


def test_it_answers_on_site(iso_rec: Recommendation, personas: Any) -> None:
    rec = actions.recommendation_answer_on_site(
        acting_user=personas.inspector,
        recommendation_id=iso_rec.pk,
        answer="Áp dụng theo khoản 4 Điều 12 Quyết định 19/2014/QĐ-TTg",
    )
    assert rec.status == S.ANSWERED_ON_SITE and rec.on_site_answer.startswith("Áp dụng")
    assert rec.events.last().occurred_on == date(2025, 8, 19)  # the day of the visit


def test_similar_recommendations_are_followed_as_one_with_a_progress_rollup(campaign: Campaign, personas: Any) -> None:
    """Huế and Thanh Hóa both asked for training: linked, assigned together, progress rolled up."""
    hue = Recommendation.objects.get(key="visit-46-r1")
    thanh_hoa = Recommendation.objects.get(key="visit-38-r2")
    group = actions.recommendation_group_create(
        acting_user=personas.inspector, title="Đào tạo nhân lực", recommendation_ids=[hue.pk, thanh_hoa.pk]
    )
    actions.recommendation_group_apply(acting_user=personas.inspector, group_id=group.pk, verb="escalate")
    actions.recommendation_group_apply(
        acting_user=personas.inspector,
        group_id=group.pk,
        verb="assign",
        unit_id=unit("National Digital Transformation Agency").pk,
        due_on=date(2099, 12, 31),
    )
    actions.recommendation_report_progress(
        acting_user=personas.inspector, recommendation_id=hue.pk, progress=60, note="Mở lớp tại Huế"
    )
    rollup = selectors.recommendation_group_get(user=personas.inspector, group_id=group.pk)
    assert rollup.progress == 30  # (60 + 0) / 2
    assert rollup.by_status == {S.IN_PROGRESS: 1, S.ASSIGNED: 1}
    assert rollup.provinces == ["Thanh Hóa", "Thành phố Huế"]
    actions.recommendation_resolve(
        acting_user=personas.inspector, recommendation_id=thanh_hoa.pk, reference="Kế hoạch đào tạo 2026"
    )
    assert selectors.recommendation_group_get(user=personas.inspector, group_id=group.pk).progress == 80


def test_a_group_action_is_all_or_nothing(campaign: Campaign, personas: Any) -> None:
    a = Recommendation.objects.get(key="visit-46-r1")
    b = Recommendation.objects.get(key="visit-38-r2")
    group = actions.recommendation_group_create(
        acting_user=personas.inspector, title="Đào tạo", recommendation_ids=[a.pk, b.pk]
    )
    actions.recommendation_answer_on_site(acting_user=personas.inspector, recommendation_id=b.pk, answer="Đã rõ")
    with pytest.raises(DomainError):
        actions.recommendation_group_apply(acting_user=personas.inspector, group_id=group.pk, verb="escalate")
    a.refresh_from_db()
    assert a.status == S.RECORDED


def test_the_remind_command_runs_for_a_given_day(iso_rec: Recommendation, personas: Any, capsys: Any) -> None:
    from django.core.management import call_command

    with time_machine.travel(at("2025-09-01"), tick=False):
        actions.recommendation_escalate(acting_user=personas.inspector, recommendation_id=iso_rec.pk)
        actions.recommendation_assign(
            acting_user=personas.inspector,
            recommendation_id=iso_rec.pk,
            unit_id=unit("Department of Posts").pk,
            due_on=date(2025, 9, 5),
        )
    call_command("oversight", "remind", "--date", "2025-09-02")
    call_command("oversight", "remind", "--date", "2025-09-02")
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "reminders for 2025-09-02: 1 recorded, 0 already recorded today; 0 unit(s) e-mailed, 1 with no e-mail address",
        "reminders for 2025-09-02: 0 recorded, 1 already recorded today; 0 unit(s) e-mailed, 0 with no e-mail address",
    ]


def test_it_follows_a_recommendation_through_the_api(
    iso_rec: Recommendation, personas: Any, api_client: Any, tdc_officer: User
) -> None:
    api_client.force_login(personas.inspector)
    base = f"/api/v1/oversight/recommendations/{iso_rec.pk}"
    assert (
        api_client.post(f"{base}/escalate", {"note": "lên Lãnh đạo Bộ"}, content_type="application/json").status_code
        == 200
    )
    tdc = unit("Directorate for Standards, Metrology and Quality")
    r = api_client.post(f"{base}/assign", {"unit_id": tdc.pk, "due_on": "2099-06-30"}, content_type="application/json")
    assert r.status_code == 200 and r.json()["status"] == "assigned" and r.json()["due_on"] == "2099-06-30"
    bad = api_client.post(f"{base}/answer-on-site", {"answer": "x"}, content_type="application/json")
    assert bad.status_code == 409 and bad.json()["code"] == "illegal_transition"
    api_client.force_login(tdc_officer)
    r = api_client.post(f"{base}/progress", {"progress": 150, "note": "x"}, content_type="application/json")
    assert r.status_code == 422 and r.json()["code"] == "invalid_progress"
    r = api_client.post(f"{base}/progress", {"progress": 50, "note": "Dự thảo"}, content_type="application/json")
    assert r.json()["progress"] == 50
    r = api_client.post(f"{base}/resolve", {"reference": "Công văn 123/TĐC-QLCL"}, content_type="application/json")
    body = r.json()
    assert body["status"] == "resolved" and [e["to_status"] for e in body["events"]] == [
        "recorded",
        "escalated",
        "assigned",
        "in_progress",
        "resolved",
    ]


def test_a_unit_sees_what_is_assigned_to_it_and_exports_it(
    iso_rec: Recommendation, personas: Any, tdc_officer: User, api_client: Any
) -> None:
    """The unit's work list ("mine") in the API, on the page and as Excel."""
    import io

    from openpyxl import load_workbook

    tdc = unit("Directorate for Standards, Metrology and Quality")
    actions.recommendation_escalate(acting_user=personas.inspector, recommendation_id=iso_rec.pk)
    actions.recommendation_assign(
        acting_user=personas.inspector, recommendation_id=iso_rec.pk, unit_id=tdc.pk, due_on=date(2099, 1, 31)
    )
    api_client.force_login(tdc_officer)
    mine = api_client.get("/api/v1/oversight/recommendations?mine=true").json()
    assert [item["id"] for item in mine["items"]] == [iso_rec.pk]
    assert mine["items"][0]["due_on"] == "2099-01-31" and mine["items"][0]["province"]["code"] == "38"
    page = api_client.get("/vi/giam-sat/kien-nghi/?mine=1")
    assert page.status_code == 200 and "TCVN ISO 9001" in page.content.decode()
    xlsx = api_client.get("/vi/giam-sat/kien-nghi/?mine=1&format=xlsx")
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[7]) for r in rows] == [(iso_rec.pk, tdc.name)]


def test_a_group_is_followed_as_one_through_the_api_and_the_page(
    campaign: Campaign, personas: Any, api_client: Any
) -> None:
    hue = Recommendation.objects.get(key="visit-46-r1")
    thanh_hoa = Recommendation.objects.get(key="visit-38-r2")
    api_client.force_login(personas.inspector)
    r = api_client.post(
        "/api/v1/oversight/recommendation-groups",
        {"title": "Đào tạo nhân lực", "recommendation_ids": [hue.pk, thanh_hoa.pk]},
        content_type="application/json",
    )
    assert r.status_code == 201
    group_id = r.json()["id"]
    page = api_client.post(f"/vi/giam-sat/nhom-kien-nghi/{group_id}/", {"verb": "escalate", "note": "chung"})
    assert page.status_code == 302
    cds = unit("National Digital Transformation Agency")
    r = api_client.post(
        f"/api/v1/oversight/recommendation-groups/{group_id}/apply",
        {"verb": "assign", "unit_id": cds.pk, "due_on": "2099-03-31"},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["by_status"] == {"assigned": 2}
    bad = api_client.post(
        f"/api/v1/oversight/recommendation-groups/{group_id}/apply",
        {"verb": "explode"},
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert {e.kind for e in RecommendationEvent.objects.filter(recommendation=hue)} >= {
        EventKind.GROUPED,
        EventKind.ESCALATED,
        EventKind.ASSIGNED,
    }
