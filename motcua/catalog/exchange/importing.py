"""Checking a file against every rule, then writing it in one transaction."""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.catalog import rules
from motcua.catalog.choices import (
    ApplicantType,
    CopyType,
    FeeMoment,
    OnlineLevel,
    Requirement,
    Stage,
    TimeUnit,
    UnitKind,
    VersionStatus,
)
from motcua.catalog.exchange.reading import Cells, Errors, Loc, Row, Tables, read_json, read_xlsx
from motcua.catalog.exchange.records import VersionRecord, version_record, versions_with_children
from motcua.catalog.models import (
    Fee,
    Field,
    LegalBasis,
    Procedure,
    ProcedureVersion,
    ProcessStep,
    RequiredDocument,
    ResultType,
)
from motcua.core.errors import DomainError
from motcua.org.choices import AgencyKind, Level, Role

# --- Validation ------------------------------------------------------------------------------------


@dataclass
class FieldRecord:
    code: str
    name: str
    name_en: str
    ministry: bool
    position: int


@dataclass
class Plan:
    """What an import will write, computed and checked before anything is written."""

    fields: list[FieldRecord] = field(default_factory=list)
    records: list[VersionRecord] = field(default_factory=list)
    locs: dict[tuple[str, int], Loc] = field(default_factory=dict)


def parse(tables: Tables, errors: Errors) -> Plan:
    """Turn raw tables into typed records, checking each cell and the rules within the file."""
    plan = Plan()
    seen_fields: set[str] = set()
    for row in tables.fields:
        c = Cells(row, errors)
        code = c.text("code", required=True, max_length=64)
        if code and not _is_slug(code):
            errors.add(row.loc.at("code"), _("Mã lĩnh vực chỉ gồm chữ thường không dấu, số, gạch dưới."))
        if code in seen_fields:
            errors.add(row.loc.at("code"), _("Mã lĩnh vực %(c)s bị trùng.") % {"c": code})
        seen_fields.add(code)
        plan.fields.append(
            FieldRecord(
                code=code,
                name=c.text("name", required=True, max_length=255),
                name_en=c.text("name_en", max_length=255),
                ministry=c.boolean("ministry"),
                position=c.integer("position", default=0),
            )
        )
    children: dict[str, dict[tuple[str, int], list[Row]]] = {}
    for sheet, rows in tables.children.items():
        by_version: dict[tuple[str, int], list[Row]] = {}
        for row in rows:
            c = Cells(row, errors)
            key = (c.text("procedure", required=True, max_length=32), c.integer("version", minimum=1))
            by_version.setdefault(key, []).append(row)
        children[sheet] = by_version
    local_codes: dict[str, tuple[str, Loc]] = {}
    for row in tables.procedures:
        record = _parse_version(row, errors)
        key = (record.code, record.number)
        if key in plan.locs:
            errors.add(row.loc.at("version"), _("Phiên bản %(n)d của thủ tục %(c)s bị trùng.") % _kn(key))
            continue
        previous_local = local_codes.get(record.code)
        if previous_local is not None and previous_local[0] != record.local_code:
            errors.add(row.loc.at("local_code"), _("Mã địa phương khác nhau giữa các phiên bản của cùng thủ tục."))
        local_codes[record.code] = (record.local_code, row.loc)
        plan.locs[key] = row.loc
        for sheet, by_version in children.items():
            rows = by_version.pop(key, [])
            if sheet == "process":
                rows = _ordered_steps(rows, errors)
            parser = _CHILD_PARSERS[sheet]
            setattr(record, sheet, [parser(Cells(r, errors)) for r in rows])
        _check_record(record, row.loc, errors)
        plan.records.append(record)
    for by_version in children.values():
        for key, rows in by_version.items():
            for r in rows:
                errors.add(
                    r.loc.at("version"),
                    _("Không có phiên bản %(n)d của thủ tục %(c)s trong trang “procedures”.") % _kn(key),
                )
    return plan


def _kn(key: tuple[str, int]) -> dict[str, Any]:
    return {"c": key[0], "n": key[1]}


