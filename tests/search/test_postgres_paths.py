"""The PostgreSQL backend's shortcuts for large hit sets give what the plain path gives.

At 100,000 materials a word such as 政协 is in nearly all of them; the backend then
counts only up to a cap when no facets are asked for, and pages by walking the date
index. Here the thresholds are lowered so that the six-material corpus takes those paths.
"""
import pytest

from search.backends.postgres import backend as postgres
from search.selectors import search
from tests.search.conftest import org, seen_by, material_key
from tests.search.test_contract import corpus  # noqa: F401  (fixture)


@pytest.fixture
def backend(db):
    b = postgres.PostgresBackend()
    b.clear()
    return b


def all_pages(q, viewer, backend, sort, with_facets=True):
    first = seen_by(viewer, search, q, sort=sort, page_size=1, backend=backend, with_facets=with_facets)
    pages = [first] + [seen_by(viewer, search, q, sort=sort, page=p, page_size=1, backend=backend,
                              with_facets=with_facets)
                       for p in range(2, first.pages + 1)]
    return first.total, [h.id for r in pages for h in r.hits]


def test_without_facets_the_total_stops_at_the_cap_and_says_so(corpus, monkeypatch):
    chengdu = org("chengdu")
    exact = seen_by(chengdu, search, "协商", backend=corpus)
    assert exact.total == 4 and exact.total_exact
    monkeypatch.setattr(postgres, "TOTAL_CAP", 2)
    capped = seen_by(chengdu, search, "协商", with_facets=False, backend=corpus)
    assert capped.total == 2 and not capped.total_exact and capped.facets == {}
    assert [h.id for h in capped.hits] == [h.id for h in exact.hits]
    # below the cap the count is exact
    small = seen_by(org("jinhua"), search, "金点子", with_facets=False, backend=corpus)
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
    direct = seen_by(viewer, search, q, filters=filters, backend=corpus)
    monkeypatch.setattr(postgres, "COMPLEMENT_FRACTION", 0.0)  # always
    by_complement = seen_by(viewer, search, q, filters=filters, backend=corpus)
    assert by_complement.total == direct.total
    assert facet_counts(by_complement) == facet_counts(direct)
    assert [h.id for h in by_complement.hits] == [h.id for h in direct.hits]


def test_cached_scope_facets_are_not_used_after_the_index_changes(corpus, monkeypatch):
    from tests.search.conftest import make_doc

    monkeypatch.setattr(postgres, "COMPLEMENT_FRACTION", 0.0)
    before = seen_by(org("zigong"), search, "协商", backend=corpus)
    corpus.upsert([make_doc(7, "ziyang", "新的协商材料", "雁江区政协协商。", year=2021)])
    after = seen_by(org("zigong"), search, "协商", backend=corpus)
    assert after.total == before.total + 1
    assert facet_counts(after)["year"]["2021"] == 1
    corpus.delete([material_key(7)])
    assert facet_counts(seen_by(org("zigong"), search, "协商", backend=corpus)) == facet_counts(before)


def test_a_text_found_only_as_a_substring_is_still_a_hit(corpus):
    """"协商议事" is no word of material 1's index (委员协商议事厅 is cut into 委员, 协商, 议事 …),
    so GIN's exact part misses it; the rest, found once per search, brings it back to the
    count, the facets and the page."""
    from search.backends.postgres import pg_query
    from search.query import parse_query

    assert pg_query(parse_query('"协商议事"')).split
    r = seen_by(org("chengdu"), search, '"协商议事"', backend=corpus)
    assert [h.id for h in r.hits] == [1] and r.total == 1
    assert {b.value: b.count for b in r.facets["theme"]} == {"有事来协商": 1}
    assert seen_by(org("chengdu"), search, '"协商议事"', with_facets=False, backend=corpus).total == 1


def test_without_the_state_row_facets_are_counted_directly(corpus, monkeypatch):
    from django.db import connection

    monkeypatch.setattr(postgres, "COMPLEMENT_FRACTION", 0.0)
    expected = facet_counts(seen_by(org("chengdu"), search, "协商", backend=corpus))
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_state")
    r = seen_by(org("chengdu"), search, "协商", backend=corpus)
    assert r.total == 4 and facet_counts(r) == expected


