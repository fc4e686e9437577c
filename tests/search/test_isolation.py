"""No query, facet count, snippet or related list reveals another committee's draft
(over the demo materials, through the page and the API, as a user of each committee)."""
import pytest

from search.services import documents_index
from tests.search.conftest import make_doc

MARK = "玳瑁暗号"


@pytest.fixture
def drafts(db):
    # a draft per committee with a shared marker word, plus one shared material to relate to
    documents_index([
        make_doc(710001, "ziyang", f"资阳{MARK}草稿", f"{MARK}资阳的内部意见。", visibility="draft",
                 themes=("资阳私有主题",), occasion="资阳内部会"),
        make_doc(710002, "jinhua", f"金华{MARK}草稿", f"{MARK}金华的内部意见。", visibility="draft",
                 themes=("金华私有主题",), occasion="金华内部会"),
        make_doc(710003, "chengdu", f"成都{MARK}共享", f"{MARK}成都的公开做法。", visibility="platform"),
    ])


@pytest.mark.parametrize("slug,user,own,foreign", [
    ("ziyang", "ziyang_admin", "资阳", "金华"),
    ("jinhua", "jinhua_admin", "金华", "资阳"),
])
def test_foreign_draft_never_shown(site, drafts, slug, user, own, foreign):
    client = site(slug, user)
    for params in ({"q": MARK}, {"q": foreign}, {"q": ""}, {"q": MARK, "theme": f"{foreign}私有主题"},
                   {"q": MARK, "occasion": f"{foreign}内部会"}, {"q": MARK, "sort": "date"}):
        page = client.get("/search/", params).content.decode()
        api = client.get("/api/search/", params).content.decode()
        for body in (page, api):
            assert f"{foreign}{MARK}" not in body and f"{foreign}私有主题" not in body
            assert f"{foreign}内部会" not in body and f"{foreign}的内部意见" not in body
    data = client.get("/api/search/", {"q": MARK}).json()
    assert sorted(h["title_html"] for h in data["hits"]) == sorted(
        [f"{own}<mark>{MARK}</mark>草稿", f"成都<mark>{MARK}</mark>共享"])
    assert data["total"] == 2
    assert sum(b["count"] for b in data["facets"]["organisation"]) == 2
    foreign_id = 710002 if own == "资阳" else 710001
    for url in (f"/api/search/related/{foreign_id}/", "/api/search/related/710003/"):
        assert f"{foreign}{MARK}" not in client.get(url).content.decode()
    assert client.get(f"/api/search/related/{foreign_id}/").json() == []
    assert f"{foreign}{MARK}" not in client.get("/search/related/710003/").content.decode()


def test_anonymous_is_sent_to_login(site, drafts):
    r = site("ziyang").get("/search/", {"q": MARK})
    assert r.status_code == 302 and "/login" in r["Location"]
    assert site("ziyang").get("/api/search/", {"q": MARK}).status_code in (401, 403)


def test_other_committees_user_is_refused(site, drafts):
    assert site("ziyang", "jinhua_admin").get("/search/", {"q": MARK}).status_code == 403
    assert site("ziyang", "jinhua_admin").get("/api/search/", {"q": MARK}).status_code == 403
