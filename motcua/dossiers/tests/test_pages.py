"""The dossier pages, through the Django test client: workspace, detail with its action forms,
counter intake, online submission, public tracking and the receipt slip — scoped like the API
(out of scope is 404, DESIGN.md rules) and in Vietnamese and English."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from motcua.dossiers.actions import SubmitInput, dossier_act, dossier_submit
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.conftest import PDF, PNG, radio_certificate_body

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(text: str) -> Any:
    return time_machine.travel(datetime.fromisoformat(text).replace(tzinfo=VN), tick=False)


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def submit(user: Any, key: str = "k-1", **overrides: Any) -> Dossier:
    body = radio_certificate_body(**overrides)
    data = SubmitInput(
        procedure=body["procedure"],
        channel=body["channel"],
        applicant=body["applicant"],
        documents=body["documents"],
        summary=body.get("summary", ""),
    )
    return dossier_submit(acting_user=user, data=data, idempotency_key=key).dossier


def act(user: Any, dossier: Dossier, action: str, **params: Any) -> Dossier:
    dossier.refresh_from_db()
    return dossier_act(
        acting_user=user, dossier_id=dossier.pk, action=action, expected_version=dossier.version, params=params
    )


def other_person(**extra: Any) -> dict[str, Any]:
    applicant = dict(radio_certificate_body()["applicant"])
    applicant.update({"full_name": "Lê Văn Bình", "id_number": "038090004321", "phone": "0987654321", **extra})
    return applicant


def html_of(response: Any) -> str:
    return str(response.content.decode())


# --- workspace ----------------------------------------------------------------------------------


def test_it_lists_the_dossiers_in_scope_with_counters_and_masks_who_does_not_handle_them(personas: Any) -> None:
    """Staff see dossiers received or processed in their jurisdiction; personal data stays masked
    for those who do not handle the dossier (DESIGN.md: personal data masked in lists)."""
    with at("2026-12-07 09:00"):
        dossier = submit(personas.citizen)
        html = html_of(client_for(personas.counter_province).get("/vi/ho-so/"))
        assert f'data-id="{dossier.pk}"' in html
        assert "Ngô Thị Hạnh" in html  # the receiving unit handles it
        assert 'data-count="1"' in html  # one to accept
        admin_html = html_of(client_for(personas.province_admin).get("/vi/ho-so/"))
        assert f'data-id="{dossier.pk}"' in admin_html
        assert "N** T** Hạnh" in admin_html and "Ngô Thị Hạnh" not in admin_html
        assert "*******678" in admin_html

        outsider = html_of(client_for(personas.outsider).get("/vi/ho-so/"))
        assert f'data-id="{dossier.pk}"' not in outsider and "Không có hồ sơ nào." in outsider


def test_it_filters_and_pages_the_workspace_with_a_keyset_cursor(personas: Any) -> None:
    """Lists page by keyset (motcua.core.pagination); a broken cursor is a 400, never a 500."""
    with at("2026-12-07 09:00"):
        first = submit(personas.citizen, key="a")
        second = submit(personas.citizen, key="b", summary="lần hai")
        act(personas.counter_province, first, "accept")
        client = client_for(personas.counter_province)
        accepted = html_of(client.get("/vi/ho-so/", {"status": 2}))
        assert f'data-id="{first.pk}"' in accepted and f'data-id="{second.pk}"' not in accepted
        by_code = html_of(client.get("/vi/ho-so/", {"q": Dossier.objects.get(pk=first.pk).code}))
        assert f'data-id="{first.pk}"' in by_code and f'data-id="{second.pk}"' not in by_code

        from motcua.dossiers import views

        original = views.PAGE_SIZE
        views.PAGE_SIZE = 1
        try:
            page_one = html_of(client.get("/vi/ho-so/"))
            cursor = re.search(r'rel="next" href="\?cursor=([^"]+)"', page_one)
            assert cursor is not None and f'data-id="{first.pk}"' in page_one
            page_two = client.get(
                "/vi/ho-so/", {"cursor": cursor.group(1)}, headers={"HX-Request": "true", "HX-Target": "dossier-list"}
            )
            assert f'data-id="{second.pk}"' in html_of(page_two) and "<html" not in html_of(page_two)
        finally:
            views.PAGE_SIZE = original
        bad = client.get("/vi/ho-so/", {"cursor": "%%%"})
        assert bad.status_code == 400 and "Con trỏ phân trang không hợp lệ." in html_of(bad)


def test_it_shows_overdue_dossiers_and_counts_them(personas: Any) -> None:
    with at("2026-12-07 09:00"):
        dossier = submit(personas.citizen)
        act(personas.counter_province, dossier, "accept")
    with at("2027-01-20 09:00"):
        html = html_of(client_for(personas.counter_province).get("/vi/ho-so/", {"overdue": 1}))
        assert f'data-id="{dossier.pk}"' in html and "Quá hạn" in html


def test_a_citizen_sees_only_their_own_dossiers(personas: Any) -> None:
    with at("2026-12-07 09:00"):
        mine = submit(personas.citizen)
        theirs = submit(personas.counter_province, key="c-1", channel=1, applicant=other_person())
        client = client_for(personas.citizen)
        html = html_of(client.get("/vi/ho-so/"))
        assert "Hồ sơ của tôi" in html
        assert f'data-id="{mine.pk}"' in html and f'data-id="{theirs.pk}"' not in html
        assert client.get(f"/vi/ho-so/{theirs.pk}/").status_code == 404
        assert client.get(f"/vi/ho-so/{mine.pk}/").status_code == 200


def test_pages_need_a_signed_in_user(client: Client) -> None:
    response = client.get("/vi/ho-so/")
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


# --- detail and actions -------------------------------------------------------------------------


def test_an_outsider_gets_404_on_a_thanh_hoa_dossier(personas: Any) -> None:
    """Out of scope is 404, never 403, so codes cannot be probed (issue 7 §8)."""
    with at("2026-12-07 09:00"):
        dossier = submit(personas.citizen)
        act(personas.counter_province, dossier, "accept")
        client = client_for(personas.outsider)
        assert client.get(f"/vi/ho-so/{dossier.pk}/").status_code == 404
        assert client.get(f"/vi/ho-so/{dossier.pk}/phieu-hen/").status_code == 404
        posted = client.post(f"/vi/ho-so/{dossier.pk}/thao-tac/claim/", {"claim-expected_version": 2})
        assert posted.status_code == 404
        assert Dossier.objects.get(pk=dossier.pk).status == 2


def test_the_detail_page_shows_one_form_per_allowed_action_and_both_clocks(personas: Any) -> None:
    with at("2026-12-07 09:00"):
        dossier = submit(personas.citizen)
        counter = client_for(personas.counter_province)
        html = html_of(counter.get(f"/vi/ho-so/{dossier.pk}/"))
        forms = set(re.findall(r'data-action="([a-z-]+)"', html))
        assert forms == {"accept", "refuse", "request-supplement", "withdraw"}
        assert 'name="accept-expected_version" value="1"' in html
        assert "Tờ khai đề nghị cấp chứng chỉ vô tuyến điện viên nghiệp dư" in html
        assert "VNEID:038190001234" in html

        response = counter.post(f"/vi/ho-so/{dossier.pk}/thao-tac/accept/", {"accept-expected_version": 1})
        assert response.status_code == 302 and response["Location"] == f"/vi/ho-so/{dossier.pk}/"
        html = html_of(counter.get(response["Location"]))
        assert "Đã thực hiện: Tiếp nhận." in html
        assert "000.00.02.H38-261207-0001" in html
        assert "Nghị định 118/2025" in html and "Quyết định 766/QĐ-TTg" in html
        assert 'id="timeline"' in html and "Tiếp nhận" in html

        # The specialist has the claim form; the leader none yet.
        specialist = html_of(client_for(personas.specialist).get(f"/vi/ho-so/{dossier.pk}/"))
        assert set(re.findall(r'data-action="([a-z-]+)"', specialist)) >= {"claim", "request-supplement"}
        leader = html_of(client_for(personas.leader).get(f"/vi/ho-so/{dossier.pk}/"))
        assert "claim" not in set(re.findall(r'data-action="([a-z-]+)"', leader))


def test_a_stale_page_gets_the_conflict_message(personas: Any) -> None:
    """Each form posts the version the user saw; someone else acting first gives 409 in place."""
    with at("2026-12-07 09:00"):
        dossier = submit(personas.citizen)
        act(personas.counter_province, dossier, "accept")
        act(personas.specialist, dossier, "claim")  # version 3 now
        response = client_for(personas.specialist).post(
            f"/vi/ho-so/{dossier.pk}/thao-tac/pass/", {"pass-expected_version": 2, "pass-note": "xong"}
        )
        assert response.status_code == 409
        html = html_of(response)
        assert "Hồ sơ đã được người khác cập nhật (phiên bản 3, bạn đang xem 2). Hãy tải lại." in html
        # The re-rendered form carries the fresh version, so the next try goes through.
        assert 'name="pass-expected_version" value="3"' in html
        assert Dossier.objects.get(pk=dossier.pk).version == 3


def test_a_reason_is_required_where_the_law_asks_for_one(personas: Any) -> None:
    with at("2026-12-07 09:00"):
        dossier = submit(personas.citizen)
        response = client_for(personas.counter_province).post(
            f"/vi/ho-so/{dossier.pk}/thao-tac/refuse/", {"refuse-expected_version": 1, "refuse-reason": "x"}
        )
        assert response.status_code == 422
        assert 'data-action="refuse"' in html_of(response)
        assert Dossier.objects.get(pk=dossier.pk).status == 1
        refused = client_for(personas.counter_province).post(
            f"/vi/ho-so/{dossier.pk}/thao-tac/refuse/",
            {"refuse-expected_version": 1, "refuse-reason": "Thủ tục không thuộc thẩm quyền"},
        )
        assert refused.status_code == 302 and Dossier.objects.get(pk=dossier.pk).status == 3


def test_a_citizen_supplies_a_document_by_upload(personas: Any) -> None:
    """The upload becomes the engine's document (base64 content, file name, component)."""
    with at("2026-12-07 09:00"):
        dossier = submit(personas.citizen)
        act(personas.counter_province, dossier, "request-supplement", reason="Ảnh chân dung bị mờ")
        response = client_for(personas.citizen).post(
            f"/vi/ho-so/{dossier.pk}/thao-tac/supply/",
            {
                "supply-expected_version": 2,
                "supply-component": "Ảnh chân dung 3x4 cm",
                "supply-copy_kind": 2,
                "supply-file": SimpleUploadedFile("anh-moi.png", PNG, content_type="image/png"),
            },
        )
        assert response.status_code == 302, html_of(response)
        stored = Dossier.objects.get(pk=dossier.pk)
        assert stored.status == 1
        added = stored.documents.get(supplement_round=1)
        assert added.component == "Ảnh chân dung 3x4 cm" and added.mime_type == "image/png"
        # A file that is not what it claims to be is refused with the engine's message.
        act(personas.counter_province, stored, "request-supplement", reason="Thiếu tờ khai có chữ ký")
        refused = client_for(personas.citizen).post(
            f"/vi/ho-so/{dossier.pk}/thao-tac/supply/",
            {
                "supply-expected_version": 4,
                "supply-component": "Ảnh chân dung 3x4 cm",
                "supply-copy_kind": 2,
                "supply-file": SimpleUploadedFile("to-khai.pdf", b"not a pdf at all", content_type="application/pdf"),
            },
        )
        assert refused.status_code == 422
        assert "không thuộc loại được nhận" in html_of(refused)


