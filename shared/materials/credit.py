"""Who a material is credited to (撰写单位), and the date it bears: the rules the
material services and the compilation import share.

A material is credited to the committee that uploaded it (its keeper), to any other
committee of the platform (a credit pending that committee's answer, issue 12's rule:
the uploader stays recorded and shown, the credited committee accepts or rejects it
through ``services.material_credit_decide``), or to an organisation outside the
platform (its name and region as printed; no one answers for it, so the material
stays the keeper's in every respect but the name it is shown under).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from shared.materials.dates import document_date_in
from shared.materials.models import Credit, Occasion
from shared.materials.splitting import organisation_short_name
from tenancy.models import Level, Organisation
from tenancy.selectors import organisation_current


def committees() -> "list[Organisation]":
    """Every committee of the platform (the platform row is none)."""
    return list(Organisation.objects.exclude(level=Level.PLATFORM).order_by("province_id", "region_code", "id"))


def committee_match(name: str) -> Organisation | None:
    """The committee of the platform that a printed name means: its full name, else its
    short name when only one committee has it (one of the active committee's province
    first: 市政协 names of two provinces may meet). None: no committee, or more than one
    (an outside organisation, or the user chooses)."""
    name = " ".join((name or "").split())
    if not name:
        return None
    candidates = committees()
    for organisation in candidates:
        if organisation.name == name:
            return organisation
    short = organisation_short_name(name)
    if not short:
        return None
    matches = [o for o in candidates if short in (o.short_name, organisation_short_name(o.name))]
    if len(matches) > 1:
        viewer = organisation_current()
        matches = [o for o in matches if o.province_id == getattr(viewer, "province_id", None)]
    return matches[0] if len(matches) == 1 else None


@dataclass(frozen=True)
class Attribution:
    """What a material's credit fields become."""

    organisation: Organisation
    credit: str
    outside_organisation: str = ""
    outside_region: str = ""


def attribution(*, keeper: Organisation, credited_id: int | None = None,
                outside_organisation: str = "", outside_region: str = "") -> Attribution:
    """The credit of a material kept by ``keeper``: to itself (``credited_id`` None or its
    own), to another committee of the platform (pending its answer), or outside."""
    outside = " ".join((outside_organisation or "").split())
    region = " ".join((outside_region or "").split())
    if outside and credited_id not in (None, keeper.id):
        raise ValidationError({"outside_organisation": _("署名其他政协的材料不能同时署名外部单位。")})
    if region and not outside:
        raise ValidationError({"outside_organisation": _("填写了外部单位所在地区，请同时填写外部单位名称。")})
    if credited_id in (None, keeper.id):
        return Attribution(organisation=keeper, credit=Credit.OWN, outside_organisation=outside,
                           outside_region=region)
    credited = Organisation.objects.exclude(level=Level.PLATFORM).filter(pk=credited_id).first()
    if credited is None:
        raise ValidationError({"organisation": _("所选撰写单位不是本平台的政协。")})
    return Attribution(organisation=credited, credit=Credit.PENDING)


def document_date(*, entered: dt.date | None, occasion: Occasion | None, body: str) -> dt.date | None:
    """The date a material bears: what the uploader entered, else its occasion's, else a
    date line of its text (``shared.materials.dates``), else None."""
    if entered is not None:
        return entered
    if occasion is not None:
        return occasion.held_on
    return document_date_in(body)
