"""Constants of the exchange format and the normalised record of one version."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from dataclasses import field as dc_field
from decimal import Decimal
from typing import Any

from motcua.catalog import rules
from motcua.catalog.models import (
    ProcedureVersion,
)

FORMAT = "motcua.catalog"
FORMAT_VERSION = 1
MAX_ERRORS = 500

# Sheet → columns, in the order they are written. The first columns of child sheets name
# the version they belong to.
FIELD_COLUMNS = ["code", "name", "name_en", "ministry", "position"]
VERSION_COLUMNS = [
    "code", "local_code", "version", "status", "valid_from", "valid_to", "published_at",
    "name", "name_en", "field", "levels", "competent_body_kind", "competent_body_name",
    "time_limit_value", "time_limit_unit", "online_level", "boundary_free", "bound_to_applicant_commune",
    "applicant_types", "summary", "conditions", "sample", "source",
]  # fmt: skip
CHILD_COLUMNS: dict[str, list[str]] = {
    "legal_bases": ["number", "date", "title"],
    "fees": ["name", "amount", "moment", "note"],
    "documents": ["name", "copy_type", "copies", "requirement", "condition", "edata_type", "form"],
    "result_types": ["code", "name"],
    "process": ["stage", "name", "unit_kind", "role", "time_value", "time_unit"],
}
SHEETS = ["fields", "procedures", *CHILD_COLUMNS]


# --- Records: the normalised shape of one version -------------------------------------------


@dataclass
class VersionRecord:
    """One procedure version with all its children, as plain values (compared for equality)."""

    code: str
    local_code: str
    number: int
    status: str
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    published_at: datetime.datetime | None
    name: str
    name_en: str
    field: str
    levels: list[str]
    competent_body_kind: str
    competent_body_name: str
    time_limit_value: Decimal
    time_limit_unit: str
    online_level: str
    boundary_free: bool
    bound_to_applicant_commune: bool
    applicant_types: list[str]
    summary: str
    conditions: str
    sample: bool
    source: str
    legal_bases: list[dict[str, Any]] = dc_field(default_factory=list)
    fees: list[dict[str, Any]] = dc_field(default_factory=list)
    documents: list[dict[str, Any]] = dc_field(default_factory=list)
    result_types: list[dict[str, Any]] = dc_field(default_factory=list)
    process: list[dict[str, Any]] = dc_field(default_factory=list)

    def content(self) -> dict[str, Any]:
        """What makes the version's legal content: everything but lifecycle bookkeeping."""
        data = dict(self.__dict__)
        for key in ("status", "valid_to", "published_at", "local_code"):
            data.pop(key)
        return data

    def spec(self) -> rules.VersionSpec:
        return rules.VersionSpec(
            name=self.name,
            levels=self.levels,
            applicant_types=self.applicant_types,
            time_limit_value=self.time_limit_value,
            time_limit_unit=self.time_limit_unit,
            result_type_codes=[r["code"] for r in self.result_types],
            steps=[
                rules.StepSpec(
                    stage=s["stage"], name=s["name"], unit_kind=s["unit_kind"], role=s["role"],
                    time_value=s["time_value"], time_unit=s["time_unit"],
                )
                for s in self.process
            ],
        )  # fmt: skip


def version_record(version: ProcedureVersion) -> VersionRecord:
    """The record of a version from the database (children must be prefetched for speed)."""
    return VersionRecord(
        code=version.procedure.code,
        local_code=version.procedure.local_code,
        number=version.number,
        status=version.status,
        valid_from=version.valid_from,
        valid_to=version.valid_to,
        published_at=version.published_at,
        name=version.name,
        name_en=version.name_en,
        field=version.field.code,
        levels=version.levels,
        competent_body_kind=version.competent_body_kind,
        competent_body_name=version.competent_body_name,
        time_limit_value=_dec(version.time_limit_value),
        time_limit_unit=version.time_limit_unit,
        online_level=version.online_level,
        boundary_free=version.boundary_free,
        bound_to_applicant_commune=version.bound_to_applicant_commune,
        applicant_types=version.applicant_types,
        summary=one_newline(version.summary),
        conditions=one_newline(version.conditions),
        sample=version.sample,
        source=version.source,
        legal_bases=[{"number": b.number, "date": b.issued_on, "title": b.title} for b in version.legal_bases.all()],
        fees=[{"name": f.name, "amount": f.amount, "moment": f.moment, "note": f.note} for f in version.fees.all()],
        documents=[
            {
                "name": d.name,
                "copy_type": d.copy_type,
                "copies": d.copies,
                "requirement": d.requirement,
                "condition": d.condition,
                "edata_type": d.edata_type,
                "form": d.form,
            }
            for d in version.documents.all()
        ],
        result_types=[{"code": r.code, "name": r.name} for r in version.result_types.all()],
        process=[
            {
                "stage": s.stage,
                "name": s.name,
                "unit_kind": s.unit_kind,
                "role": s.role,
                "time_value": _dec(s.time_value),
                "time_unit": s.time_unit,
            }
            for s in version.steps.all()
        ],
    )


def versions_with_children() -> Any:
    return ProcedureVersion.objects.select_related("procedure", "field").prefetch_related(
        "legal_bases", "fees", "documents", "result_types", "steps"
    )


# --- helpers -------------------------------------------------------------------------------------------


def _dec(value: Decimal) -> Decimal:
    """Normalise a decimal so 20, 20.0 and 20.00 compare and print alike."""
    value = Decimal(value)
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def _num(value: Decimal) -> int | float:
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def _iso(value: datetime.date | datetime.datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def one_newline(text: str) -> str:
    """Line ends as "\n" only: browsers send "\r\n" and XML (Excel) reads "\r" back as "\n"."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
