"""Writes of the shared index: the transactional outbox and its draining.

A write of an indexed object calls ``index_later(kind=..., ids=[...])`` inside its own
transaction; the schema is the active one (``connection.schema_name``) for a source
whose rows live in each committee's schema (golden ideas), public for the others. The outbox row commits (or rolls back) with
the object; after commit the task ``search.index_pending`` drains the outbox into the
active backend, loading each (kind, schema) group through its app's ``Source``
(``search.sources``) inside that schema. If the broker is down the row simply waits; if
the engine is down (``Backend.unavailable``) the drain fails, rolls back and the rows
wait. Beat (every minute) and ``manage.py reindex`` drain it too, so nothing saved is
lost to the index.

No single document stops the drain: a group that fails is split in halves, each in its
own savepoint, down to the one document that fails; the others are indexed. That row is
set aside: ``attempts`` + 1, ``last_error``, and a ``next_attempt_at`` after
``retry_delay`` (1 minute, doubling, at most a day); until then the drain skips it.
``manage.py search_outbox`` lists the rows set aside, retries or drops them.
"""
from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from collections.abc import Callable

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from search.backends import get_backend
from search.backends.base import BULK_ROWS, Backend
from search.contract import PUBLIC_SCHEMA, VISIBILITIES, DocumentKey, IndexedDocument
from search.models import OutboxEntry
from search.sources import documents_load, ids_all, source_get, source_list

logger = logging.getLogger(__name__)

DRAIN_BATCH = 200
#: the wait after a document's first failure, doubled after each next one, up to RETRY_MAX
RETRY_FIRST = datetime.timedelta(minutes=1)
RETRY_MAX = datetime.timedelta(days=1)
ERROR_CHARS = 2000  # of the exception's text kept in last_error


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


def retry_delay(attempts: int) -> datetime.timedelta:
    """How long a row waits after its ``attempts``-th failure: 1 min × 2^(attempts − 1),
    at most a day."""
    return min(RETRY_FIRST * 2 ** min(max(attempts - 1, 0), 20), RETRY_MAX)


def index_pending(*, backend: Backend | None = None, batch: int = DRAIN_BATCH) -> int:
    """Drain the outbox into the backend; returns how many outbox rows were done.

    Each batch is one transaction: the rows that are due (never failed, or past their
    ``next_attempt_at``) are locked (SKIP LOCKED, so two workers never take the same
    row), grouped by (kind, schema), their objects loaded in that schema and written to
    the backend, and the rows deleted. A document that fails is set aside (see the
    module docstring) and the rest of its batch is written. If the backend is
    unavailable, the transaction rolls back and the rows stay as they were for the next
    drain. An object changed again while being indexed has a newer row, which is not
    deleted here.
    """
    backend = backend or get_backend()
    done = 0
    while True:
        with transaction.atomic():
            now = timezone.now()
            rows = list(
                OutboxEntry.objects.select_for_update(skip_locked=True)
                .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
                .order_by("id")[:batch]
                .values_list("id", "kind", "schema_name", "object_id", "attempts")
            )
            if not rows:
                if done >= BULK_ROWS:  # its writes were bulk writes: finish their work
                    backend.settle()
                return done
            groups: defaultdict[tuple[str, str], set[int]] = defaultdict(set)
            for _, kind, schema, object_id, _ in rows:
                groups[(kind, schema)].add(object_id)
            failed: dict[DocumentKey, Exception] = {}
            for (kind, schema), group in groups.items():
                failed.update(_index_isolated(backend, kind, schema, sorted(group)))
            attempts: dict[DocumentKey, int] = {}
            for _, kind, schema, object_id, n in rows:
                key = DocumentKey(kind, schema, object_id)
                if key in failed:
                    attempts[key] = max(attempts.get(key, 0), n + 1)
            indexed = [r[0] for r in rows if DocumentKey(*r[1:4]) not in failed]
            OutboxEntry.objects.filter(id__in=indexed).delete()
            for key, error in failed.items():
                OutboxEntry.objects.filter(
                    id__in=[r[0] for r in rows if DocumentKey(*r[1:4]) == key],
                ).update(**_set_aside(attempts[key], error, now))
            done += len(indexed)