def _is_slug(code: str) -> bool:
    return all(ch.isascii() and (ch.islower() or ch.isdigit() or ch in "_-") for ch in code)


def _parse_version(row: Row, errors: Errors) -> VersionRecord:
    c = Cells(row, errors)
    code = c.text("code", required=True, max_length=32)
    return VersionRecord(
        code=code,
        local_code=c.text("local_code", max_length=32),
        number=c.integer("version", minimum=1),
        status=c.choice("status", VersionStatus.values, default=VersionStatus.DRAFT),
        valid_from=c.date("valid_from"),
        valid_to=c.date("valid_to"),
        published_at=c.datetime("published_at"),
        name=c.text("name", required=True, max_length=500),
        name_en=c.text("name_en", max_length=500),
        field=c.text("field", required=True, max_length=64),
        levels=c.choices("levels", Level.values, order=list(Level.values)),
        competent_body_kind=c.choice("competent_body_kind", AgencyKind.values),
        competent_body_name=c.text("competent_body_name", max_length=255),
        time_limit_value=c.decimal("time_limit_value"),
        time_limit_unit=c.choice("time_limit_unit", TimeUnit.values, default=TimeUnit.WORKING_DAYS),
        online_level=c.choice("online_level", OnlineLevel.values, default=OnlineLevel.NONE),
        boundary_free=c.boolean("boundary_free"),
        bound_to_applicant_commune=c.boolean("bound_to_applicant_commune"),
        applicant_types=c.choices("applicant_types", ApplicantType.values, order=list(ApplicantType.values)),
        summary=c.text("summary", max_length=20000),
        conditions=c.text("conditions", max_length=20000),
        sample=c.boolean("sample"),
        source=c.text("source", max_length=500),
    )


def _ordered_steps(rows: list[Row], errors: Errors) -> list[Row]:
    keyed: list[tuple[int, Row]] = []
    seen: set[int] = set()
    for row in rows:
        step = Cells(row, errors).integer("step", minimum=1, default=len(keyed) + 1)
        if step in seen:
            errors.add(row.loc.at("step"), _("Số thứ tự bước %(n)d bị trùng.") % {"n": step})
        seen.add(step)
        keyed.append((step, row))
    return [row for _step, row in sorted(keyed, key=lambda item: item[0])]


def _legal_basis(c: Cells) -> dict[str, Any]:
    return {
        "number": c.text("number", required=True, max_length=64),
        "date": c.date("date"),
        "title": c.text("title", required=True, max_length=500),
    }


def _fee(c: Cells) -> dict[str, Any]:
    return {
        "name": c.text("name", required=True, max_length=500),
        "amount": c.integer("amount", minimum=0),
        "moment": int(c.choice("moment", FeeMoment.values, default=FeeMoment.AT_RECEPTION)),
        "note": c.text("note", max_length=500),
    }


def _document(c: Cells) -> dict[str, Any]:
    return {
        "name": c.text("name", required=True, max_length=1000),
        "copy_type": c.choice("copy_type", CopyType.values, default=CopyType.ORIGINAL),
        "copies": c.integer("copies", minimum=1, default=1),
        "requirement": c.choice("requirement", Requirement.values, default=Requirement.REQUIRED),
        "condition": c.text("condition", max_length=500),
        "edata_type": c.text("edata_type", max_length=64),
        "form": c.text("form", max_length=255),
    }


def _result_type(c: Cells) -> dict[str, Any]:
    return {"code": c.text("code", required=True, max_length=32), "name": c.text("name", required=True)}


def _step(c: Cells) -> dict[str, Any]:
    return {
        "stage": c.choice("stage", Stage.values),
        "name": c.text("name", required=True),
        "unit_kind": c.choice("unit_kind", UnitKind.values),
        "role": c.choice("role", Role.values),
        "time_value": c.decimal("time_value"),
        "time_unit": c.choice("time_unit", TimeUnit.values, default=TimeUnit.WORKING_DAYS),
    }


