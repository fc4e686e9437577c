"""Reads of the shared index. Visibility is applied here, from the requesting
organisation; callers cannot widen it.

* platform-shared materials: everyone (anonymous included);
* province-shared: committees of the same province (and the owner);
* drafts: the owning committee only.
"""
from __future__ import annotations

from search.backends import get_backend
from search.backends.base import Backend, ViewerScope
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


def search(query: str, *, viewer, filters: dict | Filters | None = None, sort: str = "relevance",
           page: int = 1, page_size: int = 10, with_facets: bool = True,
           backend: Backend | None = None) -> SearchResult:
    """Materials matching ``query`` that ``viewer`` (an Organisation, or None) may see.

    An empty query lists every visible material (newest first), narrowed by the filters.
    Never raises on user input: bad filters are dropped, the page is clamped.
    """
    parsed = parse_query(query)
    if not isinstance(filters, Filters):
        filters = Filters.parse(filters)
    if sort not in SORTS:
        sort = "relevance"
    if not parsed.has_positive and sort == "relevance":
        sort = "date"
    page, page_size = _page_args(page, page_size)
    return (backend or get_backend()).search(
        parsed, viewer=ViewerScope.of(viewer), filters=filters, sort=sort, page=page,
        page_size=page_size, with_facets=with_facets,
    )


def related(material_id: int, *, viewer, limit: int = 5, backend: Backend | None = None) -> list[Hit]:
    """Materials like ``material_id`` that ``viewer`` may see; empty if it may not see the
    material itself."""
    try:
        material_id = int(material_id)
    except (TypeError, ValueError):
        return []
    limit = min(max(int(limit or 5), 1), 20)
    return (backend or get_backend()).related(material_id, viewer=ViewerScope.of(viewer), limit=limit)
