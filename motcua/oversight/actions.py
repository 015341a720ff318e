"""Writes of the oversight app. Each action runs in one transaction; every change of a
recommendation appends an immutable `RecommendationEvent` (who, when, from, to, note) in that
same transaction."""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.errors import BadRequest, Conflict, DomainError, NotFound
from motcua.core.text import fold
from motcua.org.choices import AgencyKind, Level
from motcua.org.models import Agency, User
from motcua.oversight import access, rules
from motcua.oversight.choices import (
    AddresseeKind,
    EventKind,
    Field,
    RecommendationStatus,
    Theme,
    ThreadStatus,
)
from motcua.oversight.models import (
    Attachment,
    ContactPoint,
    Minutes,
    Recommendation,
    RecommendationEvent,
    RecommendationGroup,
    Reminder,
    SupportMessage,
    SupportThread,
    Visit,
)

S = RecommendationStatus


# --- Recommendations ------------------------------------------------------------------------
def _locked(acting_user: User, recommendation_id: int, expected_version: int | None) -> Recommendation:
    query = access.scoped(Recommendation.objects.all(), access.recommendations_q(acting_user))
    ids = list(query.filter(pk=recommendation_id).values_list("pk", flat=True))
    if not ids:
        raise NotFound(_("Không tìm thấy kiến nghị."))
    rec = Recommendation.objects.select_for_update(no_key=True).get(pk=recommendation_id)
    if expected_version is not None and rec.version != expected_version:
        raise Conflict(_("Kiến nghị đã được người khác cập nhật; hãy tải lại trang."))
    return rec


def _change(
    rec: Recommendation,
    *,
    acting_user: User | None,
    kind: str,
    to_status: str,
    note: str = "",
    occurred_on: date | None = None,
    fields: dict[str, Any] | None = None,
    data: dict[str, Any] | None = None,
) -> Recommendation:
    from_status = rec.status
    fields = dict(fields or {})
    fields["status"] = to_status
    for name, value in fields.items():
        setattr(rec, name, value)
    rec.version += 1
    rec.updated_at = timezone.now()
    rec.save(update_fields=[*fields, "version", "updated_at"])
    RecommendationEvent.objects.create(
        recommendation=rec,
        kind=kind,
        actor=acting_user,
        from_status=from_status,
        to_status=to_status,
        progress=rec.progress,
        note=note,
        data=data or {},
        occurred_on=occurred_on or timezone.localdate(),
    )
    return rec


def _transition(rec: Recommendation, target: str) -> None:
    rules.ensure_transition(rec.status, target)


@transaction.atomic
def recommendation_record(
    *,
    acting_user: User,
    visit_id: int,
    text: str,
    addressee_kind: str,
    addressee_agency_id: int | None = None,
    addressee_name: str = "",
    field: str = "",
    theme: str = "",
) -> Recommendation:
    """Record a new recommendation heard during a visit."""
    access.require_manager(acting_user)
    visit = Visit.objects.select_related("campaign", "province").filter(pk=visit_id).first()
    if visit is None:
        raise NotFound(_("Không tìm thấy chuyến làm việc."))
    text = text.strip()
    errors = []
    if not text:
        errors.append({"field": "text", "message": _("Cần nhập nội dung kiến nghị.")})
    if addressee_kind not in AddresseeKind.values:
        errors.append({"field": "addressee_kind", "message": _("Cơ quan nhận kiến nghị không hợp lệ.")})
    if field and field not in Field.values:
        errors.append({"field": "field", "message": _("Lĩnh vực không hợp lệ.")})
    if theme and theme not in Theme.values:
        errors.append({"field": "theme", "message": _("Chủ đề không hợp lệ.")})
    agency = None
    if addressee_agency_id is not None:
        agency = Agency.objects.filter(pk=addressee_agency_id, level=Level.MINISTRY).first()
        if agency is None:
            errors.append({"field": "addressee_agency_id", "message": _("Đơn vị thuộc Bộ không hợp lệ.")})
    if errors:
        raise DomainError(_("Kiến nghị chưa hợp lệ."), code="invalid_recommendation", errors=errors)
    position = Recommendation.objects.filter(visit=visit).count() + 1
    rec = Recommendation.objects.create(
        campaign=visit.campaign,
        key=f"{visit.key}-m{timezone.now():%Y%m%d%H%M%S%f}",
        visit=visit,
        province=visit.province,
        position=position,
        addressee_kind=addressee_kind,
        addressee_agency=agency,
        addressee_name=addressee_name.strip(),
        field=field,
        theme=theme,
        text=text,
    )
    RecommendationEvent.objects.create(
        recommendation=rec,
        kind=EventKind.RECORDED,
        actor=acting_user,
        from_status="",
        to_status=rec.status,
        occurred_on=visit.visited_on,
    )
    return rec


