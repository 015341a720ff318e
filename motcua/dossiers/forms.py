"""Forms of the dossier pages: they parse what people type into the dictionaries the engine's
actions take (`SubmitInput`, `dossier_act(params=...)`). The engine stays the judge of every
rule; the forms only check shape (required fields, numbers, file sizes) and say it in place."""

from __future__ import annotations

import base64
import re
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from motcua.dossiers.choices import Action, ApplicantKind, Channel, CopyKind
from motcua.dossiers.documents import MAX_BYTES

INPUT = {"class": "form-control"}
SELECT = {"class": "form-select"}


def upload_to_document(
    upload: UploadedFile, *, component: str, required_document: int | None = None, copy_kind: int, digitised: bool
) -> dict[str, Any]:
    """An uploaded file as the engine's document dict (content in base64, checked by the engine)."""
    raw = upload.read()
    return {
        "component": component,
        "required_document": required_document,
        "copy_kind": copy_kind,
        "file_name": upload.name or "tep",
        "content_base64": base64.b64encode(raw).decode(),
        "digitised": digitised,
    }


def check_upload_size(upload: UploadedFile | None) -> None:
    if upload is not None and upload.size and upload.size > MAX_BYTES:
        raise forms.ValidationError(
            _("Tệp lớn hơn %(mb)d MB."), code="too_large", params={"mb": MAX_BYTES // (1024 * 1024)}
        )


# --- actions ---------------------------------------------------------------------------------


class ActionForm(forms.Form):
    """Every action posts the version the user saw: a stale page gets the conflict message."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=2000, widget=forms.TextInput(attrs=INPUT))

    # Names of cleaned fields passed to the engine as params (beyond note).
    params_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, dossier: Any = None, **kwargs: Any) -> None:
        self.dossier = dossier
        super().__init__(*args, **kwargs)
        self.order_fields([name for name in self.fields if name != "note"] + ["note"])

    def params(self) -> dict[str, Any]:
        data = self.cleaned_data
        out = {k: data[k] for k in ("note", *self.params_fields) if data.get(k) not in (None, "", [])}
        return out


def _reason_field(label: Any = None) -> forms.CharField:
    return forms.CharField(
        label=label or _("Lý do"),
        min_length=5,
        max_length=2000,
        widget=forms.Textarea(attrs={**INPUT, "rows": 2}),
    )


class AcceptForm(ActionForm):
    """Acceptance; where load balancing applies (a commune procedure not bound to the
    applicant's commune) the officer may choose the processing commune, with a reason."""

    processing_agency = forms.TypedChoiceField(
        label=_("Cơ quan giải quyết (để trống: theo đề xuất điều phối)"),
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.Select(attrs=SELECT),
    )
    reason = forms.CharField(
        label=_("Lý do chọn cơ quan khác"), required=False, max_length=2000, widget=forms.TextInput(attrs=INPUT)
    )
    params_fields = ("processing_agency", "reason")

    def __init__(self, *args: Any, dossier: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, dossier=dossier, **kwargs)
        candidates = self._candidates(dossier)
        if len(candidates) > 1:
            self.fields["processing_agency"].choices = [("", _("— theo đề xuất —"))] + [  # type: ignore[attr-defined]
                (a.pk, a.name) for a in candidates
            ]
        else:
            del self.fields["processing_agency"]
            del self.fields["reason"]

    @staticmethod
    def _candidates(dossier: Any) -> list[Any]:
        from motcua.org.models import Agency

        if dossier is None or dossier.procedure_version.bound_to_applicant_commune:
            return []
        processing = dossier.processing_agency
        if processing.kind != "commune_pc" or not processing.province_id:
            return []
        return list(Agency.objects.filter(kind=processing.kind, province_id=processing.province_id).order_by("name"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("processing_agency") and len(data.get("reason") or "") < 5:
            self.add_error("reason", _("Cần ghi rõ lý do khi chọn cơ quan khác đề xuất."))
        return data


class ReasonForm(ActionForm):
    reason = _reason_field()
    params_fields: tuple[str, ...] = ("reason",)


class RequestSupplementForm(ReasonForm):
    reason = _reason_field(_("Giấy tờ cần bổ sung và lý do"))
    legal_basis = forms.CharField(
        label=_("Căn cứ pháp lý cho phép yêu cầu bổ sung lần nữa"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs=INPUT),
    )
    params_fields = ("reason", "legal_basis")


class SupplyForm(ActionForm):
    component = forms.ChoiceField(label=_("Thành phần hồ sơ"), widget=forms.Select(attrs=SELECT))
    file = forms.FileField(label=_("Tệp (PDF, JPEG, PNG, DOCX)"), widget=forms.ClearableFileInput(attrs=INPUT))
    copy_kind = forms.TypedChoiceField(
        label=_("Loại bản"),
        choices=CopyKind.choices,
        coerce=int,
        initial=CopyKind.ELECTRONIC,
        widget=forms.Select(attrs=SELECT),
    )

    def __init__(self, *args: Any, dossier: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, dossier=dossier, **kwargs)
        names = [d.name for d in dossier.procedure_version.documents.all()] if dossier is not None else []
        self.fields["component"].choices = [(n, n) for n in names] + [("__other__", _("Giấy tờ khác"))]  # type: ignore[attr-defined]

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        check_upload_size(upload)
        return upload

    def params(self) -> dict[str, Any]:
        data = self.cleaned_data
        component = data["component"]
        if component == "__other__":
            component = str(_("Giấy tờ bổ sung"))
        out = {k: v for k, v in {"note": data.get("note")}.items() if v}
        out["documents"] = [
            upload_to_document(data["file"], component=component, copy_kind=data["copy_kind"], digitised=False)
        ]
        return out


class RecordPaymentForm(ActionForm):
    channel = forms.ChoiceField(
        label=_("Hình thức thanh toán"),
        choices=[("counter", _("Nộp tại quầy")), ("online", _("Thanh toán trực tuyến"))],
        widget=forms.Select(attrs=SELECT),
    )
    reference = forms.CharField(
        label=_("Mã giao dịch / số biên lai"), required=False, max_length=64, widget=forms.TextInput(attrs=INPUT)
    )
    params_fields = ("channel", "reference")


class ExtendForm(ReasonForm):
    reason = _reason_field(_("Lý do xin lỗi, hẹn lại"))
    extra_working_days = forms.DecimalField(
        label=_("Số ngày làm việc thêm"),
        min_value=0.5,
        max_value=60,
        decimal_places=1,
        widget=forms.NumberInput(attrs={**INPUT, "step": "0.5"}),
    )
    params_fields = ("reason", "extra_working_days")

    def params(self) -> dict[str, Any]:
        out = super().params()
        out["extra_working_days"] = float(out["extra_working_days"])
        return out


class ApproveForm(ActionForm):
    result_type = forms.ChoiceField(label=_("Loại kết quả"), widget=forms.Select(attrs=SELECT))
    summary = forms.CharField(
        label=_("Trích yếu kết quả"), required=False, max_length=1000, widget=forms.TextInput(attrs=INPUT)
    )
    valid_to = forms.DateField(
        label=_("Hiệu lực đến (nếu có)"), required=False, widget=forms.DateInput(attrs={**INPUT, "type": "date"})
    )
    params_fields = ("result_type", "summary", "valid_to")

    def __init__(self, *args: Any, dossier: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, dossier=dossier, **kwargs)
        types = list(dossier.procedure_version.result_types.all()) if dossier is not None else []
        self.fields["result_type"].choices = [(t.code, f"{t.code} — {t.name}") for t in types]  # type: ignore[attr-defined]

    def params(self) -> dict[str, Any]:
        out = super().params()
        if out.get("valid_to"):
            out["valid_to"] = out["valid_to"].isoformat()
        return out


class RejectForm(ReasonForm):
    reason = _reason_field(_("Lý do từ chối giải quyết"))


class ConsultForm(ActionForm):
    agency = forms.TypedChoiceField(label=_("Cơ quan được lấy ý kiến"), coerce=int, widget=forms.Select(attrs=SELECT))
    question = _reason_field(_("Nội dung lấy ý kiến"))
    params_fields = ("agency", "question")

    def __init__(self, *args: Any, dossier: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, dossier=dossier, **kwargs)
        from motcua.org.models import Agency

        agencies = (
            Agency.objects.filter(province_id=dossier.processing_agency.province_id, level="province")
            .exclude(pk=dossier.processing_agency_id)
            .order_by("name")
            if dossier is not None
            else Agency.objects.none()
        )
        self.fields["agency"].choices = [(a.pk, a.name) for a in agencies]  # type: ignore[attr-defined]


class PassForm(ActionForm):
    """Pass the step on; optionally hand the next step to a named colleague who holds its role
    (otherwise anyone with the role claims it)."""

    assignee = forms.TypedChoiceField(
        label=_("Giao bước tiếp theo cho"),
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.Select(attrs=SELECT),
    )
    params_fields = ("assignee",)

    def __init__(self, *args: Any, dossier: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, dossier=dossier, **kwargs)
        choices: list[tuple[Any, Any]] = [("", _("Người có vai trò của bước tiếp theo tự nhận"))]
        if dossier is not None:
            choices += [(u.pk, str(u)) for u in _next_step_people(dossier)]
        self.fields["assignee"].choices = choices  # type: ignore[attr-defined]


def _next_step_people(dossier: Any) -> list[Any]:
    """Active staff holding the next step's role in the unit that acts on it."""
    from motcua.dossiers import access
    from motcua.org.models import User

    later = [s for s in access.steps_of(dossier.procedure_version) if s.position > (dossier.current_step or 0)]
    if not later or later[0].stage == "return":
        return []
    step = later[0]
    agency_id = dossier.receiving_agency_id if step.unit_kind == "one_stop" else dossier.processing_agency_id
    return list(
        User.objects.filter(
            is_active=True, memberships__agency_id=agency_id, memberships__role=step.role, memberships__active=True
        )
        .distinct()
        .order_by("full_name", "pk")
    )


class RateForm(ActionForm):
    score = forms.TypedChoiceField(
        label=_("Mức độ hài lòng"),
        choices=[(i, str(i)) for i in range(5, 0, -1)],
        coerce=int,
        widget=forms.Select(attrs=SELECT),
    )
    note = forms.CharField(label=_("Ý kiến"), required=False, max_length=1000, widget=forms.TextInput(attrs=INPUT))
    params_fields = ("score",)


ACTION_FORMS: dict[str, type[ActionForm]] = {
    Action.ACCEPT: AcceptForm,
    Action.REFUSE: ReasonForm,
    Action.REQUEST_SUPPLEMENT: RequestSupplementForm,
    Action.SUPPLY: SupplyForm,
    Action.CLAIM: ActionForm,
    Action.PASS: PassForm,
    Action.SEND_BACK: ReasonForm,
    Action.CONSULT: ConsultForm,
    Action.REQUEST_PAYMENT: ActionForm,
    Action.RECORD_PAYMENT: RecordPaymentForm,
    Action.EXTEND: ExtendForm,
    Action.WITHDRAW: ReasonForm,
    Action.STOP: ReasonForm,
    Action.APPROVE: ApproveForm,
    Action.REJECT: RejectForm,
    Action.RETURN_RESULT: ActionForm,
    Action.TRANSFER_PAPER: ActionForm,
    Action.RATE: RateForm,
}

# Button labels where the engine's action label is a noun shared with other catalogues
# ("Tiếp nhận" is also the catalogue's reception stage): the context keeps the verb.
BUTTON_LABELS: dict[str, Any] = {
    Action.ACCEPT: pgettext_lazy("dossier action", "Tiếp nhận"),
    Action.APPROVE: pgettext_lazy("dossier action", "Phê duyệt"),
    Action.RETURN_RESULT: pgettext_lazy("dossier action", "Trả kết quả"),
}


def button_label(action: str) -> Any:
    return BUTTON_LABELS.get(action) or Action(action).label


# Actions that end or refuse something get a red button; the main way forward a blue one.
DANGER = {Action.REFUSE, Action.WITHDRAW, Action.STOP, Action.REJECT}
PRIMARY = {Action.ACCEPT, Action.CLAIM, Action.PASS, Action.APPROVE, Action.RETURN_RESULT}


def action_form(action: str, dossier: Any, data: Any = None, files: Any = None) -> ActionForm:
    form_class = ACTION_FORMS[action]
    form = form_class(data, files, dossier=dossier, prefix=action, initial={"expected_version": dossier.version})
    return form


# --- intake ------------------------------------------------------------------------------------

_DIGITS = re.compile(r"\D")


class IntakeForm(forms.Form):
    """The applicant and the channel; documents are read per required component by the view."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=128)
    channel = forms.TypedChoiceField(
        label=_("Kênh tiếp nhận"),
        choices=[(Channel.COUNTER, Channel.COUNTER.label), (Channel.POST, Channel.POST.label)],
        coerce=int,
        widget=forms.Select(attrs=SELECT),
    )
    receiving_agency = forms.TypedChoiceField(
        label=_("Bộ phận tiếp nhận"), coerce=int, required=False, widget=forms.Select(attrs=SELECT)
    )
    kind = forms.ChoiceField(
        label=_("Người nộp là"),
        choices=ApplicantKind.choices,
        initial=ApplicantKind.PERSON,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    full_name = forms.CharField(label=_("Họ và tên / tên tổ chức"), max_length=255, widget=forms.TextInput(attrs=INPUT))
    id_number = forms.CharField(
        label=_("Số định danh cá nhân"),
        required=False,
        max_length=12,
        widget=forms.TextInput(attrs={**INPUT, "inputmode": "numeric", "autocomplete": "off"}),
    )
    tax_code = forms.CharField(
        label=_("Mã số thuế"), required=False, max_length=14, widget=forms.TextInput(attrs=INPUT)
    )
    phone = forms.CharField(
        label=_("Số điện thoại"), max_length=16, widget=forms.TextInput(attrs={**INPUT, "inputmode": "tel"})
    )
    email = forms.EmailField(label=_("Thư điện tử"), required=False, widget=forms.EmailInput(attrs=INPUT))
    address_mode = forms.ChoiceField(
        label=_("Địa chỉ"),
        choices=[("new", _("Địa chỉ mới (tỉnh, xã từ 01/7/2025)")), ("old", _("Địa chỉ cũ (tự động chuyển đổi)"))],
        initial="new",
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    province = forms.ChoiceField(
        label=_("Tỉnh, thành phố nơi cư trú"), required=False, widget=forms.Select(attrs=SELECT)
    )
    commune = forms.CharField(label=_("Xã, phường, đặc khu"), required=False, widget=forms.Select(attrs=SELECT))
    detail = forms.CharField(
        label=_("Số nhà, đường, thôn"), required=False, max_length=255, widget=forms.TextInput(attrs=INPUT)
    )
    old_address = forms.CharField(
        label=_("Địa chỉ cũ"),
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs={**INPUT, "placeholder": _("ví dụ: Phường Điện Biên, Thành phố Thanh Hóa")}),
    )
    summary = forms.CharField(
        label=_("Nội dung yêu cầu giải quyết"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={**INPUT, "rows": 2}),
    )

    def __init__(
        self,
        *args: Any,
        provinces: list[Any],
        centres: list[Any] | None = None,
        online: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = [("", _("— chọn tỉnh —"))] + [(p.code, p.name) for p in provinces]  # type: ignore[attr-defined]
        if online:
            del self.fields["channel"]
            del self.fields["receiving_agency"]
        else:
            centres = centres or []
            if len(centres) > 1:
                self.fields["receiving_agency"].choices = [(a.pk, a.name) for a in centres]  # type: ignore[attr-defined]
                self.fields["receiving_agency"].required = True
            else:
                del self.fields["receiving_agency"]

    def clean_id_number(self) -> str:
        return _DIGITS.sub("", self.cleaned_data.get("id_number") or "")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("address_mode") == "old":
            if not data.get("old_address"):
                self.add_error("old_address", _("Nhập địa chỉ cũ để chuyển đổi."))
        elif not data.get("province") or not data.get("commune"):
            self.add_error("commune", _("Chọn tỉnh và xã, phường nơi người nộp cư trú."))
        return data

    def applicant(self) -> dict[str, Any]:
        data = self.cleaned_data
        out: dict[str, Any] = {
            "kind": data["kind"],
            "full_name": data["full_name"],
            "phone": data["phone"],
            "email": data.get("email") or None,
        }
        if data["kind"] == ApplicantKind.PERSON:
            out["id_number"] = data.get("id_number") or None
        else:
            out["tax_code"] = data.get("tax_code") or None
            out["id_number"] = data.get("id_number") or None
        if data.get("address_mode") == "old":
            out["old_address"] = data["old_address"]
        else:
            out["address"] = {
                "province": data["province"],
                "commune": data["commune"],
                "detail": data.get("detail", ""),
            }
        return out


class TrackForm(forms.Form):
    code = forms.CharField(label=_("Mã hồ sơ"), max_length=40, widget=forms.TextInput(attrs=INPUT))
    contact = forms.CharField(
        label=_("Số điện thoại hoặc số định danh của người nộp"),
        max_length=20,
        widget=forms.TextInput(attrs={**INPUT, "autocomplete": "off"}),
    )

    def lookup_args(self) -> dict[str, str | None]:
        code = self.cleaned_data["code"].strip()
        contact = re.sub(r"[\s.\-]", "", self.cleaned_data["contact"])
        if re.fullmatch(r"\d{12}", contact):
            return {"code": code, "phone": None, "id_number": contact}
        return {"code": code, "phone": contact, "id_number": None}
