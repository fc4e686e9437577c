"""The library of programme templates (项目模板库), kept by the platform and by each province.

Public schema: one table for the whole network. A template belongs to the
platform (``owner`` empty) or to a provincial committee; a committee sees the
platform's templates and those of its own province (``selectors``).
"""
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class ProgrammeKind(models.TextChoices):
    WORK_POINTS = "work_points", _("工作要点")
    CONSULTATION_PLAN = "consultation_plan", _("协商计划")
    BRAND = "brand", _("好品牌三年行动")
    CONSENSUS_ACTIONS = "consensus_actions", _("同心圆专项行动")
    GENERIC = "generic", _("其他项目")


class ProgrammeTemplate(models.Model):
    """A reusable programme: sections, items, yearly milestones and targets.

    ``structure`` is ``{"sections": [{"number", "heading", "items": [{"number",
    "title", "description", "lead_unit", "cooperating_units": [..],
    "milestones": [text for year 1, year 2, ...],
    "targets": [{"indicator", "unit", "values": [year 1, year 2, ...]}]}]}]}``;
    years are offsets from the period's first year, so one template serves any period.
    """

    owner = models.ForeignKey(
        "tenancy.Organisation", verbose_name=_("维护单位"), null=True, blank=True,
        on_delete=models.CASCADE, related_name="programme_templates",
        help_text=_("为空表示平台模板；否则为省级政协的模板。"),
    )
    kind = models.CharField(_("类型"), max_length=30, choices=ProgrammeKind.choices)
    title = models.CharField(_("名称"), max_length=200)
    description = models.TextField(_("说明"), blank=True)
    years = models.PositiveSmallIntegerField(_("周期（年）"), default=1)
    structure = models.JSONField(_("结构"), default=dict)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("项目模板")
        verbose_name_plural = _("项目模板")
        ordering = ["kind", "title", "id"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "title"], name="programme_template_unique_title"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.owner_id and self.owner.level != "province":
            raise ValidationError({"owner": _("只有平台或省级政协可以维护模板库。")})
        if not 1 <= (self.years or 0) <= 10:
            raise ValidationError({"years": _("周期应为 1 至 10 年。")})
        sections = (self.structure or {}).get("sections")
        if not isinstance(sections, list):
            raise ValidationError({"structure": _("结构应包含 sections 列表。")})
        for section in sections:
            for item in section.get("items", []):
                if not str(item.get("title", "")).strip():
                    raise ValidationError({"structure": _("每个事项都需要标题。")})
                for target in item.get("targets", []):
                    if len(target.get("values", [])) > self.years:
                        raise ValidationError(
                            {"structure": _("指标“%(name)s”的目标值年数超过模板周期。") % {"name": target.get("indicator")}}
                        )

    @property
    def item_count(self) -> int:
        return sum(len(s.get("items", [])) for s in (self.structure or {}).get("sections", []))