def test_the_leader_approves_with_a_result_type_and_the_result_links_to_verification(personas: Any) -> None:
    with at("2026-12-07 09:00"):
        dossier = submit(personas.citizen)
        act(personas.counter_province, dossier, "accept")
        for _ in range(2):
            act(personas.specialist, dossier, "claim")
            act(personas.specialist, dossier, "pass")
        act(personas.leader, dossier, "claim")
        leader = client_for(personas.leader)
        html = html_of(leader.get(f"/vi/ho-so/{dossier.pk}/"))
        assert '<option value="CCVTDNDU">CCVTDNDU — Chứng chỉ vô tuyến điện viên nghiệp dư</option>' in html
        assert 'data-action="extend"' in html
        version = Dossier.objects.get(pk=dossier.pk).version
        response = leader.post(
            f"/vi/ho-so/{dossier.pk}/thao-tac/approve/",
            {"approve-expected_version": version, "approve-result_type": "CCVTDNDU"},
        )
        assert response.status_code == 302, html_of(response)
        html = html_of(leader.get(f"/vi/ho-so/{dossier.pk}/"))
        assert "/api/v1/results/038190001234CCVTDNDU/verify" in html
        assert Dossier.objects.get(pk=dossier.pk).status == 9


def test_the_leader_extends_by_working_days_once(personas: Any) -> None:
    with at("2026-12-07 09:00"):
        dossier = submit(personas.citizen)
        act(personas.counter_province, dossier, "accept")
        leader = client_for(personas.leader)
        response = leader.post(
            f"/vi/ho-so/{dossier.pk}/thao-tac/extend/",
            {"extend-expected_version": 2, "extend-reason": "Cần sát hạch thực tế", "extend-extra_working_days": "3"},
        )
        assert response.status_code == 302, html_of(response)
        stored = Dossier.objects.get(pk=dossier.pk)
        assert stored.extended and stored.appointment_at.astimezone(VN).date().isoformat() == "2026-12-24"
        again = leader.post(
            f"/vi/ho-so/{dossier.pk}/thao-tac/extend/",
            {"extend-expected_version": 3, "extend-reason": "Lại xin gia hạn", "extend-extra_working_days": "1"},
        )
        assert again.status_code == 422
        assert "Chỉ được hẹn lại thời gian trả kết quả một lần." in html_of(again)


