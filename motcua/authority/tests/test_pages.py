"""The register's pages, the admin form's overlap message, and the reference-data step."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from motcua.authority.loaders import load_authority
from motcua.authority.models import Decision
from motcua.authority.tests.helpers import PC_PROCEDURE, register

pytestmark = pytest.mark.django_db


def test_the_register_lists_decisions_of_a_province(client: Client) -> None:
    html = client.get("/vi/tham-quyen/quyet-dinh/?province=33").content.decode()
    assert "420/QĐ-UBND" in html and "458/QĐ-UBND" in html and "422/QĐ-UBND" in html
    assert "Tỉnh Hưng Yên" in html


def test_a_decision_page_shows_its_procedures_and_what_revoked_it(client: Client) -> None:
    from motcua.authority.actions import decision_revoke
    from motcua.authority.tests.helpers import day

    original = register()
    decision_revoke(
        acting_user=None,
        target_id=original.pk,
        number="150/QĐ-UBND",
        issued_on=day("2025-10-01"),
        issuer_name="UBND tỉnh Thanh Hóa",
        valid_from=day("2025-10-01"),
        title="Bãi bỏ",
    )
    html = client.get(f"/vi/tham-quyen/quyet-dinh/{original.pk}/").content.decode()
    assert PC_PROCEDURE in html and "150/QĐ-UBND" in html and "30/09/2025" in html
    assert client.get(f"/vi/tham-quyen/quyet-dinh/{original.pk}/van-ban.pdf").status_code == 404
    assert client.get("/vi/tham-quyen/quyet-dinh/999999/").status_code == 404


def test_the_look_up_page_shows_errors_inline(client: Client) -> None:
    response = client.get(f"/vi/tham-quyen/?procedure={PC_PROCEDURE}&province=38&date=hôm-qua")
    assert response.status_code == 422
    assert "Ngày không hợp lệ" in response.content.decode()


def test_the_look_up_page_serves_an_htmx_fragment(client: Client) -> None:
    response = client.get(
        f"/vi/tham-quyen/?procedure={PC_PROCEDURE}&province=38&date=2025-08-15", headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html and "TM. ỦY BAN NHÂN DÂN" in html


def test_the_commune_picker_lists_the_province_s_communes(client: Client) -> None:
    html = client.get("/vi/tham-quyen/xa/?province=33").content.decode()
    assert html.count("<option") == 105  # 104 communes of Hưng Yên + "none"


def test_the_empty_look_up_page_renders_in_english(client: Client) -> None:
    html = client.get("/en/tham-quyen/").content.decode()
    assert "Who decides this procedure, where, and since when?" in html


def test_the_admin_form_shows_the_overlap_message_inline(client: Client, django_user_model: Any) -> None:
    root = django_user_model.objects.create_superuser("root.admin", password="x")
    client.force_login(root)
    form = {
        "relation": "original",
        "number": "999/QĐ-UBND",
        "issued_on": "2025-08-01",
        "issuer_name": "Ủy ban nhân dân tỉnh Hưng Yên",
        "kind": "decentralisation",
        "title": "Phân cấp trùng",
        "from_kind": "province_pc",
        "from_holder": "body",
        "to_kind": "department_st",
        "to_holder": "body",
        "province": Decision.objects.get(number="458/QĐ-UBND").province_id,
        "scope": "procedures",
        "procedure_codes": "1.900006",
        "valid_from": "2025-08-10",
    }
    response = client.post("/vi/admin/authority/decision/add/", form)
    assert response.status_code == 200
    assert "458/QĐ-UBND" in response.content.decode() and "Trùng thẩm quyền" in response.content.decode()
    assert not Decision.objects.filter(number="999/QĐ-UBND").exists()
    form.update(
        number="998/QĐ-UBND",
        procedure_codes="1.900010",
        from_kind="department_st",
        to_kind="province_centre",
        to_holder="head",
        kind="authorisation",
    )
    response = client.post("/vi/admin/authority/decision/add/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    saved = Decision.objects.get(number="998/QĐ-UBND")
    assert list(saved.links.values_list("procedure__code", flat=True)) == ["1.900010"]
    assert saved.created_by == root


def test_the_reference_step_is_idempotent() -> None:
    """`motcua setup` twice changes nothing."""
    assert not load_authority().changed


def test_every_page_of_the_register_is_declared_public(client: Client) -> None:
    """Deny by default, public by declaration: each view of the app is declared `public`
    (`motcua.core.permissions`), and answers an anonymous visitor without error."""
    from django.urls import reverse

    from motcua.authority import urls
    from motcua.core.permissions import PUBLIC, access_of

    for pattern in urls.urlpatterns:
        declared = access_of(pattern.callback)
        assert declared is not None and declared.who == PUBLIC, pattern.name
        kwargs = {name: 1 for name in pattern.pattern.regex.groupindex}
        response = client.get(reverse(f"authority:{pattern.name}", kwargs=kwargs))
        assert response.status_code in (200, 404), pattern.name


def test_the_admin_decision_page_links_each_procedure_to_its_timeline(client: Client, django_user_model: Any) -> None:
    client.force_login(django_user_model.objects.create_superuser("root.timeline", password="x"))
    decision = Decision.objects.get(number="420/QĐ-UBND")
    html = client.get(f"/vi/admin/authority/decision/{decision.pk}/change/").content.decode()
    assert "/vi/tham-quyen/?procedure=1.900001&amp;province=33&amp;date=2025-07-30" in html


def test_the_competence_admin_lists_the_statutory_signer(client: Client, django_user_model: Any) -> None:
    client.force_login(django_user_model.objects.create_superuser("root.competence", password="x"))
    html = client.get("/vi/admin/authority/competence/?q=1.900001").content.decode()
    assert "CHỦ TỊCH" in html and "133/2025/NĐ-CP" in html
