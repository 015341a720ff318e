"""Import a campaign file (the shape of data/oversight-campaign-2025.json), idempotently.

Rows are matched by natural keys (campaign code, group code, visit key, positions), so a
second import changes nothing; a corrected file updates the rows that differ. The lifecycle
of a recommendation (status, assignment, progress) is never touched by an import: it belongs
to the actions and their audit trail.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import models, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from motcua.core.errors import DomainError
from motcua.core.setup import StepResult
from motcua.core.text import fold
from motcua.geo.models import Commune, Province
from motcua.org.choices import AgencyKind
from motcua.org.models import Agency
from motcua.oversight import rules
from motcua.oversight.choices import AddresseeKind, EventKind, Field, FindingKind, Theme, Unit, VenueKind
from motcua.oversight.models import (
    Campaign,
    Difficulty,
    Finding,
    GroupMember,
    KeyFigure,
    Recommendation,
    RecommendationEvent,
    Reporter,
    Venue,
    Visit,
    WorkingGroup,
)

DEFAULT_FILE = Path(__file__).resolve().parent / "data" / "oversight-campaign-2025.json"
RECORDS_PROCESSED = "records_processed_locally"


@dataclass
class _Ctx:
    result: StepResult
    units: list[tuple[int, str]] = field(default_factory=list)
    most: Agency | None = None
    touched_campaign: bool = False


def load_campaign_2025(*, progress: bool = False) -> StepResult:
    """DEMO step: the 2025 campaign shipped in the project."""
    return campaign_import(path=DEFAULT_FILE)


def campaign_import(*, path: Path) -> StepResult:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DomainError(
            _("Không đọc được tệp dữ liệu đợt kiểm tra: %(err)s") % {"err": exc}, code="bad_file"
        ) from exc
    return campaign_import_data(data)


def _date(value: Any, where: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise DomainError(
            _("Ngày không hợp lệ ở %(where)s: %(value)s") % {"where": where, "value": value}, code="bad_date"
        ) from exc


def _choice(value: Any, enum: type[models.TextChoices], where: str, *, blank: bool = True) -> str:
    if value in (None, "") and blank:
        return ""
    if value not in enum.values:
        raise DomainError(
            _("Giá trị “%(value)s” không hợp lệ ở %(where)s.") % {"value": value, "where": where}, code="bad_code"
        )
    return str(value)


def _upsert(ctx: _Ctx, model: type[models.Model], lookup: dict[str, Any], values: dict[str, Any]) -> Any:
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = model._default_manager.create(**lookup, **values)
        ctx.result.created += 1
        return obj
    changed = [k for k, v in values.items() if getattr(obj, k) != v]
    if changed:
        for k in changed:
            setattr(obj, k, values[k])
        obj.save(update_fields=[*changed, "province_code"] if hasattr(obj, "province_code") else changed)
        ctx.result.updated += 1
    else:
        ctx.result.unchanged += 1
    return obj


def _prune(ctx: _Ctx, query: models.QuerySet[Any], keep: set[int]) -> None:
    """Rows of a re-imported list that the file no longer has (e.g. a corrected list)."""
    stale = query.exclude(pk__in=keep)
    count = stale.count()
    if count:
        stale.delete()
        ctx.result.updated += count


def _province(item: dict[str, Any], where: str) -> Province:
    code = item.get("province_code")
    name = item.get("province") or ""
    if code is not None:
        province = Province.objects.filter(code=f"{int(code):02d}").first()
        if province is None:
            raise DomainError(
                _("Không có tỉnh mã %(code)s (%(where)s).") % {"code": code, "where": where}, code="unknown_province"
            )
        if name and fold(name) not in {fold(province.name), fold(province.full_name), fold(_bare(province.name))}:
            raise DomainError(
                _("Tên tỉnh “%(name)s” không khớp mã %(code)s (%(where)s).")
                % {"name": name, "code": code, "where": where},
                code="province_mismatch",
            )
        return province
    wanted = fold(name)
    for province in Province.objects.all():
        if wanted in {fold(province.name), fold(province.full_name), fold(_bare(province.name))}:
            return province
    raise DomainError(
        _("Không nhận ra tỉnh “%(name)s” (%(where)s).") % {"name": name, "where": where}, code="unknown_province"
    )


def _bare(name: str) -> str:
    return name.removeprefix("Thành phố ").removeprefix("Tỉnh ")


@transaction.atomic
def campaign_import_data(data: dict[str, Any]) -> StepResult:
    """Create or update a campaign and everything under it from the file's data."""
    ctx = _Ctx(result=StepResult("oversight: campaign"))
    units = list(Agency.objects.filter(kind=AgencyKind.MINISTRY_UNIT))
    ctx.units = [(u.pk, u.name_en) for u in units] + [(u.pk, u.name) for u in units]
    ctx.most = Agency.objects.filter(kind=AgencyKind.MINISTRY).first()
    c = data.get("campaign")
    if not isinstance(c, dict):
        raise DomainError(_("Tệp không có mục “campaign”."), code="bad_file")
    starts_on = _date(c.get("start"), "campaign.start")
    ends_on = _date(c.get("end"), "campaign.end")
    if starts_on is None or ends_on is None:
        raise DomainError(_("Đợt kiểm tra cần có ngày bắt đầu và kết thúc."), code="bad_date")
    synthesis = c.get("synthesis") or {}
    code = c.get("code") or f"{slugify(c.get('name_en') or c['name_vi'])[:80]}-{starts_on.year}"
    organiser = c.get("organizer") or ""
    campaign = _upsert(
        ctx,
        Campaign,
        {"code": code},
        {
            "name": c.get("name_vi") or c.get("name_en"),
            "name_en": c.get("name_en") or "",
            "organiser": organiser,
            "organiser_agency": ctx.most if ctx.most and fold(organiser) in rules.MOST_NAMES else None,
            "legal_basis": list(c.get("legal_basis") or []),
            "purpose": c.get("purpose") or "",
            "starts_on": starts_on,
            "ends_on": ends_on,
            "planned_groups": c.get("working_groups"),
            "planned_localities": c.get("localities"),
            "synthesis_published_on": _date(synthesis.get("published"), "synthesis.published"),
            "synthesis_presented_by": synthesis.get("presented_by") or "",
            "synthesis_source": synthesis.get("source") or "",
            "sources": dict(data.get("sources") or {}),
            "about": data.get("about") or "",
        },
    )
    _import_synthesis(ctx, campaign, synthesis)
    groups: dict[str, WorkingGroup] = {}
    for index, item in enumerate(data.get("visits") or [], start=1):
        _import_visit(ctx, campaign, item, index, groups)
    for group in groups.values():
        wanted = set(group.visits.values_list("province_id", flat=True))
        if set(group.provinces.values_list("pk", flat=True)) != wanted:
            group.provinces.set(wanted)
            ctx.result.updated += 1
    return ctx.result


