"""The tenant registry: every CPPCC committee is an Organisation with its own schema."""
from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin


class Level(models.TextChoices):
    PLATFORM = "platform", _("平台")
    PROVINCE = "province", _("省级")
    CITY = "city", _("市级")
    COUNTY = "county", _("县级")


# The level a parent must have for each level of child.
PARENT_LEVEL = {Level.PROVINCE: None, Level.CITY: Level.PROVINCE, Level.COUNTY: Level.CITY}

region_code_validator = RegexValidator(
    r"^[1-9]\d{5}$", _("行政区划代码应为 6 位数字（GB/T 2260），例如 512000。")
)
# The slug is both the schema name and the first label of the host name, so it
# must be a valid DNS label too: no underscore.
SLUG_PATTERN = r"^[a-z][a-z0-9]{1,40}$"
SLUG_MESSAGE = _("标识只能用小写字母和数字，以字母开头，2 至 41 个字符（用于网址，如 ziyang）。")
slug_validator = RegexValidator(SLUG_PATTERN, SLUG_MESSAGE)


class Organisation(TenantMixin):
    """A CPPCC committee (政协). The public-schema row of level `platform` is the platform itself."""

    name = models.CharField(_("名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=30)
    level = models.CharField(_("层级"), max_length=10, choices=Level.choices)
    region_code = models.CharField(
        _("行政区划代码"), max_length=6, unique=True, validators=[region_code_validator]
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("上级"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )
    province = models.ForeignKey(
        "self", verbose_name=_("所属省"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="network",
        help_text=_("省级组织指向自身；由开通服务填写。"),
    )
    population = models.PositiveIntegerField(_("常住人口"), null=True, blank=True)
    created_at = models.DateTimeField(_("开通时间"), auto_now_add=True)

    # Schemas are made by tenancy.provisioning (a replayed template), never by save().
    auto_create_schema = False
    auto_drop_schema = False

    class Meta:
        verbose_name = _("政协组织")
        verbose_name_plural = _("政协组织")
        ordering = ["region_code"]

    def __str__(self) -> str:
        return self.name

    @property
    def slug(self) -> str:
        return self.schema_name

    @property
    def is_platform(self) -> bool:
        return self.level == Level.PLATFORM


class Domain(DomainMixin):
    class Meta:
        verbose_name = _("域名")
        verbose_name_plural = _("域名")


class SchemaTemplate(models.Model):
    """The DDL that makes an empty tenant schema, recorded once per migration state.

    Provisioning replays it in one transaction instead of running every
    migration again (see tenancy.provisioning).
    """

    fingerprint = models.CharField(max_length=64, unique=True)
    statements = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("租户模式模板")
        verbose_name_plural = _("租户模式模板")
