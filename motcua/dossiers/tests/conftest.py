from __future__ import annotations

import base64
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client

from motcua.org.actions import token_create

# A minimal valid PDF: content type is checked by content, not by name.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


class Api:
    """A persona talking to the API with a bearer token, as another system would."""

    def __init__(self, user: Any) -> None:
        self.user = user
        self.token = token_create(user=user, expires_in=timedelta(days=300)).raw
        self.client = Client()

    def _headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", **(extra or {})}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(path, params, headers=self._headers())

    def post(self, path: str, body: dict[str, Any], **headers: str) -> Any:
        return self.client.post(path, body, content_type="application/json", headers=self._headers(headers))

    def act(self, dossier: dict[str, Any], action: str, **body: Any) -> Any:
        body.setdefault("expected_version", dossier["version"])
        return self.post(f"/api/v1/dossiers/{dossier['id']}/{action}", body)


@pytest.fixture
def apis(personas: Any) -> Any:
    return make_apis(personas)


def make_apis(personas: Any) -> Any:
    """The personas as API clients (the `apis` fixture; other apps' tests call it directly)."""

    class Apis:
        citizen = Api(personas.citizen)
        counter_province = Api(personas.counter_province)
        counter_commune = Api(personas.counter_commune)
        specialist = Api(personas.specialist)
        leader = Api(personas.leader)
        counter_hatinh = Api(personas.counter_hatinh)
        outsider = Api(personas.outsider)
        supervisor = Api(personas.supervisor)

    return Apis()


def radio_certificate_body(**overrides: Any) -> dict[str, Any]:
    """An application for the amateur radio operator certificate (boundary-free, Department of S&T)."""
    from motcua.geo.models import Commune

    hac_thanh = Commune.objects.get(province__code="38", name="Phường Hạc Thành").code
    body: dict[str, Any] = {
        "procedure": "1.900010",
        "channel": 2,
        "applicant": {
            "kind": "person",
            "full_name": "Ngô Thị Hạnh",
            "id_number": "038190001234",
            "phone": "0912345678",
            "email": "hanh@example.vn",
            "address": {"province": "38", "commune": hac_thanh, "detail": "12 Lê Lợi"},
        },
        "documents": [
            {
                "component": "Tờ khai đề nghị cấp chứng chỉ vô tuyến điện viên nghiệp dư",
                "copy_kind": 2,
                "file_name": "to-khai.pdf",
                "content_base64": b64(PDF),
            },
            {"component": "Ảnh chân dung 3x4 cm", "copy_kind": 2, "file_name": "anh.png", "content_base64": b64(PNG)},
            {"component": "Căn cước", "copy_kind": 2, "edata_ref": "VNEID:038190001234"},
        ],
        "summary": "Đề nghị cấp chứng chỉ vô tuyến điện viên nghiệp dư",
    }
    body.update(overrides)
    return body
