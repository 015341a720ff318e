from django.contrib import admin

from motcua.geo.models import Commune, Province


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "division_type", "phone_code")
    search_fields = ("code", "name", "codename")
    list_filter = ("division_type",)


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "division_type", "province")
    search_fields = ("code", "name", "codename")
    list_filter = ("division_type", "province")
    list_select_related = ("province",)
