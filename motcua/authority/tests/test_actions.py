"""Recording decisions: who may, what is refused, and that a refusal writes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.authority.actions import decision_amend, decision_attach_file, decision_revoke
from motcua.authority.models import Decision, DecisionProcedure
from motcua.authority.tests.helpers import HUNG_YEN, PC_PROCEDURE, THANH_HOA, day, decision_input, register
from motcua.core.errors import Conflict, DomainError, NotFound

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%motcua test\n"


def test_it_lets_a_province_admin_record_decisions_of_their_province(personas: Any) -> None:
    decision = register(acting_user=personas.province_admin)
    assert decision.created_by == personas.province_admin
    assert decision.issuer_agency is not None and decision.issuer_agency.province.code == THANH_HOA


def test_it_refuses_a_province_admin_outside_their_province(personas: Any) -> None:
    with pytest.raises(NotFound):
        register(acting_user=personas.province_admin, province=HUNG_YEN, issuer_name="UBND tỉnh Hưng Yên")


@pytest.mark.parametrize("who", ["counter_province", "specialist", "leader", "supervisor", "citizen", "outsider"])
def test_it_refuses_everyone_else(personas: Any, who: str) -> None:
    with pytest.raises(NotFound):
        register(acting_user=getattr(personas, who))


def test_only_system_administrators_record_nationwide_acts(personas: Any, django_user_model: Any) -> None:
    with pytest.raises(NotFound):
        register(acting_user=personas.province_admin, province=None)
    root = django_user_model.objects.create_superuser("root.authority", password="x")
    assert register(acting_user=root, province=None, number="13/2025/TT-BKHCN").nationwide


def test_it_refuses_a_decision_effective_before_it_was_issued() -> None:
    with pytest.raises(DomainError) as caught:
        register(valid_from=day("2025-08-01"), issued_on=day("2025-09-01"))
    assert caught.value.errors[0]["field"] == "valid_from"


def test_it_refuses_unknown_procedure_codes_by_name() -> None:
    with pytest.raises(DomainError) as caught:
        register(procedure_codes=[PC_PROCEDURE, "9.999999"])
    assert "9.999999" in str(caught.value.message)


def test_it_refuses_the_same_number_twice() -> None:
    register(valid_to=day("2025-09-30"))
    with pytest.raises(Conflict):
        register(valid_from=day("2025-10-01"))


def test_a_refused_decision_leaves_nothing_behind() -> None:
    """Overlap found after validation: no decision, no links, no partial write."""
    register()
    decisions, links = Decision.objects.count(), DecisionProcedure.objects.count()
    upload = SimpleUploadedFile("qd.pdf", PDF, content_type="application/pdf")
    with pytest.raises(DomainError):
        register(number="200/QĐ-UBND", signed_file=upload)
    assert (Decision.objects.count(), DecisionProcedure.objects.count()) == (decisions, links)


def test_it_amends_only_the_latest_record() -> None:
    original = register()
    decision_revoke(
        acting_user=None,
        target_id=original.pk,
        number="210/QĐ-UBND",
        issued_on=day("2025-10-01"),
        issuer_name="UBND tỉnh Thanh Hóa",
        valid_from=day("2025-10-01"),
        title="Bãi bỏ",
    )
    with pytest.raises(Conflict) as caught:
        decision_amend(
            acting_user=None,
            target_id=original.pk,
            data=decision_input(number="220/QĐ-UBND", issued_on=day("2025-11-01"), valid_from=day("2025-11-01")),
        )
    assert "210/QĐ-UBND" in str(caught.value.message)


def test_an_amendment_must_not_start_before_its_target() -> None:
    original = register()
    with pytest.raises(DomainError) as caught:
        decision_amend(
            acting_user=None,
            target_id=original.pk,
            data=decision_input(number="230/QĐ-UBND", issued_on=day("2025-08-01"), valid_from=day("2025-08-01")),
        )
    assert caught.value.code == "invalid_window"


def test_it_attaches_the_signed_pdf_and_refuses_other_files(personas: Any, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    decision = register(acting_user=personas.province_admin)
    with pytest.raises(DomainError):
        decision_attach_file(
            acting_user=personas.province_admin,
            decision_id=decision.pk,
            signed_file=SimpleUploadedFile("qd.docx", b"x"),
        )
    attached = decision_attach_file(
        acting_user=personas.province_admin,
        decision_id=decision.pk,
        signed_file=SimpleUploadedFile("qd.pdf", PDF, content_type="application/pdf"),
    )
    assert attached.signed_file.name.endswith(".pdf")


def test_the_model_refuses_an_inconsistent_row_in_clean() -> None:
    """Single-row rules live in `Decision.clean()` too, so any form shows them inline."""
    from django.core.exceptions import ValidationError

    decision = Decision(
        number="1/QĐ-UBND",
        issued_on=day("2025-09-01"),
        valid_from=day("2025-08-01"),
        relation="amends",
        from_kind="province_pc",
        from_holder="body",
        to_kind="province_pc",
        to_holder="body",
    )
    with pytest.raises(ValidationError) as caught:
        decision.clean()
    assert {"valid_from", "target", "to_kind"} <= set(caught.value.message_dict)
