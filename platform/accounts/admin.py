from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from accounts.models import Membership, User
from roles.admin_sites import RoleModelAdmin, platform_admin_site


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(User, site=platform_admin_site)
class UserAdmin(RoleModelAdmin, DjangoUserAdmin):
    list_display = ("username", "display_name", "is_active", "last_login")
    search_fields = ("username", "display_name")
    fieldsets = DjangoUserAdmin.fieldsets[:1] + (("资料", {"fields": ("display_name", "email", "is_active")}),)
    inlines = [MembershipInline]


@admin.register(Membership, site=platform_admin_site)
class MembershipAdmin(RoleModelAdmin):
    list_display = ("user", "organisation", "role", "created_at")
    list_filter = ("role", "organisation__level")
    search_fields = ("user__username", "user__display_name", "organisation__name")
    autocomplete_fields = ["user", "organisation"]
