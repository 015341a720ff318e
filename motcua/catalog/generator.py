"""A realistic synthetic catalogue for benchmarks: N procedures in the JSON exchange format.

Names are built the way real procedure names are (action + object + qualifier) over the ten
S&T fields and the big fields of a provincial catalogue (land, civil status, construction, ...),
so word frequencies look like a real national catalogue: "cấp", "giấy phép", "đăng ký" are
everywhere, specific words are rare. Every generated entry is flagged `sample`.
"""

from __future__ import annotations

import json
import random
from decimal import Decimal
from typing import Any

ACTIONS = [
    ("Cấp", "Grant of"), ("Cấp lại", "Reissue of"), ("Gia hạn", "Renewal of"), ("Sửa đổi, bổ sung", "Amendment of"),
    ("Thu hồi", "Revocation of"), ("Đăng ký", "Registration of"), ("Xác nhận", "Confirmation of"),
    ("Thẩm định", "Appraisal of"), ("Phê duyệt", "Approval of"), ("Công nhận", "Recognition of"),
    ("Chứng nhận", "Certification of"), ("Điều chỉnh", "Adjustment of"), ("Tiếp nhận", "Acceptance of"),
]  # fmt: skip

OBJECTS: dict[str, tuple[str, str, list[tuple[str, str]]]] = {
    "science_technology": (
        "Hoạt động khoa học, công nghệ và đổi mới sáng tạo",
        "Science, technology and innovation",
        [
            ("giấy chứng nhận đăng ký hoạt động khoa học và công nghệ", "S&T activity registration certificate"),
            ("giấy chứng nhận doanh nghiệp khoa học và công nghệ", "S&T enterprise certificate"),
            ("hợp đồng chuyển giao công nghệ", "technology transfer contract"),
            ("kết quả nhiệm vụ khoa học và công nghệ", "S&T task results"),
            ("tổ chức trung gian của thị trường khoa học và công nghệ", "S&T market intermediary"),
            ("cơ sở ươm tạo công nghệ", "technology incubator"),
        ],
    ),
    "intellectual_property": (
        "Sở hữu trí tuệ",
        "Intellectual property",
        [
            ("nhãn hiệu", "trademark"),
            ("sáng chế", "invention"),
            ("kiểu dáng công nghiệp", "industrial design"),
            ("chỉ dẫn địa lý", "geographical indication"),
            ("thẻ giám định viên sở hữu công nghiệp", "IP assessor card"),
            ("giống cây trồng", "plant variety"),
        ],
    ),
    "quality_measurement_standards": (
        "Tiêu chuẩn, đo lường, chất lượng",
        "Standards, metrology and quality",
        [
            ("công bố hợp chuẩn", "standard conformity declaration"),
            ("công bố hợp quy", "regulation conformity declaration"),
            ("chuẩn đo lường", "measurement standard"),
            ("phương tiện đo nhóm 2", "group-2 measuring instrument"),
            ("hàng đóng gói sẵn", "pre-packaged goods"),
            ("tổ chức đánh giá sự phù hợp", "conformity assessment body"),
            ("chất lượng hàng hóa nhập khẩu", "imported goods quality"),
        ],
    ),
    "radiation_nuclear_safety": (
        "Năng lượng nguyên tử, an toàn bức xạ và hạt nhân",
        "Atomic energy, radiation and nuclear safety",
        [
            ("giấy phép tiến hành công việc bức xạ", "radiation work licence"),
            ("chứng chỉ nhân viên bức xạ", "radiation worker certificate"),
            ("thiết bị X-quang chẩn đoán trong y tế", "diagnostic X-ray equipment"),
            ("kế hoạch ứng phó sự cố bức xạ", "radiation incident plan"),
            ("nguồn phóng xạ", "radioactive source"),
        ],
    ),
    "postal_services": (
        "Bưu chính",
        "Postal services",
        [
            ("giấy phép bưu chính", "postal licence"),
            ("thông báo hoạt động bưu chính", "postal activity notification"),
            ("tem bưu chính", "postage stamps"),
        ],
    ),
    "telecommunications": (
        "Viễn thông",
        "Telecommunications",
        [
            ("giấy phép cung cấp dịch vụ viễn thông", "telecommunications service licence"),
            ("giấy phép thiết lập mạng viễn thông công cộng", "public network licence"),
            ("hợp đồng theo mẫu trong lĩnh vực viễn thông", "telecom standard contract"),
            ("giấy phép lắp đặt cáp viễn thông trên biển", "submarine cable licence"),
            ("kho số viễn thông", "telecom numbering"),
            ("tên miền quốc gia", "national domain name"),
        ],
    ),
    "radio_frequencies": (
        "Tần số vô tuyến điện",
        "Radio frequencies",
        [
            ("chứng chỉ vô tuyến điện viên nghiệp dư", "amateur radio certificate"),
            ("giấy phép sử dụng tần số vô tuyến điện", "radio frequency licence"),
            ("giấy phép sử dụng băng tần", "spectrum band licence"),
            ("đài tàu", "ship station"),
            ("đài vô tuyến điện nghiệp dư", "amateur radio station"),
        ],
    ),
    "information_technology": (
        "Công nghệ thông tin, công nghiệp công nghệ số",
        "Information technology and digital industry",
        [
            ("thiết kế cơ sở dự án ứng dụng công nghệ thông tin", "IT project basic design"),
            ("sản phẩm công nghệ số trọng điểm", "key digital technology product"),
            ("khu công nghệ số tập trung", "digital technology park"),
        ],
    ),
    "electronic_transactions": (
        "Giao dịch điện tử",
        "Electronic transactions",
        [
            ("giấy phép dịch vụ chứng thực chữ ký số", "digital signature certification licence"),
            ("dịch vụ tin cậy", "trust service"),
            ("chứng thư chữ ký số", "digital signature certificate"),
        ],
    ),
    "digital_transformation": (
        "Chuyển đổi số",
        "Digital transformation",
        [
            ("thông báo cung cấp thông tin trực tuyến", "online information notice"),
            ("nền tảng số", "digital platform"),
        ],
    ),
    "land": (
        "Đất đai",
        "Land",
        [
            ("giấy chứng nhận quyền sử dụng đất", "land use right certificate"),
            ("biến động đất đai", "land change"),
            ("chuyển mục đích sử dụng đất", "land use purpose change"),
            ("giao đất, cho thuê đất", "land allocation and lease"),
        ],
    ),
    "civil_status": (
        "Hộ tịch",
        "Civil status",
        [
            ("khai sinh", "birth"),
            ("kết hôn", "marriage"),
            ("khai tử", "death"),
            ("thay đổi, cải chính hộ tịch", "civil status correction"),
            ("xác nhận tình trạng hôn nhân", "marital status"),
            ("nhận cha, mẹ, con", "parentage recognition"),
        ],
    ),
    "construction": (
        "Xây dựng",
        "Construction",
        [
            ("giấy phép xây dựng nhà ở riêng lẻ", "individual house building permit"),
            ("chứng chỉ hành nghề hoạt động xây dựng", "construction practice certificate"),
            ("báo cáo kinh tế - kỹ thuật đầu tư xây dựng", "construction economic-technical report"),
        ],
    ),
    "education": (
        "Giáo dục và đào tạo",
        "Education and training",
        [
            ("thành lập trường mầm non", "kindergarten establishment"),
            ("văn bằng, chứng chỉ", "diplomas and certificates"),
            ("hoạt động giáo dục của trung tâm ngoại ngữ", "language centre activity"),
        ],
    ),
    "health": (
        "Y tế",
        "Health",
        [
            ("giấy phép hoạt động khám bệnh, chữa bệnh", "medical practice licence"),
            ("chứng chỉ hành nghề dược", "pharmacy practice certificate"),
            ("cơ sở đủ điều kiện an toàn thực phẩm", "food safety eligibility"),
        ],
    ),
    "transport": (
        "Giao thông vận tải",
        "Transport",
        [
            ("giấy phép lái xe", "driving licence"),
            ("giấy phép kinh doanh vận tải bằng xe ô tô", "road transport business licence"),
            ("đăng ký phương tiện thủy nội địa", "inland waterway vessel registration"),
        ],
    ),
    "enterprise": (
        "Thành lập và hoạt động doanh nghiệp",
        "Enterprise registration",
        [
            ("đăng ký doanh nghiệp", "enterprise registration"),
            ("hộ kinh doanh", "household business"),
            ("chi nhánh, văn phòng đại diện", "branch and representative office"),
        ],
    ),
    "labour": (
        "Lao động, việc làm",
        "Labour and employment",
        [
            ("giấy phép lao động cho người nước ngoài", "foreign worker permit"),
            ("giấy phép hoạt động dịch vụ việc làm", "employment service licence"),
        ],
    ),
}

