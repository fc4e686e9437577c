"""Reads of the shared index. Visibility is applied here, from the active committee
(``connection.tenant``: the request's, or a task's or command's); callers cannot name
another viewer, nor widen what it sees (the rule is ``search.visibility.RULE``):

* shared with the platform: everyone (anonymous included);
* shared with a province: committees of the same province (and the owner);
* drafts, unshared golden ideas: the owning committee only.
"""
from __future__ import annotations

from django.db.models import Count, Min, Q

from search.backends import get_backend
from search.authors import author_filters
from search.backends.base import Backend, ViewerScope
from search.contract import DocumentKey
from search.models import OutboxEntry
from search.query import parse_query
from search.results import MAX_PAGE, MAX_PAGE_SIZE, SORTS, Filters, Hit, SearchResult


def _page_args(page, page_size) -> tuple[int, int]:
    try:
        page = int(page)
    except (TypeError, ValueError):
        page = 1
    try:
        page_size = int(page_size)
    except (TypeError, ValueError):
        page_size = 10
    return min(max(page, 1), MAX_PAGE), min(max(page_size, 1), MAX_PAGE_SIZE)


def search(query: str, *, filters: dict | Filters | None = None, sort: str = "relevance",
           page: int = 1, page_size: int = 10, with_facets: bool = True,
           backend: Backend | None = None) -> SearchResult:
    """Documents matching ``query`` that the active committee may see.

    An empty query lists every visible document (newest first), narrowed by the filters.
    Never raises on user input: bad filters are dropped, the page is clamped.
    """
    parsed = parse_query(query)
    if not isinstance(filters, Filters):
        filters = Filters.parse(filters)
    filters = author_filters(parsed, filters)
    if sort not in SORTS:
        sort = "relevance"
    if not parsed.has_positive and sort == "relevance":
        sort = "date"
    page, page_size = _page_args(page, page_size)
    return (backend or get_backend()).search(
        parsed, viewer=ViewerScope.current(), filters=filters, sort=sort, page=page,
        page_size=page_size, with_facets=with_facets,
    )


def related(key: DocumentKey, *, limit: int = 5, kind: str | None = None, others_only: bool = False,
            backend: Backend | None = None) -> list[Hit]:
    """Documents like ``key`` that the active committee may see; empty if it may not see
    the document itself. ``kind``: of that kind only; ``others_only``: none of its own."""
    try:
        key = DocumentKey(str(key.kind), str(key.schema), int(key.id))
    except (TypeError, ValueError, AttributeError):
        return []
    limit = min(max(int(limit or 5), 1), 20)
    return (backend or get_backend()).related(key, viewer=ViewerScope.current(), limit=limit,
                                              kind=kind, others_only=others_only)


def document_get(key: DocumentKey, *, backend: Backend | None = None) -> Hit | None:
    """The indexed document ``key`` if the active committee may see it, else None (a
    missing and a hidden document look the same)."""
    try:
        key = DocumentKey(str(key.kind), str(key.schema), int(key.id))
    except (TypeError, ValueError, AttributeError):
        return None
    return (backend or get_backend()).document(key, viewer=ViewerScope.current())


def outbox_state() -> dict:
    """The outbox's figures (the health endpoint's report): rows waiting, rows whose
    document failed (``attempts`` > 0), and the earliest next attempt of those."""
    got = OutboxEntry.objects.aggregate(
        size=Count("id"), failing=Count("id", filter=Q(attempts__gt=0)),
        next_retry=Min("next_attempt_at", filter=Q(attempts__gt=0)))
    next_retry = got["next_retry"]
    return {"size": got["size"], "failing": got["failing"],
            "next_retry": next_retry.isoformat() if next_retry else None}


def outbox_failing_list():
    """The rows set aside (their document failed), oldest first."""
    return OutboxEntry.objects.filter(attempts__gt=0).order_by("id")
