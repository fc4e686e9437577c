from django.contrib import admin

from roles.admin_sites import RecordInline, RecordModelAdmin, RoleModelAdmin, tenant_admin_site
from tenants.programmes.models import (
    Appraisal, Criterion, DutyRecord, DutyRule, Item, Milestone, MonthlyReport, Programme, ReportValue, Section,
    Target, UnitScore,
)


class SectionInline(RecordInline):
    model = Section


class MilestoneInline(RecordInline):
    model = Milestone


class TargetInline(RecordInline):
    model = Target


def _published(appraisal) -> bool:
    return appraisal is not None and appraisal.published_at is not None


class CriterionInline(admin.TabularInline):
    """A published appraisal's criteria are locked: shown, not changed (obj is the appraisal)."""

    model = Criterion
    extra = 0

    def has_add_permission(self, request, obj=None):
        return not _published(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not _published(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _published(obj) and super().has_delete_permission(request, obj)


class ReportValueInline(RecordInline):
    """A report's values are filed with it and reviewed with it."""

    model = ReportValue


@admin.register(Programme, site=tenant_admin_site)
class ProgrammeAdmin(RecordModelAdmin):
    """Shown for reference; plans are built and changed on the plan pages (services write the history).

    Nothing is added, changed or deleted here: deleting a programme here once took its items'
    monthly reports with it.
    """

    list_display = ("title", "kind", "start_year", "end_year")
    list_filter = ("kind",)
    search_fields = ("title",)
    inlines = [SectionInline]


@admin.register(Item, site=tenant_admin_site)
class ItemAdmin(RecordModelAdmin):
    """Shown for reference; items are edited, reordered and removed on the plan page."""

    list_display = ("number", "title", "programme", "lead_unit")
    list_filter = ("programme", "lead_unit")
    search_fields = ("title",)
    inlines = [MilestoneInline, TargetInline]


@admin.register(MonthlyReport, site=tenant_admin_site)
class MonthlyReportAdmin(RoleModelAdmin):
    """Shown for reference; a report is filed, returned and accepted only on the reporting pages.

    Its review (state, comment, reviewer), who filed it and its values are
    read-only here, and no report is added or deleted here: the review and its
    deadlines run through `programmes.services.reporting`.
    """

    list_display = ("item", "month", "status", "state", "filed_by_name")
    list_filter = ("state", "status")
    readonly_fields = ("state", "reviewer_comment", "reviewed_by_name", "reviewed_at",
                       "filed_by_id", "filed_by_name", "filed_at")
    inlines = [ReportValueInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Appraisal, site=tenant_admin_site)
class AppraisalAdmin(RoleModelAdmin):
    """Scores are entered on the appraisal pages; a published appraisal is read-only here too."""

    list_display = ("title", "year", "published_at")
    inlines = [CriterionInline]

    def has_change_permission(self, request, obj=None):
        return not _published(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _published(obj) and super().has_delete_permission(request, obj)


@admin.register(UnitScore, site=tenant_admin_site)
class UnitScoreAdmin(RoleModelAdmin):
    """A score of a published appraisal is read-only; new scores only for open appraisals."""

    list_display = ("criterion", "unit", "score")

    def has_change_permission(self, request, obj=None):
        return not (obj is not None and _published(obj.criterion.appraisal)) and super().has_change_permission(
            request, obj)

    def has_delete_permission(self, request, obj=None):
        return not (obj is not None and _published(obj.criterion.appraisal)) and super().has_delete_permission(
            request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "criterion":
            kwargs["queryset"] = Criterion.objects.filter(appraisal__published_at__isnull=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(DutyRecord, site=tenant_admin_site)
class DutyRecordAdmin(RoleModelAdmin):
    list_display = ("member", "date", "outcome", "share", "text", "item", "voided_at")
    list_filter = ("outcome",)
    readonly_fields = ("proposal", "opinion_report", "golden_idea", "voided_at")


@admin.register(DutyRule, site=tenant_admin_site)
class DutyRuleAdmin(RoleModelAdmin):
    """履职积分规则 (the page programmes:duty_rules edits them in one grid)."""

    list_display = ("outcome", "points", "cosigner_points", "updated_at")
    search_fields = ("text", "member__name")
