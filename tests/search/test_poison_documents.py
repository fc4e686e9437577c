"""No single document stops the network's search: what is indexed of a long text is
bounded, and a document that still fails is set aside, retried later and listed."""
import random

import pytest

from search.backends.base import INDEX_BODY_CHARS
from search.backends.postgres import PostgresBackend
from search.contract import DocumentKey
from search.models import OutboxEntry
from search.selectors import search
from search.services import index_later, index_pending
from tests.search.conftest import make_doc, seen_by

DOCS = {}


def _source(ids):
    return [DOCS[i] for i in ids if i in DOCS]


@pytest.fixture
def docs(db, monkeypatch):
    """A stand-in source of materials (the real one reads shared.materials), the only source."""
    from search import sources

    monkeypatch.setattr(sources, "_SOURCES", {"material": sources.Source(
        kind="material", label="材料", plural="materials", documents=_source,
        ids_all=lambda: sorted(DOCS))})
    DOCS.clear()
    PostgresBackend().clear()
    OutboxEntry.objects.all().delete()
    yield DOCS
    DOCS.clear()


def distinct_words_text(size_bytes: int, *, seed: int = 12) -> str:
    """The upload of the report: a .txt of distinct words, here random CJK characters
    (a new bigram nearly at every position) and then distinct ASCII words, ``size_bytes``
    of UTF-8 in all."""
    rnd = random.Random(seed)
    cjk = "".join(chr(rnd.randrange(0x4E00, 0x9FA5)) for _ in range(120_000))
    words, n, i = [], len(cjk.encode()), 0
    while n < size_bytes:
        word = f"w{i:07d}x"
        words.append(word)
        n += len(word) + 1
        i += 1
    return cjk + " " + " ".join(words)


def test_a_long_text_of_distinct_words_is_indexed_and_found_by_its_beginning(docs):
    """2.2 MB of distinct words made a tsvector over PostgreSQL's 1 MB: the drain failed
    on it for ever. Only the beginning is indexed now; the whole text is still stored."""
    body = "琥珀议事厅章程开篇。" + distinct_words_text(2_200_000)
    assert len(body.encode()) >= 2_200_000
    DOCS[1] = make_doc(1, "chengdu", "超长的协商文稿", body)
    DOCS[2] = make_doc(2, "ziyang", "双助兴业的做法", "开展双助兴业活动。")
    index_later(kind="material", ids=[1, 2])

    assert index_pending() == 2
    assert OutboxEntry.objects.count() == 0
    assert [h.id for h in seen_by(None, search, "琥珀议事厅").hits] == [1]
    assert [h.id for h in seen_by(None, search, "双助兴业").hits] == [2]
    # what lies past the bound is not indexed (the last ASCII word), but kept whole
    assert seen_by(None, search, body.rsplit(" ", 1)[1]).total == 0
    shown = PostgresBackend().document(DocumentKey("material", "public", 1), viewer=_anonymous())
    assert shown.body == body


def test_a_word_longer_than_a_lexeme_may_be_is_left_out_of_the_index(docs):
    """PostgreSQL refuses a lexeme of 2 KB or more ("word is too long"): a 3,000-letter
    run (a pasted base64 blob) is left out, the text around it indexed."""
    DOCS[3] = make_doc(3, "chengdu", "附件编码", "协商议事" + " " + "a" * 3000 + " 琥珀结尾")
    index_later(kind="material", ids=[3])

    assert index_pending() == 1
    assert [h.id for h in seen_by(None, search, "琥珀结尾").hits] == [3]


