"""Pages of the competence register: the look-up with its timeline ("who decides this in
Hưng Yên on 2025-07-15 / 2025-08-15?"), the register of decisions, one decision, its file.
Public: competence and the decisions that move it are published legal facts."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from motcua.authority import selectors
from motcua.authority.resolver import Resolution, parse_date, resolve
from motcua.core.errors import DomainError
from motcua.core.permissions import public
from motcua.geo import selectors as geo

MAX_DATES = 2
# Every page of this app is public on purpose: competence and the decisions that move it are
# published legal facts, and citizens need them to know where their dossier goes. Writes happen
# only in the admin (province administrators, system administrators).


@public("competence is a published legal fact citizens need")
def lookup(request: HttpRequest) -> HttpResponse:
    """Resolve a procedure in a province (and commune) on one or two dates, and show the
    timeline of who decided it there since its first version."""
    code = request.GET.get("procedure", "").strip()[:32]
    province_code = request.GET.get("province", "").strip()[:2]
    commune_code = request.GET.get("commune", "").strip()[:5]
    raw_dates = [d.strip()[:20] for d in request.GET.getlist("date") if d.strip()][:MAX_DATES]
    provinces = list(geo.province_list())
    province = next((p for p in provinces if p.code == province_code), None)
    communes = list(geo.commune_list(province=province)) if province else []
    context: dict[str, Any] = {
        "procedures": selectors.procedure_choices(),
        "provinces": provinces,
        "communes": communes,
        "q": {"procedure": code, "province": province_code, "commune": commune_code, "dates": raw_dates},
        "answers": [],
        "segments": [],
        "error": "",
    }
    status = 200
    if code and province_code:
        try:
            days = [parse_date(d) for d in raw_dates] or [parse_date(None)]
            answers: list[tuple[datetime.date, Resolution]] = [
                (day, resolve(code, province_code, commune_code or None, day)) for day in days
            ]
            context["answers"] = answers
            procedure = selectors.procedure_by_code(code)
            commune = next((c for c in communes if c.code == commune_code), None)
            if procedure is not None and province is not None:
                context["segments"] = selectors.timeline(procedure, province, commune)
        except DomainError as exc:
            context["error"] = str(exc.message)
            status = exc.status
    template = "authority/_answers.html" if request.htmx else "authority/lookup.html"  # type: ignore[attr-defined]
    return render(request, template, context, status=status)


@public("the list of communes of a province: published geography")
def communes(request: HttpRequest) -> HttpResponse:
    """The commune options of a province (htmx fragment for the look-up form)."""
    province = geo.province_get(request.GET.get("province", "").strip()[:2])
    items = list(geo.commune_list(province=province)) if province else []
    return render(request, "authority/_communes.html", {"communes": items, "selected": ""})


@public("delegation decisions are published acts")
def decision_list(request: HttpRequest) -> HttpResponse:
    province_code = request.GET.get("province", "").strip()[:2]
    provinces = list(geo.province_list())
    province = next((p for p in provinces if p.code == province_code), None)
    if province_code and province is None:
        raise Http404(_("Không có tỉnh, thành phố này."))
    decisions = list(selectors.decision_list(province=province_code or None).order_by("-issued_on", "-pk")[:500])
    return render(
        request,
        "authority/decision_list.html",
        {"decisions": decisions, "provinces": provinces, "province": province},
    )


@public("a published delegation decision")
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    decision = selectors.decision_get(pk)
    if decision is None:
        raise Http404(_("Không có quyết định này."))
    return render(
        request,
        "authority/decision_detail.html",
        {
            "decision": decision,
            "links": list(decision.links.all()),
            "successors": list(decision.successors.order_by("valid_from")),
        },
    )


@public("the signed file of a published decision")
def decision_file(request: HttpRequest, pk: int) -> FileResponse:
    decision = selectors.decision_get(pk)
    if decision is None or not decision.signed_file:
        raise Http404(_("Không có văn bản đã ký."))
    return FileResponse(
        decision.signed_file.open("rb"),
        as_attachment=False,
        filename=f"{decision.number.replace('/', '-')}.pdf",
        content_type="application/pdf",
    )
