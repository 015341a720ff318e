"""Pure rules of the oversight app (no database): the recommendation lifecycle, how published
figure keys are typed, how addressees and ministry units are recognised in the campaign data,
attachment sniffing, support-channel targets and reminder windows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from motcua.core.errors import DomainError
from motcua.core.text import fold
from motcua.oversight.choices import AddresseeKind, FigureKind, ReminderKind, Unit
from motcua.oversight.choices import RecommendationStatus as S

if TYPE_CHECKING:
    from motcua.workdays.calendars import WorkCalendar

# --- Recommendation lifecycle -------------------------------------------------------------
# recorded → answered_on_site | escalated → assigned (unit + due date) → in_progress
# (progress %, dated timeline) → resolved (act or change linked) | declined (reasons).
# Re-assigning (another unit or due date) is allowed while the recommendation is followed.
TRANSITIONS: dict[str, set[str]] = {
    S.RECORDED: {S.ANSWERED_ON_SITE, S.ESCALATED},
    S.ESCALATED: {S.ASSIGNED, S.DECLINED},
    S.ASSIGNED: {S.ASSIGNED, S.IN_PROGRESS, S.RESOLVED, S.DECLINED},
    S.IN_PROGRESS: {S.ASSIGNED, S.IN_PROGRESS, S.RESOLVED, S.DECLINED},
    S.ANSWERED_ON_SITE: set(),
    S.RESOLVED: set(),
    S.DECLINED: set(),
}


def ensure_transition(current: str, target: str) -> None:
    """Refuse an illegal change with a translated message naming both statuses."""
    if target not in TRANSITIONS.get(current, set()):
        raise DomainError(
            _("Không thể chuyển kiến nghị từ trạng thái “%(from)s” sang “%(to)s”.")
            % {"from": S(current).label, "to": S(target).label},
            code="illegal_transition",
            status=409,
        )


def allowed_targets(current: str) -> set[str]:
    return set(TRANSITIONS.get(current, set()))


def rollup_progress(members: list[tuple[str, int]]) -> int | None:
    """Progress of linked recommendations followed as one: resolved and answered count as
    100 %, declined ones leave the average, the others count their own progress."""
    values = []
    for status, progress in members:
        if status == S.DECLINED:
            continue
        values.append(100 if status in (S.RESOLVED, S.ANSWERED_ON_SITE) else progress)
    if not values:
        return None
    return round(sum(values) / len(values))


# --- Reminders ----------------------------------------------------------------------------
DUE_SOON_DAYS = 7


def reminder_kind(*, due_on: date, today: date, due_soon_days: int = DUE_SOON_DAYS) -> ReminderKind | None:
    """Due within `due_soon_days` (today included) → due soon; past the due date → overdue."""
    if due_on < today:
        return ReminderKind.OVERDUE
    if (due_on - today).days <= due_soon_days:
        return ReminderKind.DUE_SOON
    return None


# --- Figures -----------------------------------------------------------------------------
def classify_figure(key: str) -> tuple[str, str, bool]:
    """(kind, unit, at_least) of a published figure key such as `commune_centers_on_time_percent`."""
    at_least = key.endswith("_over")
    base = key.removesuffix("_over")
    words = set(base.split("_"))
    percent = "percent" in words
    if "satisfaction" in words:
        kind = FigureKind.SATISFACTION
    elif "on" in words and "time" in words:
        kind = FigureKind.ON_TIME
    elif "coverage" in words or "fiber" in words:
        kind = FigureKind.COVERAGE
    elif "online" in words and "procedures" not in words:
        kind = FigureKind.ONLINE
    elif "procedures" in words:
        kind = FigureKind.PROCEDURES
    elif "received" in words:
        kind = FigureKind.RECEIVED
    elif "processed" in words:
        kind = FigureKind.PROCESSED
    elif "members" in words:
        kind = FigureKind.MEMBERS
    elif "teams" in words or "team" in words:
        kind = FigureKind.TEAMS
    elif "staff" in words:
        kind = FigureKind.STAFF
    elif words & {"communes", "wards", "rural", "centers"}:
        kind = FigureKind.UNITS
    else:
        kind = FigureKind.OTHER
    if percent:
        unit = Unit.PERCENT
    elif kind in (FigureKind.RECEIVED, FigureKind.PROCESSED, FigureKind.ONLINE):
        unit = Unit.RECORDS
    elif kind in (FigureKind.MEMBERS, FigureKind.STAFF):
        unit = Unit.PEOPLE
    elif kind == FigureKind.TEAMS:
        unit = Unit.TEAMS
    elif kind == FigureKind.PROCEDURES:
        unit = Unit.PROCEDURES
    else:
        unit = Unit.UNITS
    return str(kind), str(unit), at_least


# --- Names in the campaign data ------------------------------------------------------------
_STOP = {
    "department",
    "of",
    "the",
    "and",
    "for",
    "national",
    "agency",
    "office",
    "ministry",
    "most",
    "director",
    "deputy",
    "s",
    "t",
    "vu",
    "cuc",
    "bo",
}

GOVERNMENT_NAMES = {"government", "chinh phu", "the government"}
MOST_NAMES = {"most", "ministry of science and technology", "bo khoa hoc va cong nghe", "bo khcn"}
MOST_UNITS_GENERIC = {"most units", "units of most", "cac don vi thuoc bo"}
# Other ministries the data names: (Vietnamese name, English name).
KNOWN_MINISTRIES: dict[str, tuple[str, str]] = {
    "ministry of home affairs": ("Bộ Nội vụ", "Ministry of Home Affairs"),
    "ministry of public security": ("Bộ Công an", "Ministry of Public Security"),
    "ministry of justice": ("Bộ Tư pháp", "Ministry of Justice"),
    "ministry of finance": ("Bộ Tài chính", "Ministry of Finance"),
}


def significant_words(name: str) -> set[str]:
    return {w for w in fold(name).split() if w not in _STOP}


def best_unit_match(text: str, units: list[tuple[int, str]]) -> int | None:
    """The id of the unit (id, English or Vietnamese name) whose every significant word appears
    in `text`; the one with most such words wins, a tie answers None (ambiguous)."""
    words = set(fold(text).split())
    best: list[tuple[int, int]] = []
    for unit_id, name in units:
        needed = significant_words(name)
        if needed and needed <= words:
            best.append((len(needed), unit_id))
    if not best:
        return None
    best.sort(reverse=True)
    if len(best) > 1 and best[0][0] == best[1][0] and best[0][1] != best[1][1]:
        return None
    return best[0][1]


@dataclass(frozen=True)
class Addressee:
    kind: str
    name: str = ""
    unit_id: int | None = None
    most: bool = False  # the Ministry of Science and Technology itself


def parse_addressee(text: str, units: list[tuple[int, str]]) -> Addressee:
    key = fold(text)
    if key in GOVERNMENT_NAMES:
        return Addressee(AddresseeKind.GOVERNMENT)
    if key in MOST_NAMES:
        return Addressee(AddresseeKind.MINISTRY, most=True)
    if key in MOST_UNITS_GENERIC:
        return Addressee(AddresseeKind.MOST_UNIT)
    if key in KNOWN_MINISTRIES:
        return Addressee(AddresseeKind.MINISTRY, name=KNOWN_MINISTRIES[key][0])
    unit_id = best_unit_match(text, units)
    if unit_id is not None:
        return Addressee(AddresseeKind.MOST_UNIT, unit_id=unit_id)
    if key.startswith(("ministry", "bo ")):
        return Addressee(AddresseeKind.MINISTRY, name=text.strip())
    if key.startswith(("people s committee", "uy ban nhan dan", "ubnd", "department of s")):
        return Addressee(AddresseeKind.LOCALITY, name=text.strip())
    raise DomainError(_("Không nhận ra cơ quan nhận kiến nghị “%(name)s”.") % {"name": text}, code="unknown_addressee")


# --- Attachments ---------------------------------------------------------------------------
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
_ZIP_KINDS = {
    b"word/": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    b"xl/": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
}


def sniff_content_type(head: bytes, names_in_zip: list[str] | None = None) -> tuple[str, str] | None:
    """(content type, extension) judged from the first bytes (and zip members for Office
    files), never from the name or the browser's claim; None = not an accepted kind."""
    if head.startswith(b"%PDF-"):
        return "application/pdf", ".pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png", ".png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg", ".jpg"
    if head.startswith(b"PK\x03\x04") and names_in_zip is not None:
        for prefix, kind in _ZIP_KINDS.items():
            if any(n.encode().startswith(prefix) for n in names_in_zip):
                return kind
    return None