def _import_synthesis(ctx: _Ctx, campaign: Campaign, synthesis: dict[str, Any]) -> None:
    by_field = synthesis.get("records_processed_locally_by_field") or {}
    total = sum(int(v) for v in by_field.values())
    declared = synthesis.get("records_processed_locally_total")
    if declared is not None and int(declared) != total:
        raise DomainError(
            _("Tổng hồ sơ đã giải quyết theo lĩnh vực (%(sum)d) khác tổng công bố (%(total)d).")
            % {"sum": total, "total": int(declared)},
            code="inconsistent_total",
        )
    keep: set[int] = set()
    for position, (field_code, value) in enumerate(by_field.items(), start=1):
        fig = _upsert(
            ctx,
            KeyFigure,
            {
                "campaign": campaign,
                "visit": None,
                "key": RECORDS_PROCESSED,
                "field": _choice(field_code, Field, "records_processed_locally_by_field"),
            },
            {
                "kind": "processed",
                "value": Decimal(int(value)),
                "unit": Unit.RECORDS,
                "at_least": False,
                "period": "",
                "position": position,
            },
        )
        keep.add(fig.pk)
    _prune(ctx, KeyFigure.objects.filter(campaign=campaign, visit__isnull=True), keep)
    _import_findings(ctx, campaign, None, {FindingKind.ACHIEVEMENT: synthesis.get("infrastructure") or []})
    _import_difficulties(ctx, campaign, None, synthesis.get("common_difficulties") or [], "synthesis")
    _import_recommendations(ctx, campaign, None, synthesis.get("recommendations") or [], "national", "synthesis")


