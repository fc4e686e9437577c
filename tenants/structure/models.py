"""A committee's own structure: units (委室), leaders, members (委员) and sectors (界别).

These tables live in each committee's schema: rows carry no organisation
column because the schema is the organisation.
"""
from django.db import models
from django.utils.translation import gettext_lazy as _


class Sector(models.Model):
    """界别: a member's constituency."""

    name = models.CharField(_("名称"), max_length=50, unique=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("界别")
        verbose_name_plural = _("界别")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """委(室): an internal committee or office."""

    class Kind(models.TextChoices):
        OFFICE = "office", _("办公室")
        COMMITTEE = "committee", _("专门委员会")
        OTHER = "other", _("其他")

    name = models.CharField(_("名称"), max_length=50, unique=True)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.COMMITTEE)
    duties = models.TextField(_("职责"), blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("委室")
        verbose_name_plural = _("委室")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Leader(models.Model):
    """主席会议成员: the chair, vice-chairs and secretary-general; each oversees some units."""

    class Title(models.TextChoices):
        CHAIR = "chair", _("主席")
        VICE_CHAIR = "vice_chair", _("副主席")
        SECRETARY_GENERAL = "secretary_general", _("秘书长")

    name = models.CharField(_("姓名"), max_length=30)
    title = models.CharField(_("职务"), max_length=20, choices=Title.choices)
    units = models.ManyToManyField(Unit, verbose_name=_("分管委室"), blank=True, related_name="leaders")
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("主席会议成员")
        verbose_name_plural = _("主席会议成员")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"{self.get_title_display()} {self.name}"


class Member(models.Model):
    """委员: a committee member."""

    name = models.CharField(_("姓名"), max_length=30)
    sector = models.ForeignKey(Sector, verbose_name=_("界别"), on_delete=models.PROTECT, related_name="members")
    unit = models.ForeignKey(
        Unit, verbose_name=_("联系委室"), null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    affiliation = models.CharField(_("工作单位及职务"), max_length=100, blank=True)
    is_standing = models.BooleanField(_("常委"), default=False)
    phone = models.CharField(_("电话"), max_length=20, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    user_id = models.BigIntegerField(_("平台账号"), null=True, blank=True, help_text=_("平台账号的编号（公共模式）"))

    class Meta:
        verbose_name = _("委员")
        verbose_name_plural = _("委员")
        ordering = ["sector__order", "name"]

    def __str__(self) -> str:
        return self.name
