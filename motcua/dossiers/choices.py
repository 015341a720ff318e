"""Dossier statuses (the National Public Service Portal's ten), channels and event kinds."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Status(models.IntegerChoices):
    SUBMITTED = 1, _("Mới đăng ký")
    ACCEPTED = 2, _("Được tiếp nhận")
    REFUSED = 3, _("Không được tiếp nhận")
    IN_PROGRESS = 4, _("Đang xử lý")
    SUPPLEMENT = 5, _("Yêu cầu bổ sung giấy tờ")
    PAYMENT = 6, _("Yêu cầu thực hiện nghĩa vụ tài chính")
    WITHDRAWN = 7, _("Công dân yêu cầu rút hồ sơ")
    STOPPED = 8, _("Dừng xử lý")
    PROCESSED = 9, _("Đã xử lý xong")
    RETURNED = 10, _("Đã trả kết quả")


STATUS_BADGE = {
    Status.SUBMITTED: "secondary",
    Status.ACCEPTED: "info",
    Status.REFUSED: "dark",
    Status.IN_PROGRESS: "primary",
    Status.SUPPLEMENT: "warning",
    Status.PAYMENT: "warning",
    Status.WITHDRAWN: "dark",
    Status.STOPPED: "danger",
    Status.PROCESSED: "success",
    Status.RETURNED: "success",
}

# Statuses in which the dossier is finished: nothing moves it any more except a rating.
FINAL = frozenset({Status.REFUSED, Status.WITHDRAWN, Status.STOPPED, Status.RETURNED})
# Statuses in which the legal clock runs (supplement and payment requests stop it).
RUNNING = frozenset({Status.ACCEPTED, Status.IN_PROGRESS})
# Statuses in which the dossier is open (counts as workload).
OPEN = frozenset({Status.SUBMITTED, Status.ACCEPTED, Status.IN_PROGRESS, Status.SUPPLEMENT, Status.PAYMENT})


class Channel(models.IntegerChoices):
    COUNTER = 1, _("Trực tiếp")
    ONLINE = 2, _("Trực tuyến")
    POST = 3, _("Bưu chính công ích")


class ApplicantKind(models.TextChoices):
    PERSON = "person", _("Cá nhân")
    ORGANISATION = "organisation", _("Tổ chức")


class CopyKind(models.IntegerChoices):
    """The Portal's LoaiBan: 0 original, 1 copy, 2 electronic."""

    ORIGINAL = 0, _("Bản chính")
    COPY = 1, _("Bản sao")
    ELECTRONIC = 2, _("Bản điện tử")


class Action(models.TextChoices):
    """What happened to a dossier; each event names one (API action names use dashes)."""

    SUBMIT = "submit", pgettext_lazy("dossier action", "Nộp hồ sơ")
    ACCEPT = "accept", pgettext_lazy("dossier action", "Tiếp nhận")
    REFUSE = "refuse", pgettext_lazy("dossier action", "Từ chối tiếp nhận")
    REQUEST_SUPPLEMENT = "request-supplement", pgettext_lazy("dossier action", "Yêu cầu bổ sung")
    SUPPLY = "supply", pgettext_lazy("dossier action", "Bổ sung hồ sơ")
    CLAIM = "claim", pgettext_lazy("dossier action", "Nhận xử lý")
    PASS = "pass", pgettext_lazy("dossier action", "Chuyển bước tiếp theo")
    SEND_BACK = "send-back", pgettext_lazy("dossier action", "Trả lại bước trước")
    CONSULT = "consult", pgettext_lazy("dossier action", "Lấy ý kiến cơ quan khác")
    REQUEST_PAYMENT = "request-payment", pgettext_lazy("dossier action", "Yêu cầu thực hiện nghĩa vụ tài chính")
    RECORD_PAYMENT = "record-payment", pgettext_lazy("dossier action", "Ghi nhận thanh toán")
    EXTEND = "extend", pgettext_lazy("dossier action", "Gia hạn, xin lỗi")
    WITHDRAW = "withdraw", pgettext_lazy("dossier action", "Rút hồ sơ")
    STOP = "stop", pgettext_lazy("dossier action", "Dừng xử lý")
    APPROVE = "approve", pgettext_lazy("dossier action", "Phê duyệt")
    REJECT = "reject", pgettext_lazy("dossier action", "Từ chối giải quyết")
    RETURN_RESULT = "return-result", pgettext_lazy("dossier action", "Trả kết quả")
    RATE = "rate", pgettext_lazy("dossier action", "Đánh giá")
    CLOSE_UNANSWERED = "close-unanswered", pgettext_lazy("dossier action", "Đóng hồ sơ quá hạn bổ sung")
    TRANSFER_PAPER = "transfer-paper", pgettext_lazy("dossier action", "Chuyển hồ sơ giấy")
    FLAG_ONLINE_LATE = "flag-online-late", pgettext_lazy("dossier action", "Cảnh báo chậm tiếp nhận trực tuyến")


class PaymentStatus(models.IntegerChoices):
    UNPAID = 0, _("Chưa thanh toán")
    PAID = 1, _("Đã thanh toán")


class ResultKind(models.TextChoices):
    RESULT = "result", _("Kết quả giải quyết")
    REFUSAL = "refusal", _("Văn bản từ chối")