@transaction.atomic
def recommendation_answer_on_site(
    *, acting_user: User, recommendation_id: int, answer: str, expected_version: int | None = None
) -> Recommendation:
    """The working group answered the recommendation during the visit."""
    access.require_manager(acting_user)
    rec = _locked(acting_user, recommendation_id, expected_version)
    _transition(rec, S.ANSWERED_ON_SITE)
    if not answer.strip():
        raise DomainError(_("Cần nhập nội dung trả lời tại chỗ."), code="answer_required")
    return _change(
        rec,
        acting_user=acting_user,
        kind=EventKind.ANSWERED_ON_SITE,
        to_status=S.ANSWERED_ON_SITE,
        note=answer.strip(),
        occurred_on=rec.visit.visited_on if rec.visit else None,
        fields={"on_site_answer": answer.strip()},
    )


@transaction.atomic
def recommendation_escalate(
    *, acting_user: User, recommendation_id: int, note: str = "", expected_version: int | None = None
) -> Recommendation:
    """Beyond the group's authority: recorded and reported to the Ministry's leaders."""
    access.require_manager(acting_user)
    rec = _locked(acting_user, recommendation_id, expected_version)
    _transition(rec, S.ESCALATED)
    return _change(rec, acting_user=acting_user, kind=EventKind.ESCALATED, to_status=S.ESCALATED, note=note.strip())


@transaction.atomic
def recommendation_assign(
    *,
    acting_user: User,
    recommendation_id: int,
    unit_id: int,
    due_on: date,
    note: str = "",
    expected_version: int | None = None,
) -> Recommendation:
    """The Ministry's leaders assign a unit to handle it by a due date (again to re-assign)."""
    access.require_manager(acting_user)
    rec = _locked(acting_user, recommendation_id, expected_version)
    _transition(rec, S.ASSIGNED)
    # Re-assigning an in-progress recommendation keeps it in progress (the work goes on).
    target = S.IN_PROGRESS if rec.status == S.IN_PROGRESS else S.ASSIGNED
    unit = Agency.objects.filter(pk=unit_id, kind__in=[AgencyKind.MINISTRY_UNIT, AgencyKind.MINISTRY]).first()
    if unit is None:
        raise DomainError(
            _("Chỉ giao được cho Bộ hoặc một đơn vị thuộc Bộ."),
            code="invalid_unit",
            errors=[{"field": "unit_id", "message": _("Đơn vị thuộc Bộ không hợp lệ.")}],
        )
    if due_on < timezone.localdate():
        raise DomainError(
            _("Hạn xử lý không được ở trong quá khứ."),
            code="invalid_due_date",
            errors=[{"field": "due_on", "message": _("Hạn xử lý không được ở trong quá khứ.")}],
        )
    return _change(
        rec,
        acting_user=acting_user,
        kind=EventKind.ASSIGNED,
        to_status=target,
        note=note.strip(),
        fields={"assigned_unit": unit, "due_on": due_on},
        data={"unit_id": unit.pk, "unit": unit.name, "due_on": due_on.isoformat()},
    )


