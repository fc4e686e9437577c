from django.contrib import admin

from roles.admin_sites import RoleModelAdmin, tenant_admin_site
from tenants.golden_ideas.models import Category, GoldenIdea, Review, Selection, StageChange


@admin.register(Category, site=tenant_admin_site)
class CategoryAdmin(RoleModelAdmin):
    list_display = ("name", "responsible", "order", "active")
    list_editable = ("order", "active")
    search_fields = ("name",)


@admin.register(Selection, site=tenant_admin_site)
class SelectionAdmin(RoleModelAdmin):
    list_display = ("year", "cap", "recommend_deadline", "shortlist_deadline", "approve_deadline", "plenary_on")


class ReviewInline(admin.TabularInline):
    model = Review
    extra = 0
    readonly_fields = ("reviewer_id", "reviewer_name", "political", "innovative", "effective", "opinion")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class StageChangeInline(admin.TabularInline):
    model = StageChange
    extra = 0
    readonly_fields = ("from_stage", "to_stage", "actor_name", "note", "at")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(GoldenIdea, site=tenant_admin_site)
class GoldenIdeaAdmin(RoleModelAdmin):
    """Corrections to a 申报表's text; the stage moves only through the board (its rules and history)."""

    list_display = ("title", "selection", "category", "unit", "stage")
    list_filter = ("selection", "category", "stage")
    search_fields = ("title", "applicant", "reason")
    readonly_fields = ("stage", "recommended_by_id")
    inlines = [ReviewInline, StageChangeInline]
