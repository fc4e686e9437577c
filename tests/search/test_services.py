"""The outbox: indexed after commit, kept while the engine is down, drained later."""
import pytest
from django.core.management import call_command

from search.backends.postgres import PostgresBackend
from search.models import OutboxEntry
from search.selectors import search
from search.services import documents_index, index_later, index_pending, index_rebuild
from tests.search.conftest import make_doc, seen_by

DOCS = {}


def source(ids):
    return [DOCS[i] for i in ids if i in DOCS]


@pytest.fixture
def docs(db, monkeypatch):
    """Materials of a stand-in source (the real one reads shared.materials), the only source."""
    from search import sources

    monkeypatch.setattr(sources, "_SOURCES", {"material": sources.Source(
        kind="material", label="材料", plural="materials", documents=source,
        ids_all=lambda: sorted(DOCS))})
    DOCS.clear()
    DOCS[801] = make_doc(801, "chengdu", "金点子征集办法", "征集金点子二十条。")
    DOCS[802] = make_doc(802, "ziyang", "双助兴业的做法", "开展双助兴业活动。")
    PostgresBackend().clear()
    OutboxEntry.objects.all().delete()
    yield DOCS
    DOCS.clear()


class DownBackend(PostgresBackend):
    """An engine that is down: every write fails, as a refused connection would."""

    def upsert(self, documents):
        raise ConnectionError("search engine down")


def test_index_later_writes_outbox_rows_in_the_callers_transaction(docs, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        index_later(kind="material", ids=[801, 802, 801])
    assert sorted(OutboxEntry.objects.values_list("object_id", flat=True)) == [801, 802]
    assert len(callbacks) == 1  # the task is sent only after commit


def test_rolled_back_write_leaves_no_outbox_row(docs):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        index_later(kind="material", ids=[801])
        raise RuntimeError("the material's save failed")
    assert OutboxEntry.objects.count() == 0


def test_drain_indexes_and_empties_the_outbox(docs):
    index_later(kind="material", ids=[801, 802])
    assert index_pending() == 2
    assert OutboxEntry.objects.count() == 0
    assert [h.id for h in seen_by(None, search, "金点子").hits] == [801]
    assert [h.id for h in seen_by(None, search, "双助兴业").hits] == [802]


def test_engine_down_keeps_rows_until_it_comes_back(docs):
    index_later(kind="material", ids=[801])
    with pytest.raises(ConnectionError):
        index_pending(backend=DownBackend())
    assert list(OutboxEntry.objects.values_list("object_id", flat=True)) == [801]
    assert seen_by(None, search, "金点子").total == 0
    index_pending()  # the engine is back
    assert OutboxEntry.objects.count() == 0
    assert seen_by(None, search, "金点子").total == 1


def test_deleted_material_leaves_the_index(docs):
    documents_index([docs[801], docs[802]])
    del DOCS[801]
    index_later(kind="material", ids=[801])
    index_pending()
    assert seen_by(None, search, "金点子").total == 0
    assert seen_by(None, search, "双助兴业").total == 1


def test_rebuild_reports_progress_and_drains_outbox(docs):
    seen = []
    index_later(kind="material", ids=[802])
    counts = index_rebuild(batch=1, progress=lambda plural, d, t: seen.append((plural, d, t)))
    assert counts == {"materials": 2} and seen == [("materials", 1, 2), ("materials", 2, 2)]
    assert OutboxEntry.objects.count() == 0
    assert PostgresBackend().count() == 2


def _sixty_more_materials():
    """Sixty more materials that say 协商议事: a bulk write's worth."""
    for i in range(60):
        DOCS[900 + i] = make_doc(900 + i, "jinhua", f"第{i}号协商议事纪要", "委员协商议事厅开展协商。")


def test_a_bulk_rebuild_leaves_no_deferred_gin_work_and_finds_every_material(docs):
    """A bulk write lets GIN defer merging its new entries (a bigger pending list, which
    every query would read); the rebuild merges them at its end."""
    from django.db import connection

    _sixty_more_materials()
    assert index_rebuild(batch=100) == {"materials": 62}
    with connection.cursor() as cursor:
        cursor.execute("SELECT gin_clean_pending_list('search_entry_vector_gin'), "
                       "gin_clean_pending_list('search_entry_title_gin')")
        assert cursor.fetchone() == (0, 0)  # pages still pending: none
    assert seen_by(None, search, "协商议事", backend=PostgresBackend(), page_size=1).total == 60


def test_a_drained_backlog_leaves_no_deferred_gin_work(docs):
    """A backlog (the engine was down, a migration queued every material) is drained in
    bulk writes; the drain merges their deferred GIN work at its end, too."""
    from django.db import connection

    _sixty_more_materials()
    index_later(kind="material", ids=list(DOCS))
    assert index_pending() == 62
    with connection.cursor() as cursor:
        cursor.execute("SELECT gin_clean_pending_list('search_entry_vector_gin')")
        assert cursor.fetchone() == (0,)
    assert seen_by(None, search, "协商议事", page_size=1).total == 60


def test_reindex_command_rebuilds_from_the_materials(db, capsys):
    """The real command over the demo materials (shared.materials) and golden ideas."""
    from shared.materials.models import Material

    expected = Material.objects.count()
    if not expected:
        pytest.skip("the demo has no materials")
    PostgresBackend().clear()
    call_command("reindex", "--backend", "postgres", "--batch", "10")
    out = capsys.readouterr().out
    assert f"{expected}/{expected} materials (100%)" in out
    assert f"done: {expected} materials" in out
    # and every committee's golden ideas (shared or not: their own committee finds them)
    from django_tenants.utils import schema_context

    from tenancy.selectors import organisation_list
    from tenants.golden_ideas.models import GoldenIdea
    from tenants.proposals.models import Proposal

    ideas = proposals = 0
    for organisation in organisation_list():
        with schema_context(organisation.schema_name):
            ideas += GoldenIdea.objects.count()
            proposals += Proposal.objects.filter(is_public=True).count()  # only published ones are indexed
    assert f"{ideas} golden ideas" in out
    assert proposals and f"{proposals} proposals" in out
    assert PostgresBackend().count() == expected + ideas + proposals


def test_material_saved_through_the_materials_service_is_found(db, django_capture_on_commit_callbacks):
    """End to end: the materials app's write → outbox → task after commit → searchable.

    The task runs in-process here (as without REDIS_URL) even when CI gives a broker:
    no worker consumes the default queue during the tests.
    """
    from config.celery import app
    from shared.materials.models import Material

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True

    material = Material.objects.filter(visibility="platform").order_by("id").first()
    if material is None:
        pytest.skip("the demo has no platform-shared material")
    Material.objects.filter(pk=material.pk).update(title="独一无二的标题词语琥珀")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            index_later(kind="material", ids=[material.pk])
    finally:
        app.conf.task_always_eager = eager
    assert [h.id for h in seen_by(None, search, "琥珀").hits] == [material.pk]
    assert OutboxEntry.objects.filter(kind="material", object_id=material.pk).count() == 0
