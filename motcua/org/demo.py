"""Demo accounts (`motcua setup --demo`): the personas of the README, one shared password."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from motcua.core.setup import StepResult
from motcua.org.choices import AccountKind, AgencyKind, Role
from motcua.org.models import Agency, Membership, User

THANH_HOA, HA_TINH = "38", "42"
# Three neighbouring wards of Thanh Hóa whose People's Committees each have a specialist and a
# leader, so a commune procedure not bound to the applicant's commune can be balanced among them.
BALANCING_WARDS = {"hacthanh": "Phường Hạc Thành", "hamrong": "Phường Hàm Rồng", "quangphu": "Phường Quảng Phú"}

# username, full name, role, (agency kind, province code, commune name or None), title
DEMO_STAFF: list[tuple[str, str, str, tuple[str, str | None, str | None], str]] = [
    (
        "counter.thanhhoa",
        "Lê Thị Thu",
        Role.COUNTER_OFFICER,
        (AgencyKind.PROVINCE_CENTRE, THANH_HOA, None),
        "Chuyên viên",
    ),
    (
        "counter.hacthanh",
        "Nguyễn Văn An",
        Role.COUNTER_OFFICER,
        (AgencyKind.COMMUNE_CENTRE, THANH_HOA, "Phường Hạc Thành"),
        "Công chức",
    ),
    (
        "specialist.hacthanh",
        "Lê Văn Cường",
        Role.SPECIALIST,
        (AgencyKind.COMMUNE_PC, THANH_HOA, BALANCING_WARDS["hacthanh"]),
        "Chuyên viên Phòng Kinh tế",
    ),
    (
        "leader.hacthanh",
        "Trịnh Thị Hoa",
        Role.LEADER,
        (AgencyKind.COMMUNE_PC, THANH_HOA, BALANCING_WARDS["hacthanh"]),
        "Phó Chủ tịch Ủy ban nhân dân phường",
    ),
    (
        "specialist.hamrong",
        "Đỗ Minh Khoa",
        Role.SPECIALIST,
        (AgencyKind.COMMUNE_PC, THANH_HOA, BALANCING_WARDS["hamrong"]),
        "Chuyên viên Phòng Kinh tế",
    ),
    (
        "leader.hamrong",
        "Lê Thị Ngọc",
        Role.LEADER,
        (AgencyKind.COMMUNE_PC, THANH_HOA, BALANCING_WARDS["hamrong"]),
        "Phó Chủ tịch Ủy ban nhân dân phường",
    ),
    (
        "specialist.quangphu",
        "Mai Văn Đức",
        Role.SPECIALIST,
        (AgencyKind.COMMUNE_PC, THANH_HOA, BALANCING_WARDS["quangphu"]),
        "Chuyên viên Phòng Kinh tế",
    ),
    (
        "leader.quangphu",
        "Hoàng Thị Yến",
        Role.LEADER,
        (AgencyKind.COMMUNE_PC, THANH_HOA, BALANCING_WARDS["quangphu"]),
        "Phó Chủ tịch Ủy ban nhân dân phường",
    ),
    (
        "specialist.khcn.thanhhoa",
        "Trần Minh Hòa",
        Role.SPECIALIST,
        (AgencyKind.DEPARTMENT_ST, THANH_HOA, None),
        "Chuyên viên",
    ),
    (
        "leader.khcn.thanhhoa",
        "Phạm Quốc Hưng",
        Role.LEADER,
        (AgencyKind.DEPARTMENT_ST, THANH_HOA, None),
        "Phó Giám đốc Sở",
    ),
    (
        "admin.thanhhoa",
        "Hoàng Thị Mai",
        Role.PROVINCE_ADMIN,
        (AgencyKind.PROVINCE_PC, THANH_HOA, None),
        "Quản trị hệ thống một cửa tỉnh",
    ),
    (
        "counter.hatinh",
        "Đặng Văn Bình",
        Role.COUNTER_OFFICER,
        (AgencyKind.PROVINCE_CENTRE, HA_TINH, None),
        "Chuyên viên",
    ),
    (
        "supervisor.bokhcn",
        "Vũ Thanh Tùng",
        Role.MINISTRY_SUPERVISOR,
        (AgencyKind.MINISTRY_UNIT, None, "Vụ Pháp chế"),
        "Chuyên viên chính",
    ),
    (
        "inspector.bokhcn",
        "Bùi Thị Lan",
        Role.INSPECTOR,
        (AgencyKind.MINISTRY_UNIT, None, "Thanh tra Bộ"),
        "Thanh tra viên",
    ),
]
DEMO_CITIZEN = ("citizen.demo", "Ngô Thị Hạnh", "038190001234", "0912345678")


def demo_agency(kind: str, province_code: str | None, name: str | None) -> Agency:
    query = Agency.objects.filter(kind=kind)
    if kind == AgencyKind.MINISTRY_UNIT:
        return query.get(name=name)
    query = query.filter(province__code=province_code)
    if name:
        query = query.filter(commune__name=name)
    return query.get()


@transaction.atomic
def load_demo_accounts(*, progress: bool = False) -> StepResult:
    result = StepResult("org: demo accounts")
    password = settings.MOTCUA_DEMO_PASSWORD
    for username, full_name, role, place, title in DEMO_STAFF:
        user, created = User.objects.get_or_create(
            username=username, defaults={"full_name": full_name, "kind": AccountKind.STAFF}
        )
        if created:
            user.set_password(password)
            user.save(update_fields=["password"])
        _, made = Membership.objects.get_or_create(
            user=user, agency=demo_agency(*place), role=role, defaults={"title": title}
        )
        if created or made:
            result.created += 1
        else:
            result.unchanged += 1
    username, full_name, id_number, phone = DEMO_CITIZEN
    citizen, created = User.objects.get_or_create(
        username=username,
        defaults={"full_name": full_name, "kind": AccountKind.CITIZEN, "id_number": id_number, "phone": phone},
    )
    if created:
        citizen.set_password(password)
        citizen.save(update_fields=["password"])
        result.created += 1
    else:
        result.unchanged += 1
    return result
