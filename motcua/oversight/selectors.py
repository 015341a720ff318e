"""Reads of the oversight app, always scoped by `access` (a missing and a forbidden object
both answer NotFound)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from importlib import import_module
from typing import Any

from django.apps import apps
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.core.errors import BadRequest, NotFound
from motcua.core.text import fold
from motcua.geo.models import Province
from motcua.oversight import access, rules
from motcua.oversight.choices import AddresseeKind, Field, RecommendationStatus, Theme
from motcua.oversight.importer import RECORDS_PROCESSED
from motcua.oversight.models import (
    Campaign,
    ContactPoint,
    Difficulty,
    Finding,
    KeyFigure,
    Recommendation,
    RecommendationGroup,
    SupportThread,
    Visit,
)


# --- Campaigns, visits, recommendations ------------------------------------------------------
def campaign_list(*, user: Any) -> QuerySet[Campaign]:
    access.require_viewer(user)
    return access.scoped(Campaign.objects.all(), access.campaigns_q(user))


def campaign_get(*, user: Any, campaign_id: int) -> Campaign:
    campaign = campaign_list(user=user).filter(pk=campaign_id).first()
    if campaign is None:
        raise NotFound(_("Không tìm thấy đợt kiểm tra."))
    return campaign


def visit_list(*, user: Any, campaign_id: int | None = None, province: str | None = None) -> QuerySet[Visit]:
    access.require_viewer(user)
    query = access.scoped(Visit.objects.all(), access.visits_q(user)).select_related("province", "group", "campaign")
    if campaign_id is not None:
        query = query.filter(campaign_id=campaign_id)
    if province:
        query = query.filter(province_code=province)
    return query


def visit_get(*, user: Any, visit_id: int) -> Visit:
    visit = (
        visit_list(user=user)
        .prefetch_related(
            "venues__commune",
            "reporters",
            "group__members__agency",
            "minutes__attachments",
            Prefetch("figures", queryset=KeyFigure.objects.order_by("position")),
        )
        .filter(pk=visit_id)
        .first()
    )
    if visit is None:
        raise NotFound(_("Không tìm thấy chuyến làm việc."))
    return visit


def recommendation_list(
    *,
    user: Any,
    campaign_id: int | None = None,
    province: str | None = None,
    status: str | None = None,
    field: str | None = None,
    addressee: str | None = None,
    national: bool | None = None,
    unit_ids: set[int] | None = None,
) -> QuerySet[Recommendation]:
    access.require_viewer(user)
    query = access.scoped(Recommendation.objects.all(), access.recommendations_q(user)).select_related(
        "province", "addressee_agency", "assigned_unit", "visit", "group"
    )
    if campaign_id is not None:
        query = query.filter(campaign_id=campaign_id)
    if province:
        query = query.filter(province_code=province)
    if status:
        query = query.filter(status=status)
    if field:
        query = query.filter(field=field)
    if addressee:
        query = query.filter(addressee_kind=addressee)
    if national is not None:
        query = query.filter(province__isnull=national)
    if unit_ids is not None:
        query = query.filter(assigned_unit_id__in=unit_ids)
    return query


def recommendation_get(*, user: Any, recommendation_id: int) -> Recommendation:
    rec = (
        recommendation_list(user=user)
        .select_related("campaign", "visit__province")
        .prefetch_related("events__actor", "reminders")
        .filter(pk=recommendation_id)
        .first()
    )
    if rec is None:
        raise NotFound(_("Không tìm thấy kiến nghị."))
    return rec


@dataclass
class GroupRollup:
    group: RecommendationGroup
    members: list[Recommendation]
    progress: int | None
    by_status: dict[str, int]
    provinces: list[str]
    earliest_due: date | None


def recommendation_group_get(*, user: Any, group_id: int) -> GroupRollup:
    group = RecommendationGroup.objects.filter(pk=group_id).first()
    if group is None:
        raise NotFound(_("Không tìm thấy nhóm kiến nghị."))
    members = list(recommendation_list(user=user).filter(group=group).order_by("province_code", "pk"))
    if not members:
        raise NotFound(_("Không tìm thấy nhóm kiến nghị."))
    dues = [m.due_on for m in members if m.due_on and m.status in RecommendationStatus.followed()]
    return GroupRollup(
        group=group,
        members=members,
        progress=rules.rollup_progress([(m.status, m.progress) for m in members]),
        by_status=dict(Counter(m.status for m in members)),
        provinces=sorted({m.province.name for m in members if m.province}),
        earliest_due=min(dues) if dues else None,
    )


# --- Synthesis -------------------------------------------------------------------------------
def _ordered_counts(counter: Counter[str], order: list[str]) -> dict[str, int]:
    out = {k: counter[k] for k in order if counter.get(k)}
    for k, v in sorted(counter.items()):
        if k not in out and v:
            out[k] = v
    return out


def _count_by(query: QuerySet[Any], column: str) -> Counter[str]:
    """Counts per value of `column`, grouped in the database; blank values count as "unspecified"."""
    counts: Counter[str] = Counter()
    for row in query.order_by().values(column).annotate(n=Count("pk")):
        counts[row[column] or "unspecified"] += row["n"]
    return counts


def campaign_synthesis(*, user: Any, campaign_id: int) -> dict[str, Any]:
    """The campaign's synthesis report, computed from the register (nothing stored twice).

    - groups / localities: the published figures when the campaign has them, else what is recorded;
    - records_processed: the national synthesis figures (per field); without them, the sum of
      the visits' own figures with the same key;
    - difficulties: those recorded at the visits (the synthesis' common difficulties restate
      them, so they are listed, not counted twice);
    - recommendations: all, visits' and national ones.
    """
    if not access.is_ministry_side(user):
        raise NotFound(_("Không tìm thấy đợt kiểm tra."))
    campaign = campaign_get(user=user, campaign_id=campaign_id)
    visits = list(
        Visit.objects.filter(campaign=campaign)
        .select_related("province")
        .order_by(F("visited_on").asc(nulls_last=True), "province_code")
    )
    recorded_groups = campaign.groups.count()
    recorded_localities = len({v.province_id for v in visits})
    figures = KeyFigure.objects.filter(campaign=campaign, key=RECORDS_PROCESSED)
    national = figures.filter(visit__isnull=True)
    by_field_counter: Counter[str] = Counter()
    for fig in national if national.exists() else figures:
        by_field_counter[fig.field or "unspecified"] += int(fig.value)
    field_order = list(Field.values)
    difficulties = Difficulty.objects.filter(campaign=campaign, visit__isnull=False)
    common = list(Difficulty.objects.filter(campaign=campaign, visit__isnull=True).order_by("position"))
    recs = Recommendation.objects.filter(campaign=campaign)
    # Progress of what needed follow-up: answered-on-site ones never did.
    followed = list(recs.exclude(status=RecommendationStatus.ANSWERED_ON_SITE).values_list("status", "progress"))
    overdue = recs.filter(status__in=RecommendationStatus.followed(), due_on__lt=timezone.localdate()).count()
    return {
        "campaign": {
            "id": campaign.pk,
            "code": campaign.code,
            "name": campaign.name,
            "name_en": campaign.name_en,
            "starts_on": campaign.starts_on,
            "ends_on": campaign.ends_on,
            "published_on": campaign.synthesis_published_on,
            "presented_by": campaign.synthesis_presented_by,
        },
        "groups": campaign.planned_groups if campaign.planned_groups is not None else recorded_groups,
        "localities": campaign.planned_localities if campaign.planned_localities is not None else recorded_localities,
        "visits": len(visits),
        "recorded": {"groups": recorded_groups, "localities": recorded_localities, "visits": len(visits)},
        "visited": [{"code": v.province.code, "name": v.province.name, "visited_on": v.visited_on} for v in visits],
        "records_processed": {
            "total": sum(by_field_counter.values()),
            "by_field": _ordered_counts(by_field_counter, field_order),
        },
        "difficulties": {
            "total": difficulties.count(),
            "by_theme": _ordered_counts(_count_by(difficulties, "theme"), list(Theme.values)),
            "by_field": _ordered_counts(_count_by(difficulties, "field"), field_order),
            "common": [{"theme": d.theme, "text": d.text} for d in common],
        },
        "recommendations": {
            "total": recs.count(),
            "national": recs.filter(province__isnull=True).count(),
            "by_addressee": _ordered_counts(_count_by(recs, "addressee_kind"), list(AddresseeKind.values)),
            "by_status": _ordered_counts(_count_by(recs, "status"), list(RecommendationStatus.values)),
            "by_field": _ordered_counts(_count_by(recs, "field"), field_order),
            "progress": rules.rollup_progress(followed),
            "overdue": overdue,
        },
    }


# --- Pre-visit brief -------------------------------------------------------------------------
@dataclass
class BriefSection:
    """A section from another app (index, overloaded communes, overdue dossiers by field)."""

    title: str
    available: bool
    note: str = ""
    columns: list[tuple[str, str]] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class PreVisitBrief:
    province: Province
    date_from: date
    date_to: date
    generated_at: Any
    previous_visits: list[Visit]
    latest_visit: Visit | None
    latest_figures: list[KeyFigure]
    latest_difficulties: list[Difficulty]
    latest_findings: list[Finding]
    open_recommendations: list[Recommendation]
    overdue_recommendations: list[Recommendation]
    open_support_threads: list[SupportThread]
    live_sections: list[BriefSection]

    @property
    def included(self) -> list[str]:
        return [s.title for s in self.live_sections if s.available]


# Live data the brief shows once the app that holds it is installed:
# (app, "module:function" called with user=, province_code=, date_from=, date_to=, title); the
# brief has checked that the user may see the province, the reader scopes by the user too.
# A reader returns rows (a list of dicts) or (columns, rows). docs/decisions/0033.
LIVE_SOURCES: list[tuple[str, str, Any]] = [
    ("motcua.metrics", "motcua.metrics.brief:brief_index", gettext_lazy("Chỉ số phục vụ và các chỉ tiêu yếu nhất")),
    ("motcua.dossiers", "motcua.oversight.live:overloaded_communes", gettext_lazy("Xã, phường quá tải")),
    ("motcua.dossiers", "motcua.oversight.live:overdue_by_field", gettext_lazy("Hồ sơ quá hạn theo lĩnh vực")),
]


def _live_sections(user: Any, province: Province, date_from: date, date_to: date) -> list[BriefSection]:
    sections = []
    for app, target, title in LIVE_SOURCES:
        module, function = target.split(":")
        if not apps.is_installed(app):
            sections.append(
                BriefSection(
                    title=str(title),
                    available=False,
                    note=_("Chưa có: ứng dụng %(app)s chưa được cài đặt.") % {"app": app},
                )
            )
            continue
        reader = getattr(import_module(module), function, None)
        if reader is None:
            sections.append(
                BriefSection(
                    title=str(title),
                    available=False,
                    note=_("Chưa có: %(app)s chưa cung cấp %(fn)s.") % {"app": app, "fn": function},
                )
            )
            continue
        result = reader(user=user, province_code=province.code, date_from=date_from, date_to=date_to)
        columns, rows = result if isinstance(result, tuple) else ([], list(result))
        if not columns and rows:
            columns = [(key, key) for key in rows[0]]
        sections.append(BriefSection(title=str(title), available=True, columns=list(columns), rows=list(rows)))
    return sections


def previsit_brief(*, user: Any, province_code: str, date_from: date, date_to: date) -> PreVisitBrief:
    """What a working group should know before visiting a province in [date_from, date_to]:
    open recommendations from earlier visits, the latest findings, and live indicators from
    the metrics and dossiers apps where they are installed."""
    if date_to < date_from:
        raise BadRequest(_("Ngày kết thúc phải sau ngày bắt đầu."), code="invalid_range")
    province = Province.objects.filter(code=province_code).first()
    if province is None or not (access.is_ministry_side(user) or province.pk in access.province_ids(user)):
        raise NotFound(_("Không tìm thấy tỉnh, thành phố."))
    earlier = Q(visited_on__lt=date_from) | Q(visited_on__isnull=True, campaign__ends_on__lt=date_from)
    previous = list(
        Visit.objects.filter(province=province)
        .filter(earlier)
        .select_related("campaign", "group")
        .order_by("-visited_on", "-campaign__ends_on", "-pk")
    )
    latest = previous[0] if previous else None
    open_recs = list(
        Recommendation.objects.filter(visit__in=previous, status__in=RecommendationStatus.open())
        .select_related("visit", "assigned_unit", "addressee_agency", "campaign")
        .order_by("due_on", "pk")
    )
    today = timezone.localdate()
    return PreVisitBrief(
        province=province,
        date_from=date_from,
        date_to=date_to,
        generated_at=timezone.now(),
        previous_visits=previous,
        latest_visit=latest,
        latest_figures=list(latest.figures.order_by("position")) if latest else [],
        latest_difficulties=list(latest.difficulties.order_by("position")) if latest else [],
        latest_findings=list(latest.findings.order_by("kind", "position")) if latest else [],
        open_recommendations=open_recs,
        overdue_recommendations=[r for r in open_recs if r.due_on and r.due_on < today],
        open_support_threads=list(
            SupportThread.objects.filter(province=province, answered_at__isnull=True)
            .exclude(status="closed")
            .select_related("unit")
            .order_by("opened_at")
        ),
        live_sections=_live_sections(user, province, date_from, date_to),
    )


# --- Support channel -------------------------------------------------------------------------
def thread_list(*, user: Any, status: str | None = None, field: str | None = None) -> QuerySet[SupportThread]:
    access.require_viewer(user)
    query = access.scoped(SupportThread.objects.all(), access.threads_q(user)).select_related(
        "province", "unit", "assignee", "asking_agency"
    )
    if status:
        query = query.filter(status=status)
    if field:
        query = query.filter(field=field)
    return query


def thread_get(*, user: Any, thread_id: int) -> SupportThread:
    thread = thread_list(user=user).filter(pk=thread_id).first()
    if thread is None:
        raise NotFound(_("Không tìm thấy câu hỏi."))
    return thread


def thread_messages(*, user: Any, thread: SupportThread) -> list[Any]:
    messages = thread.messages.select_related("author").order_by("created_at", "pk")
    if not access.can_answer_thread(user, thread):
        messages = messages.filter(internal=False)
    return list(messages)


def knowledge_search(*, user: Any, q: str = "", field: str | None = None) -> QuerySet[SupportThread]:
    """Published answers, accent-insensitive: every folded word of `q` must appear."""
    if not access.is_staff_member(user):
        raise NotFound(_("Không tìm thấy."))
    query = SupportThread.objects.filter(published_at__isnull=False).select_related("unit")
    if field:
        query = query.filter(field=field)
    for word in fold(q).split()[:10]:
        query = query.filter(kb_search__contains=word)
    return query.order_by("-published_at", "-pk")


def contact_list(*, user: Any, field: str | None = None, procedure_code: str | None = None) -> QuerySet[ContactPoint]:
    """The directory of ministry contact points (work contacts), for staff only."""
    if not access.is_staff_member(user):
        raise NotFound(_("Không tìm thấy."))
    query = ContactPoint.objects.filter(active=True).select_related("unit")
    if field:
        query = query.filter(field=field)
    if procedure_code:
        query = query.filter(Q(procedure_code=procedure_code) | Q(procedure_code=""))
    return query
