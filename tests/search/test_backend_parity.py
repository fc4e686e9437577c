"""Both backends must return the same hits for the same query.

``es_hits`` evaluates the Elasticsearch clause bodies from ``clause_query`` over the
whitespace-tokenised ``segmented()`` strings the way Lucene does (match/and = all
tokens present; match_phrase = tokens at consecutive positions, title and body being
separate values of ``content_seg``). ``test_postgresql_matches_es_semantics`` runs the
rendered tsquery in the test database (PostgreSQL) and must give the same hits.
"""
import pytest

from search.backends.elasticsearch_schema import clause_query
from search.query import parse_query, to_tsquery
from search.backends.postgres import index_streams, tsvector_text, whole_words
from search.segmentation import segmented

DOCS = {
    1: ("开展有事来协商活动", "市政协委员协商议事厅揭牌，群众有事来协商。"),
    2: ("解决两个薄弱问题", "县级政协解决“两个薄弱”问题的探索与实践。"),
    3: ("金点子评选", "评选金点子二十条，打造好品牌，画好同心圆。"),
    4: ("推进双助兴业", "开展双助活动月，助力乡村振兴。Hello World"),
    5: ("书香政协建设", "建设书香政协，月报季晒年评比，走在全省第一方阵。"),
    6: ("协商议事", "成双助力乡村，小微协商，社情民意信息。"),
}
#: Dictionary words only as substrings across punctuation (no search-mode word): found
#: through the phrase without whole words, through the word's lexeme with them.
ALL_DOCS = {**DOCS, 9: ("议事厅见闻", "走进委员协商，议事厅，收集金点，子和有事来，协商的做法。")}

QUERIES = {
    "有事来协商": {1},
    "协商": {1, 6},
    "来协商": {1},
    "有事": {1},
    "委员协商议事厅": {1},
    "议事厅": {1},
    "协商议事": {1, 6},
    "两个薄弱": {2},
    "薄弱": {2},
    '"两个薄弱"': {2},
    "金点子": {3},
    "点子": {3},
    "双助兴业": {4},
    "双助": {4, 6},  # substring semantics: 成双助力 contains 双助 (documented trade-off)
    "助兴": {4},
    "书香政协": {5},
    "第一方阵": {5},
    "社情民意": {6},
    "hello": {4},
    '"hello world"': {4},
    '"world hello"': set(),
    "金点子 好品牌": {3},
    "金点子 -同心圆": set(),
    '协商 -"有事来协商"': {6},
    '"评选金点子"': {3},
    '"金点子二十条"': {3},
    '"子评"': {3},
    '"选评"': set(),  # title ends 选, body starts 评: no phrase across title and body
    "政协": {1, 2, 5},
    "不存在的词": set(),
}


def _phrase_in(tokens, phrase):
    n = len(phrase)
    return any(tokens[i:i + n] == phrase for i in range(len(tokens) - n + 1))


def _eval(q, values):
    (kind, spec), = q.items()
    if kind == "bool":
        if "must" in spec:
            return all(_eval(s, values) for s in spec["must"])
        return sum(_eval(s, values) for s in spec["should"]) >= spec["minimum_should_match"]
    (_, arg), = spec.items()
    if kind == "match":
        words = arg["query"].split()
        present = {t for v in values for t in v}
        return all(w in present for w in words)
    if kind == "match_phrase":
        return any(_phrase_in(v, arg.split()) for v in values)
    raise AssertionError(kind)


def es_hits(query_text, docs=DOCS):
    q = parse_query(query_text)
    hits = set()
    for doc_id, (title, body) in docs.items():
        values = [segmented(title).split(), segmented(body).split()]
        ok = True
        for clause in q.clauses:
            cq = clause_query(clause)
            if cq is None:
                continue
            if _eval(cq.to_dict(), values) == clause.negated:
                ok = False
        if ok and q.has_positive:
            hits.add(doc_id)
    return hits


@pytest.mark.parametrize("query,expected", QUERIES.items())
def test_es_semantics(query, expected):
    assert es_hits(query) == expected


