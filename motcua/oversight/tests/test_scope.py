"""Who sees what (docs/decisions/0030-oversight-scope.md): the ministry side sees everything;
a province's staff see their own province's visits and recommendations plus the national
ones of campaigns that visited them; citizens and anonymous users see nothing."""

from __future__ import annotations

from typing import Any

import pytest

from motcua.oversight.models import Campaign, Recommendation, Visit

pytestmark = pytest.mark.django_db


def get(client: Any, user: Any, url: str) -> Any:
    client.force_login(user)
    return client.get(url)


def test_a_province_admin_sees_thanh_hoas_visit_not_hung_yens(
    campaign: Campaign, personas: Any, api_client: Any
) -> None:
    body = get(api_client, personas.province_admin, "/api/v1/oversight/visits").json()
    assert [item["province"] for item in body["items"]] == [{"code": "38", "name": "Thanh Hóa"}]
    hung_yen = Visit.objects.get(province_code="33")
    assert api_client.get(f"/api/v1/oversight/visits/{hung_yen.pk}").status_code == 404
    thanh_hoa = Visit.objects.get(province_code="38")
    detail = api_client.get(f"/api/v1/oversight/visits/{thanh_hoa.pk}").json()
    assert len(detail["figures"]) == 13 and len(detail["recommendation_ids"]) == 5
    assert get(api_client, personas.province_admin, f"/vi/giam-sat/chuyen/{hung_yen.pk}/").status_code == 404
    assert api_client.get(f"/vi/giam-sat/chuyen/{thanh_hoa.pk}/").status_code == 200


def test_an_inspector_and_a_supervisor_see_all(campaign: Campaign, personas: Any, api_client: Any) -> None:
    for user in (personas.inspector, personas.supervisor):
        assert get(api_client, user, "/api/v1/oversight/visits").json()["count"] == 6
        assert api_client.get("/api/v1/oversight/recommendations").json()["count"] == 27


def test_any_staff_of_the_province_sees_its_recommendations_and_the_national_ones(
    campaign: Campaign, personas: Any, api_client: Any
) -> None:
    """A commune counter officer of Thanh Hóa: Thanh Hóa's 5 and the synthesis' 8 national ones."""
    body = get(api_client, personas.counter_commune, "/api/v1/oversight/recommendations?limit=500").json()
    provinces = [item["province"]["code"] if item["province"] else None for item in body["items"]]
    assert provinces.count("38") == 5 and provinces.count(None) == 8 and len(provinces) == 13
    item = next(i for i in body["items"] if i["province"])
    assert set(item) >= {"province", "addressee", "field", "status", "due_on"}
    hue = Recommendation.objects.get(key="visit-46-r1")
    assert api_client.get(f"/api/v1/oversight/recommendations/{hue.pk}").status_code == 404


def test_a_province_that_was_not_visited_sees_no_campaign(campaign: Campaign, personas: Any, api_client: Any) -> None:
    """Hà Tĩnh was visited; the outsider's Hưng Yên too — both see only their own visit."""
    assert get(api_client, personas.counter_hatinh, "/api/v1/oversight/campaigns").json()["count"] == 1
    assert [v["province"]["code"] for v in api_client.get("/api/v1/oversight/visits").json()["items"]] == ["42"]
    assert [
        v["province"]["code"] for v in get(api_client, personas.outsider, "/api/v1/oversight/visits").json()["items"]
    ] == ["33"]


def test_citizens_get_404_and_anonymous_users_401(campaign: Campaign, personas: Any, api_client: Any) -> None:
    for url in (
        "/api/v1/oversight/campaigns",
        "/api/v1/oversight/visits",
        "/api/v1/oversight/recommendations",
        f"/api/v1/oversight/campaigns/{campaign.pk}/synthesis",
    ):
        assert api_client.get(url).status_code == 401
        assert get(api_client, personas.citizen, url).status_code == 404
        api_client.logout()
    assert get(api_client, personas.citizen, "/vi/giam-sat/").status_code == 404
    api_client.logout()
    assert api_client.get("/vi/giam-sat/").status_code == 302  # to the login page


def test_the_synthesis_is_for_the_ministry_side_only(campaign: Campaign, personas: Any, api_client: Any) -> None:
    url = f"/api/v1/oversight/campaigns/{campaign.pk}/synthesis"
    assert get(api_client, personas.province_admin, url).status_code == 404
    assert get(api_client, personas.supervisor, url).status_code == 200


def test_every_page_answers_for_each_persona_without_error(campaign: Campaign, personas: Any, api_client: Any) -> None:
    """A walk over the oversight pages: 200 in scope, 404 out of scope, never 500."""
    thanh_hoa = Visit.objects.get(province_code="38")
    rec = Recommendation.objects.filter(province_code="38").first()
    assert rec is not None
    urls = [
        "/vi/giam-sat/",
        f"/vi/giam-sat/dot/{campaign.pk}/",
        f"/en/giam-sat/chuyen/{thanh_hoa.pk}/",
        "/vi/giam-sat/kien-nghi/",
        f"/en/giam-sat/kien-nghi/{rec.pk}/",
        "/vi/giam-sat/ban-tin-truoc-chuyen/?province=38&date_from=2026-01-05&date_to=2026-01-09",
        "/vi/giam-sat/ho-tro/",
        "/en/giam-sat/ho-tro/tri-thuc/?q=iso",
        "/vi/giam-sat/ho-tro/dau-moi/",
    ]
    for who in ("inspector", "supervisor", "province_admin", "counter_commune", "specialist"):
        for url in urls:
            assert get(api_client, getattr(personas, who), url).status_code == 200, (who, url)
    for who in ("counter_hatinh", "outsider"):
        user = getattr(personas, who)
        assert get(api_client, user, f"/vi/giam-sat/chuyen/{thanh_hoa.pk}/").status_code == 404
        assert get(api_client, user, f"/vi/giam-sat/kien-nghi/{rec.pk}/").status_code == 404
        assert get(api_client, user, "/vi/giam-sat/ban-tin-truoc-chuyen/?province=38").status_code == 404


def test_every_oversight_url_requires_a_signed_in_user(campaign: Campaign, api_client: Any) -> None:
    """Deny by default: walk the URL patterns of the app; anonymous users never get a page."""
    from django.urls import get_resolver, reverse

    from motcua.oversight import urls

    for pattern in urls.urlpatterns:
        kwargs = {name: 1 for name in pattern.pattern.regex.groupindex}
        url = reverse(f"oversight:{pattern.name}", kwargs=kwargs)
        response = api_client.get(url)
        assert response.status_code == 302 and "/dang-nhap/" in response["Location"], url
    assert get_resolver() is not None


def test_the_recommendation_list_costs_a_fixed_number_of_queries(
    campaign: Campaign, personas: Any, api_client: Any, django_assert_max_num_queries: Any
) -> None:
    api_client.force_login(personas.inspector)
    with django_assert_max_num_queries(8):
        body = api_client.get("/api/v1/oversight/recommendations?limit=500").json()
    assert body["count"] == 27
