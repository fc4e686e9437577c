"""Demo exchange materials across the demo committees (texts in demo_texts.py, written for this project)."""
from __future__ import annotations

import datetime as dt

from django.db import transaction

from shared.materials.dates import document_date_in
from shared.materials.demo_texts import MATERIALS, OCCASION, PRESENTED
from shared.materials.models import Credit, Material, Occasion, Theme
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
        presented = title in PRESENTED
        material = Material(
            title=title, organisation=organisation, keeper=organisation, author=author,
            occasion=occasion if presented else None, body="\n".join(paragraphs),
            visibility=visibility,
            document_date=occasion.held_on if presented else document_date_in("\n".join(paragraphs)),
        )
        material.full_clean(exclude=["file"])
        material.save()
        material.themes.set(Theme.objects.filter(province_id=organisation.province_id, name__in=themes))
        created.append(material.id)
    created += _credited_elsewhere(organisations)
    index_later(kind="material", ids=created)


#: (keeper, credited committee or None, outside author, region, title, date, paragraphs): what
#: 资阳 keeps that others wrote, a speech at another province's meeting and a scholar's paper
CREDITED = [
    ("ziyang", "jinhua", "", "", "跨省交流：民生议事堂的三年实践", "2024-09-12", [
        "三年前我们在每个街道设了民生议事堂，请委员、居民和部门坐到一张桌子前。",
        "议事堂每月一次，议题由居民投票产生，部门当场答复，答复不了的限期办结。",
        "三年共议事一百二十余次，加装电梯、老旧小区改造等难题大多有了着落。",
    ]),
    ("ziyang", None, "西部协商民主研究中心", "四川省成都市", "协商议事机制的基层样本观察", "2023-05-18", [
        "我们走访了川内十二个县区的协商议事室，记录议题来源、参与人员和办理结果。",
        "议题来自群众的，办结率明显高于部门提出的；有委员长期联系的议事室更稳定。",
        "建议把议事成果纳入部门考核，并为议事室配备固定的联络员。",
    ]),
]


def _credited_elsewhere(organisations) -> list[int]:
    """The demo's materials written by another committee or outside the platform (idempotent)."""
    created = []
    for keeper_slug, credited_slug, outside, region, title, date, paragraphs in CREDITED:
        keeper, credited = organisations.get(keeper_slug), organisations.get(credited_slug or keeper_slug)
        if keeper is None or credited is None or Material.objects.filter(keeper=keeper, title=title).exists():
            continue
        material = Material(
            title=title, organisation=credited, keeper=keeper,
            credit=Credit.OWN if credited == keeper else Credit.PENDING,
            outside_organisation=outside, outside_region=region, document_date=dt.date.fromisoformat(date),
            body="\n".join(paragraphs), visibility="platform",
        )
        material.full_clean(exclude=["file"])
        material.save()
        created.append(material.id)
    return created
