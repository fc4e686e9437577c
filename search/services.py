"""Writes of the shared index: the transactional outbox and its draining.

A write of an indexed object calls ``index_later(kind=..., ids=[...])`` inside its own
transaction; the schema is the active one (``connection.schema_name``) for a source
whose rows live in each committee's schema (golden ideas), public for the others. The outbox row commits (or rolls back) with
the object; after commit the task ``search.index_pending`` drains the outbox into the
active backend, loading each (kind, schema) group through its app's ``Source``
(``search.sources``) inside that schema. If the broker is down the row simply waits; if
the engine is down the drain fails, rolls back and the rows wait. Beat (every minute) and
``manage.py reindex`` drain it too, so nothing saved is lost to the index.
"""
from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable

from django.db import connection, transaction

from search.backends import get_backend
from search.backends.base import BULK_ROWS, Backend
from search.contract import PUBLIC_SCHEMA, VISIBILITIES, DocumentKey, IndexedDocument
from search.models import OutboxEntry
from search.sources import documents_load, ids_all, source_get, source_list

logger = logging.getLogger(__name__)

DRAIN_BATCH = 200


def index_later(*, kind: str, ids: list[int]) -> None:
    """Queue objects of ``kind`` in the active schema for (re)indexing or removal, in the
    caller's transaction.

    Side effects: one ``search_outbox`` row per id; after commit, the task
    ``search.index_pending`` is sent (a broker failure is logged, the rows stay).
    """
    source = source_get(kind)
    if source is None:
        raise LookupError(f"no search source of kind {kind!r} is registered")
    ids = sorted({int(i) for i in ids})
    if not ids:
        return
    # a public source's rows are in the public schema whatever the request's committee
    schema = (getattr(connection, "schema_name", None) or PUBLIC_SCHEMA) if source.per_tenant else PUBLIC_SCHEMA
    with transaction.atomic():
        OutboxEntry.objects.bulk_create(
            [OutboxEntry(kind=kind, schema_name=schema, object_id=i) for i in ids])
        transaction.on_commit(_send_index_pending)


def _send_index_pending() -> None:
    from search.tasks import index_pending_task

    try:
        index_pending_task.delay()
    except Exception:  # broker down, or the eager drain failed: the outbox keeps the rows
        logger.warning("search: index_pending not run now; the outbox keeps the rows", exc_info=True)


def index_pending(*, backend: Backend | None = None, batch: int = DRAIN_BATCH) -> int:
    """Drain the outbox into the backend; returns how many outbox rows were done.

    Each batch is one transaction: rows are locked (SKIP LOCKED, so two workers
    never take the same row), grouped by (kind, schema), their objects loaded in that
    schema and written to the backend, and the rows deleted. If the backend fails, the
    transaction rolls back and the rows stay for the next drain. An object changed again
    while being indexed has a newer row, which is not deleted here.
    """
    backend = backend or get_backend()
    done = 0
    while True:
        with transaction.atomic():
            rows = list(
                OutboxEntry.objects.select_for_update(skip_locked=True).order_by("id")[:batch]
                .values_list("id", "kind", "schema_name", "object_id")
            )
            if not rows:
                if done >= BULK_ROWS:  # its writes were bulk writes: finish their work
                    backend.settle()
                return done
            groups: defaultdict[tuple[str, str], set[int]] = defaultdict(set)
            for _, kind, schema, object_id in rows:
                groups[(kind, schema)].add(object_id)
            for (kind, schema), group in groups.items():
                ids = sorted(group)
                docs = documents_load(kind, schema, ids)
                found = {d.id for d in docs}
                backend.upsert(list(docs))
                backend.delete([DocumentKey(kind, schema, i) for i in ids if i not in found])
            OutboxEntry.objects.filter(id__in=[r[0] for r in rows]).delete()
            done += len(rows)


def documents_index(documents: list[IndexedDocument], *, backend: Backend | None = None) -> None:
    """Write documents straight into a backend (reindexing, benchmarks, tests)."""
    for d in documents:
        if d.visibility not in VISIBILITIES:
            raise ValueError(f"visibility must be one of {VISIBILITIES}, not {d.visibility!r}")
    (backend or get_backend()).upsert(list(documents))


def index_rebuild(*, backend: Backend | None = None, batch: int = 200,
                  progress: Callable[[str, int, int], None] | None = None) -> dict[str, int]:
    """Rebuild a backend from the database: clear it, index every object of every source
    in batches (each in its schema), then drain the outbox. ``progress(plural, done,
    total)`` is called after each batch; returns the count of each source (its plural)."""
    backend = backend or get_backend()
    backend.clear()
    counts: dict[str, int] = {}
    for source in source_list():
        pairs = list(ids_all(source))
        total = sum(len(ids) for _, ids in pairs)
        done = 0
        for schema, ids in pairs:
            for start in range(0, len(ids), batch):
                chunk = ids[start:start + batch]
                backend.upsert(documents_load(source.kind, schema, chunk))
                done += len(chunk)
                if progress:
                    progress(source.plural, done, total)
        counts[source.plural] = total
    index_pending(backend=backend)
    backend.settle()
    return counts


def outbox_size() -> int:
    return OutboxEntry.objects.count()
