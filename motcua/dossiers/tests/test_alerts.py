"""Alerts that reach people (issue 11 §5): work queues in the staff workspace, a dossier's alerts
on its page, the leaders' daily digest through the outbox, and `GET /api/v1/alerts`."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from motcua.dossiers import jobs
from motcua.dossiers.models import Dossier, DossierAlert
from motcua.dossiers.tests.conftest import radio_certificate_body
from motcua.integrations.models import OutboxMessage
from motcua.org.choices import Role
from motcua.org.models import Membership

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def moment(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=VN)


def at(text: str) -> Any:
    return time_machine.travel(moment(text), tick=False)


def page(user: Any, path: str = "/vi/ho-so/", **params: Any) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(path, params)
    assert response.status_code == 200
    return str(response.content.decode())


def count_of(html: str, attribute: str) -> int:
    """The count shown on the workspace card or alert button carrying `attribute`."""
    found = re.search(rf'{attribute}.*?data-count="(\d+)"', html, re.S)
    assert found is not None, attribute
    return int(found.group(1))


def listed(html: str) -> set[int]:
    return {int(pk) for pk in re.findall(r'<tr data-id="(\d+)"', html)}


@pytest.fixture
def claimed(apis: Any) -> dict[str, Any]:
    """An online radio-operator certificate accepted Monday 7 Dec 2026 and claimed by the
    Department's specialist: due Monday 21 Dec (10 working days)."""
    with at("2026-12-07 09:00"):
        dossier = apis.citizen.post("/api/v1/dossiers", radio_certificate_body(), **{"Idempotency-Key": "al-1"}).json()
        dossier = apis.counter_province.act(dossier, "accept").json()
        dossier = apis.specialist.act(dossier, "claim").json()
    return dossier  # type: ignore[no-any-return]


# --- workspace queues -----------------------------------------------------------------------


def test_it_shows_work_queues_with_counts_and_each_queue_filters_the_list(
    claimed: dict[str, Any], personas: Any
) -> None:
    """Mine (assigned to me), due soon (the job's due-soon alert, clock running), overdue (the rule
    of rules.is_overdue) and today's alerts by kind, all in the user's scope."""
    other = None
    with at("2026-12-07 10:00"):
        from motcua.dossiers.actions import SubmitInput, dossier_submit

        body = radio_certificate_body()
        other = dossier_submit(
            acting_user=personas.citizen,
            data=SubmitInput(
                procedure=body["procedure"], channel=2, applicant=body["applicant"], documents=body["documents"]
            ),
            idempotency_key="al-2",
        ).dossier
    pk = claimed["id"]

    assert jobs.scan_deadlines(moment("2026-12-18 09:00")) == 1  # due Monday: within a working day
    with at("2026-12-18 09:30"):
        html = page(personas.specialist)
        assert count_of(html, 'data-queue="queue=mine"') == 1
        assert count_of(html, 'data-queue="queue=due_soon"') == 1
        assert count_of(html, 'data-queue="overdue=1"') == 0
        assert count_of(html, 'data-alert="due_soon"') == 1 and count_of(html, 'data-alert="stuck"') == 0
        assert listed(page(personas.specialist, queue="mine")) == {pk}
        assert listed(page(personas.specialist, queue="due_soon")) == {pk}
        assert listed(page(personas.specialist, alert="due_soon")) == {pk}
        assert pk in listed(page(personas.counter_province)) and other.pk in listed(page(personas.counter_province))
        assert listed(page(personas.counter_province, queue="mine")) == set()  # not assigned to the counter
        assert count_of(page(personas.counter_province), 'data-queue="queue=due_soon"') == 1

        outsider = page(personas.outsider)
        assert count_of(outsider, 'data-queue="queue=due_soon"') == 0
        assert count_of(outsider, 'data-alert="due_soon"') == 0
        assert listed(page(personas.outsider, alert="due_soon")) == set()

    assert jobs.scan_deadlines(moment("2026-12-22 09:00")) == 1
    with at("2026-12-22 09:30"):
        html = page(personas.specialist)
        assert count_of(html, 'data-queue="queue=due_soon"') == 0  # past due now: overdue instead
        assert count_of(html, 'data-queue="overdue=1"') == 1
        assert count_of(html, 'data-alert="overdue"') == 1
        assert count_of(html, 'data-alert="due_soon"') == 0  # yesterday's alerts are not today's
        assert listed(page(personas.specialist, alert="overdue")) == {pk}
        # A queue survives the search form: the hidden field carries it.
        assert 'name="queue" value="mine"' in page(personas.specialist, queue="mine")


