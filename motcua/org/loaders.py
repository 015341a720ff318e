"""Reference agencies: the ministry and its units, and per province and commune the bodies
that receive and settle procedures (about 6,800 in all). Idempotent."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from motcua.core.setup import StepResult, progress_iter
from motcua.geo.models import Commune, Province
from motcua.org import identifiers
from motcua.org.choices import AgencyKind, Level
from motcua.org.models import Agency

MINISTRY = ("Bộ Khoa học và Công nghệ", "Ministry of Science and Technology", "Bộ KH&CN")

# (unit number in the identifier, Vietnamese name, English name, short name)
MINISTRY_UNITS: list[tuple[int, str, str, str]] = [
    (1, "Văn phòng Bộ", "Ministry Office", "VP"),
    (2, "Vụ Pháp chế", "Department of Legal Affairs", "VPC"),
    (3, "Thanh tra Bộ", "Ministry Inspectorate", "TTra"),
    (4, "Cục Viễn thông", "Telecommunications Department", "CVT"),
    (5, "Cục Tần số vô tuyến điện", "Radio Frequency Department", "CTS"),
    (6, "Cục Sở hữu trí tuệ", "National Office of Intellectual Property", "CSHTT"),
    (7, "Cục An toàn bức xạ và hạt nhân", "Agency for Radiation and Nuclear Safety", "CATBXHN"),
    (8, "Ủy ban Tiêu chuẩn Đo lường Chất lượng quốc gia", "Directorate for Standards, Metrology and Quality", "TĐC"),
    (9, "Vụ Bưu chính", "Department of Posts", "VBC"),
    (10, "Cục Công nghiệp công nghệ thông tin", "Department of Information Technology Industry", "CCNCNTT"),
    (11, "Cục Chuyển đổi số quốc gia", "National Digital Transformation Agency", "CĐS"),
    (12, "Vụ Khoa học xã hội, nhân văn và tự nhiên", "Department of Social, Human and Natural Sciences", "VKHXH"),
]


def _province_label(province: Province) -> tuple[str, str]:
    """("Thanh Hóa", "Thanh Hoa province") — names of bodies say "tỉnh X" / "thành phố X"."""
    from motcua.core.text import fold

    bare = province.name.removeprefix("Thành phố ").removeprefix("Tỉnh ")
    english = " ".join(w.capitalize() for w in fold(bare).split())
    city = province.division_type == "thanh_pho_trung_uong"
    return bare, (f"{english} city" if city else f"{english} province")


@transaction.atomic
def load_agencies(*, progress: bool = False) -> StepResult:
    """Create or update the reference agencies, layer by layer (parents first) with bulk
    inserts. Agencies whose identifier was replaced by an official one are matched by their
    place and kind, so an import is never undone."""
    result = StepResult("org: agencies")
    existing = {a.identifier: a for a in Agency.objects.all()}
    by_place = {
        (a.kind, a.province_id, a.commune_id): a for a in existing.values() if a.kind != AgencyKind.MINISTRY_UNIT
    }

    def ident(kind: str, province_id: int | None, commune_id: int | None, generated: str) -> str:
        found = by_place.get((kind, province_id, commune_id))
        return found.identifier if found is not None else generated

    layers: list[list[tuple[str, dict[str, Any], str | None]]] = [[], [], []]
    ministry_id = ident(AgencyKind.MINISTRY, None, None, identifiers.ministry())
    layers[0].append(
        (
            ministry_id,
            {
                "name": MINISTRY[0],
                "name_en": MINISTRY[1],
                "short_name": MINISTRY[2],
                "level": Level.MINISTRY,
                "kind": AgencyKind.MINISTRY,
                "province_id": None,
                "commune_id": None,
            },
            None,
        )
    )
    for unit, name, name_en, short in MINISTRY_UNITS:
        layers[1].append(
            (
                identifiers.ministry(unit),
                {
                    "name": name,
                    "name_en": name_en,
                    "short_name": short,
                    "level": Level.MINISTRY,
                    "kind": AgencyKind.MINISTRY_UNIT,
                    "province_id": None,
                    "commune_id": None,
                },
                ministry_id,
            )
        )
    provinces = list(Province.objects.order_by("code"))
    communes_by_province: dict[int, list[Commune]] = {}
    for commune in Commune.objects.order_by("code"):
        communes_by_province.setdefault(commune.province_id, []).append(commune)
    for province in progress_iter(provinces, enabled=progress, desc="agencies", total=len(provinces)):
        bare, english = _province_label(province)
        word = "thành phố" if province.division_type == "thanh_pho_trung_uong" else "tỉnh"
        pc_id = ident(AgencyKind.PROVINCE_PC, province.pk, None, identifiers.province_body(province.code))
        layers[0].append(
            (
                pc_id,
                {
                    "name": f"Ủy ban nhân dân {word} {bare}",
                    "name_en": f"People's Committee of {english}",
                    "short_name": f"UBND {word} {bare}",
                    "level": Level.PROVINCE,
                    "kind": AgencyKind.PROVINCE_PC,
                    "province_id": province.pk,
                    "commune_id": None,
                },
                None,
            )
        )
        for unit, kind, name, name_en in (
            (
                1,
                AgencyKind.PROVINCE_CENTRE,
                f"Trung tâm Phục vụ hành chính công {word} {bare}",
                f"Public Administration Service Centre of {english}",
            ),
            (
                2,
                AgencyKind.DEPARTMENT_ST,
                f"Sở Khoa học và Công nghệ {word} {bare}",
                f"Department of Science and Technology of {english}",
            ),
        ):
            layers[1].append(
                (
                    ident(kind, province.pk, None, identifiers.province_body(province.code, unit)),
                    {
                        "name": name,
                        "name_en": name_en,
                        "short_name": "",
                        "level": Level.PROVINCE,
                        "kind": kind,
                        "province_id": province.pk,
                        "commune_id": None,
                    },
                    pc_id,
                )
            )
        for ordinal, commune in enumerate(communes_by_province.get(province.pk, []), start=1):
            lower_first = commune.name[0].lower() + commune.name[1:]  # "phường Hạc Thành"
            commune_en = " ".join(w.capitalize() for w in _fold_words(commune.name))
            commune_pc_id = ident(
                AgencyKind.COMMUNE_PC, province.pk, commune.pk, identifiers.commune_body(province.code, ordinal)
            )
            layers[1].append(
                (
                    commune_pc_id,
                    {
                        "name": f"Ủy ban nhân dân {lower_first}, {word} {bare}",
                        "name_en": f"People's Committee of {commune_en}, {english}",
                        "short_name": f"UBND {commune.name}",
                        "level": Level.COMMUNE,
                        "kind": AgencyKind.COMMUNE_PC,
                        "province_id": province.pk,
                        "commune_id": commune.pk,
                    },
                    pc_id,
                )
            )
            layers[2].append(
                (
                    ident(
                        AgencyKind.COMMUNE_CENTRE,
                        province.pk,
                        commune.pk,
                        identifiers.commune_body(province.code, ordinal, centre=True),
                    ),
                    {
                        "name": f"Trung tâm Phục vụ hành chính công {lower_first}",
                        "name_en": f"Public Administration Service Centre of {commune_en}",
                        "short_name": "",
                        "level": Level.COMMUNE,
                        "kind": AgencyKind.COMMUNE_CENTRE,
                        "province_id": province.pk,
                        "commune_id": commune.pk,
                    },
                    commune_pc_id,
                )
            )
    for layer in layers:
        new: list[Agency] = []
        for identifier, values, parent in layer:
            values = {**values, "parent_id": existing[parent].pk if parent else None}
            agency = existing.get(identifier)
            if agency is None:
                new.append(Agency(identifier=identifier, **values))
                continue
            changed = [k for k, v in values.items() if getattr(agency, k) != v]
            if changed:
                for k in changed:
                    setattr(agency, k, values[k])
                agency.save(update_fields=changed)
                result.updated += 1
            else:
                result.unchanged += 1
        for agency in Agency.objects.bulk_create(new, batch_size=500):
            existing[agency.identifier] = agency
        result.created += len(new)
    return result


def _fold_words(name: str) -> list[str]:
    from motcua.core.text import fold

    return fold(name).split()
