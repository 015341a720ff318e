"""Demo dossiers (`motcua setup --demo`): realistic dossiers in the six provinces the 2025
working groups visited, in every status, made through the same actions users take (so the
events, counters and clocks agree). Idempotent: a dossier whose demo key exists is skipped.
"""

from __future__ import annotations

import base64
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from motcua.catalog.models import ProcedureVersion
from motcua.core.setup import StepResult
from motcua.dossiers.actions import SubmitInput, dossier_act, dossier_submit
from motcua.dossiers.choices import Channel, Status
from motcua.dossiers.models import Dossier
from motcua.geo.models import Commune
from motcua.org.choices import AccountKind, AgencyKind, Role
from motcua.org.models import Agency, Membership, User

# The six provinces of the documented visits (oversight-campaign-2025.json).
PROVINCES = {"33": "hungyen", "38": "thanhhoa", "82": "dongthap", "25": "phutho", "42": "hatinh", "46": "hue"}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"]
MIDDLE = ["Văn", "Thị", "Minh", "Thanh", "Quốc", "Ngọc", "Đức", "Thu"]
GIVEN = [
    "An",
    "Bình",
    "Chi",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Hùng",
    "Lan",
    "Linh",
    "Mai",
    "Nam",
    "Phúc",
    "Quang",
    "Sơn",
    "Trang",
]

# The statuses each province's demo shows, in this order (every status appears everywhere).
SCRIPT: list[int] = [1, 1, 2, 3, 4, 4, 4, 5, 6, 7, 8, 9, 10, 10, 10, 4]


@dataclass
class Cast:
    counter: User
    commune_counter: User
    specialist: User
    leader: User
    commune_specialist: User
    commune_leader: User
    citizens: list[User]


def _staff(username: str, full_name: str, agency: Agency, role: str, result: StepResult) -> User:
    user, created = User.objects.get_or_create(
        username=username, defaults={"full_name": full_name, "kind": AccountKind.STAFF}
    )
    if created:
        user.set_password(settings.MOTCUA_DEMO_PASSWORD)
        user.save(update_fields=["password"])
        result.created += 1
    Membership.objects.get_or_create(user=user, agency=agency, role=role)
    return user


def _cast(code: str, slug: str, rng: random.Random, result: StepResult) -> Cast:
    centre = Agency.objects.get(kind=AgencyKind.PROVINCE_CENTRE, province__code=code)
    dept = Agency.objects.get(kind=AgencyKind.DEPARTMENT_ST, province__code=code)
    commune = (
        Commune.objects.get(province__code=code, name="Phường Hạc Thành")
        if code == "38"
        else Commune.objects.filter(province__code=code, division_type="phuong").order_by("code").first()
    )
    assert commune is not None
    commune_centre = Agency.objects.get(kind=AgencyKind.COMMUNE_CENTRE, commune=commune)
    commune_pc = Agency.objects.get(kind=AgencyKind.COMMUNE_PC, commune=commune)
    names = iter(f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}" for _ in range(100))
    cast = Cast(
        counter=_staff(f"counter.{slug}", next(names), centre, Role.COUNTER_OFFICER, result),
        commune_counter=_staff(
            "counter.hacthanh" if code == "38" else f"counter.{slug}.xa",
            next(names),
            commune_centre,
            Role.COUNTER_OFFICER,
            result,
        ),
        specialist=_staff(f"specialist.khcn.{slug}", next(names), dept, Role.SPECIALIST, result),
        leader=_staff(f"leader.khcn.{slug}", next(names), dept, Role.LEADER, result),
        # Thanh Hóa's Hạc Thành officers are the org demo's (specialist.hacthanh, leader.hacthanh).
        commune_specialist=_staff(
            "specialist.hacthanh" if code == "38" else f"specialist.{slug}.xa",
            next(names),
            commune_pc,
            Role.SPECIALIST,
            result,
        ),
        commune_leader=_staff(
            "leader.hacthanh" if code == "38" else f"leader.{slug}.xa", next(names), commune_pc, Role.LEADER, result
        ),
        citizens=[],
    )
    for index in range(4):
        username = "citizen.demo" if code == "38" and index == 0 else f"citizen.{slug}.{index + 1}"
        citizen, created = User.objects.get_or_create(
            username=username,
            defaults={
                "full_name": next(names),
                "kind": AccountKind.CITIZEN,
                "id_number": f"0{code}{rng.choice('0123')}{rng.randint(60, 99)}{rng.randint(0, 999999):06d}",
                "phone": f"09{rng.randint(10000000, 99999999)}",
            },
        )
        if created:
            citizen.set_password(settings.MOTCUA_DEMO_PASSWORD)
            citizen.save(update_fields=["password"])
            result.created += 1
        cast.citizens.append(citizen)
    return cast