def test_a_payment_request_takes_the_dossier_out_of_the_due_soon_queue(
    claimed: dict[str, Any], apis: Any, personas: Any
) -> None:
    """The clock stops while the applicant pays or completes the dossier (RULES.md §3): not due soon."""
    assert jobs.scan_deadlines(moment("2026-12-18 09:00")) == 1
    with at("2026-12-18 09:10"):
        asked = apis.specialist.act(claimed, "request-payment", note="Lệ phí cấp chứng chỉ")
        assert asked.status_code == 200, asked.json()
    with at("2026-12-18 09:30"):
        html = page(personas.specialist)
        assert count_of(html, 'data-queue="queue=due_soon"') == 0
        assert "Tạm dừng tính thời hạn" in html


# --- the dossier page ----------------------------------------------------------------------


def test_the_dossier_page_lists_its_alerts_for_staff_only(claimed: dict[str, Any], personas: Any) -> None:
    jobs.scan_deadlines(moment("2026-12-18 09:00"))
    jobs.scan_deadlines(moment("2026-12-22 09:00"))
    jobs.scan_stuck(moment("2026-12-22 09:00"))
    with at("2026-12-22 10:00"):
        html = page(personas.specialist, f"/vi/ho-so/{claimed['id']}/")
        section = html[html.index('id="alerts"') :]
        assert section.index('data-alert="overdue"') < section.index('data-alert="due_soon"')  # newest first
        assert "Quá hạn" in section and "Sắp đến hạn" in section and "Không có xử lý" in section
        assert "22/12/2026" in section and "18/12/2026" in section
        assert re.search(r'data-alert="stuck">.*?\d+h', section, re.S)  # the job's detail: idle hours
        assert 'id="alerts"' not in page(personas.citizen, f"/vi/ho-so/{claimed['id']}/")
        english = page(personas.specialist, f"/en/ho-so/{claimed['id']}/")
        assert "Overdue" in english and "Alerts" in english


# --- the leaders' digest -------------------------------------------------------------------


def test_each_units_leaders_get_one_digest_a_day_through_the_outbox(claimed: dict[str, Any], personas: Any) -> None:
    """Once a day per agency with alerts today, to its active leaders: counts by kind and codes."""
    from django.core import mail

    from motcua.integrations import outbox

    personas.leader.email = "hung.pq@khcn.thanhhoa.gov.vn"
    personas.leader.save(update_fields=["email"])
    dossier = Dossier.objects.select_related("processing_agency").get(pk=claimed["id"])
    department = dossier.processing_agency
    assert Membership.objects.filter(user=personas.leader, agency=department, role=Role.LEADER).exists()

    jobs.scan_deadlines(moment("2026-12-22 06:00"))
    jobs.scan_stuck(moment("2026-12-22 06:00"))
    assert jobs.mail_alert_digests(moment("2026-12-22 06:30")) == 0  # before the office day
    assert jobs.mail_alert_digests(moment("2026-12-22 07:30")) == 1
    assert jobs.mail_alert_digests(moment("2026-12-22 08:00")) == 0  # one a day: the key holds
    message = OutboxMessage.objects.get(key=jobs.digest_key(department.pk, moment("2026-12-22 07:30").date()))
    assert message.topic == "notify.email" and message.payload["to"] == ["hung.pq@khcn.thanhhoa.gov.vn"]
    body = message.payload["body"]
    assert "22/12/2026" in message.payload["subject"] and "2 cảnh báo" in message.payload["subject"]
    assert "- Quá hạn: 1" in body and "- Không có xử lý: 1" in body and dossier.code in body
    assert "/vi/ho-so/?alert=overdue" in body
    assert outbox.deliver_due().delivered == 1
    assert mail.outbox[-1].to == ["hung.pq@khcn.thanhhoa.gov.vn"]

    # The next day brings a new digest; an inactive leader gets none, and nor does a unit without one.
    jobs.scan_deadlines(moment("2026-12-23 06:00"))
    Membership.objects.filter(user=personas.leader, agency=department).update(active=False)
    assert jobs.mail_alert_digests(moment("2026-12-23 07:30")) == 0
    Membership.objects.filter(user=personas.leader, agency=department).update(active=True)
    assert jobs.mail_alert_digests(moment("2026-12-23 07:45")) == 1
    assert OutboxMessage.objects.filter(key__startswith="dossiers:alert-digest:").count() == 2