def _import_visit(
    ctx: _Ctx, campaign: Campaign, item: dict[str, Any], index: int, groups: dict[str, WorkingGroup]
) -> None:
    where = f"visits[{index}]"
    province = _province(item, where)
    group = None
    head = item.get("group_head")
    if head:
        code = slugify(fold(head["name"]))
        group = groups.get(code)
        if group is None:
            group = _upsert(
                ctx,
                WorkingGroup,
                {"campaign": campaign, "code": code},
                {"name": f"Đoàn công tác do {head['name']} làm Trưởng đoàn"},
            )
            groups[code] = group
            unit_id = rules.best_unit_match(head.get("title", ""), ctx.units)
            _upsert(
                ctx,
                GroupMember,
                {"group": group, "name": head["name"]},
                {"title": head.get("title", ""), "agency_id": unit_id, "is_head": True},
            )
    visit = _upsert(
        ctx,
        Visit,
        {"campaign": campaign, "key": f"visit-{province.code}"},
        {
            "group": group,
            "province": province,
            "visited_on": _date(item.get("date"), f"{where}.date"),
            "ministry_units_present": item.get("ministry_units_in_group"),
            "responses": item.get("responses") or "",
            "source": item.get("source") or "",
        },
    )
    _import_venues(ctx, visit, province, item.get("venues") or [])
    keep: set[int] = set()
    reporter = item.get("local_reporter")
    for person in [reporter] if isinstance(reporter, dict) else (reporter or []):
        title = person.get("title", "")
        agency = None
        if "s t" in fold(title) or "khoa hoc va cong nghe" in fold(title):
            agency = Agency.objects.filter(kind=AgencyKind.DEPARTMENT_ST, province=province).first()
        keep.add(
            _upsert(ctx, Reporter, {"visit": visit, "name": person["name"]}, {"title": title, "agency": agency}).pk
        )
    _prune(ctx, visit.reporters.all(), keep)
    _import_figures(ctx, campaign, visit, item.get("figures") or {})
    findings: dict[str, list[Any]] = {
        FindingKind.ACHIEVEMENT: item.get("achievements") or [],
        FindingKind.INTEGRATION: item.get("integrations") or [],
        FindingKind.DELEGATION: item.get("delegation_decisions") or [],
        FindingKind.GUIDANCE: [item["ministry_advice"]] if item.get("ministry_advice") else [],
    }
    _import_findings(ctx, campaign, visit, findings)
    _import_difficulties(ctx, campaign, visit, item.get("difficulties") or [], where)
    _import_recommendations(ctx, campaign, visit, item.get("recommendations") or [], visit.key, where)


def _import_venues(ctx: _Ctx, visit: Visit, province: Province, venues: list[str]) -> None:
    keep: set[int] = set()
    communes = {fold(c.name): c for c in Commune.objects.filter(province=province)}
    for position, name in enumerate(venues, start=1):
        folded = fold(name)
        commune = communes.get(folded)
        agency = None
        if commune is not None:
            kind = VenueKind.COMMUNE
            agency = Agency.objects.filter(kind=AgencyKind.COMMUNE_CENTRE, commune=commune).first()
        elif "provincial" in folded or "cap tinh" in folded or "trung tam phuc vu hanh chinh cong tinh" in folded:
            kind = VenueKind.PROVINCIAL_CENTRE
            agency = Agency.objects.filter(kind=AgencyKind.PROVINCE_CENTRE, province=province).first()
        else:
            kind = VenueKind.OTHER
        venue = _upsert(
            ctx,
            Venue,
            {"visit": visit, "position": position},
            {"kind": kind, "name": name, "commune": commune, "agency": agency},
        )
        keep.add(venue.pk)
    _prune(ctx, visit.venues.all(), keep)


def _import_figures(ctx: _Ctx, campaign: Campaign, visit: Visit, figures: dict[str, Any]) -> None:
    period = str(figures.get("period") or "")
    keep: set[int] = set()
    position = 0
    for key, raw in figures.items():
        if key == "period":
            continue
        try:
            value = Decimal(str(raw))
        except InvalidOperation as exc:
            raise DomainError(_("Số liệu “%(key)s” không phải là số.") % {"key": key}, code="bad_figure") from exc
        position += 1
        kind, unit, at_least = rules.classify_figure(key)
        fig = _upsert(
            ctx,
            KeyFigure,
            {"campaign": campaign, "visit": visit, "key": key, "field": ""},
            {"kind": kind, "value": value, "unit": unit, "at_least": at_least, "period": period, "position": position},
        )
        keep.add(fig.pk)
    _prune(ctx, KeyFigure.objects.filter(visit=visit), keep)