@transaction.atomic
def recommendation_report_progress(
    *,
    acting_user: User,
    recommendation_id: int,
    progress: int,
    note: str,
    occurred_on: date | None = None,
    expected_version: int | None = None,
) -> Recommendation:
    """A dated timeline entry with the progress reached (0–100 %)."""
    rec = _locked(acting_user, recommendation_id, expected_version)
    if not access.can_work_on(acting_user, rec):
        raise DomainError(
            _("Chỉ đơn vị chủ trì hoặc thanh tra, giám sát của Bộ được cập nhật tiến độ."), code="forbidden", status=403
        )
    _transition(rec, S.IN_PROGRESS)
    if not 0 <= progress <= 100:
        raise DomainError(
            _("Tiến độ phải từ 0 đến 100%."),
            code="invalid_progress",
            errors=[{"field": "progress", "message": _("Tiến độ phải từ 0 đến 100%.")}],
        )
    if not note.strip():
        raise DomainError(_("Cần mô tả việc đã làm."), code="note_required")
    when = occurred_on or timezone.localdate()
    if when > timezone.localdate():
        raise DomainError(_("Ngày của mốc tiến độ không được ở tương lai."), code="invalid_date")
    return _change(
        rec,
        acting_user=acting_user,
        kind=EventKind.PROGRESS,
        to_status=S.IN_PROGRESS,
        note=note.strip(),
        occurred_on=when,
        fields={"progress": progress},
    )


@transaction.atomic
def recommendation_resolve(
    *,
    acting_user: User,
    recommendation_id: int,
    reference: str,
    url: str = "",
    note: str = "",
    expected_version: int | None = None,
) -> Recommendation:
    """Resolved, with the resulting legal act or change linked."""
    rec = _locked(acting_user, recommendation_id, expected_version)
    if not access.can_work_on(acting_user, rec):
        raise DomainError(
            _("Chỉ đơn vị chủ trì hoặc thanh tra, giám sát của Bộ được kết thúc kiến nghị."),
            code="forbidden",
            status=403,
        )
    _transition(rec, S.RESOLVED)
    if not reference.strip():
        raise DomainError(
            _("Cần nêu văn bản hoặc thay đổi đã giải quyết kiến nghị."),
            code="reference_required",
            errors=[{"field": "reference", "message": _("Bắt buộc.")}],
        )
    if url and not url.startswith(("https://", "http://")):
        raise DomainError(_("Liên kết phải bắt đầu bằng https:// hoặc http://."), code="invalid_url")
    return _change(
        rec,
        acting_user=acting_user,
        kind=EventKind.RESOLVED,
        to_status=S.RESOLVED,
        note=note.strip(),
        fields={"progress": 100, "resolution_reference": reference.strip(), "resolution_url": url.strip()},
        data={"reference": reference.strip(), "url": url.strip()},
    )


@transaction.atomic
def recommendation_decline(
    *, acting_user: User, recommendation_id: int, reason: str, expected_version: int | None = None
) -> Recommendation:
    """Not accepted, with the reasons recorded."""
    access.require_manager(acting_user)
    rec = _locked(acting_user, recommendation_id, expected_version)
    _transition(rec, S.DECLINED)
    if not reason.strip():
        raise DomainError(
            _("Cần nêu lý do không tiếp thu."),
            code="reason_required",
            errors=[{"field": "reason", "message": _("Bắt buộc.")}],
        )
    return _change(
        rec,
        acting_user=acting_user,
        kind=EventKind.DECLINED,
        to_status=S.DECLINED,
        note=reason.strip(),
        fields={"declined_reason": reason.strip()},
    )