_CHILD_PARSERS: dict[str, Callable[[Cells], dict[str, Any]]] = {
    "legal_bases": _legal_basis,
    "fees": _fee,
    "documents": _document,
    "result_types": _result_type,
    "process": _step,
}


def _check_record(record: VersionRecord, loc: Loc, errors: Errors) -> None:
    """Rules of one version: a window that makes sense, and for versions that are (or were) in
    force everything publishing requires, including a valid internal process."""
    if record.valid_from and record.valid_to and record.valid_to < record.valid_from:
        errors.add(loc.at("valid_to"), _("Ngày hết hiệu lực trước ngày có hiệu lực."))
    if not record.levels:
        errors.add(loc.at("levels"), _("Chưa chọn cấp thực hiện."))
    if record.status == VersionStatus.DRAFT:
        return
    if record.valid_from is None:
        errors.add(loc.at("valid_from"), _("Phiên bản đã công bố phải có ngày có hiệu lực."))
    if record.status == VersionStatus.RETIRED and record.valid_to is None:
        errors.add(loc.at("valid_to"), _("Phiên bản hết hiệu lực phải có ngày hết hiệu lực."))
    for problem in rules.publish_problems(record.spec()):
        if problem.where == "levels":
            continue  # reported above for every status
        column = "time_limit_value" if problem.where == "time_limit" else problem.where
        errors.add(loc.at(column), problem.message)


def check_against_database(plan: Plan, errors: Errors) -> dict[tuple[str, int], ProcedureVersion]:
    """Rules that need the database: fields exist, published versions are not changed, one
    version in force at a time. Returns the existing versions the file names."""
    field_codes = {f.code for f in plan.fields} | set(Field.objects.values_list("code", flat=True))
    for record in plan.records:
        if record.field and record.field not in field_codes:
            errors.add(plan.locs[(record.code, record.number)].at("field"),
                       _("Lĩnh vực “%(f)s” không có trong tệp hay trong danh mục.") % {"f": record.field})  # fmt: skip
    codes = {r.code for r in plan.records}
    existing: dict[tuple[str, int], ProcedureVersion] = {}
    for version in versions_with_children().filter(procedure__code__in=codes):
        existing[(version.procedure.code, version.number)] = version
    final: dict[str, list[tuple[int, str, datetime.date | None, datetime.date | None]]] = {}
    for (code, number), version in existing.items():
        final.setdefault(code, []).append((number, version.status, version.valid_from, version.valid_to))
    for record in plan.records:
        key = (record.code, record.number)
        loc = plan.locs[key]
        current = existing.get(key)
        if current is not None and current.status != VersionStatus.DRAFT:
            if record.status == VersionStatus.DRAFT:
                errors.add(loc.at("status"), _("Phiên bản đã công bố không thể trở lại dự thảo."))
            elif version_record(current).content() != record.content():
                errors.add(
                    loc.at("version"),
                    _(
                        "Phiên bản %(n)d của thủ tục %(c)s đã công bố nên không được sửa nội dung; "
                        "hãy thêm một phiên bản mới."
                    )
                    % _kn(key),
                )
            elif current.status == VersionStatus.RETIRED and record.status == VersionStatus.PUBLISHED:
                errors.add(loc.at("status"), _("Phiên bản đã hết hiệu lực không thể áp dụng lại."))
        rows = [r for r in final.get(record.code, []) if r[0] != record.number]
        rows.append((record.number, record.status, record.valid_from, record.valid_to))
        final[record.code] = rows
    for code in codes:
        in_force = sorted(
            (r for r in final.get(code, []) if r[1] != VersionStatus.DRAFT and r[2] is not None),
            key=lambda r: r[2] or datetime.date.min,
        )
        if sum(1 for r in in_force if r[1] == VersionStatus.PUBLISHED) > 1:
            number = max(r[0] for r in in_force if r[1] == VersionStatus.PUBLISHED)
            errors.add(plan.locs.get((code, number), Loc("procedures", 0)).at("status"),
                       _("Thủ tục %(c)s có nhiều hơn một phiên bản đang áp dụng.") % {"c": code})  # fmt: skip
        for before, after in itertools.pairwise(in_force):
            if before[3] is None or after[2] is None or before[3] >= after[2]:
                errors.add(
                    plan.locs.get((code, after[0]), Loc("procedures", 0)).at("valid_from"),
                    _("Thời gian hiệu lực của phiên bản %(a)d và %(b)d thủ tục %(c)s chồng lên nhau.")
                    % {"a": before[0], "b": after[0], "c": code},
                )
    return existing