def test_a_reception_alert_goes_to_the_receiving_units_leaders(personas: Any, apis: Any) -> None:
    """Late online acceptance and late paper transfer belong to the one-stop unit that received it."""
    with at("2026-12-07 09:00"):
        dossier = apis.citizen.post("/api/v1/dossiers", radio_certificate_body(), **{"Idempotency-Key": "al-3"}).json()
    jobs.flag_online_late(moment("2026-12-08 09:30"))
    stored = Dossier.objects.get(pk=dossier["id"])
    personas.leader.email = "hung.pq@khcn.thanhhoa.gov.vn"
    personas.leader.save(update_fields=["email"])
    centre_leader = personas.counter_province
    centre_leader.email = "lanhdao.ttphvhcc@thanhhoa.gov.vn"
    centre_leader.save(update_fields=["email"])
    Membership.objects.create(user=centre_leader, agency=stored.receiving_agency, role=Role.LEADER)
    assert jobs.mail_alert_digests(moment("2026-12-08 10:00")) == 1
    message = OutboxMessage.objects.get(key__startswith="dossiers:alert-digest:")
    assert message.key == jobs.digest_key(stored.receiving_agency_id, moment("2026-12-08 10:00").date())
    assert message.payload["to"] == ["lanhdao.ttphvhcc@thanhhoa.gov.vn"]
    assert f"#{stored.pk}" in message.payload["body"]  # not accepted yet: no code


def test_the_digest_job_is_registered_with_the_worker() -> None:
    from motcua.integrations import periodic

    assert periodic.registered()["dossiers.alert_digest"].func is jobs.mail_alert_digests


# --- the API ---------------------------------------------------------------------------------


def test_it_lists_alerts_in_scope_by_kind_and_agency(claimed: dict[str, Any], apis: Any) -> None:
    jobs.scan_deadlines(moment("2026-12-18 09:00"))
    jobs.scan_deadlines(moment("2026-12-22 09:00"))
    dossier = Dossier.objects.get(pk=claimed["id"])
    body = apis.specialist.get("/api/v1/alerts").json()
    assert body["count"] == 2 and body["next_cursor"] is None
    first = body["items"][0]
    assert set(first) >= {"id", "kind", "kind_label", "day", "created_at", "detail", "dossier", "agency_id"}
    assert first["kind"] == "due_soon" and first["kind_label"] == "Sắp đến hạn" and first["day"] == "2026-12-18"
    assert first["dossier"] == {
        "id": dossier.pk,
        "code": dossier.code,
        "status": 4,
        "appointment_at": first["dossier"]["appointment_at"],
    }
    assert first["agency_id"] == dossier.processing_agency_id

    overdue = apis.specialist.get("/api/v1/alerts", kind="overdue").json()
    assert [i["kind"] for i in overdue["items"]] == ["overdue"]
    assert apis.specialist.get("/api/v1/alerts", agency=dossier.processing_agency_id).json()["count"] == 2
    assert apis.specialist.get("/api/v1/alerts", agency=dossier.receiving_agency_id).json()["count"] == 0

    paged = apis.specialist.get("/api/v1/alerts", limit=1).json()
    assert paged["count"] == 2 and len(paged["items"]) == 1 and paged["next_cursor"]
    rest = apis.specialist.get("/api/v1/alerts", limit=1, cursor=paged["next_cursor"]).json()
    assert [i["kind"] for i in rest["items"]] == ["overdue"] and rest["next_cursor"] is None

    # An alert of a dossier out of scope never appears.
    assert apis.outsider.get("/api/v1/alerts").json() == {"items": [], "count": 0, "next_cursor": None}
    assert apis.counter_hatinh.get("/api/v1/alerts", agency=dossier.processing_agency_id).json()["count"] == 0
    assert apis.supervisor.get("/api/v1/alerts").json()["count"] == 2


def test_a_bad_kind_is_a_422_in_the_error_shape(apis: Any) -> None:
    response = apis.specialist.get("/api/v1/alerts", kind="late")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_kind" and "late" in body["message"]
    assert body["errors"][0]["field"] == "kind"
    assert Client().get("/api/v1/alerts").status_code == 401


def test_the_alert_list_costs_the_same_queries_for_few_or_many_alerts(apis: Any, personas: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with at("2026-12-07 09:00"):
        for i in range(3):
            made = apis.citizen.post("/api/v1/dossiers", radio_certificate_body(), **{"Idempotency-Key": f"q-{i}"})
            apis.counter_province.act(made.json(), "accept")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert apis.counter_province.get("/api/v1/alerts").status_code == 200
        return len(captured)

    first = Dossier.objects.order_by("pk").first()
    assert first is not None
    DossierAlert.objects.create(dossier=first, province_code="38", kind="stuck", day=moment("2026-12-10 09:00").date())
    few = queries()
    for dossier in Dossier.objects.exclude(pk=first.pk):
        DossierAlert.objects.create(
            dossier=dossier, province_code="38", kind="stuck", day=moment("2026-12-10 09:00").date()
        )
    assert queries() == few
