"""The support channel the localities asked for (Thanh Hóa: phone contacts of the officials
who handle each procedure; the synthesis: a standing 24/7 support group): questions to the
unit in charge of a field, assignment, response targets, a searchable knowledge base and a
directory of contact points."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from motcua.core.errors import DomainError
from motcua.org.choices import AgencyKind, Role
from motcua.org.models import Agency, Membership, User
from motcua.oversight import actions, selectors
from motcua.oversight.choices import ThreadStatus

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def ip_officer(db: Any) -> User:
    user = User.objects.create(username="officer.ip", full_name="Lương Thị Sáng")
    Membership.objects.create(
        user=user,
        role=Role.SPECIALIST,
        agency=Agency.objects.get(kind=AgencyKind.MINISTRY_UNIT, name_en="National Office of Intellectual Property"),
    )
    return user


def test_a_locality_asks_the_unit_in_charge_and_the_answer_is_published(personas: Any, ip_officer: User) -> None:
    opened = datetime(2025, 9, 8, 8, 30, tzinfo=VN)
    with time_machine.travel(opened, tick=False):
        thread = actions.support_thread_open(
            acting_user=personas.specialist,
            field="intellectual_property",
            subject="Chủ sở hữu nhãn hiệu tập thể sau sáp nhập",
            body="Sau sắp xếp địa giới, ai là chủ sở hữu nhãn hiệu tập thể của huyện cũ?",
        )
    assert thread.unit.name == "Cục Sở hữu trí tuệ" and thread.province.code == "38"
    # Working time (decision 0010): Monday 08:30 + 8 working hours = Tuesday 08:30 (3 h in the
    # morning, 4 h in the afternoon, 1 h on Tuesday); + 3 working days = Thursday 08:30.
    assert thread.first_response_due_at == datetime(2025, 9, 9, 8, 30, tzinfo=VN)
    assert thread.answer_due_at == datetime(2025, 9, 11, 8, 30, tzinfo=VN)
    with pytest.raises(DomainError):  # the asking province cannot mark its own question answered
        actions.support_thread_reply(acting_user=personas.specialist, thread_id=thread.pk, body="x", answers=True)
    actions.support_thread_assign(acting_user=ip_officer, thread_id=thread.pk, assignee_id=ip_officer.pk)
    with time_machine.travel(opened + timedelta(hours=3), tick=False):
        actions.support_thread_reply(
            acting_user=ip_officer, thread_id=thread.pk, body="Ghi chú: hỏi Vụ Pháp chế", internal=True
        )
        actions.support_thread_reply(
            acting_user=ip_officer,
            thread_id=thread.pk,
            answers=True,
            body="UBND cấp xã kế thừa quyền của UBND huyện cũ; làm thủ tục ghi nhận thay đổi.",
        )
    thread.refresh_from_db()
    assert thread.status == ThreadStatus.ANSWERED and thread.assignee == ip_officer
    assert thread.first_response_at == opened + timedelta(hours=3)
    # The province does not see the unit's internal note.
    assert len(selectors.thread_messages(user=personas.specialist, thread=thread)) == 2
    assert len(selectors.thread_messages(user=ip_officer, thread=thread)) == 3
    actions.support_thread_publish(
        acting_user=ip_officer,
        thread_id=thread.pk,
        question="Ai là chủ sở hữu nhãn hiệu tập thể sau khi sắp xếp địa giới?",
        answer="UBND cấp xã kế thừa; làm thủ tục ghi nhận thay đổi chủ sở hữu.",
    )
    # Accent-insensitive search, for any staff member anywhere.
    found = selectors.knowledge_search(user=personas.counter_hatinh, q="nhan hieu tap the")
    assert [t.pk for t in found] == [thread.pk]
    assert not selectors.knowledge_search(user=personas.counter_hatinh, q="tần số").exists()


def test_threads_are_scoped_to_the_asking_province_and_the_addressed_unit(
    personas: Any, ip_officer: User, api_client: Any
) -> None:
    api_client.force_login(personas.province_admin)
    r = api_client.post(
        "/api/v1/oversight/support/threads",
        {"field": "intellectual_property", "subject": "Tra cứu sáng chế", "body": "Cơ sở dữ liệu?"},
        content_type="application/json",
    )
    assert r.status_code == 201
    thread_id = r.json()["id"]
    assert api_client.get("/api/v1/oversight/support/threads").json()["count"] == 1
    api_client.force_login(personas.counter_hatinh)
    assert api_client.get(f"/api/v1/oversight/support/threads/{thread_id}").status_code == 404
    api_client.force_login(ip_officer)
    assert api_client.get(f"/api/v1/oversight/support/threads/{thread_id}").status_code == 200
    api_client.force_login(personas.inspector)
    r = api_client.post(
        "/api/v1/oversight/support/threads",
        {"field": "intellectual_property", "subject": "x", "body": "y"},
        content_type="application/json",
    )
    assert r.status_code == 403  # the ministry side answers, it does not ask


def test_the_directory_of_contact_points(personas: Any, ip_officer: User, api_client: Any) -> None:
    unit = Agency.objects.get(kind=AgencyKind.MINISTRY_UNIT, name_en="National Office of Intellectual Property")
    actions.contact_point_save(
        acting_user=ip_officer,
        unit_id=unit.pk,
        field="intellectual_property",
        procedure_code="1.005442",
        name="Lương Thị Sáng",
        phone="024 3858 3069",
        hours="24/7",
    )
    with pytest.raises(DomainError):
        actions.contact_point_save(
            acting_user=personas.province_admin, unit_id=unit.pk, field="intellectual_property", name="X"
        )
    api_client.force_login(personas.counter_commune)
    body = api_client.get(
        "/api/v1/oversight/support/contacts?field=intellectual_property&procedure_code=1.005442"
    ).json()
    assert [(c["name"], c["phone"]) for c in body["items"]] == [("Lương Thị Sáng", "024 3858 3069")]
    api_client.force_login(personas.citizen)
    assert api_client.get("/api/v1/oversight/support/contacts").status_code == 404
