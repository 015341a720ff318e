"""Writes of the competence register. Decisions are recorded, amended and revoked; never edited
in substance nor deleted. Each action validates everything first (overlaps included) and
writes in one transaction, so a refused decision leaves nothing behind."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any

from django.core.files.base import File
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.authority import access, selectors
from motcua.authority.choices import DecisionKind, Holder, Relation, Scope
from motcua.authority.models import Decision, DecisionProcedure
from motcua.catalog.models import Field, Procedure
from motcua.core.errors import Conflict, DomainError, NotFound
from motcua.geo.models import Province
from motcua.org.choices import AgencyKind
from motcua.org.models import Agency

MAX_FILE_BYTES = 20 * 1024 * 1024
FILE_EXTENSIONS = (".pdf",)


@dataclass
class DecisionInput:
    """What a clerk types from the signed paper. `procedure_codes` for a list scope; `field`
    (a field code) for a whole-field scope; `sample_codes` marks links chosen as samples."""

    number: str
    issued_on: datetime.date
    issuer_name: str
    kind: str
    title: str
    from_kind: str
    from_holder: str
    to_kind: str
    to_holder: str
    valid_from: datetime.date
    valid_to: datetime.date | None = None
    province: str | None = None  # province code; None = nationwide
    scope: str = Scope.PROCEDURES
    field: str | None = None
    procedure_codes: list[str] = dc_field(default_factory=list)
    sample_codes: list[str] = dc_field(default_factory=list)
    scope_note: str = ""
    declared_procedure_count: int | None = None
    legal_basis: str = ""
    sample: bool = False
    sample_note: str = ""
    source: str = ""
    signed_file: File[Any] | None = None


def _check_file(upload: File[Any] | None) -> None:
    if upload is None:
        return
    name = (getattr(upload, "name", "") or "").lower()
    if not name.endswith(FILE_EXTENSIONS):
        raise DomainError(_("Tệp văn bản đã ký phải là PDF."), code="invalid_file")
    if (getattr(upload, "size", 0) or 0) > MAX_FILE_BYTES:
        raise DomainError(_("Tệp văn bản đã ký lớn hơn 20 MB."), code="invalid_file")


def _validate(
    data: DecisionInput, relation: str = Relation.ORIGINAL
) -> tuple[Province | None, Field | None, list[Procedure]]:
    errors: list[dict[str, Any]] = []

    def bad(field_name: str, message: str) -> None:
        errors.append({"field": field_name, "message": message})

    if not data.number.strip():
        bad("number", _("Cần nhập số, ký hiệu."))
    if not data.issuer_name.strip():
        bad("issuer_name", _("Cần nhập cơ quan ban hành."))
    if not data.title.strip():
        bad("title", _("Cần nhập trích yếu."))
    if data.kind not in DecisionKind.values:
        bad("kind", _("Hình thức không hợp lệ."))
    for name in ("from_kind", "to_kind"):
        if getattr(data, name) not in AgencyKind.values:
            bad(name, _("Loại cơ quan không hợp lệ."))
    for name in ("from_holder", "to_holder"):
        if getattr(data, name) not in Holder.values:
            bad(name, _("Chủ thể không hợp lệ."))
    if (data.from_kind, data.from_holder) == (data.to_kind, data.to_holder):
        bad("to_kind", _("Bên nhận phải khác bên giao."))
    if data.valid_from < data.issued_on:
        bad("valid_from", _("Ngày có hiệu lực không được trước ngày ban hành."))
    if data.valid_to is not None and data.valid_to < data.valid_from:
        bad("valid_to", _("Ngày hết hiệu lực phải sau ngày có hiệu lực."))

    province = None
    if data.province:
        province = Province.objects.filter(code=data.province).first()
        if province is None:
            bad("province", _("Không có tỉnh, thành phố mã %(code)s.") % {"code": data.province})
    field_obj = None
    procedures: list[Procedure] = []
    if data.scope == Scope.FIELD:
        field_obj = Field.objects.filter(code=data.field or "").first()
        if field_obj is None:
            bad("field", _("Cần chọn lĩnh vực có trong danh mục."))
    elif data.scope == Scope.PROCEDURES:
        codes = list(dict.fromkeys(c.strip() for c in data.procedure_codes if c.strip()))
        if not codes and relation != Relation.REVOKES:  # a revocation copies its target's list, maybe empty
            bad("procedure_codes", _("Cần ít nhất một thủ tục."))
        procedures = list(Procedure.objects.filter(code__in=codes).order_by("code"))
        unknown = sorted(set(codes) - {p.code for p in procedures})
        if unknown:
            bad("procedure_codes", _("Không có thủ tục mã: %(codes)s.") % {"codes": ", ".join(unknown)})
    elif data.scope != Scope.TASKS:
        bad("scope", _("Phạm vi không hợp lệ."))
    try:
        _check_file(data.signed_file)
    except DomainError as exc:
        bad("signed_file", str(exc.message))
    if errors:
        raise DomainError(_("Quyết định chưa hợp lệ: %(first)s") % {"first": errors[0]["message"]}, errors=errors)
    return province, field_obj, procedures


def overlap_error(overlaps: list[selectors.Overlap]) -> DomainError:
    """The refusal shown when a decision would collide with others (same procedure, same place,
    same days): names each decision, its dates and the procedures in common."""

    def window(d: Decision) -> str:
        end = d.ends_on.strftime("%d/%m/%Y") if d.ends_on else _("không thời hạn")
        return f"{d.valid_from:%d/%m/%Y} – {end}"

    first = overlaps[0]
    message = _(
        "Trùng thẩm quyền: quyết định %(number)s (hiệu lực %(window)s) đã áp dụng cho %(codes)s tại cùng địa bàn "
        "trong cùng thời gian. Hãy sửa đổi hoặc bãi bỏ quyết định đó, hoặc chọn thời gian khác."
    ) % {"number": first.decision.number, "window": window(first.decision), "codes": ", ".join(first.codes)}
    return DomainError(
        message,
        code="overlap",
        status=409,
        errors=[
            {
                "field": "procedure_codes",
                "decision_id": o.decision.pk,
                "number": o.decision.number,
                "valid_from": o.decision.valid_from.isoformat(),
                "ends_on": o.decision.ends_on.isoformat() if o.decision.ends_on else None,
                "procedures": o.codes,
                "message": _("Trùng với quyết định %(number)s") % {"number": o.decision.number},
            }
            for o in overlaps
        ],
    )


def _lock_place(province: Province | None) -> None:
    """Serialise writers of one place so two clerks cannot both pass the overlap check."""
    if province is not None:
        Province.objects.select_for_update(no_key=True).filter(pk=province.pk).first()
    else:
        Agency.objects.select_for_update(no_key=True).filter(kind=AgencyKind.MINISTRY).first()


def validate_decision(
    *, acting_user: Any, data: DecisionInput, relation: str = Relation.ORIGINAL, target: Decision | None = None
) -> tuple[Province | None, Field | None, list[Procedure], Decision | None]:
    """Every check a decision must pass before it is written (the admin form runs it in
    `clean()` to show the message inline; `record_decision` runs it again under the lock)."""
    province, field_obj, procedures = _validate(data, relation)
    access.ensure_can_manage_decisions(acting_user, province.pk if province else None)
    if target is not None:
        if target.relation == Relation.REVOKES:
            raise DomainError(_("Không thể sửa đổi hoặc bãi bỏ một quyết định bãi bỏ."), code="invalid_target")
        if target.province_id != (province.pk if province else None):
            raise DomainError(_("Văn bản sửa đổi, bãi bỏ phải cùng địa bàn với văn bản gốc."), code="invalid_target")
        later = target.successors.order_by("valid_from").first()
        if later is not None:
            raise Conflict(
                _("Quyết định %(number)s đã được %(later)s sửa đổi hoặc bãi bỏ; hãy thao tác trên văn bản mới nhất.")
                % {"number": target.number, "later": later.number},
                code="already_superseded",
            )
        if data.valid_from < target.valid_from:
            raise DomainError(
                _("Ngày có hiệu lực phải từ ngày %(day)s (ngày có hiệu lực của văn bản gốc).")
                % {"day": f"{target.valid_from:%d/%m/%Y}"},
                code="invalid_window",
            )
        if target.ends_on is not None and data.valid_from > target.ends_on:
            raise DomainError(
                _("Quyết định %(number)s đã hết hiệu lực ngày %(day)s.")
                % {"number": target.number, "day": f"{target.ends_on:%d/%m/%Y}"},
                code="already_ended",
            )
    elif relation != Relation.ORIGINAL:
        raise DomainError(_("Cần chọn văn bản được sửa đổi, bãi bỏ."), code="invalid_target")
    if relation != Relation.REVOKES:
        overlaps = selectors.decision_overlaps(
            province_id=province.pk if province else None,
            valid_from=data.valid_from,
            valid_to=data.valid_to,
            scope=data.scope,
            field_id=field_obj.pk if field_obj else None,
            procedure_ids=[p.pk for p in procedures],
            exclude_ids=[target.pk] if target is not None else [],
        )
        if overlaps:
            raise overlap_error(overlaps)
    if Decision.objects.filter(province=province, number=data.number.strip(), issued_on=data.issued_on).exists():
        raise Conflict(
            _("Quyết định %(number)s ngày %(day)s đã được ghi nhận.")
            % {"number": data.number.strip(), "day": f"{data.issued_on:%d/%m/%Y}"},
            code="duplicate",
        )
    return province, field_obj, procedures, target


def record_decision(
    *, acting_user: Any, data: DecisionInput, relation: str = Relation.ORIGINAL, target: Decision | None = None
) -> Decision:
    """Validate and write one decision inside the caller's transaction (actions, the admin and
    loaders). The place is locked first so two clerks cannot both pass the overlap check."""
    _lock_place(Province.objects.filter(code=data.province).first() if data.province else None)
    if target is not None:
        target = Decision.objects.select_for_update(no_key=True).get(pk=target.pk)
    province, field_obj, procedures, target = validate_decision(
        acting_user=acting_user, data=data, relation=relation, target=target
    )

    issuer = None
    if province is not None and data.from_kind == AgencyKind.PROVINCE_PC:
        issuer = Agency.objects.filter(kind=AgencyKind.PROVINCE_PC, province=province).first()
    decision = Decision(
        number=data.number.strip(),
        issued_on=data.issued_on,
        issuer_name=data.issuer_name.strip(),
        issuer_agency=issuer,
        kind=data.kind,
        title=data.title.strip(),
        from_kind=data.from_kind,
        from_holder=data.from_holder,
        to_kind=data.to_kind,
        to_holder=data.to_holder,
        scope=data.scope,
        field=field_obj,
        scope_note=data.scope_note,
        declared_procedure_count=data.declared_procedure_count,
        province=province,
        valid_from=data.valid_from,
        valid_to=data.valid_to,
        ends_on=None if relation == Relation.REVOKES else data.valid_to,
        relation=relation,
        target=target,
        legal_basis=data.legal_basis,
        sample=data.sample,
        sample_note=data.sample_note,
        source=data.source,
        created_by=acting_user,
    )
    if data.signed_file is not None:
        decision.signed_file.save(data.signed_file.name or "decision.pdf", data.signed_file, save=False)
    decision.save()
    samples = set(data.sample_codes)
    DecisionProcedure.objects.bulk_create(
        [DecisionProcedure(decision=decision, procedure=p, sample=p.code in samples) for p in procedures]
    )
    if target is not None:
        from motcua.authority.rules import effective_end

        target.ends_on = effective_end(target.valid_to, data.valid_from)
        target.save(update_fields=["ends_on"])
    return decision


@transaction.atomic(durable=True)
def decision_register(*, acting_user: Any, data: DecisionInput) -> Decision:
    """Record a new decision (phân cấp, ủy quyền, phân quyền). Refused when it would overlap
    another decision for the same procedure and place in the same period."""
    return record_decision(acting_user=acting_user, data=data)


@transaction.atomic(durable=True)
def decision_amend(*, acting_user: Any, target_id: int, data: DecisionInput) -> Decision:
    """Record a decision that amends, supplements or replaces `target_id` from its own effective
    date: the new record carries the whole new content; the target stops the day before."""
    target = Decision.objects.filter(pk=target_id).first()
    if target is None:
        raise NotFound(_("Không có quyết định này."))
    return record_decision(acting_user=acting_user, data=data, relation=Relation.AMENDS, target=target)


@transaction.atomic(durable=True)
def decision_revoke(
    *,
    acting_user: Any,
    target_id: int,
    number: str,
    issued_on: datetime.date,
    issuer_name: str,
    valid_from: datetime.date,
    title: str,
    legal_basis: str = "",
    signed_file: File[Any] | None = None,
) -> Decision:
    """Record a decision that revokes `target_id` from `valid_from`; from then on the statutory
    competence (or an earlier layer of the chain) applies again."""
    target = Decision.objects.filter(pk=target_id).select_related("province", "field").first()
    if target is None:
        raise NotFound(_("Không có quyết định này."))
    data = DecisionInput(
        number=number,
        issued_on=issued_on,
        issuer_name=issuer_name,
        kind=target.kind,
        title=title,
        from_kind=target.from_kind,
        from_holder=target.from_holder,
        to_kind=target.to_kind,
        to_holder=target.to_holder,
        valid_from=valid_from,
        province=target.province.code if target.province else None,
        scope=target.scope,
        field=target.field.code if target.field else None,
        procedure_codes=list(target.links.values_list("procedure__code", flat=True)),
        sample_codes=list(target.links.filter(sample=True).values_list("procedure__code", flat=True)),
        legal_basis=legal_basis,
        sample=target.sample,
        signed_file=signed_file,
    )
    return record_decision(acting_user=acting_user, data=data, relation=Relation.REVOKES, target=target)


@transaction.atomic(durable=True)
def decision_attach_file(*, acting_user: Any, decision_id: int, signed_file: File[Any]) -> Decision:
    """Attach the signed scan to a recorded decision (the only later change allowed: the
    content of a decision is never edited)."""
    decision = Decision.objects.select_for_update(no_key=True).filter(pk=decision_id).first()
    if decision is None:
        raise NotFound(_("Không có quyết định này."))
    access.ensure_can_manage_decisions(acting_user, decision.province_id)
    _check_file(signed_file)
    decision.signed_file.save(signed_file.name or "decision.pdf", signed_file, save=False)
    decision.save(update_fields=["signed_file"])
    return decision