# -- newest first, year by year --------------------------------------------------------

@pytest.fixture
def dated(backend):
    """Thirty materials over seven years and undated ones, of three committees, some
    province-shared or drafts; "协商议事" is a word of none (委员协商议事厅 is cut
    into its parts), so the query has a rest found apart."""
    import dataclasses

    from tests.search.conftest import make_doc

    slugs = ["chengdu", "ziyang", "jinhua"]
    docs = []
    for i in range(1, 31):
        year = 2019 + i % 7
        body = ["委员协商议事厅开展协商。", "围绕乡村振兴开展协商。", "书香政协建设与协商议事。"][i % 3]
        vis = ["platform", "platform", "province", "draft"][i % 4]
        doc = make_doc(i, slugs[i % 3], f"第{i}篇协商材料", body + f"第{i}篇。", visibility=vis, year=year,
                       published_on=__import__("datetime").date(year, 1 + i % 12, 1 + i % 27))
        if i % 10 == 0:  # undated
            doc = dataclasses.replace(doc, published_on=None, year=None)
        docs.append(doc)
    backend.upsert(docs)
    return backend


@pytest.mark.parametrize("sort", ["date", "relevance"])
@pytest.mark.parametrize("q", ["协商", "协商议事", '"协商议事"', "协商 -乡村振兴", '协商 -"书香政协"', "乡村振兴"])
@pytest.mark.parametrize("slug", ["chengdu", "jinhua", None])
def test_reading_the_newest_year_by_year_gives_the_plain_order(dated, monkeypatch, q, sort, slug):
    viewer = org(slug) if slug else None
    monkeypatch.setattr(postgres, "WALK_FROM", 10**9)
    monkeypatch.setattr(postgres, "TITLE_WALK_FROM", 10**9)
    plain_total, plain = all_pages(q, viewer, dated, sort)
    assert plain_total > 3
    monkeypatch.setattr(postgres, "WALK_FROM", 0)
    monkeypatch.setattr(postgres, "TITLE_WALK_FROM", 0)
    monkeypatch.setattr(postgres, "EXACT_RANK_LIMIT", 0)  # relevance from the candidates
    monkeypatch.setattr(postgres, "CANDIDATES", 2)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # with facets the newest hits of a date page come from the counting pass; without, walked
    for with_facets in (True, False):
        with CaptureQueriesContext(connection) as ctx:
            walked_total, walked = all_pages(q, viewer, dated, sort, with_facets)
        if sort == "relevance" or not with_facets:
            assert any("~d20" in c["sql"] for c in ctx.captured_queries)  # the walk ran
        assert walked_total == plain_total
        assert sorted(walked) == sorted(plain) and len(set(walked)) == len(walked)
        if sort == "date":
            assert walked == plain
    # and a whole page at once, deeper than the first bucket
    r = seen_by(viewer, search, q, sort="date", page=2, page_size=3, backend=dated)
    assert [h.id for h in r.hits] == all_pages(q, viewer, dated, "date")[1][3:6]


def test_rows_indexed_before_the_date_markers_are_still_found_newest_first(dated, monkeypatch):
    """An index written by the previous version (no ``~d`` markers, reindex pending)
    gives the same pages: the walk finds too few and the plain query answers."""
    from django.db import connection

    viewer = org("chengdu")
    expected = all_pages("协商", viewer, dated, "date")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE search_entry SET vector = ts_delete(vector, %s), "
                       "title_vector = ts_delete(title_vector, %s)",
                       [[f"~d{y}" for y in range(2015, 2031)] + ["~dn"]] * 2)
    monkeypatch.setattr(postgres, "WALK_FROM", 0)
    assert all_pages("协商", viewer, dated, "date") == expected


def dictionary_state():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT dictionary FROM search_state")
        return cursor.fetchone()[0]