# --- Linking similar recommendations ------------------------------------------------------------
@transaction.atomic
def recommendation_group_create(*, acting_user: User, title: str, recommendation_ids: list[int]) -> RecommendationGroup:
    """Link similar recommendations (from several localities) to follow them as one."""
    access.require_manager(acting_user)
    if not title.strip():
        raise DomainError(_("Cần đặt tên nhóm kiến nghị."), code="title_required")
    recs = list(Recommendation.objects.select_for_update(no_key=True).filter(pk__in=set(recommendation_ids)))
    if len(recs) < 2 or len(recs) != len(set(recommendation_ids)):
        raise DomainError(_("Một nhóm cần ít nhất hai kiến nghị có thật."), code="group_too_small")
    if len({r.campaign_id for r in recs}) != 1:
        raise DomainError(_("Các kiến nghị của một nhóm phải cùng một đợt kiểm tra."), code="mixed_campaigns")
    group = RecommendationGroup.objects.create(
        campaign_id=recs[0].campaign_id, title=title.strip(), created_by=acting_user
    )
    for rec in recs:
        _link(rec, group, acting_user)
    return group


@transaction.atomic
def recommendation_group_link(*, acting_user: User, group_id: int, recommendation_id: int) -> Recommendation:
    access.require_manager(acting_user)
    group = RecommendationGroup.objects.filter(pk=group_id).first()
    if group is None:
        raise NotFound(_("Không tìm thấy nhóm kiến nghị."))
    rec = _locked(acting_user, recommendation_id, None)
    if rec.campaign_id != group.campaign_id:
        raise DomainError(_("Các kiến nghị của một nhóm phải cùng một đợt kiểm tra."), code="mixed_campaigns")
    if rec.group_id == group.pk:
        return rec
    return _link(rec, group, acting_user)


@transaction.atomic
def recommendation_group_unlink(*, acting_user: User, recommendation_id: int) -> Recommendation:
    access.require_manager(acting_user)
    rec = _locked(acting_user, recommendation_id, None)
    if rec.group_id is None:
        raise DomainError(_("Kiến nghị không thuộc nhóm nào."), code="not_grouped")
    title = rec.group.title if rec.group else ""
    rec.group = None
    rec.version += 1
    rec.updated_at = timezone.now()
    rec.save(update_fields=["group", "version", "updated_at"])
    RecommendationEvent.objects.create(
        recommendation=rec,
        kind=EventKind.UNGROUPED,
        actor=acting_user,
        from_status=rec.status,
        to_status=rec.status,
        progress=rec.progress,
        note=title,
        occurred_on=timezone.localdate(),
    )
    return rec


def _link(rec: Recommendation, group: RecommendationGroup, acting_user: User) -> Recommendation:
    rec.group = group
    rec.version += 1
    rec.updated_at = timezone.now()
    rec.save(update_fields=["group", "version", "updated_at"])
    RecommendationEvent.objects.create(
        recommendation=rec,
        kind=EventKind.GROUPED,
        actor=acting_user,
        from_status=rec.status,
        to_status=rec.status,
        progress=rec.progress,
        note=group.title,
        data={"group_id": group.pk},
        occurred_on=timezone.localdate(),
    )
    return rec


def recommendation_group_apply(*, acting_user: User, group_id: int, verb: str, **kwargs: Any) -> list[Recommendation]:
    """Follow linked recommendations as one: apply one verb to every member that allows it,
    all or nothing (one transaction; the first refusal undoes the rest)."""
    actions: dict[str, Callable[..., Recommendation]] = {
        "escalate": recommendation_escalate,
        "assign": recommendation_assign,
        "report_progress": recommendation_report_progress,
        "resolve": recommendation_resolve,
        "decline": recommendation_decline,
    }
    if verb not in actions:
        raise BadRequest(_("Thao tác không hợp lệ."), code="invalid_verb")
    with transaction.atomic():
        ids = list(Recommendation.objects.filter(group_id=group_id).order_by("pk").values_list("pk", flat=True))
        if not ids:
            raise NotFound(_("Không tìm thấy nhóm kiến nghị."))
        return [actions[verb](acting_user=acting_user, recommendation_id=pk, **kwargs) for pk in ids]


# --- Reminders ----------------------------------------------------------------------------------
@dataclass
class ReminderRun:
    on: date
    created: int
    already: int
    mailed_units: int = 0  # units sent a reminder e-mail (through the outbox)
    unreached_units: int = 0  # units reminded but with no member who has an e-mail address


