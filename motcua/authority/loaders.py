"""Reference data of the competence register (a `motcua setup` step, after the catalogue's):
statutory competences of the S&T catalogue and the Hưng Yên decisions. Idempotent: a second
run changes nothing; procedures that arrive in the catalogue later are linked on the next run."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

from django.db import transaction

from motcua.authority import selectors
from motcua.authority.actions import DecisionInput, overlap_error, record_decision
from motcua.authority.models import Competence, Decision, DecisionProcedure
from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.core.setup import StepResult
from motcua.org.choices import AgencyKind
from motcua.org.models import Agency

DATA = Path(__file__).resolve().parent / "data"


def _read(name: str, expected_format: str) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((DATA / name).read_text(encoding="utf-8"))
    if doc.get("format") != expected_format or doc.get("format_version") != 1:
        raise ValueError(f"{name}: not a {expected_format} v1 file")
    return doc


def _day(raw: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(raw) if raw else None


def _upsert(obj: Any, values: dict[str, Any], result: StepResult) -> None:
    changed = [k for k, v in values.items() if getattr(obj, k) != v]
    if changed:
        for k in changed:
            setattr(obj, k, values[k])
        obj.save(update_fields=changed)
        result.updated += 1
    else:
        result.unchanged += 1


def _load_competences(result: StepResult) -> None:
    doc = _read("competences.json", "motcua.authority.competences")
    sample = bool(doc.get("sample"))
    source = doc.get("source", "")
    codes = {e["code"] for e in doc["competences"]}
    versions: dict[str, list[ProcedureVersion]] = {}
    for version in ProcedureVersion.objects.filter(procedure__code__in=codes).select_related("procedure"):
        versions.setdefault(version.procedure.code, []).append(version)
    existing = {(c.version_id, c.level): c for c in Competence.objects.filter(version__procedure__code__in=codes)}
    units = {a.name: a for a in Agency.objects.filter(kind__in=[AgencyKind.MINISTRY_UNIT, AgencyKind.MINISTRY])}
    for entry in doc["competences"]:
        agency = None
        if entry.get("agency"):
            agency = units.get(entry["agency"])
            if agency is None:
                raise ValueError(f"competences.json: no agency named {entry['agency']!r}")
        act = entry["act"]
        values = {
            "body_kind": entry["body_kind"],
            "holder": entry["holder"],
            "agency": agency,
            "legal_number": act["number"],
            "legal_issued_on": _day(act.get("date")),
            "legal_title": act.get("title", ""),
            "legal_article": entry.get("article", ""),
            "sample": bool(entry.get("sample", sample)),
            "source": entry.get("source", source),
        }
        for version in versions.get(entry["code"], []):
            if entry["level"] not in version.levels:
                continue
            found = existing.get((version.pk, entry["level"]))
            if found is None:
                Competence.objects.create(version=version, level=entry["level"], **values)
                result.created += 1
            else:
                _upsert(found, values, result)


def _load_decisions(result: StepResult) -> None:
    doc = _read("decisions.json", "motcua.authority.decisions")
    for entry in doc["decisions"]:
        codes = list(entry.get("procedures", []))
        present = set(Procedure.objects.filter(code__in=codes).values_list("code", flat=True))
        data = DecisionInput(
            number=entry["number"],
            issued_on=datetime.date.fromisoformat(entry["issued_on"]),
            issuer_name=entry["issuer_name"],
            kind=entry["kind"],
            title=entry["title"],
            from_kind=entry["from"]["kind"],
            from_holder=entry["from"]["holder"],
            to_kind=entry["to"]["kind"],
            to_holder=entry["to"]["holder"],
            valid_from=datetime.date.fromisoformat(entry["valid_from"]),
            valid_to=_day(entry.get("valid_to")),
            province=entry.get("province"),
            scope=entry["scope"],
            field=entry.get("field"),
            procedure_codes=[c for c in codes if c in present],
            sample_codes=codes if entry.get("procedures_sample") else [],
            scope_note=entry.get("scope_note", ""),
            declared_procedure_count=entry.get("declared_procedure_count"),
            legal_basis=entry.get("legal_basis", ""),
            sample=bool(entry.get("sample")),
            sample_note=entry.get("sample_note", ""),
            source=entry.get("source", ""),
        )
        decision = Decision.objects.filter(
            province__code=data.province, number=data.number, issued_on=data.issued_on
        ).first()
        if decision is None:
            if data.scope == "procedures" and not data.procedure_codes:
                continue  # the catalogue has none of its procedures yet: link them on a later run
            record_decision(acting_user=None, data=data)
            result.created += 1
            continue
        _upsert(
            decision,
            {
                "title": data.title,
                "issuer_name": data.issuer_name,
                "legal_basis": data.legal_basis,
                "sample": data.sample,
                "sample_note": data.sample_note,
                "source": data.source,
                "scope_note": data.scope_note,
                "declared_procedure_count": data.declared_procedure_count,
            },
            result,
        )
        linked = set(decision.links.values_list("procedure__code", flat=True))
        missing = [p for p in Procedure.objects.filter(code__in=set(data.procedure_codes) - linked)]
        if missing:
            overlaps = selectors.decision_overlaps(
                province_id=decision.province_id,
                valid_from=decision.valid_from,
                valid_to=decision.ends_on,
                scope=decision.scope,
                field_id=decision.field_id,
                procedure_ids=[p.pk for p in missing],
                exclude_ids=[decision.pk],
            )
            if overlaps:
                raise overlap_error(overlaps)
            DecisionProcedure.objects.bulk_create(
                [DecisionProcedure(decision=decision, procedure=p, sample=p.code in data.sample_codes) for p in missing]
            )
            result.updated += 1


@transaction.atomic
def load_authority(*, progress: bool = False) -> StepResult:
    """Statutory competences and the reference decisions (Hưng Yên 420, 422, 458/QĐ-UBND)."""
    result = StepResult("authority: competences and decisions")
    _load_competences(result)
    _load_decisions(result)
    return result
