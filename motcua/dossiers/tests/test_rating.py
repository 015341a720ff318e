"""A walk-in applicant, served at the counter without an account, rates the service with the
dossier's code and their phone or ID number — through the API and the tracking page — once,
after the result. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from motcua.dossiers.models import Dossier
from motcua.dossiers.replay import fold, matches
from motcua.dossiers.tests.conftest import radio_certificate_body

pytestmark = pytest.mark.django_db
PHONE = "0912345678"  # radio_certificate_body's applicant


def walk_in(apis: Any, *, returned: bool = True) -> dict[str, Any]:
    created = apis.counter_commune.post(
        "/api/v1/dossiers", radio_certificate_body(channel=1), **{"Idempotency-Key": "w"}
    )
    assert created.status_code == 201, created.json()
    dossier = apis.counter_commune.act(created.json(), "accept").json()
    if not returned:
        return dossier
    for api, action in (
        (apis.specialist, "claim"),
        (apis.specialist, "pass"),
        (apis.specialist, "claim"),
        (apis.specialist, "pass"),
        (apis.leader, "claim"),
        (apis.leader, "approve"),
        (apis.counter_commune, "return-result"),
    ):
        response = api.act(dossier, action)
        assert response.status_code == 200, response.json()
        dossier = response.json()
    return dossier


def test_a_walk_in_applicant_rates_once_through_the_api(apis: Any) -> None:
    dossier = walk_in(apis)
    assert Dossier.objects.get(pk=dossier["id"]).owner_id is None
    public = Client()
    url = f"/api/v1/public/dossiers/{dossier['code']}/rating"

    wrong = public.post(url, {"phone": "0900000000", "score": 5}, content_type="application/json")
    assert wrong.status_code == 404
    bad = public.post(url, {"phone": PHONE, "score": 9}, content_type="application/json")
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_score"

    rated = public.post(url, {"phone": PHONE, "score": 4, "note": "Nhanh, chu đáo"}, content_type="application/json")
    assert rated.status_code == 200, rated.json()
    assert rated.json() == {"code": dossier["code"], "rating": 4}
    stored = Dossier.objects.get(pk=dossier["id"])
    assert (stored.rating, stored.rating_note) == (4, "Nhanh, chu đáo")
    event = stored.events.order_by("-seq").first()
    assert event is not None and event.action == "rate"
    assert (event.actor_id, event.actor_name) == (None, "Người nộp hồ sơ (tra cứu công khai)")
    assert matches(stored), fold(stored)

    again = public.post(url, {"id_number": "038190001234", "score": 1}, content_type="application/json")
    assert again.status_code == 409 and again.json()["code"] == "already_rated"
    assert Dossier.objects.get(pk=dossier["id"]).rating == 4


def test_there_is_nothing_to_rate_before_the_result(apis: Any) -> None:
    dossier = walk_in(apis, returned=False)
    response = Client().post(
        f"/api/v1/public/dossiers/{dossier['code']}/rating",
        {"phone": PHONE, "score": 5},
        content_type="application/json",
    )
    assert response.status_code in {409, 422}
    assert Dossier.objects.get(pk=dossier["id"]).rating is None


def test_the_tracking_page_offers_the_rating_and_thanks_the_applicant(apis: Any) -> None:
    dossier = walk_in(apis)
    visitor = Client()
    page = visitor.get("/vi/tra-cuu/", {"code": dossier["code"], "contact": PHONE}).content.decode()
    assert 'id="rate-form"' in page
    done = visitor.post(
        "/vi/tra-cuu/danh-gia/", {"code": dossier["code"], "contact": PHONE, "score": "5", "note": ""}, follow=True
    )
    html = done.content.decode()
    assert "Cảm ơn bạn đã đánh giá." in html
    assert 'id="rate-form"' not in html and "Đã đánh giá: 5/5" in html
    # In English too, and a second try is told plainly.
    again = visitor.post(
        "/en/tra-cuu/danh-gia/", {"code": dossier["code"], "contact": PHONE, "score": "1"}, follow=True
    ).content.decode()
    assert "already been rated" in again


def test_the_public_lookup_cannot_be_used_to_try_numbers() -> None:
    """Twenty tries a minute per address, pages and API together; then 429 with the reason."""
    visitor = Client()
    for attempt in range(20):
        phone = f"09000000{attempt:02d}"
        assert visitor.get("/api/v1/public/dossiers/000.00.02.H38-261207-0001", {"phone": phone}).status_code == 404
    refused = visitor.get("/api/v1/public/dossiers/000.00.02.H38-261207-0001", {"phone": "0912345678"})
    assert refused.status_code == 429
    assert refused.json()["code"] == "too_many_requests" and int(refused["Retry-After"]) >= 1
    page = visitor.get("/vi/tra-cuu/", {"code": "000.00.02.H38-261207-0001", "contact": "0912345678"})
    assert page.status_code == 429 and "Quá nhiều yêu cầu" in page.content.decode()


def test_with_the_database_cache_the_limit_is_shared_by_every_process(settings: Any) -> None:
    """MOTCUA_CACHE=database: `motcua setup` creates the cache table and the tries are counted
    there, where every server process sees them."""
    from django.core.management import call_command
    from django.db import connection

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "motcua_cache"}
    }
    call_command("createcachetable", verbosity=0)  # what `motcua setup` runs after migrating
    Client().get("/api/v1/public/dossiers/000.00.02.H38-261207-0001", {"phone": "0900000000"})
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM motcua_cache")
        assert cursor.fetchone()[0] == 1
