"""Public pages of the foundation: provinces, a province's communes and agencies, address conversion."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from motcua.core.permissions import public
from motcua.geo import selectors as geo
from motcua.geo.convert import MAX_ADDRESS_LENGTH
from motcua.org import selectors as org


@public("the 34 provinces and the way in")
def home(request: HttpRequest) -> HttpResponse:
    provinces = list(geo.province_list())
    return render(
        request,
        "web/home.html",
        {"provinces": provinces, "commune_total": sum(p.commune_count for p in provinces)},  # type: ignore[attr-defined]
    )


@public("a province and its communes: published geography")
def province_detail(request: HttpRequest, code: str) -> HttpResponse:
    province = geo.province_get(code)
    if province is None:
        raise Http404(_("Không có tỉnh, thành phố này."))
    communes = list(geo.commune_list(province=province))
    agencies = org.agency_list(province=province.code).filter(level="province")
    return render(request, "web/province.html", {"province": province, "communes": communes, "agencies": agencies})


@public("old to new address conversion on published tables")
def address_convert(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    result = None
    error = ""
    if len(query) > MAX_ADDRESS_LENGTH:
        error = _("Địa chỉ dài quá %(n)d ký tự.") % {"n": MAX_ADDRESS_LENGTH}
    elif query:
        result = geo.address_convert(query)
    template = "web/_conversion.html" if request.htmx else "web/address_convert.html"  # type: ignore[attr-defined]
    return render(request, template, {"q": query, "result": result, "error": error})