# --- Support channel -------------------------------------------------------------------------
# Targets in working time on the answering unit's calendar (days off, office hours), counted
# as every deadline in motcua is (decision 0010): a question sent on Friday evening is not
# "late" on Monday morning.
FIRST_RESPONSE_WORKING_HOURS = 8
ANSWER_WORKING_DAYS = 3


def support_targets(opened_at: datetime, calendar: WorkCalendar) -> tuple[datetime, datetime]:
    """The first-response and answer due times of a question opened at `opened_at`."""
    from motcua.workdays import rules as wd

    return (
        wd.add_working_hours(calendar, opened_at, FIRST_RESPONSE_WORKING_HOURS),
        wd.add_working_days(calendar, opened_at, ANSWER_WORKING_DAYS),
    )


# Which ministry unit answers a field by default (English names of org.loaders.MINISTRY_UNITS).
FIELD_UNIT: dict[str, str] = {
    "quality_measurement_standards": "Directorate for Standards, Metrology and Quality",
    "intellectual_property": "National Office of Intellectual Property",
    "radiation_nuclear_safety": "Agency for Radiation and Nuclear Safety",
    "radio_frequencies": "Radio Frequency Department",
    "science_technology": "Department of Social, Human and Natural Sciences",
    "telecommunications": "Telecommunications Department",
    "postal_services": "Department of Posts",
    "information_technology": "Department of Information Technology Industry",
    "electronic_transactions": "National Digital Transformation Agency",
    "digital_transformation": "National Digital Transformation Agency",
}