def reminders_record(*, today: date | None = None, due_soon_days: int = rules.DUE_SOON_DAYS) -> ReminderRun:
    """Find followed recommendations due soon or overdue and record one reminder per
    recommendation, kind and day, with a `reminded` event (running again the same day records
    nothing new). Set-based: two queries to read, two bulk inserts to write, one transaction;
    if a concurrent run wins the race, the unique constraint refuses ours and we re-read."""
    today = today or timezone.localdate()
    for _attempt in range(3):
        try:
            return _reminders_once(today, due_soon_days)
        except IntegrityError:
            continue
    raise Conflict(_("Một lượt nhắc hạn khác đang chạy; hãy thử lại."))


@transaction.atomic
def _reminders_once(today: date, due_soon_days: int) -> ReminderRun:
    horizon = date.fromordinal(today.toordinal() + due_soon_days)
    candidates = list(
        Recommendation.objects.filter(status__in=S.followed(), due_on__lte=horizon)
        .order_by("due_on", "pk")
        .values_list("pk", "due_on", "assigned_unit_id", "status", "progress")
    )
    done = set(Reminder.objects.filter(on=today).values_list("recommendation_id", "kind"))
    reminders, events = [], []
    already = 0
    now = timezone.now()
    for pk, due_on, unit_id, status, progress in candidates:
        if due_on is None or unit_id is None:  # the database check constraint makes this impossible
            continue
        kind = rules.reminder_kind(due_on=due_on, today=today, due_soon_days=due_soon_days)
        if kind is None:
            continue
        if (pk, str(kind)) in done:
            already += 1
            continue
        reminders.append(
            Reminder(
                recommendation_id=pk,
                kind=kind,
                on=today,
                due_on=due_on,
                days=(due_on - today).days,
                unit_id=unit_id,
                created_at=now,
            )
        )
        events.append(
            RecommendationEvent(
                recommendation_id=pk,
                kind=EventKind.REMINDED,
                actor=None,
                at=now,
                from_status=status,
                to_status=status,
                progress=progress,
                occurred_on=today,
                note=str(kind.label),
                data={"kind": str(kind), "due_on": due_on.isoformat()},
            )
        )
    Reminder.objects.bulk_create(reminders, batch_size=1000)
    RecommendationEvent.objects.bulk_create(events, batch_size=1000)
    mailed, unreached = _mail_reminders(reminders, today)
    return ReminderRun(
        on=today, created=len(reminders), already=already, mailed_units=mailed, unreached_units=unreached
    )


def _mail_reminders(reminders: list[Reminder], today: date) -> tuple[int, int]:
    """One e-mail per reminded unit and run, to its active members with an address, written to
    the outbox in the run's transaction (the worker delivers it at least once). The reminders so
    handed over get `delivered_at`; a unit nobody can be mailed at is counted, not hidden."""
    from motcua.integrations import outbox
    from motcua.integrations.models import OutboxMessage
    from motcua.org.models import Membership

    if not reminders:
        return 0, 0
    by_unit: dict[int, list[Reminder]] = defaultdict(list)
    for reminder in reminders:
        by_unit[reminder.unit_id].append(reminder)
    addresses: dict[int, set[str]] = defaultdict(set)
    members = Membership.objects.filter(agency_id__in=list(by_unit), active=True, user__is_active=True)
    for agency_id, email in members.exclude(user__email="").values_list("agency_id", "user__email"):
        addresses[agency_id].add(email)
    reminded = Recommendation.objects.filter(pk__in=[r.recommendation_id for r in reminders])
    texts = dict(reminded.values_list("pk", "text"))
    messages, handed, unreached = [], [], 0
    for unit_id, items in by_unit.items():
        to = sorted(addresses.get(unit_id, ()))
        if not to:
            unreached += 1
            continue
        lines = [
            _("Kiến nghị được giao cho đơn vị cần xử lý (nhắc hạn ngày %(day)s):") % {"day": f"{today:%d/%m/%Y}"},
            "",
        ]
        for item in sorted(items, key=lambda r: (r.due_on, r.recommendation_id)):
            when = (
                _("quá hạn %(n)d ngày") % {"n": -item.days} if item.days < 0 else _("còn %(n)d ngày") % {"n": item.days}
            )
            lines.append(
                f"- {' '.join(texts.get(item.recommendation_id, '').split())[:200]}\n"
                f"  {_('Hạn')}: {item.due_on:%d/%m/%Y} ({when}) — /vi/giam-sat/kien-nghi/{item.recommendation_id}/"
            )
        batch = hashlib.sha256(",".join(str(r.pk) for r in sorted(items, key=lambda r: r.pk)).encode()).hexdigest()
        messages.append(
            outbox.message(
                topic="notify.email",
                key=f"oversight:reminders:{unit_id}:{today.isoformat()}:{batch[:12]}",
                payload={
                    "to": to,
                    "subject": _("[motcua] %(n)d kiến nghị sắp đến hạn hoặc quá hạn") % {"n": len(items)},
                    "body": "\n".join(lines),
                },
            )
        )
        handed += [r.pk for r in items]
    OutboxMessage.objects.bulk_create(messages, ignore_conflicts=True)
    Reminder.objects.filter(pk__in=handed).update(delivered_at=timezone.now())
    return len(messages), unreached


