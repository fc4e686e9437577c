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
