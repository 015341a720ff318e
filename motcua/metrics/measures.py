"""The measures the counters keep, one integer column each, and the day each is counted on.

A counter row adds up, for one (receiving agency, processing agency, procedure, day), the
contribution of every dossier to each measure. A measure is counted on its own day: a dossier
received on Monday, finished on Friday adds 1 to Monday's `received` and 1 to Friday's
`finished`; open dossiers with a running clock are counted on their due day, so "overdue now"
is the sum of the rows due before today (docs/decisions/0070-metrics-counters.md).
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# (name, label, day it is counted on)
MEASURES: tuple[tuple[str, Promise, str], ...] = (
    ("received", _("Tiếp nhận"), "submitted"),
    ("received_counter", _("Tiếp nhận trực tiếp"), "submitted"),
    ("received_online", _("Tiếp nhận trực tuyến"), "submitted"),
    ("received_post", _("Tiếp nhận qua bưu chính"), "submitted"),
    ("pending", _("Chờ tiếp nhận"), "submitted"),
    ("accepted", _("Đã tiếp nhận"), "accepted"),
    ("refused", _("Từ chối tiếp nhận"), "finished"),
    ("finished", _("Đã giải quyết"), "finished"),
    ("on_time_766", _("Đúng hạn (QĐ 766)"), "finished"),
    ("late_766", _("Trễ hạn (QĐ 766)"), "finished"),
    ("on_time_118", _("Đúng hạn (NĐ 118)"), "finished"),
    ("late_118", _("Trễ hạn (NĐ 118)"), "finished"),
    ("open_running", _("Đang giải quyết (theo ngày hẹn trả)"), "due"),
    ("open_waiting", _("Chờ người nộp bổ sung, nộp phí"), "submitted"),
    ("supplement_once", _("Yêu cầu bổ sung một lần"), "submitted"),
    ("supplement_repeated", _("Yêu cầu bổ sung nhiều lần"), "submitted"),
    ("apologies", _("Thư xin lỗi"), "submitted"),
    ("extensions", _("Gia hạn"), "submitted"),
    ("with_fee", _("Có phí, lệ phí"), "submitted"),
    ("paid_online", _("Thanh toán trực tuyến"), "submitted"),
    ("paid_counter", _("Thanh toán tại quầy"), "submitted"),
    ("results", _("Có kết quả là giấy tờ"), "finished"),
    ("e_results", _("Có kết quả điện tử"), "finished"),
    ("online_finished", _("Trực tuyến, đã giải quyết"), "finished"),
    ("online_e_results", _("Trực tuyến, có kết quả điện tử"), "finished"),
    ("digitised", _("Thành phần hồ sơ đã số hóa"), "submitted"),
    ("reused_edata", _("Dùng lại dữ liệu đã số hóa"), "submitted"),
    ("population_data", _("Dùng dữ liệu dân cư"), "submitted"),
    ("rated", _("Được đánh giá"), "finished"),
    ("rating_1", _("Đánh giá 1 điểm"), "finished"),
    ("rating_2", _("Đánh giá 2 điểm"), "finished"),
    ("rating_3", _("Đánh giá 3 điểm"), "finished"),
    ("rating_4", _("Đánh giá 4 điểm"), "finished"),
    ("rating_5", _("Đánh giá 5 điểm"), "finished"),
    ("disliked", _("Không hài lòng"), "finished"),
    ("complaints", _("Có phản ánh, kiến nghị"), "finished"),
    ("synced", _("Đã đồng bộ Cổng DVC quốc gia"), "submitted"),
    ("synced_in_time", _("Đồng bộ kịp thời"), "submitted"),
)

NAMES: tuple[str, ...] = tuple(m[0] for m in MEASURES)
LABELS = {m[0]: m[1] for m in MEASURES}
DAY_OF = {m[0]: m[2] for m in MEASURES}