def test_payment_is_recorded_at_the_counter_and_a_rating_is_given(personas: Any) -> None:
    with at("2026-12-07 09:00"):
        dossier = submit(personas.citizen)
        act(personas.counter_province, dossier, "accept")
        act(personas.specialist, dossier, "claim")
        act(personas.specialist, dossier, "request-payment")
        counter = client_for(personas.counter_province)
        paid = counter.post(
            f"/vi/ho-so/{dossier.pk}/thao-tac/record-payment/",
            {
                "record-payment-expected_version": 4,
                "record-payment-channel": "counter",
                "record-payment-reference": "BL-0001",
            },
        )
        assert paid.status_code == 302, html_of(paid)
        assert Dossier.objects.get(pk=dossier.pk).payment_status == 1


# --- intake -------------------------------------------------------------------------------------


def intake_post(version: Any, key: str, **overrides: Any) -> dict[str, Any]:
    from motcua.geo.models import Commune

    hac_thanh = Commune.objects.get(province__code="38", name="Phường Hạc Thành").code
    docs = {d.name: d.pk for d in version.documents.all()}
    data: dict[str, Any] = {
        "procedure": "1.900010",
        "idempotency_key": key,
        "channel": 1,
        "kind": "person",
        "full_name": "Ngô Thị Hạnh",
        "id_number": "038190001234",
        "phone": "0912345678",
        "email": "hanh@example.vn",
        "address_mode": "new",
        "province": "38",
        "commune": hac_thanh,
        "detail": "12 Lê Lợi",
        "summary": "Cấp chứng chỉ",
        f"doc-{docs['Tờ khai đề nghị cấp chứng chỉ vô tuyến điện viên nghiệp dư']}-file": SimpleUploadedFile(
            "to-khai.pdf", PDF
        ),
        f"doc-{docs['Ảnh chân dung 3x4 cm']}-file": SimpleUploadedFile("anh.png", PNG),
        f"doc-{docs['Căn cước']}-edata": "VNEID:038190001234",
    }
    data.update(overrides)
    return data


