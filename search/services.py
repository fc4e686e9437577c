"""Writes of the shared index: the transactional outbox and its draining.

A material's write calls ``index_later([id])`` inside its own transaction. The outbox
row commits (or rolls back) with the material; after commit the task
``search.index_pending`` drains the outbox into the active backend. If the broker is
down the row simply waits; if the engine is down the drain fails, rolls back and the
rows wait. Beat (every minute) and ``manage.py reindex`` drain it too, so nothing saved
is lost to the index.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from django.db import transaction

from search.backends import get_backend
from search.backends.base import BULK_ROWS, Backend
from search.contract import VISIBILITIES, IndexedDocument
from search.models import OutboxEntry

logger = logging.getLogger(__name__)

DRAIN_BATCH = 200


def _material_documents(ids: list[int]) -> list[IndexedDocument]:
    from shared.materials.selectors import material_documents

    return material_documents(ids)


def _material_ids_all() -> Iterable[int]:
    from shared.materials.selectors import material_ids_all

    return material_ids_all()


def index_later(material_ids: list[int]) -> None:
    """Queue materials for (re)indexing or removal, in the caller's transaction.

    Side effects: one ``search_outbox`` row per id; after commit, the task
    ``search.index_pending`` is sent (a broker failure is logged, the rows stay).
    """
    ids = sorted({int(i) for i in material_ids})
    if not ids:
        return
    with transaction.atomic():
        OutboxEntry.objects.bulk_create([OutboxEntry(material_id=i) for i in ids])
        transaction.on_commit(_send_index_pending)


def _send_index_pending() -> None:
    from search.tasks import index_pending_task

    try:
        index_pending_task.delay()
    except Exception:  # broker down, or the eager drain failed: the outbox keeps the rows
        logger.warning("search: index_pending not run now; the outbox keeps the rows", exc_info=True)


def index_pending(*, backend: Backend | None = None, batch: int = DRAIN_BATCH,
                  documents: Callable[[list[int]], list[IndexedDocument]] | None = None) -> int:
    """Drain the outbox into the backend; returns how many outbox rows were done.

    Each batch is one transaction: rows are locked (SKIP LOCKED, so two workers
    never take the same row), their materials loaded and written to the backend, and
    the rows deleted. If the backend fails, the transaction rolls back and the rows
    stay for the next drain. A material changed again while being indexed has a newer
    row, which is not deleted here.
    """
    backend = backend or get_backend()
    documents = documents or _material_documents
    done = 0
    while True:
        with transaction.atomic():
            rows = list(
                OutboxEntry.objects.select_for_update(skip_locked=True).order_by("id")[:batch]
                .values_list("id", "material_id")
            )
            if not rows:
                if done >= BULK_ROWS:  # its writes were bulk writes: finish their work
                    backend.settle()
                return done
            ids = sorted({m for _, m in rows})
            docs = documents(ids)
            found = {d.id for d in docs}
            backend.upsert(list(docs))
            backend.delete([i for i in ids if i not in found])
            OutboxEntry.objects.filter(id__in=[r for r, _ in rows]).delete()
            done += len(rows)


def documents_index(documents: list[IndexedDocument], *, backend: Backend | None = None) -> None:
    """Write documents straight into a backend (reindexing, benchmarks, tests)."""
    for d in documents:
        if d.visibility not in VISIBILITIES:
            raise ValueError(f"visibility must be one of {VISIBILITIES}, not {d.visibility!r}")
    (backend or get_backend()).upsert(list(documents))


def documents_remove(material_ids: list[int], *, backend: Backend | None = None) -> None:
    (backend or get_backend()).delete(list(material_ids))


def index_rebuild(*, backend: Backend | None = None, batch: int = 200,
                  progress: Callable[[int, int], None] | None = None,
                  ids: Iterable[int] | None = None,
                  documents: Callable[[list[int]], list[IndexedDocument]] | None = None) -> int:
    """Rebuild a backend from the database: clear it, index every material in batches,
    then drain the outbox. ``progress(done, total)`` is called after each batch."""
    backend = backend or get_backend()
    documents = documents or _material_documents
    all_ids = list(ids if ids is not None else _material_ids_all())
    backend.clear()
    total = len(all_ids)
    for start in range(0, total, batch):
        chunk = all_ids[start:start + batch]
        backend.upsert(list(documents(chunk)))
        if progress:
            progress(min(start + batch, total), total)
    index_pending(backend=backend, documents=documents)
    backend.settle()
    return total


def outbox_size() -> int:
    return OutboxEntry.objects.count()


