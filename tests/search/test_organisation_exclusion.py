"""Filtering and excluding by who wrote a document: ``-乐山`` leaves out 乐山's own materials
(not only texts saying 乐山), ``机构:乐山`` / ``-机构:乐山`` name the author explicitly, and a
facet bucket's "−" excludes it; an author outside the platform is its own facet bucket.
The same on both backends (Elasticsearch when a node answers; its body unit-tested)."""
import pytest

from search.backends.elasticsearch import filters_of
from search.backends.elasticsearch_schema import search_body
from search.query import Author, Term, parse_query
from search.results import Filters
from search.selectors import search
from tests.search.conftest import org, seen_by

OUTSIDE = "乐山师范学院"


def test_the_field_form_is_parsed_apart_from_the_words():
    q = parse_query('协商 -机构：乐山 org:"成都 市" -金华')
    assert q.clauses == (Term("协商"), Term("金华", negated=True))
    assert q.authors == (Author("乐山", negated=True), Author("成都 市"))
    assert str(q) == "协商 -金华 -机构:乐山 机构:成都 市"
    assert parse_query("机构:").authors == () and parse_query("机构:").is_empty


def test_filters_parse_the_outside_facet_and_the_exclusions():
    f = Filters.parse({"outside": [OUTSIDE, ""], "not_organisation": ["7", "x", "7"], "not_outside": "某学会"})
    assert f.outside == (OUTSIDE,) and f.not_organisation == (7,) and f.not_outside == ("某学会",)
    assert Filters.parse(dict_of(f.as_query())) == f


def dict_of(pairs):
    out = {}
    for k, v in pairs:
        out.setdefault(k, []).append(v)
    return out


def test_the_elasticsearch_body_excludes_and_ors_the_author():
    f = Filters(organisation=(3,), outside=(OUTSIDE,), not_organisation=(5, 6), not_outside=("某学会",))
    body = search_body(parse_query("协商 -乐山"), None, filters_of(f))
    query = body["query"]["bool"]
    assert {"bool": {"should": [{"terms": {"organisation_id": ["3"]}}, {"terms": {"outside": [OUTSIDE]}}],
                     "minimum_should_match": 1}} in query["filter"]
    assert {"terms": {"organisation_id": ["5", "6"]}} in query["must_not"]
    assert {"terms": {"outside": ["某学会"]}} in query["must_not"]
    assert body["aggs"]["outside"] == {"terms": {"field": "outside", "size": 30}}


@pytest.fixture
def authors(backend):
    """乐山's own material (never saying 乐山), 成都's saying 乐山, 成都's not, and one written
    at 乐山师范学院 (outside the platform) that 资阳 keeps: real rows, indexed as declared."""
    from shared.materials.models import Material
    from shared.materials.selectors import material_documents

    rows = [("leshan", "嘉州协商议事会", "协商议事会每月开一次。", ""),
            ("chengdu", "学习乐山的协商经验", "协商议事会的做法值得推广。", ""),
            ("chengdu", "成都的协商议事会", "协商议事会开到小区里。", ""),
            ("ziyang", "高校参与协商研究", "协商议事会的理论研究。", OUTSIDE)]
    ids = {}
    for number, (slug, title, body, outside) in enumerate(rows, start=1):
        material = Material.objects.create(title=title, body=body, organisation=org(slug), keeper=org(slug),
                                           visibility="platform", outside_organisation=outside)
        ids[material.id] = number
    backend.upsert(material_documents(list(ids)))
    backend.numbers = ids
    return backend


def _ids(backend, q, filters=None):
    """The hits, by their number in the fixture (1–4), and the result."""
    result = seen_by(org("ziyang"), search, q, filters=filters, backend=backend)
    return sorted(backend.numbers[h.id] for h in result.hits), result


@pytest.mark.django_db
def test_the_search_page_offers_to_exclude_a_bucket_and_to_undo_it(site):
    from accounts.models import User
    from search.services import index_pending
    from shared.materials import services

    seen_by(org("ziyang"), services.material_create, actor=User.objects.get(username="ziyang_staff"),
            title="乐山高校的一篇研究", body="湔水议事的研究。", visibility="province",
            outside_organisation=OUTSIDE)
    index_pending()
    client = site("ziyang", "ziyang_staff")
    page = client.get("/search/", {"q": "湔水议事"}).content.decode()
    assert f'title="排除{OUTSIDE}"' in page
    excluded = client.get("/search/", {"q": "湔水议事", "not_outside": OUTSIDE}).content.decode()
    assert "乐山高校的一篇研究" not in excluded
    assert f"不含 {OUTSIDE}" in excluded and 'data-testid="exclusions"' in excluded
