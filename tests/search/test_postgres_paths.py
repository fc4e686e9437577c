"""The PostgreSQL backend's shortcuts for large hit sets give what the plain path gives.

At 100,000 materials a word such as 政协 is in nearly all of them; the backend then
counts only up to a cap when no facets are asked for, and pages by walking the date
index. Here the thresholds are lowered so that the six-material corpus takes those paths.
"""
import pytest

from search.backends import postgres
from search.selectors import search
from tests.search.conftest import org
from tests.search.test_contract import corpus  # noqa: F401  (fixture)


@pytest.fixture
def backend(db):
    b = postgres.PostgresBackend()
    b.clear()
    return b


def all_pages(q, viewer, backend, sort):
    first = search(q, viewer=viewer, sort=sort, page_size=1, backend=backend)
    pages = [first] + [search(q, viewer=viewer, sort=sort, page=p, page_size=1, backend=backend)
                       for p in range(2, first.pages + 1)]
    return first.total, [h.id for r in pages for h in r.hits]


def test_without_facets_the_total_stops_at_the_cap_and_says_so(corpus, monkeypatch):
    chengdu = org("chengdu")
    exact = search("协商", viewer=chengdu, backend=corpus)
    assert exact.total == 4 and exact.total_exact
    monkeypatch.setattr(postgres, "TOTAL_CAP", 2)
    capped = search("协商", viewer=chengdu, with_facets=False, backend=corpus)
    assert capped.total == 2 and not capped.total_exact and capped.facets == {}
    assert [h.id for h in capped.hits] == [h.id for h in exact.hits]
    # below the cap the count is exact
    small = search("金点子", viewer=org("jinhua"), with_facets=False, backend=corpus)
    assert small.total == 2 and small.total_exact


@pytest.mark.parametrize("sort", ["date", "relevance"])
@pytest.mark.parametrize("q", ["协商", "有事来协商", "协商 -薄弱", '"市政协"'])
def test_dense_paging_and_candidate_ranking_find_every_hit_once(corpus, monkeypatch, q, sort):
    chengdu = org("chengdu")
    plain_total, plain = all_pages(q, chengdu, corpus, sort)
    monkeypatch.setattr(postgres, "TOTAL_CAP", 1)
    monkeypatch.setattr(postgres, "DENSE_FRACTION", 0.0)
    monkeypatch.setattr(postgres, "EXACT_RANK_LIMIT", 0)
    monkeypatch.setattr(postgres, "CANDIDATES", 1)
    dense_total, dense = all_pages(q, chengdu, corpus, sort)
    assert dense_total == plain_total
    assert sorted(dense) == sorted(plain) and len(set(dense)) == len(dense)
    if sort == "date":
        assert dense == plain


def facet_counts(result):
    return {name: {b.value: b.count for b in buckets} for name, buckets in result.facets.items()}


@pytest.mark.parametrize("q,filters", [
    ("协商", {}), ("有事来协商", {}), ("协商议事", {}), ('"市政协"', {}), ("协商", {"year": [2024]}),
    ("政协", {"theme": ["党建", "凝聚共识"]}), ("协商", {"level": ["city"], "province": []}),
])
@pytest.mark.parametrize("slug", ["chengdu", "jinhua", "zigong", None])
def test_facets_by_complement_equal_the_direct_count(corpus, monkeypatch, q, filters, slug):
    viewer = org(slug) if slug else None
    monkeypatch.setattr(postgres, "COMPLEMENT_FRACTION", 2.0)  # never
    direct = search(q, viewer=viewer, filters=filters, backend=corpus)
    monkeypatch.setattr(postgres, "COMPLEMENT_FRACTION", 0.0)  # always
    by_complement = search(q, viewer=viewer, filters=filters, backend=corpus)
    assert by_complement.total == direct.total
    assert facet_counts(by_complement) == facet_counts(direct)
    assert [h.id for h in by_complement.hits] == [h.id for h in direct.hits]


def test_cached_scope_facets_are_not_used_after_the_index_changes(corpus, monkeypatch):
    from tests.search.conftest import make_doc

    monkeypatch.setattr(postgres, "COMPLEMENT_FRACTION", 0.0)
    before = search("协商", viewer=org("zigong"), backend=corpus)
    corpus.upsert([make_doc(7, "ziyang", "新的协商材料", "雁江区政协协商。", year=2021)])
    after = search("协商", viewer=org("zigong"), backend=corpus)
    assert after.total == before.total + 1
    assert facet_counts(after)["year"]["2021"] == 1
    corpus.delete([7])
    assert facet_counts(search("协商", viewer=org("zigong"), backend=corpus)) == facet_counts(before)


def test_a_text_found_only_as_a_substring_is_still_a_hit(corpus):
    """"协商议事" is no word of material 1's index (委员协商议事厅 is cut into 委员, 协商, 议事 …),
    so GIN's exact part misses it; the rest, found once per search, brings it back to the
    count, the facets and the page."""
    from search.backends.postgres import pg_query
    from search.query import parse_query

    assert pg_query(parse_query('"协商议事"')).split
    r = search('"协商议事"', viewer=org("chengdu"), backend=corpus)
    assert [h.id for h in r.hits] == [1] and r.total == 1
    assert {b.value: b.count for b in r.facets["theme"]} == {"有事来协商": 1}
    assert search('"协商议事"', viewer=org("chengdu"), with_facets=False, backend=corpus).total == 1


def test_without_the_state_row_facets_are_counted_directly(corpus, monkeypatch):
    from django.db import connection

    monkeypatch.setattr(postgres, "COMPLEMENT_FRACTION", 0.0)
    expected = facet_counts(search("协商", viewer=org("chengdu"), backend=corpus))
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_state")
    r = search("协商", viewer=org("chengdu"), backend=corpus)
    assert r.total == 4 and facet_counts(r) == expected
