"""学: the catch-up page links the leading committees' shared exchange materials on the widest gaps."""
import re

import pytest
from django_tenants.utils import schema_context

from accounts.models import User
from search.services import index_later, index_pending
from shared.benchmark import selectors
from shared.materials.models import Material, Theme, Visibility
from tenancy.models import Organisation
from tests.shared.benchmark.helpers import indicator

pytestmark = pytest.mark.django_db


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def learn_section(client) -> str:
    page = client.get("/benchmark/catch-up/").content.decode()
    return page.split('data-testid="learn-from"', 1)[1].split("</div>", 1)[0]


def viewer(slug, username):
    with schema_context(slug):
        return selectors.viewer_get(User.objects.get(username=username))


def material(slug, title, visibility, theme="有事来协商") -> Material:
    organisation = Organisation.objects.get(schema_name=slug)
    m = Material.objects.create(
        title=title, organisation=organisation, keeper=organisation, body="在社区议事厅就停车难开展协商。",
        visibility=visibility,
    )
    m.themes.set(Theme.objects.filter(province_id=organisation.province_id, name=theme))
    index_later(kind="material", ids=[m.pk])
    index_pending()
    return m


def test_the_demo_catalogue_gives_indicators_their_search_terms():
    assert indicator("sichuan", "venues").search_terms == "有事来协商"
    assert selectors.indicator_terms(indicator("zhejiang", "micro_consultations")) == ["小微协商", "有事来协商"]


def test_the_catch_up_page_lists_the_leaders_materials_on_the_three_widest_gaps(site):
    section = learn_section(site("yanjiang", "yanjiang_admin"))
    # 雁江区 leads the counties; its widest gaps to the leader are the venues, micro-consultations, endorsements
    assert re.findall(r'data-indicator="([a-z_]+)"', section) == ["venues", "micro_consultations", "endorsements"]
    venues = text(section.split('data-indicator="micro_consultations"')[0])
    assert venues.replace(" ", "") == (
        ">“有事来协商”平台数（每万人）占与第一名差距的27.1%·领先单位：顺庆区、射洪"
        "选题议事落实三管齐下让协商平台用起来政协南充市顺庆区委员会·有事来协商"
        "功能型党小组让党建与履职深度融合政协射洪市委员会·党建·其他交流材料<article"
    )
    shared = Material.objects.get(title="选题议事落实三管齐下 让协商平台用起来")
    assert f'href="/materials/{shared.pk}/"' in section


def test_a_leaders_draft_never_appears_and_shows_once_shared(site):
    client = site("yanjiang", "yanjiang_admin")
    draft = material("shunqing", "顺庆区议事厅协商草稿", Visibility.DRAFT)
    assert "顺庆区议事厅协商草稿" not in learn_section(client)
    draft.visibility = Visibility.PROVINCE
    draft.save()
    index_later(kind="material", ids=[draft.pk])
    index_pending()
    section = learn_section(client)
    venues = section.split('data-indicator="micro_consultations"')[0]
    # the newest material on the indicator's theme comes first
    assert venues.index("顺庆区议事厅协商草稿") < venues.index("选题议事落实三管齐下")


def test_leader_materials_prefer_the_indicator_and_keep_drafts_and_other_provinces_out():
    v = viewer("luzhou", "luzhou_admin")
    neijiang = Organisation.objects.get(schema_name="neijiang")
    with schema_context("luzhou"):  # the search's viewer is the active committee
        found = selectors.leader_materials(viewer=v, indicator=indicator("sichuan", "venues"), leaders=[neijiang], limit=5)
    # neijiang's draft on 民主监督 is not there; its shared material has the 有事来协商 theme
    assert [(m.hit.title_html, m.matches) for m in found] == [("三类协商平台助推县域经济发展", True)]
    ziyang = Organisation.objects.get(schema_name="ziyang")
    with schema_context("luzhou"):
        reading = selectors.leader_materials(viewer=v, indicator=indicator("sichuan", "reading"), leaders=[ziyang], limit=5)
    # ziyang's only 书香政协 material is a draft: only its other shared materials, not marked as matching
    # (the one it keeps for 金华, whose credit 金华 has not confirmed, counts as ziyang's meanwhile)
    assert sorted((m.hit.title_html, m.matches) for m in reading) == [
        ("以“金点子”征集激活委员履职内生动力", False), ("把“有事来协商”平台建到群众家门口", False),
        ("跨省交流：民生议事堂的三年实践", False),
    ]
    # a committee of another province does not see ziyang's province-only materials: only the one
    # shared with the whole platform
    outside = viewer("jinhua", "jinhua_admin")
    with schema_context("jinhua"):
        seen = selectors.leader_materials(viewer=outside, indicator=indicator("sichuan", "venues"), leaders=[ziyang])
    assert [(m.hit.title_html, m.hit.visibility) for m in seen] == [("跨省交流：民生议事堂的三年实践", "platform")]

