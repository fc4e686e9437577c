"""The Elasticsearch backend (elasticsearch-dsl 8.18 builds the bodies, see
``elasticsearch_schema``; the official ``elasticsearch`` 8 client sends them).

Selected when ``settings.ELASTICSEARCH_URL`` is set. Same interface and the same hits
as the PostgreSQL backend: both index ``search.segmentation.segmented()`` text made with
our jieba dictionary, so a vanilla node works (no analysis plugin needed).
"""
from __future__ import annotations

import datetime

from search.backends.base import Backend, ViewerScope, snippet_html, title_html
from search.backends.elasticsearch_schema import (
    FACETS,
    INDEX_NAME,
    INDEX_VISIBILITY,
    SearchFilters,
    Viewer,
    document,
    feedback_window,
    full_count_body,
    index_body,
    related_body,
    search_body,
    visibility_filter,
    wants_partial,
    whole_text,
)
from search.backends.ranking import FEEDBACK_WINDOW, Scored, compact, feedback, plan, reorders
from search.contract import DocumentKey, IndexedDocument
from search.query import Query
from search.results import FacetBucket, Filters, Hit, SearchResult

#: our visibility names → the index's (the schema module predates the contract)
TO_INDEX_VISIBILITY = INDEX_VISIBILITY
FROM_INDEX_VISIBILITY = {v: k for k, v in INDEX_VISIBILITY.items()}
BULK_BYTES = 10 * 1024 * 1024


def doc_id(key: DocumentKey) -> str:
    """The ``_id`` of a document: its key (kind, schema, object id)."""
    return f"{key.kind}:{key.schema}:{key.id}"


def source_of(d: IndexedDocument) -> dict:
    """The ``_source`` of one document (segmented fields added by ``document``)."""
    return document({
        "material_id": d.id,
        "kind": d.kind,
        "schema_name": d.schema,
        "organisation_id": None if d.outside else d.organisation_id,
        "organisation_name": d.organisation_name,
        "owner_organisation_id": d.organisation_id,
        "outside": d.outside,
        "level": d.level,
        "province": d.province_id,
        "year": d.year,
        "themes": list(d.themes),
        "occasion": d.occasion or "",
        "visibility": TO_INDEX_VISIBILITY.get(d.visibility, d.visibility),
        "date": d.published_on,
        "title": d.title,
        "body": d.body,
    })


def viewer_of(scope: ViewerScope) -> Viewer:
    return Viewer(
        organisation_id=None if scope.organisation_id is None else str(scope.organisation_id),
        province=None if scope.province_id is None else str(scope.province_id),
    )


def filters_of(filters: Filters) -> SearchFilters:
    return SearchFilters(
        kinds=filters.kind,
        organisations=tuple(str(v) for v in filters.organisation),
        levels=filters.level,
        provinces=tuple(str(v) for v in filters.province),
        years=filters.year,
        themes=filters.theme,
        occasions=filters.occasion,
        outsides=filters.outside,
        not_organisations=tuple(str(v) for v in filters.not_organisation),
        not_outsides=filters.not_outside,
    )


