"""Social-conditions reports a committee forwarded (报送) to its province, in the public schema.

A committee keeps its reports in its own schema; when its office forwards a used report, the
committee's service pushes a copy here (``services.forwarded_push``: title, text, bulletin issue,
where it went, what came back from the national level). The provincial officer reads the
province's forwarded reports in one query and records the province's own adoption (省政协采用) on
the row; the committee reads that back from here (a tenant app may read shared, never the other way).
"""
from django.db import models
from django.utils.translation import gettext_lazy as _

from tenancy.models import Organisation


class ForwardedReport(models.Model):
    organisation = models.ForeignKey(Organisation, verbose_name=_("报送政协"), on_delete=models.CASCADE,
                                     related_name="forwarded_reports")
    report_id = models.BigIntegerField(_("本会编号"))
    title = models.CharField(_("标题"), max_length=200)
    text = models.TextField(_("正文"))
    author = models.CharField(_("报送者"), max_length=100, blank=True)
    bulletin = models.CharField(_("本会刊物期号"), max_length=60, blank=True)
    to_province = models.BooleanField(_("报送省政协"), default=False)
    to_national = models.BooleanField(_("报送全国政协"), default=False)
    forwarded_at = models.DateTimeField(_("报送时间"))
    forwarded_by_user_id = models.BigIntegerField(null=True, blank=True)
    national_adopted_on = models.DateField(_("全国政协采用日期"), null=True, blank=True)
    instructions = models.PositiveSmallIntegerField(_("批示数"), default=0)
    province_adopted_on = models.DateField(_("省政协采用日期"), null=True, blank=True)
    province_issue = models.CharField(_("省政协刊物期号"), max_length=50, blank=True)
    province_recorded_by_user_id = models.BigIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("报送的社情民意信息")
        verbose_name_plural = _("报送的社情民意信息")
        ordering = ["-forwarded_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["organisation", "report_id"],
                                               name="opinion_exchange_one_per_report")]

    def __str__(self) -> str:
        return self.title
