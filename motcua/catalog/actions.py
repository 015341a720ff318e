"""Changes to the catalogue: drafts, publishing, retiring, import. One transaction each.

A published version is never edited: to change a procedure, open a draft (a copy of the latest
version), edit it, and publish it from a date; the version in force until then is retired the
day before. Dossiers keep the version they pinned.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

import structlog
from django.db import transaction
from django.db.models import Max, ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.catalog import exchange, rules
from motcua.catalog.access import ensure_can_manage_catalog
from motcua.catalog.choices import VersionStatus
from motcua.catalog.models import Field, Procedure, ProcedureVersion
from motcua.catalog.signals import bump_revision_on_commit
from motcua.core.errors import BadRequest, Conflict, DomainError, NotFound

log = structlog.get_logger(__name__)


def _record_from_json(code: str, local_code: str, number: int, data: dict[str, Any]) -> exchange.VersionRecord:
    """Check a version given in the JSON exchange shape; errors name the offending field."""
    body = {
        "format": exchange.FORMAT,
        "procedures": [{"code": code, "local_code": local_code, "versions": [{**data, "number": number}]}],
    }
    errors = exchange.Errors()
    tables = exchange.read_json(json.dumps(body, default=str).encode(), errors)
    errors.raise_if_any()
    plan = exchange.parse(tables, errors)
    for item in errors.items:
        item["field"] = str(item.pop("column", "")).removeprefix("versions[1].")
        item.pop("sheet", None)
        item.pop("row", None)
    if errors:
        raise DomainError(_("Thông tin thủ tục chưa hợp lệ."), code="invalid_version", errors=errors.items)
    record = plan.records[0]
    if record.field and not Field.objects.filter(code=record.field).exists():
        raise DomainError(
            _("Lĩnh vực “%(f)s” không có trong danh mục.") % {"f": record.field},
            code="invalid_version",
            errors=[{"field": "field", "message": _("Lĩnh vực không tồn tại.")}],
        )
    return record


def _write_draft(
    version: ProcedureVersion | None, procedure: Procedure, record: exchange.VersionRecord
) -> ProcedureVersion:
    now = timezone.now()
    fields = {f.code: f for f in Field.objects.filter(code=record.field)}
    fresh = exchange._new_version(record, procedure, fields, now, None)
    if version is not None:
        exchange._delete_children([version.pk])
        fresh.pk = version.pk
        fresh.created_at = version.created_at
    fresh.save()
    exchange._create_children([(fresh, record)])
    bump_revision_on_commit()
    return fresh


@transaction.atomic
def procedure_create(*, acting_user: Any, code: str, local_code: str = "", data: dict[str, Any]) -> ProcedureVersion:
    """A new procedure with its first version as a draft (`data` in the JSON exchange shape)."""
    ensure_can_manage_catalog(acting_user)
    code = code.strip()
    if not code or len(code) > 32:
        raise BadRequest(_("Mã thủ tục phải có từ 1 đến 32 ký tự."), code="invalid_code")
    if Procedure.objects.filter(code=code).exists():
        raise Conflict(_("Đã có thủ tục mã %(code)s.") % {"code": code})
    record = _record_from_json(code, local_code, 1, {**data, "status": VersionStatus.DRAFT})
    procedure = Procedure.objects.create(code=code, local_code=local_code.strip())
    version = _write_draft(None, procedure, record)
    log.info("catalog.procedure_created", code=code, user=acting_user.pk)
    return version


@transaction.atomic
def version_draft_open(*, acting_user: Any, code: str) -> ProcedureVersion:
    """A new draft copied from the procedure's latest version (one open draft at a time)."""
    ensure_can_manage_catalog(acting_user)
    procedure = Procedure.objects.select_for_update().filter(code=code).first()
    if procedure is None:
        raise NotFound(_("Không có thủ tục mã %(code)s.") % {"code": code})
    if procedure.versions.filter(status=VersionStatus.DRAFT).exists():
        raise Conflict(_("Thủ tục %(code)s đang có một bản dự thảo.") % {"code": code}, code="draft_exists")
    latest = exchange.versions_with_children().filter(procedure=procedure).order_by("-number").first()
    assert latest is not None
    record = exchange.version_record(latest)
    number = (procedure.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    record.number = number
    record.status = VersionStatus.DRAFT
    record.valid_from = None
    record.valid_to = None
    record.published_at = None
    version = _write_draft(None, procedure, record)
    log.info("catalog.draft_opened", code=code, number=number, user=acting_user.pk)
    return version


def _locked_version(version_id: int) -> ProcedureVersion:
    version = ProcedureVersion.objects.select_for_update().select_related("procedure").filter(pk=version_id).first()
    if version is None:
        raise NotFound(_("Không có phiên bản thủ tục này."))
    return version


@transaction.atomic
def version_draft_update(*, acting_user: Any, version_id: int, data: dict[str, Any]) -> ProcedureVersion:
    """Replace a draft's content (`data` in the JSON exchange shape). Published versions are frozen."""
    ensure_can_manage_catalog(acting_user)
    version = _locked_version(version_id)
    if version.status != VersionStatus.DRAFT:
        raise Conflict(_("Phiên bản đã công bố không được sửa; hãy mở một bản dự thảo mới."), code="version_frozen")
    record = _record_from_json(
        version.procedure.code, version.procedure.local_code, version.number, {**data, "status": VersionStatus.DRAFT}
    )
    return _write_draft(version, version.procedure, record)


@transaction.atomic
def version_draft_discard(*, acting_user: Any, version_id: int) -> None:
    """Delete a draft that was never published."""
    ensure_can_manage_catalog(acting_user)
    version = _locked_version(version_id)
    if version.status != VersionStatus.DRAFT:
        raise Conflict(_("Chỉ xóa được bản dự thảo."), code="version_frozen")
    procedure = version.procedure
    try:
        with transaction.atomic():
            version.delete()
            if not procedure.versions.exists():
                procedure.delete()
    except ProtectedError as exc:
        raise Conflict(
            _("Bản dự thảo đã được dùng ở nơi khác (ví dụ thẩm quyền giải quyết), không xóa được."),
            code="draft_in_use",
        ) from exc
    bump_revision_on_commit()


@transaction.atomic
def version_publish(*, acting_user: Any, version_id: int, valid_from: datetime.date) -> ProcedureVersion:
    """Publish a draft from `valid_from`. It must pass every publishing rule (a valid internal
    process adding up to the statutory time, last step 0, result types, ...). The version in
    force is retired the day before `valid_from`."""
    ensure_can_manage_catalog(acting_user)
    version = _locked_version(version_id)
    if version.status != VersionStatus.DRAFT:
        raise Conflict(_("Phiên bản này đã được công bố."), code="already_published")
    record = exchange.version_record(exchange.versions_with_children().get(pk=version.pk))
    problems = rules.publish_problems(record.spec())
    if problems:
        raise DomainError(
            _("Chưa thể công bố phiên bản này: %(n)d lỗi cần sửa.") % {"n": len(problems)},
            code="not_publishable",
            errors=[p.as_dict() for p in problems],
        )
    current = (
        ProcedureVersion.objects.select_for_update()
        .filter(procedure_id=version.procedure_id, status=VersionStatus.PUBLISHED)
        .first()
    )
    if current is not None:
        assert current.valid_from is not None
        if valid_from <= current.valid_from:
            raise DomainError(
                _("Ngày có hiệu lực phải sau ngày có hiệu lực của phiên bản đang áp dụng (%(d)s).")
                % {"d": current.valid_from.strftime("%d/%m/%Y")},
                code="invalid_valid_from",
                errors=[{"field": "valid_from", "message": _("Phải sau %(d)s.") % {"d": current.valid_from}}],
            )
        current.status = VersionStatus.RETIRED
        current.valid_to = valid_from - datetime.timedelta(days=1)
        current.updated_at = timezone.now()
        current.save(update_fields=["status", "valid_to", "updated_at"])
    version.status = VersionStatus.PUBLISHED
    version.valid_from = valid_from
    version.valid_to = None
    version.published_at = timezone.now()
    version.published_by = acting_user
    version.updated_at = version.published_at
    version.save(update_fields=["status", "valid_from", "valid_to", "published_at", "published_by", "updated_at"])
    bump_revision_on_commit()
    log.info("catalog.version_published", code=version.procedure.code, number=version.number, user=acting_user.pk)
    return version


@transaction.atomic
def version_retire(*, acting_user: Any, version_id: int, valid_to: datetime.date) -> ProcedureVersion:
    """End a published version (the procedure is abolished) after `valid_to`."""
    ensure_can_manage_catalog(acting_user)
    version = _locked_version(version_id)
    if version.status != VersionStatus.PUBLISHED:
        raise Conflict(_("Chỉ phiên bản đang áp dụng mới có thể cho hết hiệu lực."), code="not_published")
    assert version.valid_from is not None
    if valid_to < version.valid_from:
        raise DomainError(_("Ngày hết hiệu lực trước ngày có hiệu lực."), code="invalid_valid_to")
    version.status = VersionStatus.RETIRED
    version.valid_to = valid_to
    version.updated_at = timezone.now()
    version.save(update_fields=["status", "valid_to", "updated_at"])
    bump_revision_on_commit()
    log.info("catalog.version_retired", code=version.procedure.code, number=version.number, user=acting_user.pk)
    return version


def catalog_import(*, acting_user: Any, data: bytes, filename: str, dry_run: bool = False) -> exchange.ImportReport:
    """Import a whole catalogue file (JSON or .xlsx): all or nothing, errors by sheet/row/column."""
    ensure_can_manage_catalog(acting_user)
    report = exchange.import_catalog(data, filename=filename, dry_run=dry_run, acting_user=acting_user)
    log.info("catalog.imported", filename=filename, dry_run=dry_run, user=acting_user.pk, **report.as_dict())
    return report
