"""Minutes and their attachments: files are kept under MEDIA_ROOT with a name of our own, and
their type is judged from their content, never from the name the uploader gave."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest

from motcua.core.errors import DomainError
from motcua.oversight import actions
from motcua.oversight.models import Attachment, Campaign, Visit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(tmp_path: Path, settings: Any) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def test_it_keeps_minutes_with_a_checked_attachment(
    campaign: Campaign, personas: Any, media: Path, api_client: Any
) -> None:
    visit = Visit.objects.get(province_code="38")
    minutes = actions.minutes_create(
        acting_user=personas.inspector,
        visit_id=visit.pk,
        title="Biên bản làm việc với UBND tỉnh Thanh Hóa",
        number="01/BB-ĐCT",
    )
    pdf = actions.attachment_add(
        acting_user=personas.inspector,
        minutes_id=minutes.pk,
        name="bien-ban.exe",
        content=b"%PDF-1.7\n%\xe2\xe3\n1 0 obj\n",
    )
    assert pdf.content_type == "application/pdf" and pdf.file.name.endswith(".pdf")
    assert (media / pdf.file.name).exists()
    word = actions.attachment_add(
        acting_user=personas.inspector, minutes_id=minutes.pk, name="phu-luc.docx", content=docx()
    )
    assert word.content_type.endswith("wordprocessingml.document")
    api_client.force_login(personas.province_admin)
    r = api_client.get(f"/vi/giam-sat/tep/{pdf.pk}/")
    assert r.status_code == 200 and b"".join(r.streaming_content).startswith(b"%PDF-")
    api_client.force_login(personas.outsider)
    assert api_client.get(f"/vi/giam-sat/tep/{pdf.pk}/").status_code == 404


def test_it_refuses_a_file_that_only_claims_to_be_a_pdf(campaign: Campaign, personas: Any) -> None:
    visit = Visit.objects.get(province_code="38")
    minutes = actions.minutes_create(acting_user=personas.inspector, visit_id=visit.pk, title="Biên bản")
    with pytest.raises(DomainError) as err:
        actions.attachment_add(
            acting_user=personas.inspector,
            minutes_id=minutes.pk,
            name="bien-ban.pdf",
            content=b"<html><script>alert(1)</script></html>",
        )
    assert err.value.code == "unsupported_file_type" and err.value.status == 415
    with pytest.raises(DomainError):  # a zip that is no Office document
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as z:
            z.writestr("payload.sh", "rm -rf /")
        actions.attachment_add(
            acting_user=personas.inspector, minutes_id=minutes.pk, name="a.docx", content=out.getvalue()
        )
    with pytest.raises(DomainError) as err:
        actions.attachment_add(
            acting_user=personas.province_admin, minutes_id=minutes.pk, name="a.pdf", content=b"%PDF-1.7"
        )
    assert err.value.status == 403
    assert Attachment.objects.count() == 0