def _procedures() -> tuple[list[ProcedureVersion], list[ProcedureVersion]]:
    published = (
        ProcedureVersion.objects.filter(status="published").select_related("procedure").order_by("procedure__code")
    )
    provincial = [
        v
        for v in published
        if v.level_province
        and v.competent_body_kind == AgencyKind.DEPARTMENT_ST
        and v.boundary_free
        and v.online_level != "none"
    ]
    communal = [v for v in published if v.level_commune and v.competent_body_kind == AgencyKind.COMMUNE_PC]
    return provincial, communal


def _documents(version: ProcedureVersion) -> list[dict[str, Any]]:
    docs = []
    for required in version.documents.all():
        if required.requirement != "required":
            continue
        if required.edata_type:
            docs.append({"required_document": required.pk, "edata_ref": f"{required.edata_type}:DEMO", "copy_kind": 2})
        else:
            docs.append(
                {
                    "required_document": required.pk,
                    "file_name": "ho-so.pdf",
                    "copy_kind": 2,
                    "digitised": True,
                    "content_base64": base64.b64encode(PDF).decode(),
                }
            )
    return docs


def _walk(dossier: Dossier, target: int, cast: Cast, local: bool, clock: Callable[[float], datetime]) -> None:
    """Take the dossier from status 1 to `target` through the actions, at plausible times."""
    counter = cast.commune_counter if local else cast.counter
    specialist = cast.commune_specialist if local else cast.specialist
    leader = cast.commune_leader if local else cast.leader

    def act(user: Any, action: str, hours: float, **params: Any) -> None:
        dossier_act(acting_user=user, dossier_id=dossier.pk, action=action, params=params, at=clock(hours))

    if target == Status.SUBMITTED:
        return
    if target == Status.REFUSED:
        act(counter, "refuse", 2, reason="Hồ sơ không thuộc thẩm quyền giải quyết của cơ quan")
        return
    if local:
        # Keep commune dossiers at the applicant's commune (an officer's override, with its reason).
        act(
            counter,
            "accept",
            2,
            note="Hồ sơ đầy đủ, hợp lệ",
            processing_agency=dossier.processing_agency_id,
            reason="Giải quyết tại xã nơi cơ sở hoạt động",
        )
    else:
        act(counter, "accept", 2, note="Hồ sơ đầy đủ, hợp lệ")
    if target == Status.ACCEPTED:
        return
    owner = dossier.owner or cast.citizens[0]
    act(specialist, "claim", 4)
    if target == Status.SUPPLEMENT:
        act(specialist, "request-supplement", 8, reason="Đề nghị bổ sung bản sao giấy tờ chứng minh điều kiện")
        return
    if target == Status.WITHDRAWN:
        act(owner if dossier.owner else counter, "withdraw", 10, reason="Người nộp đề nghị rút hồ sơ để hoàn thiện lại")
        return
    if target == Status.STOPPED:
        act(leader, "stop", 12, reason="Cơ sở đã ngừng hoạt động theo thông báo của địa phương")
        return
    if target == Status.PAYMENT:
        act(specialist, "request-payment", 10, note="Đề nghị nộp lệ phí")
        return
    if target == Status.IN_PROGRESS:
        return
    # Through the remaining specialist steps to the leader, then the decision.
    for hour in range(12, 60, 6):
        fresh = Dossier.objects.get(pk=dossier.pk)
        from motcua.dossiers.access import step_of

        step = step_of(fresh)
        if step is None or step.role == Role.LEADER:
            break
        if fresh.assignee_id is None:
            act(specialist, "claim", hour)
        act(specialist, "pass", hour + 2, note="Đủ điều kiện, trình lãnh đạo")
    act(leader, "claim", 62)
    act(leader, "approve", 64, note="Đồng ý")
    if target == Status.PROCESSED:
        return
    act(counter, "return-result", 70)
    if dossier.owner:  # only the applicant rates the service
        act(owner, "rate", 71, score=5 if dossier.pk % 3 else 4, note="Cán bộ hướng dẫn tận tình")


