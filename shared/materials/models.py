"""Exchange materials (经验交流发言), the occasions they were given at, and compilations (汇编).

Everything lives in the public schema so the network can search it in one
query. Rows belonging to a committee carry its `Organisation`; selectors and
services filter on the committee whose host is active (`organisation_current()`).
"""
from __future__ import annotations

import os
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class SharedMediaStorage(FileSystemStorage):
    """Files of shared (public-schema) rows: one place, whatever host reads them.

    The project's default storage is django-tenants' per-schema storage, which
    resolves a name against the *reading* committee's folder; a material shared
    with the province is read from other committees' hosts, so its file sits in
    MEDIA_ROOT/shared/ under a folder named after the owner committee. Files are
    never served from MEDIA_URL: the download view checks visibility first.
    """

    @property
    def base_location(self):
        return os.path.join(settings.MEDIA_ROOT, "shared")

    @property
    def location(self):
        return os.path.abspath(self.base_location)


def shared_media_storage() -> SharedMediaStorage:
    return SharedMediaStorage()


def material_file_path(material: "Material", filename: str) -> str:
    extension = os.path.splitext(filename)[1].lower()[:10]
    return f"materials/{material.keeper.schema_name}/{uuid.uuid4().hex}{extension}"


def compilation_file_path(compilation: "Compilation", filename: str) -> str:
    extension = os.path.splitext(filename)[1].lower()[:10]
    return f"compilations/{compilation.organisation.schema_name}/{uuid.uuid4().hex}{extension}"


class Visibility(models.TextChoices):
    DRAFT = "draft", _("草稿（仅本会可见）")
    PROVINCE = "province", _("全省交流")
    PLATFORM = "platform", _("全平台交流")


class Credit(models.TextChoices):
    """Whether the committee a material is credited to (`Material.organisation`) agreed to it."""

    OWN = "own", _("本会材料")          # credited to the committee that uploaded it
    PENDING = "pending", _("待确认")    # credited to another committee, which has not answered
    ACCEPTED = "accepted", _("已确认")
    REJECTED = "rejected", _("已拒绝")


class Theme(models.Model):
    """A theme tag: the provincial list (`is_listed`) of one province, or a free tag."""

    name = models.CharField(_("主题"), max_length=30)
    province = models.ForeignKey(
        "tenancy.Organisation", verbose_name=_("所属省"), on_delete=models.CASCADE,
        related_name="material_themes",
    )
    is_listed = models.BooleanField(_("省定主题"), default=False)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("主题")
        verbose_name_plural = _("主题")
        ordering = ["-is_listed", "order", "name"]
        constraints = [models.UniqueConstraint(fields=["province", "name"], name="materials_theme_unique")]

    def __str__(self) -> str:
        return self.name