QUALIFIERS = [
    ("", ""), ("cho doanh nghiệp có trụ sở chính trên địa bàn tỉnh", "for enterprises headquartered in the province"),
    ("đối với tổ chức, cá nhân nước ngoài", "for foreign organisations and individuals"),
    ("trên địa bàn xã", "in the commune"), ("trong phạm vi một tỉnh", "within one province"),
    ("do bị mất hoặc hư hỏng", "when lost or damaged"), ("khi hết hạn", "on expiry"),
    ("đối với cơ sở y tế", "for medical facilities"), ("theo đề nghị của tổ chức", "at the organisation's request"),
    ("cấp tỉnh", "at provincial level"), ("cấp xã", "at commune level"),
]  # fmt: skip

BODY_KIND = {"province": "department_st", "commune": "commune_pc", "ministry": "ministry_unit"}
DECREE_118 = "Nghị định về thực hiện thủ tục hành chính theo cơ chế một cửa, một cửa liên thông"
AMOUNTS = [50_000, 100_000, 200_000, 500_000, 1_000_000]
TIMES = [1, 2, 3, 5, 5, 7, 10, 10, 12, 15, 15, 20, 20, 25, 30, 45]


def _process(total: Decimal, unit: str) -> list[dict[str, Any]]:
    if unit == "working_hours":
        parts = [
            ("reception", Decimal(1)),
            ("appraisal", total - 4),
            ("approval", Decimal(2)),
            ("issuance", Decimal(1)),
        ]
    else:
        reception = Decimal("0.5") if total >= 3 else Decimal("0.25")
        approval = Decimal(1) if total >= 10 else (Decimal("0.5") if total >= 2 else Decimal("0.25"))
        issuance = Decimal("0.5") if total >= 5 else Decimal("0.25")
        parts = [("reception", reception), ("appraisal", total - reception - approval - issuance),
                 ("approval", approval), ("issuance", issuance)]  # fmt: skip
    who = {
        "reception": ("Tiếp nhận, kiểm tra hồ sơ", "one_stop", "counter_officer"),
        "appraisal": ("Thẩm định hồ sơ, dự thảo kết quả", "specialist_division", "specialist"),
        "approval": ("Lãnh đạo ký duyệt", "leadership", "leader"),
        "issuance": ("Vào số, đóng dấu, chuyển kết quả", "clerical", "specialist"),
    }
    steps = [
        {"stage": stage, "name": who[stage][0], "unit_kind": who[stage][1], "role": who[stage][2],
         "time": {"value": _num(value), "unit": unit}}
        for stage, value in parts
    ]  # fmt: skip
    steps.append({"stage": "return", "name": "Trả kết quả", "unit_kind": "one_stop", "role": "counter_officer",
                  "time": {"value": 0, "unit": unit}})  # fmt: skip
    return steps