def test_a_commune_counter_receives_a_provincial_procedure_and_a_double_click_makes_one_dossier(
    personas: Any,
) -> None:
    """Counter intake anywhere in the province for boundary-free procedures; the form's
    Idempotency-Key makes a double click harmless (issue 7 §2)."""
    from motcua.catalog.selectors import procedure_version_current

    with at("2026-12-07 09:00"):
        client = client_for(personas.counter_commune)
        chooser = html_of(client.get("/vi/ho-so/tiep-nhan/", {"q": "1.900010"}))
        assert "?procedure=1.900010" in chooser
        form = html_of(client.get("/vi/ho-so/tiep-nhan/", {"procedure": "1.900010"}))
        key = re.search(r'name="idempotency_key" value="([0-9a-f]{32})"', form)
        assert key is not None
        assert "Trung tâm Phục vụ hành chính công phường Hạc Thành" in form
        assert 'value="38" selected' in form  # the centre's province comes first
        version = procedure_version_current("1.900010")
        first = client.post("/vi/ho-so/tiep-nhan/", intake_post(version, key.group(1)))
        assert first.status_code == 302, html_of(first)
        second = client.post("/vi/ho-so/tiep-nhan/", intake_post(version, key.group(1)))
        assert second["Location"] == first["Location"]
        dossier = Dossier.objects.get()
        assert dossier.channel == 1 and dossier.owner is None
        assert dossier.receiving_agency.name == "Trung tâm Phục vụ hành chính công phường Hạc Thành"
        assert dossier.processing_agency.identifier == "000.00.02.H38"
        assert dossier.documents.count() == 3 and dossier.documents.filter(digitised=True).count() == 2
        assert "không tạo hồ sơ trùng" in html_of(client.get(second["Location"]))


