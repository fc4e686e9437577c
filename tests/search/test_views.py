"""The search page, its HTMX partial, the related partial and the API, as users see them."""
import pytest

from search.services import documents_index
from tests.search.conftest import make_doc, org

WORD = "翡翠湖协商"
MORE = "翡翠湖畔琥珀议事，珊瑚座谈会上翡翠湖协商琥珀议事。" * 3


@pytest.fixture
def indexed(db):
    documents_index([
        make_doc(700001, "chengdu", f"{WORD}的经验", f"成都推进{WORD}，<b>不加粗</b>。" + MORE, themes=("党建",), year=2023),
        make_doc(700002, "ziyang", f"资阳{WORD}做法", f"资阳开展{WORD}。" + MORE, visibility="province", year=2024),
        make_doc(700003, "jinhua", f"金华{WORD}草稿", f"{WORD}草稿内容机密。" + MORE, visibility="draft", year=2024),
    ])


def test_search_page_shows_highlights_facets_and_counts(site, indexed):
    r = site("ziyang", "ziyang_admin").get("/search/", {"q": WORD})
    assert r.status_code == 200
    html = r.content.decode()
    assert f"<mark>{WORD}</mark>的经验" in html
    assert "&lt;b&gt;不加粗&lt;/b&gt;" in html
    assert "共 2 篇材料" in html
    assert "金华" + WORD not in html and "机密" not in html
    import re

    facets = {name: int(n) for name, n in re.findall(r"☐ ([^<]+)</a>\s*<span class=\"muted\">\((\d+)\)", html)}
    assert facets["政协成都市委员会"] == 1 and facets["政协资阳市委员会"] == 1
    assert facets["2023"] == 1 and facets["2024"] == 1 and facets["党建"] == 1 and facets["市级"] == 2
    assert "政协金华市委员会" not in facets


def test_htmx_filter_returns_the_results_partial(site, indexed):
    r = site("ziyang", "ziyang_admin").get("/search/", {"q": WORD, "year": "2024"}, HTTP_HX_REQUEST="true")
    html = r.content.decode()
    assert r.status_code == 200 and "<h1>" not in html
    assert "共 1 篇材料" in html and f"资阳<mark>{WORD}</mark>做法" in html


def test_bad_parameters_never_fail(site, indexed):
    r = site("ziyang", "ziyang_admin").get("/search/", {"q": '"' * 3 + "-", "page": "abc", "year": "x", "sort": "?"})
    assert r.status_code == 200


def test_api_search_and_related(site, indexed):
    client = site("jinhua", "jinhua_admin")
    data = client.get("/api/search/", {"q": WORD, "sort": "date"}).json()
    assert [h["id"] for h in data["hits"]] == [700003, 700001]
    assert data["total"] == 2
    assert {b["value"]: b["count"] for b in data["facets"]["year"]} == {"2024": 1, "2023": 1}
    assert data["hits"][0]["title_html"] == f"金华<mark>{WORD}</mark>草稿"
    related = client.get("/api/search/related/700001/").json()
    assert 700003 in [h["id"] for h in related] and 700002 not in [h["id"] for h in related]
    # 资阳 may not see 金华's draft, nor anything related to it
    assert site("ziyang", "ziyang_admin").get("/api/search/related/700003/").json() == []
    assert client.get("/api/search/", {"page_size": 500}).status_code == 400
    # without facets: the same hits, an exact total below the cap, no facets
    lean = client.get("/api/search/", {"q": WORD, "sort": "date", "facets": "false"}).json()
    assert [h["id"] for h in lean["hits"]] == [700003, 700001]
    assert lean["total"] == 2 and lean["total_exact"] is True and lean["facets"] == {}
    assert data["total_exact"] is True


def test_related_partial_and_template_tag(site, indexed):
    r = site("chengdu", "chengdu_admin").get("/search/related/700001/")
    assert r.status_code == 200
    html = r.content.decode()
    assert f"资阳{WORD}做法" in html and "草稿" not in html
    from django.template import Context, Template
    from django.db import connection

    connection.set_tenant(org("jinhua"))
    out = Template("{% load search_tags %}{% related_materials 700001 %}").render(Context({}))
    assert f"金华{WORD}草稿" in out and f"资阳{WORD}做法" not in out


def _english(client):
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/search/"}).status_code == 302
    return client


@pytest.fixture
def with_an_idea(indexed):
    from dataclasses import replace

    documents_index([replace(make_doc(800001, "chengdu", f"{WORD}金点子", f"建议推广{WORD}。" + MORE, year=2024),
                             kind="golden_idea", schema="chengdu")])


def test_the_count_says_results_when_golden_ideas_are_among_the_hits(site, with_an_idea):
    client = site("ziyang", "ziyang_admin")
    html = client.get("/search/", {"q": WORD}).content.decode()
    assert "共 3 条结果" in html and "篇材料" not in html
    assert "<summary>类型</summary>" in html and "<summary>类别</summary>" not in html
    # narrowed to materials, it says materials again
    html = client.get("/search/", {"q": WORD, "kind": "material"}).content.decode()
    assert "共 2 篇材料" in html and "条结果" not in html
    html = _english(client).get("/search/", {"q": WORD}).content.decode()
    assert "3 results" in html and "materials" not in html.split("<section>", 1)[1].split("</p>", 1)[0]
    assert "<summary>Type</summary>" in html and "<summary>Category</summary>" not in html
    html = client.get("/search/", {"q": WORD, "kind": "material"}).content.decode()
    assert "2 materials" in html


def test_no_hits_says_no_results_in_both_languages(site, indexed):
    client = site("ziyang", "ziyang_admin")
    html = client.get("/search/", {"q": "不存在的检索词"}).content.decode()
    assert "共 0 条结果" in html and "没有找到符合条件的结果" in html
    html = _english(client).get("/search/", {"q": "不存在的检索词"}).content.decode()
    assert "0 results" in html and "No matching results" in html


def test_the_page_and_the_api_say_when_partial_matches_follow(site, indexed):
    """翡翠湖 and 琥珀 are in the materials, 玛瑙 in none: no hit has every word, the
    materials having part of the question follow (the two having most of it first, then
    those having only 议事), and both languages say so."""
    client = site("ziyang", "ziyang_admin")
    html = client.get("/search/", {"q": "如何在翡翠湖 玛瑙 琥珀议事"}).content.decode()
    assert "没有同时包含全部词语的结果，以下为部分匹配。" in html
    assert "<mark>琥珀议事</mark>" in html
    data = client.get("/api/search/", {"q": "如何在翡翠湖 玛瑙 琥珀议事"}).json()
    assert data["partial"] is True and data["full_total"] == 0 and data["total"] > 2
    assert {h["id"] for h in data["hits"][:2]} == {700001, 700002}
    assert f"共 {data['total']} " in html
    data = client.get("/api/search/", {"q": WORD}).json()
    assert data["partial"] is False and data["full_total"] == data["total"] == 2
    html = _english(client).get("/search/", {"q": "如何在翡翠湖 玛瑙 琥珀议事"}).content.decode()
    assert "No result contains every word of the query; showing partial matches." in html
