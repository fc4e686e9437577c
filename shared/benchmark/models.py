"""比学赶超: the indicator catalogue, reported values, periods, publications and peer groups.

Every row lives in the public schema, so a cross-tenant question (a league
table of a peer group) is one SQL query. Rows that belong to one committee
carry `organisation`; selectors filter them by the requesting committee and
its province (see selectors.viewer_get), callers never pick a tenant.
"""
from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tenancy.models import Organisation


class Direction(models.TextChoices):
    HIGHER = "higher", _("越高越好")
    LOWER = "lower", _("越低越好")


class AppliesTo(models.TextChoices):
    CITY = "city", _("市级")
    COUNTY = "county", _("县级")
    BOTH = "both", _("市级和县级")


class Collection(models.TextChoices):
    REPORTED = "reported", _("由政协填报")
    COMPUTED = "computed", _("由平台数据计算")


class Basis(models.TextChoices):
    ABSOLUTE = "absolute", _("绝对数")
    PER_MEMBER = "per_member", _("人均（每名委员）")
    PER_10K_RESIDENTS = "per_10k", _("每万常住人口")
    RATE = "rate", _("比率（%）")


class ValueType(models.TextChoices):
    COUNT = "count", _("计数（非负整数）")
    NUMBER = "number", _("数值（非负）")
    PERCENT = "percent", _("百分比（0–100）")