def test_the_indexed_body_is_bounded_by_characters(docs):
    """The first INDEX_BODY_CHARS characters of a text of ordinary words are indexed (a
    word just inside is found; one just past, not). Words, not phrases: past position
    16,383 PostgreSQL gives every token the same position."""
    filler = "政协委员围绕乡村振兴开展协商。" * (INDEX_BODY_CHARS // 15)
    inside, past = "琥珀", "翡翠"
    body = filler[:INDEX_BODY_CHARS - 10] + inside + filler[:100] + past
    DOCS[4] = make_doc(4, "chengdu", "长文", body)
    index_later(kind="material", ids=[4])

    index_pending()
    assert seen_by(None, search, inside).total == 1
    assert seen_by(None, search, past).total == 0


def _anonymous():
    from search.backends.base import ViewerScope

    return ViewerScope()


# -- a failing document is set aside ---------------------------------------------------

BAD_ID = 1000


def _good_materials(n=300):
    """``n`` materials of three committees that say 协商纪要."""
    slugs = ("chengdu", "ziyang", "jinhua")
    for i in range(1, n + 1):
        DOCS[i] = make_doc(i, slugs[i % 3], f"第{i}号协商纪要", "委员协商议事。")


@pytest.fixture
def failing_loader(docs, monkeypatch):
    """The materials' loader fails for one material (BAD_ID) until it is in DOCS, as a
    corrupt row would make it until repaired."""
    from search import sources

    def documents(ids):
        if BAD_ID in ids and BAD_ID not in DOCS:
            raise ValueError(f"材料 {BAD_ID} 无法读取")
        return _source(ids)

    monkeypatch.setattr(sources, "_SOURCES", {"material": sources.Source(
        kind="material", label="材料", plural="materials", documents=documents,
        ids_all=lambda: sorted(DOCS))})
    return docs


def _due_now():
    """The set-aside rows' backoff has passed (as time would make it)."""
    import datetime

    from django.utils import timezone

    OutboxEntry.objects.update(next_attempt_at=timezone.now() - datetime.timedelta(seconds=1))


def test_a_failing_document_is_set_aside_and_every_other_is_indexed(failing_loader):
    import datetime

    from django.utils import timezone

    _good_materials()
    index_later(kind="material", ids=list(range(1, 151)) + [BAD_ID] + list(range(151, 301)))
    before = timezone.now()

    assert index_pending() == 300
    after = timezone.now()
    assert seen_by(None, search, "协商纪要", page_size=1).total == 300
    row = OutboxEntry.objects.get()
    assert (row.object_id, row.attempts) == (BAD_ID, 1)
    assert row.last_error == f"ValueError: 材料 {BAD_ID} 无法读取"
    minute = datetime.timedelta(minutes=1)
    assert before + minute <= row.next_attempt_at <= after + minute

    # a drain right after does not try it again: it waits for its backoff
    assert index_pending() == 0
    assert OutboxEntry.objects.get().attempts == 1

    # after its backoff it is tried again, and waits twice as long
    _due_now()
    before = timezone.now()
    assert index_pending() == 0
    row = OutboxEntry.objects.get()
    assert row.attempts == 2 and row.next_attempt_at >= before + 2 * minute

    # once it loads (repaired), it is indexed and leaves the outbox
    DOCS[BAD_ID] = make_doc(BAD_ID, "chengdu", "终于读出的协商纪要", "琥珀。")
    _due_now()
    assert index_pending() == 1
    assert OutboxEntry.objects.count() == 0
    assert seen_by(None, search, "琥珀").total == 1


def test_a_document_the_database_refuses_is_set_aside(docs):
    """A write PostgreSQL refuses (an id out of range here) rolls back to its savepoint
    only: the other documents of the batch are written."""
    _good_materials(20)
    DOCS[BAD_ID] = make_doc(BAD_ID, "chengdu", "坏的协商纪要", "委员协商议事。")
    from dataclasses import replace

    DOCS[BAD_ID] = replace(DOCS[BAD_ID], organisation_id=2 ** 40)
    index_later(kind="material", ids=list(DOCS))

    assert index_pending() == 20
    assert seen_by(None, search, "协商纪要", page_size=1).total == 20
    row = OutboxEntry.objects.get()
    assert row.object_id == BAD_ID and row.attempts == 1
    assert "out of range" in row.last_error


def test_a_committee_source_failing_in_its_schema_holds_no_other_document(docs, monkeypatch):
    """A per-committee loader whose query fails (in the committee's schema) for one
    object: its savepoint is rolled back, the committee's other objects are indexed."""
    from dataclasses import replace

    from django.db import connection
    from django_tenants.utils import schema_context

    from search import sources

    def ideas(ids):
        if BAD_ID in ids:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1 / 0")  # a corrupt row's query
        return [replace(make_doc(i, "chengdu", "琥珀金点子", "金点子。"), kind="idea", schema="chengdu")
                for i in ids]

    monkeypatch.setitem(sources._SOURCES, "idea", sources.Source(
        kind="idea", label="金点子", plural="ideas", documents=ideas, ids_all=list, per_tenant=True))
    with schema_context("chengdu"):
        index_later(kind="idea", ids=[1, 2, BAD_ID])

    assert index_pending() == 2
    assert seen_by(None, search, "琥珀金点子").total == 2
    assert list(OutboxEntry.objects.values_list("schema_name", "object_id", "attempts", "last_error")) == [
        ("chengdu", BAD_ID, 1, "DataError: division by zero")]


def test_the_backoff_doubles_up_to_a_day():
    import datetime

    from search.services import retry_delay

    assert [retry_delay(n) for n in (1, 2, 3)] == [datetime.timedelta(minutes=m) for m in (1, 2, 4)]
    assert retry_delay(30) == datetime.timedelta(days=1)


def test_an_engine_that_is_down_sets_nothing_aside(docs):
    """A refused connection is the engine, not the document: the rows stay as they were
    and the next drain takes them at once."""

    class DownBackend(PostgresBackend):
        def upsert(self, documents):
            raise ConnectionError("search engine down")

    _good_materials(3)
    index_later(kind="material", ids=list(DOCS))
    with pytest.raises(ConnectionError):
        index_pending(backend=DownBackend())
    assert list(OutboxEntry.objects.values_list("attempts", "next_attempt_at")) == [(0, None)] * 3
    assert index_pending() == 3


def test_a_rebuild_sets_a_failing_document_aside_and_indexes_the_rest(failing_loader):
    from search.services import index_rebuild

    _good_materials(30)
    every_id = sorted(DOCS) + [BAD_ID]
    from search import sources

    sources._SOURCES["material"] = sources.Source(
        kind="material", label="材料", plural="materials",
        documents=sources._SOURCES["material"].documents, ids_all=lambda: every_id)

    assert index_rebuild(batch=16) == {"materials": 31}
    assert seen_by(None, search, "协商纪要", page_size=1).total == 30
    row = OutboxEntry.objects.get()
    assert (row.object_id, row.attempts) == (BAD_ID, 1) and "无法读取" in row.last_error


def test_elasticsearch_unavailable_is_the_node_not_a_document():
    """Down, timed out or overloaded: the rows wait; a document the node refuses (400)
    is set aside."""
    from elastic_transport import ApiResponseMeta, ConnectionError as NodeDown, HttpHeaders, NodeConfig
    from elasticsearch import ApiError
    from elasticsearch.helpers import BulkIndexError

    from search.backends.elasticsearch import ElasticsearchBackend

    def api_error(status):
        meta = ApiResponseMeta(status=status, http_version="1.1", headers=HttpHeaders(), duration=0.0,
                               node=NodeConfig("http", "localhost", 9200))
        return ApiError("refused", meta=meta, body={})

    es = ElasticsearchBackend("http://localhost:9200")
    assert es.unavailable(NodeDown("refused")) and es.unavailable(api_error(503))
    assert es.unavailable(BulkIndexError("1 failed", [{"index": {"status": 429}}]))
    assert not es.unavailable(api_error(400))
    assert not es.unavailable(BulkIndexError("1 failed", [{"index": {"status": 400, "error": "mapper_parsing"}}]))
    assert not es.unavailable(ValueError("a document"))


# -- listed for the operator ----------------------------------------------------------

def _one_set_aside(n_good=3):
    _good_materials(n_good)
    index_later(kind="material", ids=list(DOCS) + [BAD_ID])
    index_pending()
    return OutboxEntry.objects.get()


def test_readiness_reports_the_outbox_and_its_failing_rows_without_failing(failing_loader, site):
    row = _one_set_aside()
    index_later(kind="material", ids=[1])  # one more, waiting for the drain (no broker here)

    response = site(None).get("/readyz")
    assert response.status_code == 200
    assert response.json()["reports"]["search_outbox"] == {
        "size": 2, "failing": 1, "next_retry": row.next_attempt_at.isoformat()}


def test_the_command_lists_failing_rows_retries_and_drops_them(failing_loader, capsys):
    from django.core.management import call_command

    row = _one_set_aside()
    call_command("search_outbox")
    out = capsys.readouterr().out
    assert "outbox: 1 row(s) waiting, 1 failing" in out
    line = next(x for x in out.splitlines() if x.split()[:1] == [str(row.id)])
    assert line.split()[1:5] == ["material", "public", str(BAD_ID), "1"]
    assert line.endswith(f"ValueError: 材料 {BAD_ID} 无法读取")

    # still failing: retried at once, it waits longer
    call_command("search_outbox", "--retry")
    assert "retried 1 failing row(s); the drain indexed 0 row(s)" in capsys.readouterr().out
    assert OutboxEntry.objects.get().attempts == 2

    # repaired: a retry indexes it
    DOCS[BAD_ID] = make_doc(BAD_ID, "chengdu", "修好的协商纪要", "琥珀。")
    call_command("search_outbox", "--retry", str(row.id))
    assert "the drain indexed 1 row(s)" in capsys.readouterr().out
    assert OutboxEntry.objects.count() == 0 and seen_by(None, search, "琥珀").total == 1

    # failing again and given up on: dropped
    del DOCS[BAD_ID]
    index_later(kind="material", ids=[BAD_ID])
    index_pending()
    row = OutboxEntry.objects.get(attempts=1)
    call_command("search_outbox", "--drop", str(row.id))
    assert f"dropped row {row.id}: material public.{BAD_ID}" in capsys.readouterr().out
    assert OutboxEntry.objects.count() == 0
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="no outbox row"):
        call_command("search_outbox", "--drop", str(row.id))


def test_reindex_names_the_documents_it_set_aside(failing_loader, capsys):
    from django.core.management import call_command

    from search import sources

    _good_materials(5)
    every_id = sorted(DOCS) + [BAD_ID]
    sources._SOURCES["material"] = sources.Source(
        kind="material", label="材料", plural="materials",
        documents=sources._SOURCES["material"].documents, ids_all=lambda: every_id)
    call_command("reindex", "--backend", "postgres")
    out = capsys.readouterr().out
    assert "done: 6 materials" in out
    assert "1 document(s) failed to index and wait for a retry: manage.py search_outbox" in out