class Occasion(models.Model):
    """An exchange meeting (交流会 / 研讨班) where materials were presented."""

    name = models.CharField(_("会议名称"), max_length=120)
    held_on = models.DateField(_("日期"))
    host = models.ForeignKey(
        "tenancy.Organisation", verbose_name=_("主办单位"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="occasions_hosted",
    )

    class Meta:
        verbose_name = _("交流会")
        verbose_name_plural = _("交流会")
        ordering = ["-held_on", "name"]
        constraints = [models.UniqueConstraint(fields=["name", "held_on"], name="materials_occasion_unique")]

    def __str__(self) -> str:
        return f"{self.name}（{self.held_on:%Y-%m-%d}）"


class Material(models.Model):
    """A speech or write-up shared with the network.

    Two committees may be named: the keeper (保管单位) uploaded it and always
    keeps it; `organisation` is the committee it is credited to (撰写单位). A
    credit to another committee (a compilation's speech) is `Credit.PENDING`
    until that committee accepts or rejects it: until it accepts, the material
    is shown, searched and edited as the keeper's (`shown_organisation`); once
    it accepts, it is shown as the credited committee's, which may edit it too.
    """

    title = models.CharField(_("标题"), max_length=200)
    organisation = models.ForeignKey(
        "tenancy.Organisation", verbose_name=_("撰写单位"), on_delete=models.PROTECT,
        related_name="materials",
    )
    # The committee that uploaded the material and may change it: the writer,
    # or the committee that imported it from a compilation.
    keeper = models.ForeignKey(
        "tenancy.Organisation", verbose_name=_("上传单位"), on_delete=models.PROTECT,
        related_name="materials_kept",
    )
    credit = models.CharField(_("署名确认"), max_length=10, choices=Credit.choices, default=Credit.OWN)
    credit_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("署名确认人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    credit_decided_at = models.DateTimeField(_("署名确认时间"), null=True, blank=True)
    author = models.CharField(_("署名"), max_length=120, blank=True)
    # Written by an organisation outside the platform (a university, another province's
    # committee that is not on it): its name and region as printed. `organisation` is
    # then the keeper (the material is shown and searched under the outside name, kept
    # and edited by its uploader); no committee answers for such a credit.
    outside_organisation = models.CharField(_("外部撰写单位"), max_length=120, blank=True)
    outside_region = models.CharField(_("外部单位所在地区"), max_length=60, blank=True)
    # When the document was written or given: the occasion's date, else a date line of
    # the text (shared.materials.dates), else what the uploader entered. None: unknown
    # (the upload date is then the one shown and sorted by).
    document_date = models.DateField(_("成文日期"), null=True, blank=True)
    occasion = models.ForeignKey(
        Occasion, verbose_name=_("交流会"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="materials",
    )
    themes = models.ManyToManyField(Theme, verbose_name=_("主题"), blank=True, related_name="materials")
    body = models.TextField(_("正文"))
    file = models.FileField(
        _("原始文件"), upload_to=material_file_path, storage=shared_media_storage,
        blank=True, max_length=200,
    )
    file_name = models.CharField(_("原始文件名"), max_length=200, blank=True)
    # SHA-256 of the uploaded file (of the text when none): recognises a retried upload.
    content_sha256 = models.CharField(_("内容摘要"), max_length=64, blank=True)
    visibility = models.CharField(
        _("公开范围"), max_length=10, choices=Visibility.choices, default=Visibility.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("交流材料")
        verbose_name_plural = _("交流材料")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["visibility", "organisation"], name="materials_vis_org"),
            models.Index(fields=["keeper", "content_sha256"], name="materials_keeper_content"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(keeper=F("organisation")) & Q(credit="own"))
                | (~Q(keeper=F("organisation")) & Q(credit__in=["pending", "accepted", "rejected"])),
                name="materials_credit_matches_keeper",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def credited_elsewhere(self) -> bool:
        """Whether the material is credited to a committee other than the one that uploaded it."""
        return self.keeper_id != self.organisation_id

    def is_held_by(self, organisation_id: int) -> bool:
        """Whether that committee may change the material: it uploaded it, or it is the
        credited committee and accepted the credit. Only the uploader deletes it."""
        return organisation_id == self.keeper_id or (
            organisation_id == self.organisation_id and self.credit == Credit.ACCEPTED)

    @property
    def printed_organisation(self):
        """The committee a compilation prints the material under: the one it is credited to
        (as the volume printed it), unless that committee rejected the credit."""
        return self.keeper if self.credit == Credit.REJECTED else self.organisation

    @property
    def shown_organisation(self):
        """The committee the material is shown and searched under: the credited one once it
        accepted (or when it uploaded the material itself), else the uploader."""
        return self.organisation if self.credit in (Credit.OWN, Credit.ACCEPTED) else self.keeper

    def clean(self) -> None:
        if not self.title.strip():
            raise ValidationError({"title": _("请填写标题。")})
        if not self.body.strip():
            raise ValidationError({"body": _("正文不能为空。")})
        if (
            self.visibility == Visibility.DRAFT
            and self.keeper_id and self.organisation_id and self.keeper_id != self.organisation_id
        ):
            raise ValidationError({"visibility": _("由汇编导入、署名其他单位的材料只能公开交流，不能设为草稿。")})
        self.outside_organisation = " ".join(self.outside_organisation.split())
        self.outside_region = " ".join(self.outside_region.split())
        if self.outside_region and not self.outside_organisation:
            raise ValidationError({"outside_organisation": _("填写了外部单位所在地区，请同时填写外部单位名称。")})
        if (
            self.visibility != Visibility.PLATFORM and self.keeper_id and self.organisation_id
            and self.keeper_id != self.organisation_id
            and self.keeper.province_id != self.organisation.province_id
        ):
            raise ValidationError({"visibility": _("署名其他省政协的材料须选择“全平台交流”，两省才都能看到。")})
        if self.outside_organisation and self.keeper_id and self.organisation_id != self.keeper_id:
            raise ValidationError({"outside_organisation": _("署名其他政协的材料不能同时署名外部单位。")})

    @property
    def published_on(self):
        """The date the material is dated, sorted and faceted by: its document date, else
        its occasion's, else the upload date."""
        if self.document_date:
            return self.document_date
        if self.occasion_id:
            return self.occasion.held_on
        return self.created_at.date() if self.created_at else None

    @property
    def credited_outside(self) -> bool:
        """Whether the material is credited to an organisation outside the platform."""
        return bool(self.outside_organisation)

    @property
    def shown_organisation_name(self) -> str:
        """The name the material is shown and searched under: the outside organisation's
        (with its region), else the committee's of `shown_organisation`."""
        if self.outside_organisation:
            return self.outside_organisation
        return self.shown_organisation.name


class Compilation(models.Model):
    """A volume (汇编) of materials in order: imported from a file, or built here."""

    title = models.CharField(_("汇编名称"), max_length=200)
    organisation = models.ForeignKey(
        "tenancy.Organisation", verbose_name=_("编印单位"), on_delete=models.PROTECT,
        related_name="compilations",
    )
    occasion = models.ForeignKey(
        Occasion, verbose_name=_("交流会"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="compilations",
    )
    materials = models.ManyToManyField(Material, through="CompilationEntry", related_name="compilations")
    file = models.FileField(
        _("原始文件"), upload_to=compilation_file_path, storage=shared_media_storage,
        blank=True, max_length=200,
    )
    file_name = models.CharField(_("原始文件名"), max_length=200, blank=True)
    content_sha256 = models.CharField(_("内容摘要"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("汇编")
        verbose_name_plural = _("汇编")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class CompilationEntry(models.Model):
    compilation = models.ForeignKey(Compilation, on_delete=models.CASCADE, related_name="entries")
    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["compilation", "position"], name="materials_entry_position"),
            models.UniqueConstraint(fields=["compilation", "material"], name="materials_entry_material"),
        ]