def _import_findings(ctx: _Ctx, campaign: Campaign, visit: Visit | None, findings: dict[str, list[Any]]) -> None:
    keep: set[int] = set()
    for kind, items in findings.items():
        for position, item in enumerate(items, start=1):
            if isinstance(item, dict):  # a delegation decision
                values = {
                    "text": item.get("scope", ""),
                    "reference": item.get("number", ""),
                    "dated_on": _date(item.get("date"), "delegation_decisions"),
                    "details": {"from": item.get("from", ""), "to": item.get("to", "")},
                }
            else:
                values = {"text": str(item), "reference": "", "dated_on": None, "details": {}}
            obj = _upsert(
                ctx, Finding, {"campaign": campaign, "visit": visit, "kind": kind, "position": position}, values
            )
            keep.add(obj.pk)
    _prune(ctx, Finding.objects.filter(campaign=campaign, visit=visit), keep)


def _import_difficulties(
    ctx: _Ctx, campaign: Campaign, visit: Visit | None, items: list[dict[str, Any]], where: str
) -> None:
    keep: set[int] = set()
    for position, item in enumerate(items, start=1):
        obj = _upsert(
            ctx,
            Difficulty,
            {"campaign": campaign, "visit": visit, "position": position},
            {
                "theme": _choice(item.get("theme"), Theme, f"{where}.difficulties[{position}]", blank=False),
                "field": _choice(item.get("field"), Field, f"{where}.difficulties[{position}]"),
                "text": item["text"],
            },
        )
        keep.add(obj.pk)
    _prune(ctx, Difficulty.objects.filter(campaign=campaign, visit=visit), keep)


def _import_recommendations(
    ctx: _Ctx, campaign: Campaign, visit: Visit | None, items: list[dict[str, Any]], prefix: str, where: str
) -> None:
    for position, item in enumerate(items, start=1):
        names = [n.strip() for n in str(item.get("to", "")).split(";") if n.strip()]
        if not names:
            raise DomainError(_("Kiến nghị thiếu cơ quan nhận (%(where)s).") % {"where": where}, code="bad_file")
        addressees = [rules.parse_addressee(n, ctx.units) for n in names]
        first = addressees[0]
        values = {
            "visit": visit,
            "province": visit.province if visit else None,
            "position": position,
            "addressee_kind": first.kind,
            "addressee_agency_id": ctx.most.pk if first.most and ctx.most else first.unit_id,
            "addressee_name": first.name,
            "co_addressees": names[1:],
            "field": _choice(item.get("field"), Field, f"{where}.recommendations[{position}]"),
            "theme": _choice(item.get("theme"), Theme, f"{where}.recommendations[{position}]"),
            "text": item["text"],
        }
        if first.kind == AddresseeKind.LOCALITY and visit is None:
            raise DomainError(_("Kiến nghị gửi địa phương phải gắn với một chuyến làm việc."), code="bad_file")
        key = f"{prefix}-r{position}"
        existing = Recommendation.objects.filter(campaign=campaign, key=key).first()
        rec = _upsert(ctx, Recommendation, {"campaign": campaign, "key": key}, values)
        if existing is None:
            RecommendationEvent.objects.create(
                recommendation=rec,
                kind=EventKind.RECORDED,
                actor=None,
                occurred_on=visit.visited_on if visit else campaign.synthesis_published_on,
                from_status="",
                to_status=rec.status,
                note=_("Ghi nhận từ dữ liệu đợt kiểm tra."),
            )
        elif any(getattr(existing, k) != v for k, v in values.items()):
            RecommendationEvent.objects.create(
                recommendation=rec,
                kind=EventKind.IMPORTED,
                actor=None,
                from_status=rec.status,
                to_status=rec.status,
                note=_("Nội dung được cập nhật từ dữ liệu nhập."),
            )