class Indicator(models.Model):
    """指标: one measurable quantity of the catalogue of a province (or platform-wide when province is empty)."""

    province = models.ForeignKey(
        Organisation, verbose_name=_("所属省"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="benchmark_indicators", help_text=_("留空表示全平台通用指标。"),
    )
    code = models.SlugField(_("代码"), max_length=40)
    name = models.CharField(_("名称"), max_length=60)
    definition = models.TextField(_("定义"), blank=True)
    unit = models.CharField(_("单位"), max_length=20)
    value_type = models.CharField(_("数值类型"), max_length=10, choices=ValueType.choices, default=ValueType.COUNT)
    direction = models.CharField(_("方向"), max_length=10, choices=Direction.choices, default=Direction.HIGHER)
    applies_to = models.CharField(_("适用层级"), max_length=10, choices=AppliesTo.choices, default=AppliesTo.BOTH)
    collection = models.CharField(_("采集方式"), max_length=10, choices=Collection.choices, default=Collection.REPORTED)
    #: the registered source (``computed.ComputedSource.code``) a computed indicator takes its values from
    computed_source = models.CharField(
        _("计算来源"), max_length=40, blank=True,
        help_text=_("由平台数据计算的指标从哪项数据取值；使用该功能的政协每期自动报送，未使用的仍手工填报。"),
    )
    basis = models.CharField(_("标准化基数"), max_length=12, choices=Basis.choices, default=Basis.ABSOLUTE)
    weight = models.FloatField(_("权重"), default=1.0, validators=[MinValueValidator(0.0)])
    min_value = models.DecimalField(
        _("下限"), max_digits=16, decimal_places=4, null=True, blank=True,
        help_text=_("填报值不能小于此数；留空表示不限（负数始终不允许）。"),
    )
    max_value = models.DecimalField(
        _("上限"), max_digits=16, decimal_places=4, null=True, blank=True,
        help_text=_("填报值不能大于此数；留空表示不限（百分比不超过 100）。"),
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)
    search_terms = models.CharField(
        _("检索词"), max_length=100, blank=True,
        help_text=_("赶超页据此推荐领先单位的交流材料（主题或正文含其中任一词的优先）；多个词用空格或顿号分隔。"),
    )

    class Meta:
        verbose_name = _("指标")
        verbose_name_plural = _("指标")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["province", "code"], name="benchmark_indicator_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.unit}）"

    @property
    def higher_is_better(self) -> bool:
        return self.direction == Direction.HIGHER

    def clean(self) -> None:
        errors = {}
        if self.basis == Basis.RATE and self.value_type != ValueType.PERCENT:
            errors["value_type"] = [_("比率指标的数值类型应为百分比。")]
        if self.min_value is not None and self.min_value < 0:
            errors["min_value"] = [_("下限不能为负数。")]
        if self.max_value is not None and self.max_value < 0:
            errors["max_value"] = [_("上限不能为负数。")]
        if self.value_type == ValueType.PERCENT and self.max_value is not None and self.max_value > 100:
            errors["max_value"] = [_("百分比指标的上限不能超过 100。")]
        if self.min_value is not None and self.max_value is not None and self.min_value > self.max_value:
            errors["max_value"] = [_("上限不能小于下限。")]
        if self.computed_source:
            from .computed import computed_source_get

            source = computed_source_get(self.computed_source)
            if self.collection != Collection.COMPUTED:
                errors["computed_source"] = [_("只有“由平台数据计算”的指标才能选择计算来源。")]
            elif source is None:
                errors["computed_source"] = [_("没有这个计算来源。")]
            elif source.value_type != self.value_type:
                errors["value_type"] = [_("数值类型应与计算来源一致（%(type)s）。")
                                        % {"type": ValueType(source.value_type).label}]
        if errors:
            raise ValidationError(errors)


class PeriodKind(models.TextChoices):
    YEAR = "year", _("年度")
    QUARTER = "quarter", _("季度")


class Period(models.Model):
    """A reporting period of the whole network: a year, or a quarter of a year."""

    kind = models.CharField(_("类型"), max_length=10, choices=PeriodKind.choices)
    year = models.PositiveSmallIntegerField(_("年份"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    quarter = models.PositiveSmallIntegerField(
        _("季度"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )

    class Meta:
        verbose_name = _("统计期")
        verbose_name_plural = _("统计期")
        ordering = ["-year", "kind", "-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "year", "quarter"], name="benchmark_period_unique"),
            models.UniqueConstraint(
                fields=["year"], condition=Q(kind="year"), name="benchmark_period_unique_year"
            ),
            models.CheckConstraint(
                condition=(Q(kind="year", quarter__isnull=True) | Q(kind="quarter", quarter__isnull=False)),
                name="benchmark_period_quarter_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The period as people write it in the current language: 2025年第4季度 / Q4 2025."""
        if self.kind == PeriodKind.YEAR:
            return _("%(year)s年") % {"year": self.year}
        return _("%(year)s年第%(quarter)s季度") % {"year": self.year, "quarter": self.quarter}

    @property
    def sort_key(self) -> tuple[int, int]:
        return (self.year, self.quarter or 0)

    def previous_key(self) -> tuple[str, int, int | None]:
        """(kind, year, quarter) of the period just before this one, of the same kind."""
        if self.kind == PeriodKind.YEAR:
            return (PeriodKind.YEAR, self.year - 1, None)
        if self.quarter == 1:
            return (PeriodKind.QUARTER, self.year - 1, 4)
        return (PeriodKind.QUARTER, self.year, self.quarter - 1)

    def year_ago_key(self) -> tuple[str, int, int | None]:
        return (self.kind, self.year - 1, self.quarter)


class ValueStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已报送")
    ACCEPTED = "accepted", _("已采纳")
    RETURNED = "returned", _("已退回")


class ReportedValue(models.Model):
    """The value a committee reports for one indicator and period (current version; history in ReportedValueVersion)."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("政协组织"), on_delete=models.CASCADE, related_name="benchmark_values"
    )
    indicator = models.ForeignKey(Indicator, verbose_name=_("指标"), on_delete=models.CASCADE, related_name="values")
    period = models.ForeignKey(Period, verbose_name=_("统计期"), on_delete=models.CASCADE, related_name="values")
    value = models.DecimalField(_("数值"), max_digits=16, decimal_places=4)
    comment = models.TextField(_("说明"), blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=ValueStatus.choices, default=ValueStatus.DRAFT)
    version = models.PositiveIntegerField(_("版本"), default=1)
    review_note = models.TextField(_("审核意见"), blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    #: set when the platform computed the value from the committee's own data (then nobody types it)
    computed_at = models.DateTimeField(_("计算时间"), null=True, blank=True)
    #: how many rows (proposals, ratings, reports) the computed value came from
    computed_rows = models.PositiveIntegerField(_("计算依据条数"), null=True, blank=True)

    class Meta:
        verbose_name = _("填报数值")
        verbose_name_plural = _("填报数值")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "indicator", "period"], name="benchmark_value_unique_cell"
            ),
        ]
        indexes = [models.Index(fields=["period", "status"], name="benchmark_value_period_status")]

    def __str__(self) -> str:
        return f"{self.organisation_id} · {self.indicator_id} · {self.period_id}: {self.value}"

    @property
    def is_computed(self) -> bool:
        return self.computed_at is not None

    @property
    def rows_url(self) -> str | None:
        """The committee's page of the rows a computed value came from (on its own site)."""
        if self.computed_at is None or not self.indicator.computed_source:
            return None
        from .computed import computed_rows_url

        return computed_rows_url(self.indicator.computed_source, self.period_id)


class ReportedValueVersion(models.Model):
    """Every version a value has had (what changed, who did it, and the status it got)."""

    reported_value = models.ForeignKey(ReportedValue, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField(_("版本"))
    value = models.DecimalField(_("数值"), max_digits=16, decimal_places=4)
    comment = models.TextField(_("说明"), blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=ValueStatus.choices)
    note = models.TextField(_("审核意见"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(_("时间"), auto_now_add=True)
    #: the version was computed by the platform (changed_by is then empty)
    computed = models.BooleanField(_("平台计算"), default=False)

    class Meta:
        verbose_name = _("数值版本")
        verbose_name_plural = _("数值版本")
        ordering = ["reported_value", "id"]


class PeriodPublication(models.Model):
    """A province publishes a period: from then on its peers see the league tables, computed as `method` says."""

    province = models.ForeignKey(
        Organisation, verbose_name=_("省"), on_delete=models.CASCADE, related_name="benchmark_publications"
    )
    period = models.ForeignKey(Period, verbose_name=_("统计期"), on_delete=models.CASCADE, related_name="publications")
    published_at = models.DateTimeField(_("发布时间"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    method = models.JSONField(_("方法说明"))
    #: the publication version: 1 when published, one more each time an accepted correction republishes it
    version = models.PositiveIntegerField(_("发布版本"), default=1)

    class Meta:
        verbose_name = _("发布记录")
        verbose_name_plural = _("发布记录")
        ordering = ["-published_at"]
        constraints = [
            models.UniqueConstraint(fields=["province", "period"], name="benchmark_publication_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.province_id} · {self.period}"


class PublicationVersion(models.Model):
    """One version of a published period: when, by whom, and which values changed since the version before.

    Version 1 is the publication itself; each correction accepted after it adds
    one. The method and the indicator weights stay those of the publication
    (PeriodPublication.method): a later change of the catalogue never rewrites
    a published period.
    """

    publication = models.ForeignKey(PeriodPublication, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField(_("发布版本"))
    published_at = models.DateTimeField(_("发布时间"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: [{"organisation", "indicator", "unit", "before", "after", "value_id", "value_version"}, ...]
    changes = models.JSONField(_("变更内容"), default=list, blank=True)

    class Meta:
        verbose_name = _("发布版本")
        verbose_name_plural = _("发布版本")
        ordering = ["publication", "version"]
        constraints = [
            models.UniqueConstraint(fields=["publication", "version"], name="benchmark_publication_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.publication_id} · v{self.version}"


class PeerGroupKind(models.TextChoices):
    CITIES = "cities", _("全省市（州）")
    COUNTIES = "counties", _("全省县（市、区）")
    CUSTOM = "custom", _("自定义")


class PeerGroup(models.Model):
    """A set of committees compared with each other; the province's cities and counties are standard groups."""

    province = models.ForeignKey(
        Organisation, verbose_name=_("省"), on_delete=models.CASCADE, related_name="benchmark_peer_groups"
    )
    kind = models.CharField(_("类型"), max_length=10, choices=PeerGroupKind.choices)
    name = models.CharField(_("名称"), max_length=60)
    members = models.ManyToManyField(
        Organisation, verbose_name=_("成员"), blank=True, related_name="benchmark_custom_groups",
        help_text=_("仅自定义分组使用；标准分组按层级自动确定。"),
    )

    class Meta:
        verbose_name = _("对标分组")
        verbose_name_plural = _("对标分组")
        ordering = ["province", "kind", "id"]
        constraints = [
            models.UniqueConstraint(fields=["province", "name"], name="benchmark_peer_group_unique_name"),
            models.UniqueConstraint(
                fields=["province", "kind"], condition=~Q(kind="custom"), name="benchmark_peer_group_one_standard"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CommitteeProfile(models.Model):
    """Figures of a committee used for per-member values and similar committees (members are counted in its schema)."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="benchmark_profile"
    )
    member_count = models.PositiveIntegerField(_("委员人数"), default=0)
    refreshed_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("组织概况")
        verbose_name_plural = _("组织概况")