# --- Minutes ----------------------------------------------------------------------------------
@transaction.atomic
def minutes_create(
    *, acting_user: User, visit_id: int, title: str, number: str = "", signed_on: date | None = None, summary: str = ""
) -> Minutes:
    access.require_manager(acting_user)
    visit = Visit.objects.filter(pk=visit_id).first()
    if visit is None:
        raise NotFound(_("Không tìm thấy chuyến làm việc."))
    if not title.strip():
        raise DomainError(_("Cần nhập tiêu đề biên bản."), code="title_required")
    return Minutes.objects.create(
        visit=visit,
        title=title.strip(),
        number=number.strip(),
        signed_on=signed_on,
        summary=summary.strip(),
        created_by=acting_user,
    )


@transaction.atomic
def attachment_add(*, acting_user: User, minutes_id: int, name: str, content: bytes) -> Attachment:
    """Attach a file to minutes; its type is judged from its bytes (PDF, PNG, JPEG, DOCX, XLSX)."""
    access.require_manager(acting_user)
    minutes = Minutes.objects.filter(pk=minutes_id).first()
    if minutes is None:
        raise NotFound(_("Không tìm thấy biên bản."))
    if not content:
        raise DomainError(_("Tệp rỗng."), code="empty_file")
    if len(content) > rules.MAX_ATTACHMENT_BYTES:
        raise DomainError(
            _("Tệp lớn quá %(mb)d MB.") % {"mb": rules.MAX_ATTACHMENT_BYTES // (1024 * 1024)},
            code="file_too_large",
            status=413,
        )
    names = None
    if content.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(io.BytesIO(content)).namelist()
        except zipfile.BadZipFile:
            names = None
    sniffed = rules.sniff_content_type(content[:16], names)
    if sniffed is None:
        raise DomainError(
            _("Chỉ nhận tệp PDF, PNG, JPEG, DOCX hoặc XLSX (kiểm tra theo nội dung tệp)."),
            code="unsupported_file_type",
            status=415,
        )
    content_type, extension = sniffed
    digest = hashlib.sha256(content).hexdigest()
    attachment = Attachment(
        minutes=minutes,
        original_name=name[:255] or f"file{extension}",
        content_type=content_type,
        size=len(content),
        sha256=digest,
        uploaded_by=acting_user,
    )
    # The stored name is ours (digest + sniffed extension): never the uploader's path or extension.
    attachment.file.save(f"{digest[:32]}{extension}", ContentFile(content), save=False)
    try:
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)
        raise
    return attachment


# --- Support channel ----------------------------------------------------------------------------
def _unit_for_field(field: str) -> Agency | None:
    name_en = rules.FIELD_UNIT.get(field)
    return Agency.objects.filter(kind=AgencyKind.MINISTRY_UNIT, name_en=name_en).first() if name_en else None