def test_intake_shows_the_engines_refusals_in_place_and_creates_nothing(personas: Any) -> None:
    from motcua.catalog.selectors import procedure_version_current

    with at("2026-12-07 09:00"):
        version = procedure_version_current("1.900010")
        client = client_for(personas.counter_commune)
        response = client.post("/vi/ho-so/tiep-nhan/", intake_post(version, "k-bad", id_number="12345"))
        assert response.status_code == 422
        html = html_of(response)
        assert "Thông tin người nộp chưa hợp lệ." in html
        assert "Số định danh cá nhân phải gồm đúng 12 chữ số." in html
        docs = {d.name: d.pk for d in version.documents.all()}
        missing = intake_post(version, "k-missing")
        del missing[f"doc-{docs['Ảnh chân dung 3x4 cm']}-file"]
        response = client.post("/vi/ho-so/tiep-nhan/", missing)
        assert response.status_code == 422
        assert "Còn thiếu thành phần hồ sơ bắt buộc." in html_of(response)
        assert Dossier.objects.count() == 0


def test_intake_converts_an_old_address(personas: Any) -> None:
    from motcua.catalog.selectors import procedure_version_current

    with at("2026-12-07 09:00"):
        version = procedure_version_current("1.900010")
        data = intake_post(
            version,
            "k-old",
            address_mode="old",
            province="",
            commune="",
            old_address="Phường Điện Biên, Thành phố Thanh Hóa, Tỉnh Thanh Hóa",
        )
        response = client_for(personas.counter_commune).post("/vi/ho-so/tiep-nhan/", data)
        assert response.status_code == 302, html_of(response)
        dossier = Dossier.objects.get()
        assert dossier.address_province.code == "38" and dossier.old_address.startswith("Phường Điện Biên")


def test_only_counter_officers_receive_at_the_counter(personas: Any) -> None:
    assert client_for(personas.specialist).get("/vi/ho-so/tiep-nhan/").status_code == 404
    assert client_for(personas.citizen).get("/vi/ho-so/tiep-nhan/").status_code == 404


def test_the_commune_select_is_filled_by_province(client: Client) -> None:
    html = html_of(client.get("/vi/ho-so/xa/", {"province": "38"}))
    assert html.count("<option value=") == 167 and "Phường Hạc Thành" in html