@transaction.atomic
def load_demo_dossiers(*, progress: bool = False) -> StepResult:
    result = StepResult("dossiers: demo dossiers")
    provincial, communal = _procedures()
    if not provincial:
        return result
    now = timezone.now()
    for code, slug in PROVINCES.items():
        rng = random.Random(f"motcua-demo-{code}")
        cast = _cast(code, slug, rng, result)
        for index, target in enumerate(SCRIPT):
            key = f"demo-{code}-{index:02d}"
            if Dossier.objects.filter(idempotency_key=key).exists():
                result.unchanged += 1
                continue
            local = bool(communal) and index % 4 == 3 and target != Status.PAYMENT
            pool = communal if local else provincial
            if target == Status.PAYMENT:
                pool = [v for v in provincial if v.fees.exists()] or provincial
            version = rng.choice(pool)
            online = not local and index % 2 == 0 and version.online_level != "none"
            citizen = cast.citizens[index % len(cast.citizens)]
            commune = cast.commune_counter.memberships.get().agency.commune
            assert commune is not None
            # Started 3 to 32 days ago: the older in-progress ones are overdue, as in real life.
            start = now - timedelta(days=3 + (index * 5) % 30, hours=rng.randint(0, 6))

            def clock(hours: float, start: datetime = start) -> datetime:
                return min(start + timedelta(hours=hours), now - timedelta(minutes=5))

            data = SubmitInput(
                procedure=version.procedure.code,
                channel=Channel.ONLINE if online else Channel.COUNTER,
                applicant={
                    "kind": "person",
                    "full_name": citizen.full_name,
                    "id_number": citizen.id_number,
                    "phone": citizen.phone,
                    "address": {"province": code, "commune": commune.code, "detail": f"Số {rng.randint(1, 200)}"},
                },
                documents=_documents(version),
                summary=version.name,
            )
            submitter = citizen if online else (cast.commune_counter if local else cast.counter)
            done = dossier_submit(acting_user=submitter, data=data, idempotency_key=key, at=clock(0))
            _walk(done.dossier, target, cast, local, clock)
            result.created += 1
        if code == "38":
            _balancing_showcase(cast, now, result)
    return result


BALANCED_PROCEDURE = "1.900028"  # commune-level, boundary-free, not bound to the applicant's commune
BALANCING_LOAD = 8


def _balancing_showcase(cast: Cast, now: datetime, result: StepResult) -> None:
    """Load Hạc Thành's People's Committee with open dossiers its officer chose to keep there,
    then accept one more at its counter with no override: `balance` moves it to an idle
    neighbouring ward (Hàm Rồng or Quảng Phú, staffed by the org demo) and the dossier's
    `routing_note` and its acceptance event ("balanced") say why."""
    version = ProcedureVersion.objects.filter(procedure__code=BALANCED_PROCEDURE, status="published").first()
    if version is None or version.bound_to_applicant_commune or not version.boundary_free:
        return
    commune = cast.commune_counter.memberships.get().agency.commune
    assert commune is not None
    home = Agency.objects.get(kind=AgencyKind.COMMUNE_PC, commune=commune)
    rng = random.Random("motcua-demo-38-balancing")
    for index in range(BALANCING_LOAD + 1):
        key = f"demo-38-balance-{index:02d}"
        if Dossier.objects.filter(idempotency_key=key).exists():
            result.unchanged += 1
            continue
        citizen = cast.citizens[index % len(cast.citizens)]
        start = now - timedelta(days=1, hours=BALANCING_LOAD + 1 - index)

        def at(hours: float, start: datetime = start) -> datetime:
            return min(start + timedelta(hours=hours), now - timedelta(minutes=5))

        data = SubmitInput(
            procedure=BALANCED_PROCEDURE,
            channel=Channel.COUNTER,
            applicant={
                "kind": "person",
                "full_name": citizen.full_name,
                "id_number": citizen.id_number,
                "phone": citizen.phone,
                "address": {
                    "province": "38",
                    "commune": commune.code,
                    "detail": f"Kiốt {rng.randint(1, 120)}, chợ Vườn Hoa",
                },
            },
            documents=_documents(version),
            summary=version.name,
        )
        dossier = dossier_submit(acting_user=cast.commune_counter, data=data, idempotency_key=key, at=at(0)).dossier
        if index < BALANCING_LOAD:
            # The load: kept at home by the officer's choice (with its reason), then taken up.
            dossier_act(
                acting_user=cast.commune_counter,
                dossier_id=dossier.pk,
                action="accept",
                params={
                    "note": "Hồ sơ đầy đủ, hợp lệ",
                    "processing_agency": home.pk,
                    "reason": "Cơ sở kinh doanh tại chợ trên địa bàn phường",
                },
                at=at(0.5),
            )
            dossier_act(acting_user=cast.commune_specialist, dossier_id=dossier.pk, action="claim", params={}, at=at(1))
        else:
            # The one the rule balances: no override, so `balance` picks the least-loaded ward.
            dossier_act(
                acting_user=cast.commune_counter,
                dossier_id=dossier.pk,
                action="accept",
                params={"note": "Hồ sơ đầy đủ, hợp lệ"},
                at=at(0.5),
            )
        result.created += 1
