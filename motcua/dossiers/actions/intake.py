"""Intake: online submission and counter/postal reception (status 1), idempotent."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.catalog.models import ProcedureVersion
from motcua.core import memo
from motcua.core.errors import Conflict, DomainError, NotFound
from motcua.core.text import fold
from motcua.dossiers import routing, rules, store
from motcua.dossiers.actions.common import record_event, snapshot
from motcua.dossiers.choices import Action, ApplicantKind, Channel, CopyKind, Status
from motcua.dossiers.documents import check_file
from motcua.dossiers.models import Dossier, DossierDocument, DossierFee
from motcua.geo.models import Commune, Province
from motcua.org.access import agencies_where
from motcua.org.choices import Role
from motcua.org.models import Agency


@dataclass
class SubmitInput:
    procedure: str
    channel: int
    applicant: dict[str, Any]
    documents: list[dict[str, Any]] = field(default_factory=list)
    summary: str = ""
    receiving_agency: int | None = None  # a counter officer with several centres says which


@dataclass(frozen=True)
class Submitted:
    dossier: Dossier
    replayed: bool


def request_hash(data: SubmitInput) -> str:
    body = json.dumps(data.__dict__, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def dossier_submit(
    *, acting_user: Any, data: SubmitInput, idempotency_key: str, at: datetime | None = None
) -> Submitted:
    """Create a dossier at status 1 — or return the one this key already made.

    Same key + same body → the same dossier (replayed); same key + another body → 409. Any
    error leaves nothing behind (one transaction; files are written inside it and removed if
    it rolls back).
    """
    key = (idempotency_key or "").strip()
    if not key or len(key) > 128:
        raise DomainError(
            _("Thiếu tiêu đề Idempotency-Key (tối đa 128 ký tự)."), code="idempotency_key_required", status=400
        )
    digest = request_hash(data)
    existing = _replay(acting_user, key, digest)
    if existing is not None:
        return Submitted(existing, replayed=True)
    saved: list[str] = []
    try:
        with transaction.atomic(), memo.scope():
            dossier = _create(acting_user, data, key, digest, saved, at or timezone.now())
    except IntegrityError:
        remove_files(saved)
        # A parallel request with the same key won the race: answer with its dossier.
        existing = _replay(acting_user, key, digest)
        if existing is None:
            raise
        return Submitted(existing, replayed=True)
    except BaseException:
        remove_files(saved)
        raise
    return Submitted(dossier, replayed=False)


def _replay(user: Any, key: str, digest: str) -> Dossier | None:
    found = Dossier.objects.filter(submitted_by=user, idempotency_key=key).first()
    if found is not None and found.request_hash != digest:
        raise Conflict(
            _("Idempotency-Key này đã được dùng cho một yêu cầu khác; hãy dùng khóa mới."),
            code="idempotency_key_reused",
        )
    return found


def _version(code: str, day: date) -> ProcedureVersion:
    from motcua.catalog.selectors import procedure_version_current

    version = procedure_version_current(code, day)
    if version is None:
        raise NotFound(_("Không có thủ tục %(code)s đang áp dụng.") % {"code": code}, code="unknown_procedure")
    return version


def _applicant(raw: dict[str, Any]) -> dict[str, Any]:
    """Validate the applicant; errors name the field."""
    errors: list[dict[str, str]] = []
    kind = raw.get("kind")
    out: dict[str, Any] = {"applicant_kind": kind}
    if kind not in ApplicantKind.values:
        errors.append({"field": "applicant.kind", "message": _("Chọn person hoặc organisation.")})
    name = " ".join(str(raw.get("full_name") or "").split())
    if not name or len(name) > 255:
        errors.append({"field": "applicant.full_name", "message": _("Cần họ tên (hoặc tên tổ chức).")})
    out["applicant_name"] = name
    out["search_name"] = fold(name)
    for field_name, check, target in (
        ("id_number", rules.check_citizen_id, "applicant_id_number"),
        ("tax_code", rules.check_tax_code, "applicant_tax_code"),
        ("phone", rules.check_phone, "applicant_phone"),
    ):
        value = raw.get(field_name)
        if value in (None, ""):
            continue
        try:
            out[target] = check(str(value))
        except DomainError as exc:
            errors.append({"field": f"applicant.{field_name}", "message": str(exc.message)})
    # A value that was given and malformed already has its error; these are the missing ones.
    if raw.get("phone") in (None, ""):
        errors.append({"field": "applicant.phone", "message": _("Cần số điện thoại để nhận thông báo.")})
    if kind == ApplicantKind.PERSON and raw.get("id_number") in (None, ""):
        errors.append({"field": "applicant.id_number", "message": _("Cá nhân cần số định danh cá nhân 12 chữ số.")})
    if kind == ApplicantKind.ORGANISATION and raw.get("tax_code") in (None, ""):
        errors.append({"field": "applicant.tax_code", "message": _("Tổ chức cần mã số thuế.")})
    email = str(raw.get("email") or "").strip()
    if email and ("@" not in email or len(email) > 254):
        errors.append({"field": "applicant.email", "message": _("Thư điện tử không hợp lệ.")})
    out["applicant_email"] = email
    address = raw.get("address") or {}
    old = str(raw.get("old_address") or "").strip()
    province = commune = None
    if address:
        province = Province.objects.filter(code=str(address.get("province") or "")).first()
        commune = Commune.objects.filter(code=str(address.get("commune") or ""), province=province).first()
        if province is None or commune is None:
            errors.append(
                {
                    "field": "applicant.address",
                    "message": _("Mã tỉnh hoặc mã xã không đúng (dùng mã mới từ 01/7/2025)."),
                }
            )
        out["address_detail"] = str(address.get("detail") or "")[:255]
    elif old:
        from motcua.geo.selectors import address_convert

        converted = address_convert(old)
        if converted.status != "converted":
            candidates = ", ".join(f"{c.name} ({c.code})" for c in converted.candidates)
            errors.append(
                {
                    "field": "applicant.old_address",
                    "message": _("Không xác định được một xã mới từ địa chỉ cũ; hãy chọn mã xã: %(c)s")
                    % {"c": candidates or converted.message},
                }
            )
        province, commune = converted.province, converted.commune
        out["address_detail"] = (converted.old.get("street") or "")[:255]
    else:
        errors.append({"field": "applicant.address", "message": _("Cần địa chỉ (tỉnh, xã mới) hoặc địa chỉ cũ.")})
    out["old_address"] = old[:300]
    out["address_province"] = province
    out["address_commune"] = commune
    if errors:
        raise DomainError(_("Thông tin người nộp chưa hợp lệ."), code="invalid_applicant", errors=errors)
    return out


def _receiving_for_officer(user: Any, requested: int | None) -> Agency:
    centres = agencies_where(user, Role.COUNTER_OFFICER)
    if requested is not None:
        centres = [a for a in centres if a.pk == requested]
    if not centres:
        raise DomainError(
            _("Bạn không phải cán bộ tiếp nhận của bộ phận một cửa này."), code="not_a_counter_officer", status=403
        )
    if len(centres) > 1:
        raise DomainError(_("Hãy chọn bộ phận tiếp nhận (receiving_agency)."), code="receiving_agency_required")
    return centres[0]


def _create(user: Any, data: SubmitInput, key: str, digest: str, saved: list[str], now: datetime) -> Dossier:
    if data.channel not in Channel.values:
        raise DomainError(
            _("Kênh nộp phải là 1 (trực tiếp), 2 (trực tuyến) hoặc 3 (bưu chính)."), code="invalid_channel"
        )
    version = _version(data.procedure, timezone.localdate(now))
    applicant = _applicant(data.applicant)
    if data.channel == Channel.ONLINE:
        if not getattr(user, "is_citizen", False):
            raise DomainError(_("Hồ sơ trực tuyến do chính người nộp gửi."), code="online_needs_applicant", status=403)
        if version.online_level == "none":
            raise DomainError(_("Thủ tục này chưa cung cấp dịch vụ công trực tuyến."), code="not_online")
        receiving = None
        province_code = applicant["address_province"].code
    else:
        if getattr(user, "is_citizen", False):
            raise DomainError(
                _("Hồ sơ trực tiếp và qua bưu chính do cán bộ một cửa tiếp nhận."),
                code="counter_needs_officer",
                status=403,
            )
        receiving = _receiving_for_officer(user, data.receiving_agency)
        province_code = receiving.province.code if receiving.province else applicant["address_province"].code
    route = routing.resolve(
        version=version,
        province_code=province_code,
        commune_code=applicant["address_commune"].code if applicant["address_commune"] else None,
        on=timezone.localdate(now),
    )
    processing = route.processing_agency
    if receiving is None:
        receiving = routing.one_stop_of(processing)
    routing.ensure_receivable(version=version, receiving=receiving, processing=processing)
    dossier = Dossier(
        province_code=(processing.province.code if processing.province else province_code),
        status=Status.SUBMITTED,
        channel=data.channel,
        procedure_version=version,
        procedure_code=version.procedure.code,
        field_code=version.field.code,
        receiving_agency=receiving,
        processing_agency=processing,
        competence=route.competence,
        owner=user if getattr(user, "is_citizen", False) else None,
        submitted_by=user,
        idempotency_key=key,
        request_hash=digest,
        summary=(data.summary or "")[:500],
        submitted_at=now,
        last_event_at=now,
        fee_total=sum(f.amount for f in version.fees.all()),
        **_document_facts(data.documents, channel=data.channel),
        **applicant,
    )
    dossier.save()
    _attach(dossier, version, data.documents, round_=0, saved=saved)
    DossierFee.objects.bulk_create(
        DossierFee(
            dossier=dossier, province_code=dossier.province_code, name=fee.name, amount=fee.amount, moment=fee.moment
        )
        for fee in version.fees.all()
    )
    event = record_event(
        dossier,
        action=Action.SUBMIT,
        actor=user,
        from_status=None,
        at=now,
        note=_("Tiếp nhận qua kênh %(channel)s.") % {"channel": Channel(data.channel).label},
        data={"receiving_agency_id": receiving.pk, "processing_agency_id": processing.pk},
        first=True,
    )
    # What the new dossier adds to the other apps' tables (the metrics counters), same transaction.
    store.write_extras([store.Change(dossier, {}, dossier.version, event, after=snapshot(dossier))])
    return dossier


# e-data from the national population database (CCCD/VNeID) counts for indicator 4.5b.
POPULATION_EDATA = ("CCCD", "VNEID", "CSDLQGDC")


def _document_facts(documents: list[dict[str, Any]], *, channel: int) -> dict[str, bool]:
    """Whether the dossier's components are all held electronically (uploaded online, scanned
    at the counter, or e-data), reuse e-data, or use the population database (Decision 766
    indicators 4.2, 4.3, 4.5b)."""
    refs = [str(d.get("edata_ref") or "").strip() for d in documents]
    electronic = [
        bool(ref) or bool(d.get("digitised")) or channel == Channel.ONLINE
        for d, ref in zip(documents, refs, strict=True)
    ]
    return {
        "digitised": bool(documents) and all(electronic),
        "reuses_edata": any(refs),
        "uses_population_data": any(ref.upper().startswith(POPULATION_EDATA) for ref in refs),
    }


def _attach(
    dossier: Dossier, version: ProcedureVersion, documents: list[dict[str, Any]], *, round_: int, saved: list[str]
) -> None:
    """Check every document, then store them; every required component must be present."""
    required = {d.pk: d for d in version.documents.all()}
    checked = []
    for index, doc in enumerate(documents):
        component = str(doc.get("component") or "").strip()
        required_id = doc.get("required_document")
        if required_id is not None and required_id not in required:
            raise DomainError(
                _("Thành phần hồ sơ thứ %(n)d không thuộc thủ tục này.") % {"n": index + 1}, code="unknown_component"
            )
        if not component and required_id is not None:
            component = required[required_id].name
        if not component:
            raise DomainError(_("Thành phần hồ sơ thứ %(n)d cần tên.") % {"n": index + 1}, code="invalid_document")
        edata = str(doc.get("edata_ref") or "").strip()
        content = doc.get("content_base64")
        if not edata and not content:
            raise DomainError(
                _("Thành phần “%(c)s” cần tệp đính kèm hoặc mã dữ liệu điện tử dùng lại.") % {"c": component},
                code="invalid_document",
            )
        file = (
            check_file(name=str(doc.get("file_name") or "tep"), content_base64=content, index=index)
            if content
            else None
        )
        checked.append((component, required_id, doc, edata, file))
    if round_ == 0:
        given = {c[1] for c in checked if c[1] is not None} | {c[0] for c in checked}
        missing = [
            d.name
            for d in required.values()
            if d.requirement == "required" and d.pk not in given and d.name not in given
        ]
        if missing:
            raise DomainError(
                _("Còn thiếu thành phần hồ sơ bắt buộc."),
                code="missing_documents",
                errors=[{"field": "documents", "message": name} for name in missing],
            )
    records = []
    for component, required_id, doc, edata, file in checked:
        record = DossierDocument(
            dossier=dossier,
            province_code=dossier.province_code,
            component=component[:1000],
            required_document_id=required_id,
            copy_kind=int(doc.get("copy_kind", CopyKind.ELECTRONIC)),
            digitised=bool(doc.get("digitised", False)),
            edata_ref=edata[:255],
            supplement_round=round_,
        )
        if file is not None:
            record.sha256, record.size, record.mime_type = file.sha256, file.size, file.mime_type
            record.file.save(file.content.name, file.content, save=False)
            saved.append(record.file.name)
        records.append(record)
    DossierDocument.objects.bulk_create(records)


def attach_documents(dossier: Dossier, documents: list[dict[str, Any]], *, round_: int, saved: list[str]) -> None:
    _attach(dossier, dossier.procedure_version, documents, round_=round_, saved=saved)


def remove_files(names: list[str]) -> None:
    """Files are written inside the transaction; when it rolls back they must go too."""
    from django.core.files.storage import default_storage

    for name in names:
        default_storage.delete(name)