# --- Writing ----------------------------------------------------------------------------------------


@dataclass
class ImportReport:
    fields_created: int = 0
    fields_updated: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    procedures: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


def import_catalog(
    data: bytes, *, filename: str, dry_run: bool = False, acting_user: Any = None, only_missing: bool = False
) -> ImportReport:
    """Check a whole catalogue file and, when it has no error at all, write it in one transaction.

    Raises DomainError(code="invalid_file") listing every error (sheet, row, column, message).
    `only_missing` (reference loading) adds versions the database lacks and leaves the others as
    they are, so local edits made after a first load are never overwritten.
    """
    errors = Errors()
    suffix = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if suffix == "json":
        tables = read_json(data, errors)
    elif suffix == "xlsx":
        tables = read_xlsx(data, errors)
    else:
        raise DomainError(_("Chỉ nhận tệp .json hoặc .xlsx."), code="invalid_file")
    errors.raise_if_any()
    plan = parse(tables, errors)
    errors.raise_if_any()
    skipped = 0
    if only_missing:
        present = set(
            ProcedureVersion.objects.filter(procedure__code__in={r.code for r in plan.records}).values_list(
                "procedure__code", "number"
            )
        )
        kept = [r for r in plan.records if (r.code, r.number) not in present]
        skipped = len(plan.records) - len(kept)
        plan.records = kept
    existing = check_against_database(plan, errors)
    errors.raise_if_any()
    report = ImportReport(procedures=len({r.code for r in plan.records}), unchanged=skipped)
    with transaction.atomic():
        _write(plan, existing, report, acting_user)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _write(
    plan: Plan, existing: dict[tuple[str, int], ProcedureVersion], report: ImportReport, acting_user: Any
) -> None:
    fields = {f.code: f for f in Field.objects.all()}
    for f in plan.fields:
        values = {"name": f.name, "name_en": f.name_en, "ministry": f.ministry, "position": f.position}
        known = fields.get(f.code)
        if known is None:
            fields[f.code] = Field.objects.create(code=f.code, **values)
            report.fields_created += 1
        elif any(getattr(known, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(known, k, v)
            known.save()
            report.fields_updated += 1
    codes = sorted({r.code for r in plan.records})
    procedures = {p.code: p for p in Procedure.objects.filter(code__in=codes)}
    missing = [Procedure(code=r.code, local_code=r.local_code) for r in plan.records if r.code not in procedures]
    unique_missing = list({p.code: p for p in missing}.values())
    Procedure.objects.bulk_create(unique_missing, batch_size=1000)
    if unique_missing:
        procedures = {p.code: p for p in Procedure.objects.filter(code__in=codes)}
    for record in plan.records:
        proc = procedures[record.code]
        if proc.local_code != record.local_code:
            proc.local_code = record.local_code
            proc.save(update_fields=["local_code"])
    now = timezone.now()
    to_create: list[tuple[ProcedureVersion, VersionRecord]] = []
    for record in plan.records:
        current = existing.get((record.code, record.number))
        if current is None:
            to_create.append((_new_version(record, procedures[record.code], fields, now, acting_user), record))
            report.created += 1
            continue
        if current.status != VersionStatus.DRAFT:
            changes: dict[str, Any] = {}
            if current.status != record.status:
                changes["status"] = record.status
            if current.valid_to != record.valid_to:
                changes["valid_to"] = record.valid_to
            if changes:
                ProcedureVersion.objects.filter(pk=current.pk).update(**changes, updated_at=now)
                report.updated += 1
            else:
                report.unchanged += 1
            continue
        if version_record(current) == record:
            report.unchanged += 1
            continue
        _delete_children([current.pk])
        fresh = _new_version(record, procedures[record.code], fields, now, acting_user)
        fresh.pk = current.pk
        fresh.created_at = current.created_at
        fresh.save()
        _create_children([(fresh, record)])
        report.updated += 1
    # Retire-before-publish order matters for the one-published constraint.
    to_create.sort(key=lambda item: item[0].status == VersionStatus.PUBLISHED)
    ProcedureVersion.objects.bulk_create([v for v, _r in to_create], batch_size=1000)
    if to_create and to_create[0][0].pk is None:  # backends that do not return ids
        ids = {
            (code, number): pk
            for pk, code, number in ProcedureVersion.objects.filter(procedure__code__in=codes).values_list(
                "pk", "procedure__code", "number"
            )
        }
        for version, record in to_create:
            version.pk = ids[(record.code, record.number)]
    _create_children(to_create)
    from motcua.catalog.signals import bump_revision_on_commit

    bump_revision_on_commit()


def _new_version(
    record: VersionRecord, procedure: Procedure, fields: dict[str, Field], now: datetime.datetime, user: Any
) -> ProcedureVersion:
    published = record.status != VersionStatus.DRAFT
    return ProcedureVersion(
        procedure=procedure,
        number=record.number,
        status=record.status,
        valid_from=record.valid_from,
        valid_to=record.valid_to,
        published_at=(record.published_at or now) if published else record.published_at,
        published_by=user if published and getattr(user, "pk", None) and record.published_at is None else None,
        name=record.name,
        name_en=record.name_en,
        field=fields[record.field],
        level_ministry=Level.MINISTRY in record.levels,
        level_province=Level.PROVINCE in record.levels,
        level_commune=Level.COMMUNE in record.levels,
        competent_body_kind=record.competent_body_kind,
        competent_body_name=record.competent_body_name,
        time_limit_value=record.time_limit_value,
        time_limit_unit=record.time_limit_unit,
        online_level=record.online_level,
        boundary_free=record.boundary_free,
        bound_to_applicant_commune=record.bound_to_applicant_commune,
        for_citizens=ApplicantType.CITIZEN in record.applicant_types,
        for_businesses=ApplicantType.BUSINESS in record.applicant_types,
        summary=record.summary,
        conditions=record.conditions,
        sample=record.sample,
        source=record.source,
        created_at=now,
        updated_at=now,
    )


def _delete_children(version_ids: list[int]) -> None:
    for model in (LegalBasis, Fee, RequiredDocument, ResultType, ProcessStep):
        model.objects.filter(version_id__in=version_ids).delete()


def _create_children(items: list[tuple[ProcedureVersion, VersionRecord]]) -> None:
    bases: list[LegalBasis] = []
    fees: list[Fee] = []
    documents: list[RequiredDocument] = []
    results: list[ResultType] = []
    steps: list[ProcessStep] = []
    for version, record in items:
        for i, b in enumerate(record.legal_bases, start=1):
            bases.append(
                LegalBasis(version=version, position=i, number=b["number"], issued_on=b["date"], title=b["title"])
            )
        for i, f in enumerate(record.fees, start=1):
            fees.append(Fee(version=version, position=i, **f))
        for i, d in enumerate(record.documents, start=1):
            documents.append(RequiredDocument(version=version, position=i, **d))
        for i, r in enumerate(record.result_types, start=1):
            results.append(ResultType(version=version, position=i, **r))
        for i, s in enumerate(record.process, start=1):
            steps.append(ProcessStep(version=version, position=i, **s))
    LegalBasis.objects.bulk_create(bases, batch_size=2000)
    Fee.objects.bulk_create(fees, batch_size=2000)
    RequiredDocument.objects.bulk_create(documents, batch_size=2000)
    ResultType.objects.bulk_create(results, batch_size=2000)
    ProcessStep.objects.bulk_create(steps, batch_size=2000)