def test_a_dictionary_word_is_exact_only_while_the_whole_index_has_its_whole_words(backend, monkeypatch):
    """金点子 inside "金点，子" is no search-mode word; the whole words (full mode) index it.
    Written by a segmenter with another dictionary, the index may lack such words: the
    state then says so, and the query goes back to the phrase of its bigrams."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from search.segmentation import get_segmenter
    from tests.search.conftest import make_doc

    seg = get_segmenter()
    assert dictionary_state() == seg.fingerprint  # clear(): an empty index is consistent
    backend.upsert([make_doc(1, "jinhua", "征集建议", "收集金点，子二十条。"),
                    make_doc(2, "jinhua", "金点子评选", "评选金点子。")])
    assert dictionary_state() == seg.fingerprint
    with CaptureQueriesContext(connection) as ctx:
        r = seen_by(org("jinhua"), search, "金点子", backend=backend)
    assert {h.id for h in r.hits} == {1, 2} and r.total == 2
    assert not any("<->" in str(c["sql"]) for c in ctx.captured_queries)  # the lexeme alone

    monkeypatch.setattr(seg, "fingerprint", "another-dictionary")
    backend.upsert([make_doc(3, "jinhua", "又一篇", "金点子。")])
    monkeypatch.undo()
    assert dictionary_state() == ""
    with CaptureQueriesContext(connection) as ctx:
        r = seen_by(org("jinhua"), search, "金点子", backend=backend)
    assert {h.id for h in r.hits} == {1, 2, 3}
    assert any("<->" in str(c["sql"]) for c in ctx.captured_queries)  # the phrase again
    backend.clear()
    assert dictionary_state() == seg.fingerprint


def test_the_first_write_into_an_empty_index_sets_its_dictionary(backend):
    """A fresh installation (migration 0006 leaves the state unknown) gets the exact path
    from its first material on, without a reindex; a non-empty index of unknown origin does not."""
    from django.db import connection

    from search.segmentation import get_segmenter
    from tests.search.conftest import make_doc

    with connection.cursor() as cursor:
        cursor.execute("UPDATE search_state SET dictionary = ''")
    backend.upsert([make_doc(1, "jinhua", "金点子", "金点子。")])
    assert dictionary_state() == get_segmenter().fingerprint
    with connection.cursor() as cursor:
        cursor.execute("UPDATE search_state SET dictionary = ''")
    backend.upsert([make_doc(2, "jinhua", "金点子", "金点子。")])
    assert dictionary_state() == ""


def test_a_words_rarity_is_counted_once_per_index_version(backend):
    """The IDF of each group comes from its document frequency, cached under the index's
    version: asked again it costs no query; after a write it is counted again."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from search.backends.postgres.partial import _weights
    from tests.search.conftest import make_doc

    filler = "市政协围绕中心工作开展协商。"
    backend.upsert([make_doc(i, "chengdu", f"材料{i}", filler + ("河长制落实情况。" if i == 1 else ""))
                    for i in range(1, 7)])

    def weights():
        with connection.cursor() as cursor:
            cursor.execute("SELECT version FROM search_state")
            version = cursor.fetchone()[0]
        with CaptureQueriesContext(connection) as queries, connection.cursor() as cursor:
            got = _weights(cursor, ["'河长制'"], 6.0, version)
        return got[0], len(queries)

    rare, counted = weights()
    assert counted >= 1
    assert weights() == (rare, 0)  # the same index: from the cache, no query
    backend.upsert([make_doc(i, "chengdu", f"材料{i}", filler + "河长制落实情况。") for i in range(7, 12)])
    common, counted = weights()
    assert counted >= 1 and common < rare  # in 6 of 11 now: counted again, less rare


def test_what_the_shared_index_caches_is_shared_by_every_committee(backend):
    """The scope's facets and the index's statistics are the same for every committee:
    cached on one committee's host, they are found on another's (the default cache's
    keys carry the tenant's schema, so there each committee counted them again)."""
    from django.db import connection

    from search.backends.postgres.backend import _cache, _cached

    key = "search:test-shared:v1"
    connection.set_tenant(org("chengdu"))
    try:
        _cache(key, (3, {"year": {2024: 3}}))
        connection.set_tenant(org("jinhua"))
        assert _cached(key) == (3, {"year": {2024: 3}})
    finally:
        connection.set_schema_to_public()
