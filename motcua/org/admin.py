from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from motcua.org.models import Agency, ApiToken, Membership, User


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("identifier", "name", "level", "kind", "province", "official", "active")
    search_fields = ("identifier", "name", "name_en")
    list_filter = ("level", "kind", "official", "active", "province")
    list_select_related = ("province",)
    raw_id_fields = ("parent", "commune")


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ("agency",)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "full_name", "kind", "is_active", "is_staff")
    list_filter = ("kind", "is_active", "is_staff")
    search_fields = ("username", "full_name")
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (_("motcua"), {"fields": ("kind", "full_name", "id_number", "phone")}),
    )
    inlines = [MembershipInline]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "user", "name", "created_at", "expires_at", "revoked_at", "last_used_at")
    readonly_fields = ("prefix", "key_hash", "created_at", "last_used_at")
    search_fields = ("prefix", "user__username")
