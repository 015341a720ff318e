"""Operators see the outbox (waiting, retried, dead letters) and the job runs in the admin."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from motcua.integrations import outbox, periodic
from motcua.integrations.choices import MessageStatus
from motcua.integrations.models import OutboxMessage
from motcua.integrations.tests.handlers import FAIL_TOPIC


@pytest.fixture
def root_client(django_user_model: Any) -> Client:
    root = django_user_model.objects.create_superuser(username="root.integrations", password="x")
    client = Client()
    client.force_login(root)
    return client


@pytest.mark.django_db
def test_it_lists_dead_letters_and_sends_them_again(root_client: Client, personas: Any) -> None:
    message = outbox.enqueue(topic=FAIL_TOPIC, key="admin:dead", payload={})
    OutboxMessage.objects.filter(pk=message.pk).update(status=MessageStatus.DEAD, attempts=10, last_error="boom")
    url = reverse("admin:integrations_outboxmessage_changelist")
    page = root_client.get(url, {"status__exact": "dead"})
    assert page.status_code == 200
    assert "admin:dead" in page.content.decode()
    assert root_client.get(reverse("admin:integrations_outboxmessage_change", args=[message.pk])).status_code == 200

    answer = root_client.post(url, {"action": "retry_now", "_selected_action": [message.pk]})
    assert answer.status_code == 302
    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.PENDING, 0)

    # Staff without the admin's model permissions see nothing of the outbox.
    other = Client()
    other.force_login(personas.counter_commune)
    assert other.get(url).status_code in (302, 403)


@pytest.mark.django_db
def test_it_shows_the_runs_of_periodic_jobs(root_client: Client) -> None:
    periodic.run_due(worker_id="admin-test")
    assert root_client.get(reverse("admin:integrations_periodicjob_changelist")).status_code == 200
    assert root_client.get(reverse("admin:integrations_jobrun_changelist")).status_code == 200
