"""Demo exchange materials across the demo committees (texts in demo_texts.py, written for this project)."""
from __future__ import annotations

import datetime as dt

from django.db import transaction

from shared.materials.demo_texts import MATERIALS, OCCASION, PRESENTED
from shared.materials.models import Material, Occasion, Theme
from shared.materials.services import themes_ensure_listed
from tenancy.models import Level


@transaction.atomic
def demo_fill_network(organisations) -> None:
    """Called once after every demo committee exists; `organisations` maps slug to Organisation.

    Idempotent: a material is identified by its committee and title; nothing is
    added or changed when it exists. New materials are queued for indexing.
    """
    from search.services import index_later

    for organisation in organisations.values():
        if organisation.level == Level.PROVINCE:
            themes_ensure_listed(province=organisation)
    name, held_on, host_slug = OCCASION
    occasion, _ = Occasion.objects.get_or_create(
        name=name, held_on=dt.date.fromisoformat(held_on), defaults={"host": organisations.get(host_slug)}
    )
    created = []
    for slug, title, author, themes, visibility, paragraphs in MATERIALS:
        organisation = organisations.get(slug)
        if organisation is None or Material.objects.filter(organisation=organisation, title=title).exists():
            continue
        material = Material(
            title=title, organisation=organisation, keeper=organisation, author=author,
            occasion=occasion if title in PRESENTED else None, body="\n".join(paragraphs),
            visibility=visibility,
        )
        material.full_clean(exclude=["file"])
        material.save()
        material.themes.set(Theme.objects.filter(province_id=organisation.province_id, name__in=themes))
        created.append(material.id)
    index_later(kind="material", ids=created)