class ElasticsearchBackend(Backend):
    name = "elasticsearch"

    def __init__(self, url: str, *, index: str = INDEX_NAME, refresh: bool = False):
        from elasticsearch import Elasticsearch

        if not url:
            raise ValueError("ELASTICSEARCH_URL is not set")
        self.client = Elasticsearch(url, request_timeout=10)
        self.index = index
        self.refresh = refresh  # tests: make writes visible at once

    def unavailable(self, error: Exception) -> bool:
        """Down, timed out, or overloaded (429, 502–504, for the request or every document
        of a bulk request); a document the node refuses is not."""
        from elastic_transport import ConnectionError as NodeDown
        from elastic_transport import ConnectionTimeout
        from elasticsearch import ApiError
        from elasticsearch.helpers import BulkIndexError

        busy = {429, 502, 503, 504}
        if isinstance(error, BulkIndexError):
            return bool(error.errors) and all(
                next(iter(item.values()), {}).get("status") in busy for item in error.errors)
        if isinstance(error, ApiError):
            return error.meta.status in busy
        return isinstance(error, (NodeDown, ConnectionTimeout)) or super().unavailable(error)

    def ensure_index(self) -> None:
        if not self.client.indices.exists(index=self.index):
            self.client.indices.create(index=self.index, body=index_body(self.index))
        elif not getattr(self, "_mapping_current", False):
            # fields added since the index was created (``outside``): a mapping only grows,
            # so putting today's is accepted once per process; documents are then reindexed
            # through the outbox (their migrations queue them) or ``manage.py reindex``
            self.client.indices.put_mapping(index=self.index, body=index_body(self.index)["mappings"])
        self._mapping_current = True

    def upsert(self, documents: list[IndexedDocument]) -> None:
        if not documents:
            return
        from elasticsearch.helpers import bulk

        self.ensure_index()
        # a request of at most BULK_BYTES: a long text (its whole body is stored) goes alone,
        # never over the node's http.max_content_length (100 MB)
        bulk(self.client, ({"_index": self.index, "_id": doc_id(d.key), "_source": source_of(d)} for d in documents),
             refresh="wait_for" if self.refresh else False, max_chunk_bytes=BULK_BYTES)

    def delete(self, keys: list[DocumentKey]) -> None:
        if not keys:
            return
        from elasticsearch.helpers import bulk

        self.ensure_index()
        bulk(self.client, ({"_op_type": "delete", "_index": self.index, "_id": doc_id(k)} for k in keys),
             raise_on_error=False, refresh="wait_for" if self.refresh else False)

    def clear(self) -> None:
        self.drop()
        self.ensure_index()

    def drop(self) -> None:
        self.client.indices.delete(index=self.index, ignore_unavailable=True)

    def count(self) -> int:
        self.ensure_index()
        return self.client.count(index=self.index)["count"]

    def search(self, query: Query, *, viewer: ViewerScope, filters: Filters, sort: str,
               page: int, page_size: int, with_facets: bool = True) -> SearchResult:
        self.ensure_index()
        # few full matches: those matching part of the query follow them (search.backends.ranking)
        full_total, partial = None, False
        count_body = full_count_body(query, viewer_of(viewer), filters_of(filters)) if sort == "relevance" else None
        if count_body is not None:
            full_total = self.client.count(index=self.index, body=count_body)["count"]
            partial = wants_partial(query, full_total)
        res, window = self._search(query, viewer, filters, sort, page, page_size, with_facets, partial)
        if sort == "relevance" and not res["hits"]["total"]["value"] and plan(query).widened():
            # no material has its content words: those having its others, as partial matches
            res, window = self._search(query, viewer, filters, sort, page, page_size, with_facets, True, True)
            partial, full_total = True, 0
        raw = res["hits"]["hits"]
        if window:
            raw = self._fed_back(raw, query)[window[0]:sum(window)]
        hits = [self._hit(h, query) for h in raw]
        facets = self._facets(res.get("aggregations", {}), filters) if with_facets else {}
        total = res["hits"]["total"]["value"]
        return SearchResult(query=str(query), hits=hits, total=total,
                            facets=facets, page=page, page_size=page_size, sort=sort,
                            partial=partial and total > (full_total or 0),
                            full_total=total if full_total is None else full_total)

    def _search(self, query: Query, viewer: ViewerScope, filters: Filters, sort: str, page: int,
                page_size: int, with_facets: bool, partial: bool, wide: bool = False):
        """(response, feedback window or None) of one search request: for a page among
        the first hits, the first FEEDBACK_WINDOW of them, to be ordered again by what
        the first of them say (``ranking.feedback``)."""
        fed = sort == "relevance" and reorders(plan(query), partial)
        window = feedback_window(page, page_size) if fed else None
        first = dict(page=1, page_size=max(FEEDBACK_WINDOW, sum(window))) if window else \
            dict(page=page, page_size=page_size)
        body = search_body(query, viewer_of(viewer), filters_of(filters), sort=sort, partial=partial,
                           wide=wide, **first)
        if not with_facets:
            body.pop("aggs", None)
        return self.client.search(index=self.index, body=body), window

    @staticmethod
    def _fed_back(raw: list[dict], query: Query) -> list[dict]:
        """The raw hits (best first) in ``ranking.feedback``'s order, with its scores."""
        scored = [Scored(n, float(h.get("_score") or 0),
                         compact(whole_text(h["_source"], "title") + (h["_source"].get("body") or "")),
                         tuple(h["_source"].get("keywords") or ())) for n, h in enumerate(raw)]
        return [{**raw[x.id], "_score": x.score} for x in feedback(scored, plan(query))]

    @staticmethod
    def _hit(h: dict, query: Query) -> Hit:
        s = h["_source"]
        hl = h.get("highlight", {})
        date = s.get("date")
        return Hit(
            id=int(s["material_id"]),
            title_html=(hl.get("title") or [title_html(whole_text(s, "title"), query)])[0],
            snippet_html=" … ".join(hl.get("body") or [snippet_html(s.get("body", ""), query)]),
            organisation_id=int(s.get("organisation_id") or s["owner_organisation_id"]),
            organisation_name=s.get("organisation_name", ""),
            author="",
            level=s.get("level") or "",
            year=s.get("year"),
            published_on=datetime.date.fromisoformat(date[:10]) if date else None,
            themes=tuple(s.get("themes") or ()),
            occasion=s.get("occasion") or "",
            visibility=FROM_INDEX_VISIBILITY.get(s.get("visibility"), s.get("visibility")),
            score=float(h.get("_score") or 0),
            kind=s.get("kind") or "material",
            schema=s.get("schema_name") or "public",
            body=whole_text(s, "body"),  # a search's hits hold the indexed part only
        )

    @staticmethod
    def _facets(aggs: dict, filters: Filters) -> dict[str, list[FacetBucket]]:
        from search.labels import facet_labels as _facet_labels

        raw = {name: [(str(b["key"]), b["doc_count"]) for b in aggs.get(name, {}).get("buckets", [])
                      if b["key"] not in ("", None)] for name in FACETS}
        labels = _facet_labels(raw)
        return {
            name: [FacetBucket(value=v, label=labels.get(name, {}).get(v, v), count=c,
                               selected=v in filters.selected(name)) for v, c in buckets]
            for name, buckets in raw.items()
        }

    def _visible(self, key: DocumentKey, viewer: ViewerScope, size: int) -> list[dict]:
        """The document's hit if the viewer may see it ([] otherwise)."""
        res = self.client.search(index=self.index, body={
            "query": {"bool": {"filter": [{"ids": {"values": [doc_id(key)]}},
                                          visibility_filter(viewer_of(viewer)).to_dict()]}},
            "size": size, "track_total_hits": True,
        })
        return res["hits"]["hits"] if res["hits"]["total"]["value"] else []

    def document(self, key: DocumentKey, *, viewer: ViewerScope) -> Hit | None:
        self.ensure_index()
        found = self._visible(key, viewer, 1)
        return self._hit(found[0], Query()) if found else None

    def related(self, key: DocumentKey, *, viewer: ViewerScope, limit: int,
                kind: str | None = None, others_only: bool = False) -> list[Hit]:
        self.ensure_index()
        # The source must itself be visible to the viewer, else nothing is shown.
        if not self._visible(key, viewer, 1):
            return []
        not_organisation = viewer.organisation_id if others_only else None
        res = self.client.search(index=self.index, body=related_body(
            doc_id(key), viewer_of(viewer), size=limit, kind=kind, not_organisation=not_organisation))
        return [self._hit(h, Query()) for h in res["hits"]["hits"]]