@transaction.atomic
def support_thread_open(
    *, acting_user: User, field: str, subject: str, body: str, procedure_code: str = "", unit_id: int | None = None
) -> SupportThread:
    """A locality asks the Ministry: addressed to the unit in charge of the field (or the one chosen)."""
    if not access.can_ask(acting_user):
        raise DomainError(_("Chỉ cán bộ của địa phương mới gửi được câu hỏi."), code="forbidden", status=403)
    errors = []
    if field not in Field.values:
        errors.append({"field": "field", "message": _("Lĩnh vực không hợp lệ.")})
    if not subject.strip():
        errors.append({"field": "subject", "message": _("Bắt buộc.")})
    if not body.strip():
        errors.append({"field": "body", "message": _("Bắt buộc.")})
    unit = (
        Agency.objects.filter(pk=unit_id, kind=AgencyKind.MINISTRY_UNIT).first() if unit_id else _unit_for_field(field)
    )
    if unit is None:
        errors.append({"field": "unit_id", "message": _("Đơn vị thuộc Bộ không hợp lệ.")})
    if errors:
        raise DomainError(_("Câu hỏi chưa hợp lệ."), code="invalid_question", errors=errors)
    assert unit is not None
    membership = next(
        m for m in acting_user.memberships.filter(active=True).select_related("agency") if m.agency.province_id
    )
    now = timezone.now()
    from motcua.workdays.selectors import calendar_for

    first_due, answer_due = rules.support_targets(now, calendar_for(agency=unit))
    thread = SupportThread.objects.create(
        province_id=membership.agency.province_id or 0,
        asking_agency=membership.agency,
        asked_by=acting_user,
        unit=unit,
        field=field,
        procedure_code=procedure_code.strip(),
        subject=subject.strip(),
        opened_at=now,
        first_response_due_at=first_due,
        answer_due_at=answer_due,
    )
    SupportMessage.objects.create(thread=thread, author=acting_user, body=body.strip(), created_at=now)
    return thread


def _thread_locked(acting_user: User, thread_id: int) -> SupportThread:
    query = access.scoped(SupportThread.objects.all(), access.threads_q(acting_user))
    if not query.filter(pk=thread_id).exists():
        raise NotFound(_("Không tìm thấy câu hỏi."))
    return SupportThread.objects.select_for_update(no_key=True).get(pk=thread_id)


@transaction.atomic
def support_thread_reply(
    *, acting_user: User, thread_id: int, body: str, internal: bool = False, answers: bool = False
) -> SupportMessage:
    """A message in the thread. From the ministry side the first one meets the first-response
    target; `answers` marks the question answered."""
    thread = _thread_locked(acting_user, thread_id)
    if thread.status == ThreadStatus.CLOSED:
        raise DomainError(_("Câu hỏi đã đóng."), code="thread_closed", status=409)
    if not body.strip():
        raise DomainError(_("Cần nhập nội dung."), code="body_required")
    ministry = access.can_answer_thread(acting_user, thread)
    if (internal or answers) and not ministry:
        raise DomainError(_("Chỉ đơn vị được hỏi mới trả lời hoặc ghi chú nội bộ."), code="forbidden", status=403)
    now = timezone.now()
    message = SupportMessage.objects.create(
        thread=thread, author=acting_user, body=body.strip(), internal=internal, from_ministry=ministry, created_at=now
    )
    changed = []
    if ministry and not internal and thread.first_response_at is None:
        thread.first_response_at = now
        changed.append("first_response_at")
    if answers:
        thread.status = ThreadStatus.ANSWERED
        thread.answered_at = now
        changed += ["status", "answered_at"]
    elif not ministry and thread.status == ThreadStatus.ANSWERED:
        thread.status = ThreadStatus.ASSIGNED if thread.assignee_id else ThreadStatus.OPEN  # a follow-up question
        thread.answered_at = None
        changed += ["status", "answered_at"]
    if changed:
        thread.save(update_fields=[*changed, "province_code"])
    return message


