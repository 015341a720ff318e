"""Dashboard pages, included at /vi/chi-so/ and /en/chi-so/."""

from django.urls import path

from motcua.metrics import views

app_name = "metrics"
urlpatterns = [
    path("", views.national, name="national"),
    path("tinh/<str:province_code>/", views.province, name="province"),
    path("xa/<str:commune_code>/", views.commune, name="commune"),
    path("chi-tieu/<str:code>/", views.indicator_lost, name="lost"),
    path("tai-ve/chi-so.<str:fmt>", views.index_download, name="index_download"),
    path("tai-ve/bao-cao.<str:fmt>", views.report_download, name="report_download"),
]
