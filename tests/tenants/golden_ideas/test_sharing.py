"""Sharing a golden idea through the shared search: the province's committees (or the
platform's) find it on the search page, through the API and among their own ideas'
similar ideas elsewhere; nobody outside finds an unshared one, and unsharing hides it."""
import datetime as dt

import pytest
from django_tenants.utils import schema_context

from accounts.models import User
from search.services import index_pending
from tests.tenants.golden_ideas.conftest import form_values, open_selection

WORD = "琥珀色社区食堂补贴"


def _idea_in(slug, title, reason):
    """An idea filed in `slug`'s schema (its own selection), queued for the index."""
    from tenants.golden_ideas.models import Category, GoldenIdea, Selection
    from tenants.golden_ideas.services import SEARCH_KIND, _index_later
    from tenants.structure.models import Unit

    with schema_context(slug):
        selection = Selection.objects.first() or open_selection()
        values = form_values()
        values["unit"] = Unit.objects.order_by("id").first() or Unit.objects.create(name="研究室")
        values["category"] = Category.objects.order_by("id").first()
        values.update(title=title, reason=reason)
        idea = GoldenIdea.objects.create(selection=selection, filed_on=dt.date(2025, 3, 1), **values)
        assert SEARCH_KIND == "golden_idea"
        _index_later([idea.pk])
    index_pending()
    return idea


def _share(idea, sharing):
    from tenants.golden_ideas.services import idea_share

    with schema_context("ziyang"):
        idea_share(actor=User.objects.get(username="ziyang_admin"), idea_id=idea.pk, sharing=sharing)
    index_pending()


@pytest.fixture
def shared_world(db):
    mine = _idea_in("ziyang", f"{WORD}机制", f"建立{WORD}机制，民政部门已采纳。")
    theirs = _idea_in("chengdu", f"成都{WORD}试点", f"试点{WORD}，老人就近吃饭。")
    return mine, theirs


def _found(site, slug, username):
    page = site(slug, username).get("/search/", {"q": WORD, "kind": "golden_idea"})
    api = site(slug, username).get("/api/search/", {"q": WORD, "kind": "golden_idea"}).json()
    return page.content.decode(), {(h["kind"], h["title_html"].replace("<mark>", "").replace("</mark>", ""))
                                    for h in api["hits"]}


def test_an_unshared_idea_is_found_by_its_committee_only(shared_world, site):
    mine, _ = shared_world
    _, ziyang_hits = _found(site, "ziyang", "ziyang_admin")
    assert ("golden_idea", mine.title) in ziyang_hits
    for slug in ("chengdu", "jinhua"):
        page, hits = _found(site, slug, f"{slug}_admin")
        assert ("golden_idea", mine.title) not in hits and mine.title not in page


def test_shared_with_the_province_the_province_finds_it_another_province_does_not(shared_world, site):
    mine, theirs = shared_world
    _share(mine, "province")
    page, hits = _found(site, "chengdu", "chengdu_admin")
    assert ("golden_idea", mine.title) in hits
    assert f"/search/document/golden_idea/ziyang/{mine.pk}/" in page
    # the read-only page opens for chengdu, not for jinhua
    doc = site("chengdu", "chengdu_admin").get(f"/search/document/golden_idea/ziyang/{mine.pk}/")
    assert doc.status_code == 200 and "民政部门已采纳" in doc.content.decode()
    assert site("jinhua", "jinhua_admin").get(
        f"/search/document/golden_idea/ziyang/{mine.pk}/").status_code == 404
    page, hits = _found(site, "jinhua", "jinhua_admin")
    assert ("golden_idea", mine.title) not in hits and mine.title not in page
    # chengdu's own idea page lists it among similar ideas elsewhere
    detail = site("chengdu", "chengdu_admin").get(f"/golden-ideas/ideas/{theirs.pk}/").content.decode()
    similar = detail.split('data-testid="similar-elsewhere"')[1].split("</section>")[0]
    assert mine.title in similar


def test_unsharing_removes_it_from_other_committees(shared_world, site):
    mine, theirs = shared_world
    _share(mine, "platform")
    assert ("golden_idea", mine.title) in _found(site, "jinhua", "jinhua_admin")[1]
    _share(mine, "committee")
    for slug in ("chengdu", "jinhua"):
        assert ("golden_idea", mine.title) not in _found(site, slug, f"{slug}_admin")[1]
    detail = site("chengdu", "chengdu_admin").get(f"/golden-ideas/ideas/{theirs.pk}/").content.decode()
    assert mine.title not in detail.split('data-testid="similar-elsewhere"')[1].split("</section>")[0]
    assert site("chengdu", "chengdu_admin").get(
        f"/search/document/golden_idea/ziyang/{mine.pk}/").status_code == 404


def test_only_the_office_sets_the_sharing_and_it_is_recorded(shared_world, site):
    from tenants.history.models import ChangeLog
    from tenants.golden_ideas.models import GoldenIdea

    mine, _ = shared_world
    refused = site("ziyang", "ziyang_staff").post(f"/golden-ideas/ideas/{mine.pk}/sharing/", {"sharing": "platform"})
    assert refused.status_code == 403
    done = site("ziyang", "ziyang_admin").post(f"/golden-ideas/ideas/{mine.pk}/sharing/", {"sharing": "province"})
    assert done.status_code == 302
    with schema_context("ziyang"):
        assert GoldenIdea.objects.get(pk=mine.pk).sharing == "province"
        assert ChangeLog.objects.filter(model="goldenidea", object_id=mine.pk, action="share").count() == 1


def test_the_api_shows_and_sets_the_sharing(shared_world, site):
    mine, _ = shared_world
    admin = site("ziyang", "ziyang_admin")
    assert admin.get(f"/api/golden-ideas/ideas/{mine.pk}/").json()["sharing"] == "committee"
    assert site("ziyang", "ziyang_viewer").get(f"/api/golden-ideas/ideas/{mine.pk}/sharing/").json() == {
        "id": mine.pk, "sharing": "committee"}
    refused = site("ziyang", "ziyang_staff").post(f"/api/golden-ideas/ideas/{mine.pk}/sharing/",
                                                  {"sharing": "platform"}, content_type="application/json")
    assert refused.status_code == 403 and refused.json()["code"] == "permission_denied"
    bad = admin.post(f"/api/golden-ideas/ideas/{mine.pk}/sharing/", {"sharing": "everyone"},
                     content_type="application/json")
    assert bad.status_code == 400 and "sharing" in bad.json()["errors"]
    done = admin.post(f"/api/golden-ideas/ideas/{mine.pk}/sharing/", {"sharing": "platform"},
                      content_type="application/json")
    assert done.status_code == 200 and done.json()["sharing"] == "platform"
    index_pending()
    assert ("golden_idea", mine.title) in _found(site, "jinhua", "jinhua_admin")[1]