@pytest.fixture
def pg(db):
    """A cursor on the test database with the documents in a temporary table (rolled back)."""
    from django.db import connection

    with connection.cursor() as cursor:
        # v: segmented() as ES sees it; b: what the PostgreSQL backend stores (bigrams)
        # w: as b, plus the whole words (dictionary words found as substrings)
        cursor.execute("CREATE TEMP TABLE search_parity_test (id int, v tsvector, b tsvector, w tsvector)")
        for doc_id, (title, body) in ALL_DOCS.items():
            t_units, t_long, _ = index_streams(title)
            b_units, b_long, _ = index_streams(body)
            whole = whole_words(title, t_long) + whole_words(body, t_long + b_long)
            cursor.execute(
                "INSERT INTO search_parity_test VALUES (%s, "
                "setweight(to_tsvector('simple', %s), 'A') || "
                "setweight(to_tsvector('simple', %s), 'B'), %s::tsvector, %s::tsvector)",
                (doc_id, segmented(title), segmented(body),
                 tsvector_text([t_units, t_long], [b_units, b_long]),
                 tsvector_text([t_units, t_long], [b_units, b_long], marks=whole)),
            )
        cursor.execute("CREATE INDEX ON search_parity_test USING gin (v)")
        cursor.execute("CREATE INDEX ON search_parity_test USING gin (b)")
        yield cursor


@pytest.mark.parametrize("query", list(QUERIES))
def test_postgresql_matches_es_semantics(pg, query):
    tsq = to_tsquery(query)
    rows = pg.execute(
        "SELECT id FROM search_parity_test WHERE v @@ to_tsquery('simple', %s)", (tsq,)
    ).fetchall()
    pg_hits = {r[0] for r in rows}
    assert pg_hits == es_hits(query, ALL_DOCS)


@pytest.mark.parametrize("text", ["a & b", "x') | ('y", "!(", "a:*", "<->", "'", "\\"])
def test_postgresql_accepts_any_user_text(pg, text):
    tsq = to_tsquery(text)
    if tsq:
        pg.execute("SELECT to_tsquery('simple', %s)", (tsq,)).fetchone()


@pytest.mark.parametrize("query", list(QUERIES) + ['"金点子"', '-"书香政协" 政协', '"有事来协商"', "乡村振兴人才",
                                                  '"来协"', "厅", '"揭牌，群众"', "hello world"])
def test_postgres_backend_bigram_index_finds_the_same_hits(pg, query):
    """The backend's tsqueries over its bigram vectors find exactly what the clause
    semantics (Elasticsearch's, over segmented() text) find: as one tsquery, and split
    into ``exact OR (full AND NOT exact)`` as the backend runs it."""
    from search.backends.postgres import pg_query, pg_tsquery

    parsed = parse_query(query)
    expected = es_hits(query, ALL_DOCS)
    tsq = pg_tsquery(parsed)
    got = set()
    if tsq:
        pg.execute("SELECT id FROM search_parity_test WHERE b @@ to_tsquery('simple', %s)", [tsq])
        got = {r[0] for r in pg.fetchall()}
    assert got == expected
    q = pg_query(parsed)
    if q.full:
        sql, params = q.match_sql("b")
        neg = " AND NOT b @@ %s::tsquery" if q.excluded else ""
        pg.execute(f"SELECT id FROM search_parity_test WHERE {sql}{neg}", params + ([q.excluded] if neg else []))
        assert {r[0] for r in pg.fetchall()} == expected
    # with whole words indexed, a dictionary word is its lexeme alone: still the same hits
    q = pg_query(parsed, whole=True)
    if q.full:
        sql, params = q.match_sql("w")
        neg = " AND NOT w @@ %s::tsquery" if q.excluded else ""
        pg.execute(f"SELECT id FROM search_parity_test WHERE {sql}{neg}", params + ([q.excluded] if neg else []))
        assert {r[0] for r in pg.fetchall()} == expected
