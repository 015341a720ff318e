"""Admin pages for the register. A decision is recorded once and never edited in substance or
deleted: amending or revoking it is a new record (choose "Quan hệ" and the target). The form
runs the same checks as the actions, overlaps included, and shows their message inline."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from motcua.authority import access
from motcua.authority.actions import DecisionInput, record_decision, validate_decision
from motcua.authority.choices import Relation, Scope
from motcua.authority.models import Competence, Decision, DecisionProcedure
from motcua.core.errors import DomainError
from motcua.geo.models import Province

CODE_SPLIT = re.compile(r"[\s,;]+")


class DecisionForm(forms.ModelForm):  # type: ignore[type-arg]
    procedure_codes = forms.CharField(
        label=_("Các mã thủ tục"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Các mã thủ tục, cách nhau bởi dấu phẩy hoặc xuống dòng (phạm vi: danh mục thủ tục)."),
    )

    class Meta:
        model = Decision
        fields = [
            "relation",
            "target",
            "number",
            "issued_on",
            "issuer_name",
            "kind",
            "title",
            "from_kind",
            "from_holder",
            "to_kind",
            "to_holder",
            "province",
            "scope",
            "field",
            "scope_note",
            "declared_procedure_count",
            "valid_from",
            "valid_to",
            "legal_basis",
            "signed_file",
            "sample",
            "sample_note",
            "source",
        ]

    def to_input(self) -> DecisionInput:
        data = self.cleaned_data
        province: Province | None = data.get("province")
        target: Decision | None = data.get("target")
        codes = [c for c in CODE_SPLIT.split(data.get("procedure_codes") or "") if c]
        if data.get("relation") == Relation.REVOKES and target is not None:
            codes = list(target.links.values_list("procedure__code", flat=True))
        return DecisionInput(
            number=data.get("number") or "",
            issued_on=data["issued_on"],
            issuer_name=data.get("issuer_name") or "",
            kind=data.get("kind") or "",
            title=data.get("title") or "",
            from_kind=data.get("from_kind") or "",
            from_holder=data.get("from_holder") or "",
            to_kind=data.get("to_kind") or "",
            to_holder=data.get("to_holder") or "",
            valid_from=data["valid_from"],
            valid_to=data.get("valid_to"),
            province=province.code if province else None,
            scope=data.get("scope") or Scope.PROCEDURES,
            field=data["field"].code if data.get("field") else None,
            procedure_codes=codes,
            scope_note=data.get("scope_note") or "",
            declared_procedure_count=data.get("declared_procedure_count"),
            legal_basis=data.get("legal_basis") or "",
            sample=bool(data.get("sample")),
            sample_note=data.get("sample_note") or "",
            source=data.get("source") or "",
            signed_file=data.get("signed_file") or None,
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.instance.pk or self.errors or not cleaned.get("issued_on") or not cleaned.get("valid_from"):
            return cleaned
        try:
            validate_decision(
                acting_user=getattr(self, "acting_user", None),
                data=self.to_input(),
                relation=cleaned.get("relation") or Relation.ORIGINAL,
                target=cleaned.get("target"),
            )
        except DomainError as exc:
            raise forms.ValidationError(str(exc.message), code=exc.code) from exc
        return cleaned


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = DecisionForm
    list_display = ("number", "issued_on", "kind", "province", "valid_from", "ends_on", "relation", "sample")
    list_filter = ("kind", "relation", "sample", "province")
    search_fields = ("number", "title", "issuer_name")
    list_select_related = ("province",)
    date_hierarchy = "valid_from"
    raw_id_fields = ("target",)
    readonly_fields = ("ends_on", "created_at", "created_by", "procedures_list", "public_page")

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        form.acting_user = request.user  # type: ignore[attr-defined]
        if "province" in form.base_fields:
            ids = access.manageable_province_ids(request.user)
            if ids is not None:
                form.base_fields["province"].queryset = Province.objects.filter(pk__in=ids)  # type: ignore[attr-defined]
                form.base_fields["province"].required = True
        return form

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ("ends_on", "created_at", "created_by")
        # Recorded decisions are legal history: only the signed scan and notes may be added.
        editable = {"signed_file", "source", "sample_note"}
        return [f for f in DecisionForm.Meta.fields if f not in editable] + list(self.readonly_fields)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ["procedure_codes", *DecisionForm.Meta.fields]
        return [*DecisionForm.Meta.fields, "procedures_list", "ends_on", "created_at", "created_by", "public_page"]

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        initial = super().get_changeform_initial_data(request)
        target_id = request.GET.get("target")
        target = Decision.objects.filter(pk=target_id).first() if target_id and target_id.isdigit() else None
        if target is not None:
            for name in ("kind", "from_kind", "from_holder", "to_kind", "to_holder", "province", "scope", "field"):
                initial.setdefault(name, getattr(target, f"{name}_id", None) or getattr(target, name))
            initial["procedure_codes"] = "\n".join(target.links.values_list("procedure__code", flat=True))
        return initial

    @admin.display(description=_("Thủ tục"))
    def procedures_list(self, obj: Decision) -> str:
        """Each procedure links to its timeline in the decision's province ("who decides this,
        since when"); * marks a sample link."""
        lookup = reverse("authority:lookup")
        place = f"&province={obj.province.code}" if obj.province else ""
        return format_html_join(
            ", ",
            '<a href="{}?procedure={}{}&amp;date={}">{}</a>{}',
            (
                (
                    lookup,
                    link.procedure.code,
                    place,
                    obj.valid_from.isoformat(),
                    link.procedure.code,
                    " *" if link.sample else "",
                )
                for link in obj.links.all()
            ),
        )

    @admin.display(description=_("Trang công khai"))
    def public_page(self, obj: Decision) -> str:
        url = reverse("authority:decision", args=[obj.pk])
        amend = reverse("admin:authority_decision_add") + f"?target={obj.pk}&relation=amends"
        revoke = reverse("admin:authority_decision_add") + f"?target={obj.pk}&relation=revokes"
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a> · <a href="{}">{}</a>',
            url,
            _("Xem"),
            amend,
            _("Sửa đổi, thay thế"),
            revoke,
            _("Bãi bỏ"),
        )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and access.manageable_province_ids(request.user) != set()

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and not access.can_manage_decisions(request.user, obj.province_id):
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: Decision, form: Any, change: bool) -> None:
        if change:
            obj.save(update_fields=["signed_file", "source", "sample_note"])
            return
        recorded = record_decision(
            acting_user=request.user,
            data=form.to_input(),
            relation=form.cleaned_data.get("relation") or Relation.ORIGINAL,
            target=form.cleaned_data.get("target"),
        )
        obj.__dict__.update({k: v for k, v in recorded.__dict__.items() if not k.startswith("_")})
        obj._state.adding = False

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """Procedure links are written by `record_decision`; nothing else is related."""

    def get_queryset(self, request: HttpRequest) -> QuerySet[Decision]:
        return super().get_queryset(request).prefetch_related("links__procedure")


@admin.register(Competence)
class CompetenceAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("version", "level", "body_kind", "holder", "agency", "signature", "legal_number", "sample")
    list_filter = ("level", "body_kind", "holder", "sample")
    search_fields = ("version__procedure__code", "version__name", "legal_number")
    list_select_related = ("version__procedure", "agency")
    raw_id_fields = ("version", "agency")

    @admin.display(description=_("Thể thức ký"))
    def signature(self, obj: Competence) -> str:
        return obj.signature_wording

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(DecisionProcedure)
class DecisionProcedureAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("decision", "procedure", "sample")
    list_filter = ("sample",)
    search_fields = ("decision__number", "procedure__code")
    list_select_related = ("decision", "procedure")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
