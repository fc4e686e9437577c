"""Writes on the tenant registry."""
from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_tenants.utils import schema_exists

from tenancy.models import PARENT_LEVEL, Domain, Level, Organisation, slug_validator
from tenancy.provisioning import schema_create_from_template


def organisation_domain_name(slug: str) -> str:
    return f"{slug}.{settings.BASE_DOMAIN}"


def _province_of(parent: Organisation | None, level: str) -> Organisation | None:
    if level == Level.PROVINCE:
        return None  # set to itself once saved
    return parent.province if parent else None


@transaction.atomic
def organisation_create(
    *,
    name: str,
    short_name: str,
    level: str,
    region_code: str,
    slug: str,
    parent: Organisation | None = None,
    population: int | None = None,
    actor=None,
) -> Organisation:
    """Create a committee and make it ready to use: its row, its host name and its schema.

    Side effects: one Organisation row, one Domain row, one schema replayed from
    the template (tenancy.provisioning), one audit event. All or nothing: any
    error rolls back.
    `actor` is checked against the policy when given (console and API pass it).
    """
    from roles.policy import can_provision  # the policy depends on this app's models

    if level not in (Level.PROVINCE, Level.CITY, Level.COUNTY):
        raise ValidationError({"level": _("层级应为省级、市级或县级。")})
    expected_parent = PARENT_LEVEL[Level(level)]
    if expected_parent is None and parent is not None:
        raise ValidationError({"parent": _("省级政协没有上级组织。")})
    if expected_parent is not None:
        if parent is None:
            raise ValidationError({"parent": _("%(level)s政协需要指定上级（%(parent)s）组织。") % {
                "level": Level(level).label, "parent": expected_parent.label}})
        if parent.level != expected_parent:
            raise ValidationError(
                {"parent": _("%(level)s政协的上级应为%(expected)s组织，“%(name)s”是%(actual)s组织。") % {
                    "level": Level(level).label, "expected": expected_parent.label, "name": parent.name,
                    "actual": Level(parent.level).label}}
            )
    if actor is not None and not can_provision(actor, level=level, parent=parent):
        raise PermissionDenied(_("您无权在此处开通政协组织。"))
    if Organisation.objects.filter(region_code=region_code).exists():
        holder = Organisation.objects.get(region_code=region_code)
        raise ValidationError({"region_code": _("行政区划代码 %(code)s 已被“%(name)s”使用。") % {
            "code": region_code, "name": holder.name}})
    try:
        slug_validator(slug)
    except ValidationError as error:
        raise ValidationError({"slug": error.messages}) from error
    if Organisation.objects.filter(schema_name=slug).exists() or schema_exists(slug):
        raise ValidationError({"slug": _("标识“%(slug)s”已被使用，请换一个。") % {"slug": slug}})

    organisation = Organisation(
        name=name,
        short_name=short_name,
        level=level,
        region_code=region_code,
        schema_name=slug,
        parent=parent,
        province=_province_of(parent, level),
        population=population,
    )
    organisation.full_clean()
    organisation.save()
    if level == Level.PROVINCE:
        organisation.province = organisation
        organisation.save(update_fields=["province"])
    Domain.objects.create(domain=organisation_domain_name(slug), tenant=organisation, is_primary=True)
    schema_create_from_template(slug)
    from operations.models import AuditEvent
    from operations.services import audit_record

    audit_record(AuditEvent.Action.PROVISION, actor=actor, organisation=organisation,
                 detail={"name": name, "region_code": region_code, "slug": slug})
    return organisation


@transaction.atomic
def platform_ensure() -> Organisation:
    """The public-schema row that django-tenants routes the bare host to."""
    platform, _ = Organisation.objects.get_or_create(
        schema_name="public",
        defaults={
            "name": "政协工作平台",
            "short_name": "平台",
            "level": Level.PLATFORM,
            "region_code": "100000",
        },
    )
    Domain.objects.get_or_create(
        domain=settings.BASE_DOMAIN, defaults={"tenant": platform, "is_primary": True}
    )
    return platform
