"""Two officers change one recommendation at the same moment (PostgreSQL, real threads): the row
lock and the version they saw let exactly one win; the other is told to reload, and the
recommendation's events show one change."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from motcua.core.errors import Conflict, DomainError
from motcua.oversight import actions
from motcua.oversight.choices import RecommendationStatus as S
from motcua.oversight.importer import load_campaign_2025
from motcua.oversight.models import Recommendation

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_answering_and_escalating_at_once_leaves_one_winner(personas: Any) -> None:
    load_campaign_2025()
    rec = Recommendation.objects.get(key="visit-38-r3")
    seen = rec.version
    barrier = threading.Barrier(2)
    outcomes: list[Any] = [None, None]

    def run(index: int, job: Any) -> None:
        try:
            barrier.wait()
            outcomes[index] = job()
        except Exception as exc:  # the loser's refusal is the point of the test
            outcomes[index] = exc
        finally:
            connection.close()

    jobs = [
        lambda: actions.recommendation_answer_on_site(
            acting_user=personas.inspector,
            recommendation_id=rec.pk,
            answer="Đã trả lời tại buổi làm việc",
            expected_version=seen,
        ),
        lambda: actions.recommendation_escalate(
            acting_user=personas.inspector, recommendation_id=rec.pk, note="Vượt thẩm quyền", expected_version=seen
        ),
    ]
    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    winners = [o for o in outcomes if isinstance(o, Recommendation)]
    losers = [o for o in outcomes if isinstance(o, DomainError)]
    assert len(winners) == 1 and len(losers) == 1, outcomes
    assert isinstance(losers[0], Conflict)
    rec.refresh_from_db()
    assert rec.version == seen + 1
    assert rec.status in {S.ANSWERED_ON_SITE, S.ESCALATED} and rec.status == winners[0].status
    assert rec.events.filter(kind__in=["answered_on_site", "escalated"]).count() == 1
