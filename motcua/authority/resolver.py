"""The resolver: who processes, decides and signs a procedure in a place on a day, and by which
chain of legal acts.

`resolve()` returns a frozen `Resolution`; `Resolution.as_dict()` is plain JSON, which the
dossier stores as its routing snapshot. Dossier intake calls it on every submission, so it costs
three indexed queries: the place with its agencies, the competence with its version, the
decisions in effect.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass
from typing import Any

from django.db.models import Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.authority import rules
from motcua.authority.choices import Holder, Relation, Scope, Source
from motcua.authority.models import Competence, Decision, DecisionProcedure
from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.catalog.selectors import in_force_q
from motcua.core.errors import BadRequest, DomainError, NotFound
from motcua.geo.models import Commune, Province
from motcua.org.choices import AgencyKind, Level
from motcua.org.models import Agency

SNAPSHOT_FORMAT = 1
# Only what the answer needs: versions carry long texts, and default orderings cascade into joins.
COMPETENCE_FIELDS = (
    "level",
    "body_kind",
    "holder",
    "legal_number",
    "legal_issued_on",
    "legal_title",
    "sample",
    "version__id",
    "version__number",
    "version__name",
    "version__field_id",
    "version__procedure__code",
    "version__bound_to_applicant_commune",
    "version__level_ministry",
    "version__level_province",
    "version__level_commune",
    "version__sample",
    "agency__id",
    "agency__identifier",
    "agency__name",
    "agency__name_en",
    "agency__kind",
)
AGENCY_FIELDS = ("id", "identifier", "name", "name_en", "kind")
PLACE_FIELDS = (
    "province__code",
    "province__name",
    "province__division_type",
    "commune__code",
    "commune__name",
    "commune__province",
)
PROVINCE_KINDS = (AgencyKind.PROVINCE_PC, AgencyKind.DEPARTMENT_ST, AgencyKind.PROVINCE_CENTRE)
COMMUNE_KINDS = (AgencyKind.COMMUNE_PC, AgencyKind.COMMUNE_CENTRE)


@dataclass(frozen=True)
class AgencyRef:
    id: int
    identifier: str
    name: str
    name_en: str
    kind: str


@dataclass(frozen=True)
class AuthorityRef:
    """A holder of competence: a body as a collective, or its head, and the real body."""

    kind: str
    holder: str
    title: str
    title_en: str
    agency: AgencyRef


@dataclass(frozen=True)
class SignerRef:
    """Who signs the result and the words above the signature (one string per line)."""

    title: str
    title_en: str
    mode: str
    wording: str
    block: tuple[str, ...]
    deputy_wording: str | None
    deputy_block: tuple[str, ...] | None


@dataclass(frozen=True)
class LegalAct:
    number: str
    date: str | None
    title: str
    role: str  # statutory | decision
    kind: str  # "" for statutory acts, else the decision kind
    decision_id: int | None
    amends: str | None
    sample: bool


@dataclass(frozen=True)
class Resolution:
    """The answer of `resolve()`: a value object the dossier keeps as a snapshot.

    `deciding_authority` decides and signs; `competent_authority` is in whose name (the same
    except under authorisation, where competence stays with the authoriser);
    `statutory_authority` is who would decide without any decision."""

    procedure_code: str
    procedure_version_id: int
    procedure_version: int
    procedure_name: str
    on_date: datetime.date
    level: str
    province_code: str | None
    commune_code: str | None
    bound_to_applicant_commune: bool
    source: str
    processing_agency: AgencyRef
    deciding_authority: AuthorityRef
    competent_authority: AuthorityRef
    statutory_authority: AuthorityRef
    signer: SignerRef
    legal_chain: tuple[LegalAct, ...]
    sample: bool

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["on_date"] = self.on_date.isoformat()
        data["signer"]["block"] = list(self.signer.block)
        data["signer"]["deputy_block"] = None if self.signer.deputy_block is None else list(self.signer.deputy_block)
        data["legal_chain"] = [asdict(act) for act in self.legal_chain]
        data["format"] = SNAPSHOT_FORMAT
        return data


def today() -> datetime.date:
    """The legal day in Vietnam (Asia/Ho_Chi_Minh, the project's TIME_ZONE)."""
    return timezone.localdate()


# ----------------------------------------------------------------------------- inputs


def _place(province: Province | str | None, commune: Commune | str | None) -> tuple[Province | None, Commune | None]:
    if isinstance(commune, Commune):
        if province is not None and isinstance(province, Province) and commune.province_id != province.pk:
            raise NotFound(_("Xã %(commune)s không thuộc %(province)s.") % {"commune": commune, "province": province})
        if province is None or isinstance(province, Province):
            return (province or commune.province), commune
    if commune:
        code = commune.code if isinstance(commune, Commune) else str(commune)
        found = Commune.objects.select_related("province").filter(code=code).order_by().first()
        if found is None:
            raise NotFound(_("Không có xã, phường, đặc khu mã %(code)s.") % {"code": code}, code="unknown_commune")
        province_code = province.code if isinstance(province, Province) else province
        if province_code and found.province.code != province_code:
            raise NotFound(
                _("Xã %(commune)s không thuộc tỉnh, thành phố mã %(province)s.")
                % {"commune": found.name, "province": province_code},
                code="commune_outside_province",
            )
        return found.province, found
    if isinstance(province, Province) or province is None:
        return province, None
    found_province = Province.objects.filter(code=province).order_by().first()
    if found_province is None:
        raise NotFound(_("Không có tỉnh, thành phố mã %(code)s.") % {"code": province}, code="unknown_province")
    return found_province, None


def _competences(procedure: Procedure | ProcedureVersion | str, day: datetime.date) -> list[Competence]:
    """The statutory competences of the version in force on `day` (or of the pinned version)."""
    query = Competence.objects.select_related("version__procedure", "agency").only(*COMPETENCE_FIELDS).order_by()
    if isinstance(procedure, ProcedureVersion):
        return list(query.filter(version=procedure))
    code = procedure.code if isinstance(procedure, Procedure) else procedure
    return list(query.filter(in_force_q(day, through="version"), version__procedure__code=code))


def _version_without_competence(procedure: Procedure | ProcedureVersion | str, day: datetime.date) -> ProcedureVersion:
    """Rare path: a version the register has no competence rows for (yet)."""
    if isinstance(procedure, ProcedureVersion):
        return procedure
    code = procedure.code if isinstance(procedure, Procedure) else procedure
    version = (
        ProcedureVersion.objects.select_related("procedure")
        .filter(in_force_q(day), procedure__code=code)
        .order_by("-valid_from")
        .first()
    )
    if version is not None:
        return version
    if not Procedure.objects.filter(code=code).exists():
        raise NotFound(_("Không có thủ tục mã %(code)s.") % {"code": code}, code="unknown_procedure")
    raise NotFound(
        _("Thủ tục %(code)s không có phiên bản có hiệu lực ngày %(day)s.") % {"code": code, "day": f"{day:%d/%m/%Y}"},
        code="no_version_in_force",
    )


def _fallback_competences(version: ProcedureVersion) -> list[Competence]:
    """A version with no competence rows (published after the register was loaded): carry the
    latest earlier version's competence per level, else read the catalogue's own fields
    (unsaved rows either way)."""
    earlier = {
        c.level: c
        for c in Competence.objects.filter(version__procedure_id=version.procedure_id)
        .select_related("agency")
        .order_by("version__number")
    }
    if earlier and set(version.levels) <= set(earlier):
        return [
            Competence(
                version=version,
                level=level,
                body_kind=earlier[level].body_kind,
                holder=earlier[level].holder,
                agency=earlier[level].agency,
                legal_number=earlier[level].legal_number,
                legal_issued_on=earlier[level].legal_issued_on,
                legal_title=earlier[level].legal_title,
                sample=earlier[level].sample,
            )
            for level in version.levels
        ]
    basis = version.legal_bases.order_by("position").first()
    return [
        Competence(
            version=version,
            level=level,
            body_kind=_kind_for_level(version.competent_body_kind, level),
            holder=Holder.BODY,
            legal_number=basis.number if basis else "",
            legal_issued_on=basis.issued_on if basis else None,
            legal_title=basis.title if basis else "",
            sample=version.sample,
        )
        for level in version.levels
    ]


def _kind_for_level(kind: str, level: str) -> str:
    if level == Level.COMMUNE and kind not in COMMUNE_KINDS:
        return AgencyKind.COMMUNE_PC
    return kind


def _pick_level(available: list[str], wanted: str | None, commune: Commune | None) -> str:
    if wanted:
        if wanted not in available:
            raise DomainError(
                _("Thủ tục không thực hiện ở cấp này; các cấp thực hiện: %(levels)s.")
                % {"levels": ", ".join(str(Level(lvl).label) for lvl in available)},
                code="level_not_available",
            )
        return wanted
    if commune is not None and Level.COMMUNE in available:
        return Level.COMMUNE
    for level in (Level.PROVINCE, Level.COMMUNE, Level.MINISTRY):
        if level in available:
            return level
    raise NotFound(_("Chưa có thẩm quyền cho thủ tục này."), code="no_competence")


# ----------------------------------------------------------------------------- resolve


def decisions_in_effect(
    *, procedure_id: int, field_id: int, province_id: int | None, day: datetime.date
) -> QuerySet[Decision]:
    """Decisions in effect on `day` for a procedure (listed, or through its whole field) in a
    province or nationwide. Revocations and decisions on other tasks move nothing."""
    place = Q(province__isnull=True) if province_id is None else (Q(province_id=province_id) | Q(province__isnull=True))
    covers = Q(pk__in=DecisionProcedure.objects.filter(procedure_id=procedure_id).values("decision_id")) | Q(
        scope=Scope.FIELD, field_id=field_id
    )
    return (
        Decision.objects.filter(place, covers, valid_from__lte=day)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .exclude(relation=Relation.REVOKES)
        .exclude(scope=Scope.TASKS)
        .select_related("target")
        .order_by()
        .only(
            "id",
            "number",
            "issued_on",
            "title",
            "kind",
            "from_kind",
            "from_holder",
            "to_kind",
            "to_holder",
            "province_id",
            "valid_from",
            "sample",
            "relation",
            "target__number",
        )
    )


def _decisions(version: ProcedureVersion, province: Province | None, day: datetime.date) -> list[Decision]:
    return list(
        decisions_in_effect(
            procedure_id=version.procedure_id,
            field_id=version.field_id,
            province_id=province.pk if province else None,
            day=day,
        )
    )


def _place_and_agencies(
    province: Province | str | None, commune: Commune | str | None
) -> tuple[Province | None, Commune | None, dict[str, Agency]]:
    """One query for the place and every body that may answer there: the ministry, the
    province's People's Committee, department and centre, the commune's committee and centre.
    The province and commune come along through the join; a second query runs only to explain
    an unknown or mismatched place."""
    province_code = province.code if isinstance(province, Province) else (province or None)
    commune_code = commune.code if isinstance(commune, Commune) else (commune or None)
    # Every arm compares an indexed column with a constant or a scalar subquery (computed once),
    # so PostgreSQL combines index scans; conditions through joins made it scan every agency.
    condition = Q(province__isnull=True, kind=AgencyKind.MINISTRY)
    if province_code:
        province_id = Subquery(Province.objects.filter(code=province_code).values("pk")[:1])
        condition |= Q(kind__in=PROVINCE_KINDS, commune__isnull=True, province_id=province_id)
    elif commune_code:
        province_id = Subquery(Commune.objects.filter(code=commune_code).values("province_id")[:1])
        condition |= Q(kind__in=PROVINCE_KINDS, commune__isnull=True, province_id=province_id)
    if commune_code:
        commune_id = Subquery(Commune.objects.filter(code=commune_code).values("pk")[:1])
        condition |= Q(kind__in=COMMUNE_KINDS, commune_id=commune_id)
    rows = list(
        Agency.objects.filter(condition, active=True)
        .select_related("province", "commune")
        .only(*AGENCY_FIELDS, *PLACE_FIELDS)
        .order_by()
    )
    agencies = {a.kind: a for a in rows}
    province_obj = next((a.province for a in rows if a.kind in PROVINCE_KINDS), None)
    commune_obj = next((a.commune for a in rows if a.kind in COMMUNE_KINDS), None)
    if (
        (province_code and province_obj is None)
        or (commune_code and commune_obj is None)
        or (commune_obj is not None and province_obj is not None and commune_obj.province_id != province_obj.pk)
        or (commune_obj is not None and province_obj is None)
    ):
        province_obj, commune_obj = _place(province, commune)
    return province_obj, commune_obj, agencies


def _agency_ref(agency: Agency) -> AgencyRef:
    return AgencyRef(agency.pk, agency.identifier, agency.name, agency.name_en, agency.kind)


def _authority(party: tuple[str, str], agencies: dict[str, Agency]) -> AuthorityRef:
    kind, holder = party
    agency = agencies[kind]
    office = rules.office_of(kind, agency.name)
    if holder == Holder.HEAD:
        title, title_en = f"{office.head} {agency.name}", f"{office.head_en}, {agency.name_en or agency.name}"
    else:
        title, title_en = agency.name, agency.name_en or agency.name
    return AuthorityRef(kind, holder, title, title_en, _agency_ref(agency))


def resolve(
    procedure: Procedure | ProcedureVersion | str,
    province: Province | str | None,
    commune: Commune | str | None = None,
    on_date: datetime.date | None = None,
    *,
    level: str | None = None,
) -> Resolution:
    """Who processes, decides and signs `procedure` in `province` (and `commune`) on `on_date`.

    `procedure` is a code, a `Procedure` (the version in force on the day is used) or a pinned
    `ProcedureVersion`. For commune-level procedures `commune` is required: the applicant's own
    commune when the procedure is bound to it. Gaps in the decisions fall back to the statutory
    competence. Raises `NotFound` (unknown procedure or place, no version in force) or
    `DomainError` (missing commune, level not available)."""
    day = on_date or today()
    province_obj, commune_obj, found = _place_and_agencies(province, commune)

    competences = _competences(procedure, day)
    if not competences:
        competences = _fallback_competences(_version_without_competence(procedure, day))
    by_level = {c.level: c for c in competences}
    chosen_level = _pick_level(list(by_level), level, commune_obj)
    competence = by_level[chosen_level]
    version = competence.version

    if chosen_level != Level.MINISTRY and province_obj is None:
        raise DomainError(_("Cần chọn tỉnh, thành phố."), code="province_required")
    if chosen_level == Level.COMMUNE and commune_obj is None:
        message = (
            _("Thủ tục gắn với xã nơi người nộp cư trú: cần chọn xã của người nộp.")
            if version.bound_to_applicant_commune
            else _("Thủ tục cấp xã: cần chọn xã, phường, đặc khu.")
        )
        raise DomainError(message, code="commune_required")

    statutory = (competence.body_kind, competence.holder)
    decisions = _decisions(version, province_obj if chosen_level != Level.MINISTRY else None, day)
    chained = rules.apply_decisions(
        statutory,
        (
            rules.Step(
                d.pk, d.kind, d.from_kind, d.from_holder, d.to_kind, d.to_holder, d.province_id is None, d.valid_from
            )
            for d in decisions
        ),
    )
    kinds = {statutory[0], chained.actor[0], chained.principal[0]}
    agencies = {k: a for k, a in found.items() if chosen_level == Level.COMMUNE or k not in COMMUNE_KINDS}
    if competence.agency is not None:
        agencies[competence.agency.kind] = competence.agency
    missing = kinds - set(agencies)
    if missing:
        raise NotFound(
            _("Chưa có cơ quan %(kinds)s tại địa bàn này trong danh mục cơ quan.")
            % {"kinds": ", ".join(str(AgencyKind(k).label) for k in sorted(missing))},
            code="agency_missing",
        )

    actor = _authority(chained.actor, agencies)
    principal = _authority(chained.principal, agencies)
    if chained.authorised:
        signature = rules.authorised_signature(
            rules.Party(*chained.principal, agencies[chained.principal[0]].name),
            rules.Party(*chained.actor, agencies[chained.actor[0]].name),
        )
    else:
        signature = rules.own_signature(rules.Party(*chained.actor, agencies[chained.actor[0]].name))

    applied = {d.pk: d for d in decisions}
    chain: list[LegalAct] = [
        LegalAct(
            number=competence.legal_number,
            date=competence.legal_issued_on.isoformat() if competence.legal_issued_on else None,
            title=competence.legal_title,
            role=Source.STATUTORY,
            kind="",
            decision_id=None,
            amends=None,
            sample=competence.sample,
        )
    ]
    for key in chained.applied:
        d = applied[key]
        chain.append(
            LegalAct(
                number=d.number,
                date=d.issued_on.isoformat(),
                title=d.title,
                role=Source.DECISION,
                kind=d.kind,
                decision_id=d.pk,
                amends=d.target.number if d.target_id and d.target else None,
                sample=d.sample,
            )
        )
    return Resolution(
        procedure_code=version.procedure.code,
        procedure_version_id=version.pk,
        procedure_version=version.number,
        procedure_name=version.name,
        on_date=day,
        level=chosen_level,
        province_code=province_obj.code if province_obj else None,
        commune_code=commune_obj.code if commune_obj and chosen_level == Level.COMMUNE else None,
        bound_to_applicant_commune=version.bound_to_applicant_commune,
        source=Source.DECISION if chained.applied else Source.STATUTORY,
        processing_agency=actor.agency,
        deciding_authority=actor,
        competent_authority=principal,
        statutory_authority=_authority(statutory, agencies),
        signer=SignerRef(
            title=signature.title,
            title_en=signature.title_en,
            mode=signature.mode,
            wording=signature.wording,
            block=signature.block,
            deputy_wording=signature.deputy_wording,
            deputy_block=signature.deputy_block,
        ),
        legal_chain=tuple(chain),
        sample=any(act.sample for act in chain),
    )


def parse_date(raw: str | None) -> datetime.date:
    """An ISO date (YYYY-MM-DD) from a query string, today when empty; 422 when malformed."""
    if not raw:
        return today()
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError as exc:
        raise DomainError(
            _("Ngày không hợp lệ: %(value)s (định dạng YYYY-MM-DD).") % {"value": raw[:20]}, code="invalid_date"
        ) from exc


__all__ = ["AgencyRef", "AuthorityRef", "BadRequest", "LegalAct", "Resolution", "SignerRef", "parse_date", "resolve"]