def test_a_citizen_submits_online(personas: Any) -> None:
    from motcua.catalog.selectors import procedure_version_current

    with at("2026-12-07 09:00"):
        client = client_for(personas.citizen)
        page = html_of(client.get("/vi/ho-so/nop-truc-tuyen/1.900010/"))
        assert 'value="038190001234"' in page and 'name="channel"' not in page
        key = re.search(r'name="idempotency_key" value="([0-9a-f]{32})"', page)
        assert key is not None
        version = procedure_version_current("1.900010")
        data = intake_post(version, key.group(1))
        del data["channel"]
        response = client.post("/vi/ho-so/nop-truc-tuyen/1.900010/", data)
        assert response.status_code == 302, html_of(response)
        dossier = Dossier.objects.get()
        assert dossier.channel == 2 and dossier.owner == personas.citizen
        assert dossier.receiving_agency.identifier == "000.00.01.H38"
        # Staff are sent to counter intake; unknown procedures are 404.
        staff = client_for(personas.counter_commune).get("/vi/ho-so/nop-truc-tuyen/1.900010/")
        assert staff.status_code == 302 and staff["Location"].endswith("/vi/ho-so/tiep-nhan/?procedure=1.900010")
        assert client.get("/vi/ho-so/nop-truc-tuyen/9.999999/").status_code == 404


# --- public tracking and the slip -------------------------------------------------------------------


def test_anyone_tracks_a_dossier_by_code_and_phone_or_id_number(personas: Any, client: Client) -> None:
    with at("2026-12-07 09:00"):
        dossier = submit(personas.citizen)
        code = act(personas.counter_province, dossier, "accept").code
        found = client.get("/vi/tra-cuu/", {"code": code, "contact": "0912 345 678"})
        assert found.status_code == 200
        html = html_of(found)
        assert "N** T** Hạnh" in html and "*********234" in html and "Ngô Thị Hạnh" not in html
        assert "Được tiếp nhận" in html and 'id="timeline"' in html
        by_id = client.get("/vi/tra-cuu/", {"code": code, "contact": "038190001234"})
        assert by_id.status_code == 200
        wrong = client.get("/vi/tra-cuu/", {"code": code, "contact": "0900000000"})
        assert wrong.status_code == 404
        assert "Không tìm thấy hồ sơ với mã và số điện thoại/số định danh này." in html_of(wrong)
        assert client.get("/vi/tra-cuu/").status_code == 200


def test_the_receipt_slip_has_the_code_as_a_qr_code(personas: Any) -> None:
    """Form 01: receiving unit, applicant, documents received, receipt and appointment times."""
    with at("2026-12-07 09:00"):
        dossier = submit(personas.citizen)
        client = client_for(personas.counter_province)
        early = client.get(f"/vi/ho-so/{dossier.pk}/phieu-hen/")
        assert early.status_code == 422
        accepted = act(personas.counter_province, dossier, "accept")
        html = html_of(client.get(f"/vi/ho-so/{dossier.pk}/phieu-hen/"))
        assert "<svg" in html and accepted.code in html
        assert "Ngô Thị Hạnh" in html and "038190001234" in html and "0912345678" in html
        assert "Ảnh chân dung 3x4 cm" in html
        assert "09:00 07/12/2026" in html and "09:00 21/12/2026" in html
        assert "Trung tâm Phục vụ hành chính công tỉnh Thanh Hóa" in html


def test_the_pages_speak_english(personas: Any) -> None:
    with at("2026-12-07 09:00"):
        dossier = submit(personas.citizen)
        client = client_for(personas.counter_province)
        html = html_of(client.get(f"/en/ho-so/{dossier.pk}/"))
        assert '<html lang="en">' in html
        assert "Applicant" in html and "Người nộp" not in html
        assert ">Accept<" in html and "Refuse at reception" in html
        assert "Grant of an amateur radio operator certificate" in html
        workspace = html_of(client.get("/en/ho-so/"))
        assert "To accept" in workspace
        assert "Track a dossier" in html_of(Client().get("/en/tra-cuu/"))