def _num(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def generate_catalog(*, count: int = 5000, seed: int = 2025) -> bytes:
    """A JSON exchange file with `count` published procedures (deterministic for a seed)."""
    rng = random.Random(seed)
    fields = [
        {"code": code, "name": name, "name_en": name_en, "ministry": i <= 10, "position": i}
        for i, (code, (name, name_en, _objects)) in enumerate(OBJECTS.items(), start=1)
    ]
    combos = [
        (code, action, obj, qual)
        for code, (_n, _e, objects) in OBJECTS.items()
        for action in ACTIONS
        for obj in objects
        for qual in QUALIFIERS
    ]
    rng.shuffle(combos)
    procedures = []
    for n in range(count):
        field_code, (verb, verb_en), (obj, obj_en), (qual, qual_en) = combos[n % len(combos)]
        suffix = f" (mẫu {n // len(combos) + 1})" if n >= len(combos) else ""
        name = " ".join(p for p in (verb, obj, qual) if p) + suffix
        name_en = " ".join(p for p in (verb_en, obj_en, qual_en) if p)
        hours = rng.random() < 0.05
        unit = "working_hours" if hours else "working_days"
        total = Decimal(rng.choice([8, 16, 24])) if hours else Decimal(rng.choice(TIMES))
        level = rng.choice(["province", "province", "commune", "ministry"])
        fee = rng.random() < 0.6
        procedures.append({
            "code": f"3.9{n:05d}",
            "local_code": "",
            "versions": [{
                "number": 1, "status": "published", "valid_from": "2025-07-01", "valid_to": None,
                "name": name, "name_en": name_en, "field": field_code, "levels": [level],
                "competent_body_kind": BODY_KIND[level],
                "competent_body_name": "", "time_limit": {"value": _num(total), "unit": unit},
                "online_level": rng.choice(["full", "full", "partial", "none"]),
                "boundary_free": level != "ministry" and rng.random() < 0.8,
                "bound_to_applicant_commune": level == "commune" and rng.random() < 0.5,
                "applicant_types": rng.choice([["citizen"], ["business"], ["citizen", "business"]]),
                "summary": "", "conditions": "", "sample": True, "source": "motcua.catalog.generator",
                "legal_bases": [{"number": "118/2025/NĐ-CP", "date": "2025-06-09", "title": DECREE_118}],
                "fees": [{"name": f"Lệ phí {obj}", "amount": rng.choice(AMOUNTS), "moment": rng.choice([1, 1, 4]),
                          "note": ""}] if fee else [],
                "documents": [
                    {"name": f"Đơn đề nghị {verb.lower()} {obj}", "copy_type": "original", "copies": 1,
                     "requirement": "required", "condition": "", "edata_type": "", "form": "Mẫu số 01"},
                    {"name": "Giấy tờ chứng minh đủ điều kiện", "copy_type": "copy", "copies": 1,
                     "requirement": rng.choice(["required", "conditional"]), "condition": "", "edata_type": "",
                     "form": ""},
                ],
                "result_types": [{"code": f"KQ{n:05d}", "name": f"{obj[0].upper()}{obj[1:]}"}],
                "process": _process(total, unit),
            }],
        })  # fmt: skip
    body = {"format": "motcua.catalog", "format_version": 1, "fields": fields, "procedures": procedures}
    return json.dumps(body, ensure_ascii=False).encode("utf-8")


# --- a province's own list, matching its published figures ------------------------------------------

PROVINCE_LIST_COLUMNS = [
    "procedure_code", "name", "field", "level", "boundary_free", "online_level", "full_online_eligible",
    "online_payment", "has_fee", "connected_population_db", "published_on_time", "public_on_time",
    "complete_content", "sample", "source",
]  # fmt: skip
SYNTHETIC_SOURCE = "Mẫu giả lập khớp số liệu công bố của tỉnh"
CATALOGUE_SOURCE = "Danh mục KH&CN của motcua (mẫu)"
DONG_THAP_SOURCE = "Mẫu giả lập khớp số liệu Đồng Tháp công bố"
DONG_THAP_FIGURES = {"total": 2050, "eligible": 834, "full": 578, "partial": 1171}


def generate_province_list(
    catalog: dict[str, Any],
    *,
    total: int,
    eligible: int,
    full: int,
    partial: int,
    seed: int = 82,
    source: str = SYNTHETIC_SOURCE,
) -> str:
    """A province's list as CSV with exactly `total` procedures of which `eligible` are eligible
    for full-online, `full` offered full-online and `partial` partially online (the rest not
    online). Our catalogue's province- and commune-level procedures come first with their own
    flags (eligible iff full-online); the remainder is synthetic (codes 2.9xxxxx, names built
    like real ones), every row flagged `sample`. Deterministic for a seed."""
    import csv
    import io

    rng = random.Random(seed)
    rows: list[dict[str, Any]] = []
    for proc in catalog["procedures"]:
        version = next((v for v in proc["versions"] if v["status"] == "published"), None)
        if version is None or not ({"province", "commune"} & set(version["levels"])):
            continue
        has_fee = any(f["amount"] > 0 for f in version["fees"])
        online = version["online_level"]
        rows.append({
            "procedure_code": proc["code"], "name": version["name"],
            "field": OBJECTS.get(version["field"], (version["field"],))[0],
            "level": "province" if "province" in version["levels"] else "commune",
            "boundary_free": version["boundary_free"], "online_level": online,
            "full_online_eligible": online == "full", "online_payment": has_fee and online == "full",
            "has_fee": has_fee,
            "connected_population_db": any(d["edata_type"] == "CCCD" for d in version["documents"]),
            "sample": version["sample"], "source": CATALOGUE_SOURCE,
        })  # fmt: skip
    have = {level: sum(1 for r in rows if r["online_level"] == level) for level in ("full", "partial", "none")}
    need = {"full": full - have["full"], "partial": partial - have["partial"]}
    need["none"] = total - len(rows) - need["full"] - need["partial"]
    extra_eligible = eligible - full  # eligible but not (yet) offered full-online
    if min(need.values()) < 0 or extra_eligible < 0 or extra_eligible > need["partial"] + need["none"]:
        raise ValueError("the figures cannot be met with the catalogue's own procedures")
    levels = ["full"] * need["full"] + ["partial"] * need["partial"] + ["none"] * need["none"]
    rng.shuffle(levels)
    not_full = [i for i, level in enumerate(levels) if level != "full"]
    eligible_extra = set(rng.sample(not_full, extra_eligible))
    combos = [
        (name, action, obj, qual)
        for _code, (name, _e, objects) in OBJECTS.items()
        for action, _ae in ACTIONS
        for obj, _oe in objects
        for qual, _qe in QUALIFIERS
    ]
    rng.shuffle(combos)
    for n, online in enumerate(levels):
        field_name, verb, obj, qual = combos[n % len(combos)]
        commune = "xã" in qual or ("tỉnh" not in qual and rng.random() < 0.35)
        has_fee = rng.random() < 0.45
        rows.append({
            "procedure_code": f"2.9{n + 1:05d}", "name": " ".join(p for p in (verb, obj, qual) if p),
            "field": field_name, "level": "commune" if commune else "province",
            "boundary_free": rng.random() < 0.7, "online_level": online,
            "full_online_eligible": online == "full" or n in eligible_extra,
            "online_payment": has_fee and online != "none" and rng.random() < 0.6, "has_fee": has_fee,
            "connected_population_db": rng.random() < 0.4,
            "published_on_time": rng.random() < 0.97, "public_on_time": rng.random() < 0.96,
            "complete_content": rng.random() < 0.95, "sample": True, "source": source,
        })  # fmt: skip
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=PROVINCE_LIST_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _csv_value(row.get(k)) for k in PROVINCE_LIST_COLUMNS})
    return out.getvalue()


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