@transaction.atomic
def support_thread_assign(*, acting_user: User, thread_id: int, assignee_id: int) -> SupportThread:
    thread = _thread_locked(acting_user, thread_id)
    if not access.can_answer_thread(acting_user, thread):
        raise DomainError(_("Chỉ đơn vị được hỏi mới phân công được."), code="forbidden", status=403)
    assignee = User.objects.filter(
        pk=assignee_id, memberships__agency_id=thread.unit_id, memberships__active=True
    ).first()
    if assignee is None:
        raise DomainError(_("Người được phân công phải là cán bộ của đơn vị được hỏi."), code="invalid_assignee")
    thread.assignee = assignee
    if thread.status == ThreadStatus.OPEN:
        thread.status = ThreadStatus.ASSIGNED
    thread.save(update_fields=["assignee", "status", "province_code"])
    return thread


@transaction.atomic
def support_thread_publish(*, acting_user: User, thread_id: int, question: str, answer: str) -> SupportThread:
    """Publish an answered question (edited to remove personal details) in the knowledge base."""
    thread = _thread_locked(acting_user, thread_id)
    if not access.can_answer_thread(acting_user, thread):
        raise DomainError(_("Chỉ đơn vị được hỏi mới công bố được."), code="forbidden", status=403)
    if thread.status not in (ThreadStatus.ANSWERED, ThreadStatus.CLOSED):
        raise DomainError(_("Chỉ công bố câu hỏi đã được trả lời."), code="not_answered", status=409)
    if not question.strip() or not answer.strip():
        raise DomainError(_("Cần nhập câu hỏi và câu trả lời để công bố."), code="kb_required")
    thread.kb_question = question.strip()
    thread.kb_answer = answer.strip()
    thread.kb_search = fold(" ".join([thread.subject, thread.kb_question, thread.kb_answer, thread.procedure_code]))
    thread.published_at = thread.published_at or timezone.now()
    thread.save(update_fields=["kb_question", "kb_answer", "kb_search", "published_at", "province_code"])
    return thread


@transaction.atomic
def support_thread_close(*, acting_user: User, thread_id: int) -> SupportThread:
    thread = _thread_locked(acting_user, thread_id)
    thread.status = ThreadStatus.CLOSED
    thread.save(update_fields=["status", "province_code"])
    return thread


@transaction.atomic
def contact_point_save(
    *,
    acting_user: User,
    unit_id: int,
    field: str,
    name: str,
    procedure_code: str = "",
    title: str = "",
    phone: str = "",
    email: str = "",
    hours: str = "",
    active: bool = True,
) -> ContactPoint:
    """Add or update a ministry contact point for a field (and procedure)."""
    if not (access.can_manage(acting_user) or unit_id in access.unit_ids(acting_user)):
        raise DomainError(_("Chỉ đơn vị thuộc Bộ mới cập nhật được danh bạ đầu mối."), code="forbidden", status=403)
    unit = Agency.objects.filter(pk=unit_id, kind=AgencyKind.MINISTRY_UNIT).first()
    errors = []
    if unit is None:
        errors.append({"field": "unit_id", "message": _("Đơn vị thuộc Bộ không hợp lệ.")})
    if field not in Field.values:
        errors.append({"field": "field", "message": _("Lĩnh vực không hợp lệ.")})
    if not name.strip():
        errors.append({"field": "name", "message": _("Bắt buộc.")})
    if errors:
        raise DomainError(_("Đầu mối chưa hợp lệ."), code="invalid_contact", errors=errors)
    contact, _created = ContactPoint.objects.update_or_create(
        unit=unit,
        field=field,
        procedure_code=procedure_code.strip(),
        name=name.strip(),
        defaults={
            "title": title.strip(),
            "phone": phone.strip(),
            "email": email.strip(),
            "hours": hours.strip(),
            "active": active,
        },
    )
    return contact