def test_files_are_served_only_to_those_who_handle_the_dossier(personas: Any) -> None:
    with at("2026-12-07 09:00"):
        dossier = submit(personas.citizen)
        document = dossier.documents.exclude(file="").first()
        assert document is not None
        path = f"/vi/ho-so/{dossier.pk}/tep/{document.pk}/"
        response = client_for(personas.counter_province).get(path)
        assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
        assert response["Content-Type"] == "application/pdf"
        assert client_for(personas.province_admin).get(path).status_code == 404  # sees it masked only
        assert client_for(personas.outsider).get(path).status_code == 404


def test_a_citizen_finds_a_procedure_to_submit_online(personas: Any) -> None:
    client = client_for(personas.citizen)
    html = html_of(client.get("/vi/ho-so/nop-truc-tuyen/", {"q": "vo tuyen dien nghiep du"}))
    assert 'href="/vi/ho-so/nop-truc-tuyen/1.900010/"' in html
    fragment = client.get("/vi/ho-so/nop-truc-tuyen/", {"q": "1.900010"}, headers={"HX-Request": "true"})
    assert "<html" not in html_of(fragment) and "1.900010" in html_of(fragment)


def test_the_workspace_costs_the_same_queries_for_few_or_many_rows(personas: Any) -> None:
    """No query per row: the page stays cheap as the list grows (DESIGN.md "Scale")."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(personas.counter_province)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/vi/ho-so/").status_code == 200
        return len(captured)

    with at("2026-12-07 09:00"):
        submit(personas.citizen, key="q-0")
        client.get("/vi/ho-so/")  # warm the session and caches
        few = queries()
        for i in range(1, 6):
            submit(personas.citizen, key=f"q-{i}", summary=f"lần {i}")
        assert queries() == few


def test_the_counter_officer_may_override_the_proposed_commune_with_a_reason(personas: Any) -> None:
    """Load balancing proposes a commune; an officer can override with a reason (issue 7 §3)."""
    from motcua.dossiers.tests.conftest import b64

    documents = [
        {"component": "Tờ trình đề nghị thẩm định dự án", "file_name": "a.pdf", "content_base64": b64(PDF)},
        {"component": "Báo cáo kinh tế - kỹ thuật", "file_name": "b.pdf", "content_base64": b64(PDF)},
    ]
    with at("2026-12-07 09:00"):
        dossier = submit(personas.counter_commune, key="o-1", procedure="1.900052", channel=1, documents=documents)
        own = dossier.processing_agency
        client = client_for(personas.counter_commune)
        html = html_of(client.get(f"/vi/ho-so/{dossier.pk}/"))
        assert 'name="accept-processing_agency"' in html
        missing_reason = client.post(
            f"/vi/ho-so/{dossier.pk}/thao-tac/accept/",
            {"accept-expected_version": 1, "accept-processing_agency": own.pk},
        )
        assert missing_reason.status_code == 422
        assert "Cần ghi rõ lý do khi chọn cơ quan khác đề xuất." in html_of(missing_reason)
        done = client.post(
            f"/vi/ho-so/{dossier.pk}/thao-tac/accept/",
            {
                "accept-expected_version": 1,
                "accept-processing_agency": own.pk,
                "accept-reason": "Dự án dùng ngân sách của chính phường",
            },
        )
        assert done.status_code == 302, html_of(done)
        stored = Dossier.objects.get(pk=dossier.pk)
        assert stored.status == 2 and stored.processing_agency == own
        assert "Dự án dùng ngân sách của chính phường" in stored.routing_note

    # A Department procedure has a single competent body: no choice is offered.
    with at("2026-12-07 10:00"):
        other = submit(personas.citizen, key="o-2")
        html = html_of(client_for(personas.counter_province).get(f"/vi/ho-so/{other.pk}/"))
        assert 'name="accept-processing_agency"' not in html


def test_a_specialist_claims_several_dossiers_from_the_workspace_at_once(personas: Any) -> None:
    """Tick several rows, choose the action, one click: every dossier gets its own event; a stale
    row refuses the whole batch with the reason, and nothing changes."""
    dossiers = [act(personas.counter_province, submit(personas.citizen, key=f"ws-{i}"), "accept") for i in range(3)]
    client = client_for(personas.specialist)
    page = client.get("/vi/ho-so/?status=2")
    html = html_of(page)
    assert 'id="batch-form"' in html and '<option value="claim">' in html
    for d in dossiers:
        assert f'value="{d.pk}:{d.version}"' in html

    ticked = [f"{d.pk}:{d.version}" for d in dossiers[:2]]
    done = client.post(
        "/vi/ho-so/hang-loat/",
        {"action": "claim", "dossier": ticked, "note": "Nhận hai hồ sơ", "next": "/vi/ho-so/?status=2"},
        follow=True,
    )
    assert done.redirect_chain[-1][0] == "/vi/ho-so/?status=2"
    assert "Đã thực hiện “Nhận xử lý” cho 2 hồ sơ." in html_of(done)
    for d in dossiers[:2]:
        d.refresh_from_db()
        assert d.assignee_id == personas.specialist.pk and d.events.filter(action="claim").count() == 1
    dossiers[2].refresh_from_db()
    assert dossiers[2].assignee_id is None

    # The first is now stale in this page's eyes: the batch is refused, the other stays unclaimed.
    stale = client.post(
        "/en/ho-so/hang-loat/",
        {"action": "pass", "dossier": [ticked[0].split(":")[0] + ":1", f"{dossiers[1].pk}:{dossiers[1].version}"]},
        follow=True,
    )
    text = html_of(stale)
    assert "No dossier was changed" in text and f"#{dossiers[0].pk}" in text
    dossiers[1].refresh_from_db()
    assert dossiers[1].events.filter(action="pass").count() == 0

    # Nothing ticked, or no action chosen: said plainly, nothing done.
    nothing = client.post("/vi/ho-so/hang-loat/", {"action": "claim"}, follow=True)
    assert "Hãy đánh dấu ít nhất một hồ sơ." in html_of(nothing)
    no_action = client.post("/vi/ho-so/hang-loat/", {"dossier": ticked}, follow=True)
    assert "Hãy chọn thao tác cho các hồ sơ đã đánh dấu." in html_of(no_action)
    # A citizen has no batch form, and a batch of someone else's dossiers finds none of them.
    citizen = client_for(personas.citizen)
    assert 'id="batch-form"' not in html_of(citizen.get("/vi/ho-so/"))
    foreign = client_for(personas.counter_hatinh).post(
        "/vi/ho-so/hang-loat/", {"action": "accept", "dossier": ticked}, follow=True
    )
    assert "Không tìm thấy hồ sơ." in html_of(foreign)


def test_the_specialist_hands_the_decision_to_a_named_leader(personas: Any) -> None:
    """The pass form lists the colleagues who hold the next step's role; choosing one assigns
    the step to them (the leader then approves without claiming)."""
    with at("2026-12-07 09:00"):
        dossier = submit(personas.citizen)
        act(personas.counter_province, dossier, "accept")
        act(personas.specialist, dossier, "claim")
        act(personas.specialist, dossier, "pass")
        act(personas.specialist, dossier, "claim")
        dossier.refresh_from_db()
        specialist = client_for(personas.specialist)
        html = html_of(specialist.get(f"/vi/ho-so/{dossier.pk}/"))
        assert f'<option value="{personas.leader.pk}">{personas.leader}</option>' in html
        assert f'<option value="{personas.specialist.pk}">' not in html  # not a leader there
        response = specialist.post(
            f"/vi/ho-so/{dossier.pk}/thao-tac/pass/",
            {"pass-expected_version": dossier.version, "pass-assignee": personas.leader.pk},
        )
        assert response.status_code == 302
        dossier.refresh_from_db()
        assert dossier.assignee_id == personas.leader.pk
        leader = html_of(client_for(personas.leader).get(f"/vi/ho-so/{dossier.pk}/"))
        assert 'data-action="approve"' in leader
