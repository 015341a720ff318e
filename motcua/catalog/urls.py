from django.urls import path

from motcua.catalog import views

app_name = "catalog"
urlpatterns = [
    path("", views.procedure_list, name="list"),
    path("nhap-xuat/", views.catalogue_exchange, name="exchange"),
    path("<str:code>/", views.procedure_detail, name="detail"),
]
