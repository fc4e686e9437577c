"""Figures each committee pushes about itself, read by its province's network view (驾驶舱).

Shared code never reads a tenant schema: a committee's own services (and a
nightly safety-net task in its schema) recompute these figures and store them
here through ``shared.network.services.status_set``. One row per committee,
so the province's page is one query however many committees it has.
"""
from django.db import models
from django.utils.translation import gettext_lazy as _

from tenancy.models import Organisation


class CommitteeStatus(models.Model):
    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="network_status")
    year = models.PositiveSmallIntegerField(_("年度"))
    items = models.PositiveIntegerField(_("事项数"), default=0)
    items_with_targets = models.PositiveIntegerField(_("有目标的事项"), default=0)
    #: mean over the items with targets of their share of target reached, in percent; None without such items
    plan_completion = models.DecimalField(_("计划完成率"), max_digits=5, decimal_places=1, null=True, blank=True)
    reports_due = models.PositiveIntegerField(_("应报月报"), default=0)
    reports_on_time = models.PositiveIntegerField(_("按时报送"), default=0)
    reports_late = models.PositiveIntegerField(_("逾期报送"), default=0)
    reports_overdue = models.PositiveIntegerField(_("逾期未报"), default=0)
    ideas_recommended = models.PositiveIntegerField(_("金点子·推荐"), default=0)
    ideas_shortlisted = models.PositiveIntegerField(_("金点子·初选"), default=0)
    ideas_approved = models.PositiveIntegerField(_("金点子·审定"), default=0)
    ideas_commended = models.PositiveIntegerField(_("金点子·表扬"), default=0)
    ideas_rejected = models.PositiveIntegerField(_("金点子·未入选"), default=0)
    refreshed_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("政协工作状态")
        verbose_name_plural = _("政协工作状态")

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.year}"
