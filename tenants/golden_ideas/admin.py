from django.contrib import admin

from roles.admin_sites import RecordInline, RoleModelAdmin, tenant_admin_site
from tenants.golden_ideas.models import Category, GoldenIdea, Review, Selection, StageChange


@admin.register(Category, site=tenant_admin_site)
class CategoryAdmin(RoleModelAdmin):
    list_display = ("name", "responsible", "order", "active")
    list_editable = ("order", "active")
    search_fields = ("name",)


@admin.register(Selection, site=tenant_admin_site)
class SelectionAdmin(RoleModelAdmin):
    """A year's selection; one that holds ideas is never deleted (it would take their history with it)."""

    list_display = ("year", "cap", "recommend_deadline", "shortlist_deadline", "approve_deadline", "plenary_on")

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.ideas.exists():
            return False
        return super().has_delete_permission(request, obj)


class ReviewInline(RecordInline):
    model = Review


class StageChangeInline(RecordInline):
    model = StageChange


@admin.register(GoldenIdea, site=tenant_admin_site)
class GoldenIdeaAdmin(RoleModelAdmin):
    """Corrections to a 申报表's text only.

    An idea is recommended, shared, reviewed and advanced through the board
    (its rules, its stage history and the search index); it is never added or
    deleted here, and its stage and sharing are read-only.
    """

    list_display = ("title", "selection", "category", "unit", "stage")
    list_filter = ("selection", "category", "stage")
    search_fields = ("title", "applicant", "reason")
    readonly_fields = ("stage", "sharing", "recommended_by_id")
    inlines = [ReviewInline, StageChangeInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
