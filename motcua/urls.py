"""URL map: language-prefixed pages (/vi/, /en/), the API, health, admin."""

from __future__ import annotations

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from motcua.api.api import api
from motcua.core.permissions import public
from motcua.core.views import healthz

urlpatterns = [
    path("healthz", public("the database answers or not; no data")(healthz), name="healthz"),
    path("api/v1/", api.urls),
    path("i18n/setlang/", public("switching the page language")(set_language), name="set_language"),
]
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    # One line per app with pages.
    path("", include("motcua.web.urls")),
    path("thu-tuc/", include("motcua.catalog.urls")),
    path("tham-quyen/", include("motcua.authority.urls")),
    path("giam-sat/", include("motcua.oversight.urls")),
    path("lich-lam-viec/", include("motcua.workdays.urls")),
    path("chi-so/", include("motcua.metrics.urls")),
    path("", include("motcua.dossiers.urls")),  # ho-so/… and tra-cuu/
    prefix_default_language=True,
)