def _index_group(backend: Backend, kind: str, schema: str, ids: list[int]) -> None:
    docs = documents_load(kind, schema, ids)
    found = {d.id for d in docs}
    backend.upsert(list(docs))
    backend.delete([DocumentKey(kind, schema, i) for i in ids if i not in found])


def _index_isolated(backend: Backend, kind: str, schema: str, ids: list[int]) -> dict[DocumentKey, Exception]:
    """Index these objects, each half of a failing group again on its own (in a
    savepoint, so a write the database refused leaves the transaction usable), down to
    the single objects that fail; returns those, with their errors. An unavailable
    backend raises: no document is to blame."""
    try:
        with transaction.atomic():
            _index_group(backend, kind, schema, ids)
        return {}
    except Exception as error:
        if backend.unavailable(error):
            raise
        if len(ids) == 1:
            logger.warning("search: %s %s.%s could not be indexed; set aside for a retry",
                           kind, schema, ids[0], exc_info=True)
            return {DocumentKey(kind, schema, ids[0]): error}
    half = len(ids) // 2
    return {**_index_isolated(backend, kind, schema, ids[:half]),
            **_index_isolated(backend, kind, schema, ids[half:])}


def _set_aside(attempts: int, error: Exception, now: datetime.datetime) -> dict:
    """The outbox fields of a row whose document failed for the ``attempts``-th time."""
    return {"attempts": attempts, "last_error": f"{type(error).__name__}: {error}"[:ERROR_CHARS],
            "next_attempt_at": now + retry_delay(attempts)}


def documents_index(documents: list[IndexedDocument], *, backend: Backend | None = None) -> None:
    """Write documents straight into a backend (reindexing, benchmarks, tests)."""
    for d in documents:
        if d.visibility not in VISIBILITIES:
            raise ValueError(f"visibility must be one of {VISIBILITIES}, not {d.visibility!r}")
    (backend or get_backend()).upsert(list(documents))


def index_rebuild(*, backend: Backend | None = None, batch: int = 200,
                  progress: Callable[[str, int, int], None] | None = None) -> dict[str, int]:
    """Rebuild a backend from the database: clear it, index every object of every source
    in batches (each in its schema), then drain the outbox. A document that fails is set
    aside in the outbox, as by the drain. ``progress(plural, done, total)`` is called
    after each batch; returns the count of each source (its plural)."""
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
                failed = _index_isolated(backend, source.kind, schema, chunk)
                if failed:  # into the outbox, as the drain would have set them aside
                    now = timezone.now()
                    OutboxEntry.objects.bulk_create([
                        OutboxEntry(kind=k.kind, schema_name=k.schema, object_id=k.id,
                                    **_set_aside(1, error, now))
                        for k, error in failed.items()])
                done += len(chunk)
                if progress:
                    progress(source.plural, done, total)
        counts[source.plural] = total
    index_pending(backend=backend)
    backend.settle()
    return counts


def outbox_size() -> int:
    return OutboxEntry.objects.count()


def outbox_retry(*, ids: list[int] | None = None) -> int:
    """Make rows set aside due now (``ids``: these outbox rows, else every one); their
    attempts are kept. Returns how many. Side effect: the task ``search.index_pending``
    is sent after commit."""
    rows = OutboxEntry.objects.filter(attempts__gt=0)
    if ids is not None:
        rows = rows.filter(id__in=ids)
    with transaction.atomic():
        n = rows.update(next_attempt_at=timezone.now())
        if n:
            transaction.on_commit(_send_index_pending)
    return n


@transaction.atomic
def outbox_drop(*, id: int) -> OutboxEntry:
    """Delete one outbox row (an operator giving up on a document); its document stays
    as the index has it. Raises ``OutboxEntry.DoesNotExist``."""
    row = OutboxEntry.objects.select_for_update().get(id=id)
    row.delete()
    logger.warning("search: outbox row %s (%s %s.%s, %s attempts) dropped by an operator",
                   id, row.kind, row.schema_name, row.object_id, row.attempts)
    return row
