"""The interface every backend implements, and what both share."""
from __future__ import annotations

import html
from collections import Counter
from dataclasses import dataclass

from search.contract import DocumentKey, IndexedDocument
from search.query import Query, highlight, highlight_terms
from search.results import Filters, SearchResult
from search.segmentation import tokens_for_index

SNIPPET_CHARS = 120

#: What of a document is indexed: its title's first INDEX_TITLE_CHARS characters and its
#: body's first INDEX_BODY_CHARS. The whole text is still stored and shown (the
#: document's own page, ``Backend.document``); only what a search can match is bounded,
#: so that no single upload can exceed an engine's limits (PostgreSQL's 1 MB tsvector)
#: or hold a drain for minutes. 200,000 characters are a report of some 130 pages: every
#: exchange material of the demo and the benchmarks is far shorter (about 6,000), and
#: segmenting that much takes one to two seconds.
INDEX_TITLE_CHARS = 1_000
INDEX_BODY_CHARS = 200_000


@dataclass(frozen=True)
class ViewerScope:
    """Who is searching, reduced to what visibility needs. None fields = anonymous."""

    organisation_id: int | None = None
    province_id: int | None = None

    @classmethod
    def of(cls, organisation) -> "ViewerScope":
        if organisation is None or getattr(organisation, "schema_name", "") == "public":
            return cls()
        return cls(organisation.pk, getattr(organisation, "province_id", None))

    @classmethod
    def current(cls) -> "ViewerScope":
        """The active committee (``connection.tenant``, set by the request, task or command
        edge); anonymous in the public schema."""
        from django.db import connection

        tenant = getattr(connection, "tenant", None)
        if tenant is None or not getattr(tenant, "pk", None):  # no tenant, or a schema_context's stand-in
            schema = getattr(connection, "schema_name", "public")
            if schema == "public":
                return cls()
            from tenancy.models import Organisation

            tenant = Organisation.objects.filter(schema_name=schema).first()
        return cls.of(tenant)


#: A write of at least this many documents is a bulk write (reindex, a drained backlog):
#: a backend may defer index work for it, finished by ``Backend.settle``.
BULK_ROWS = 50


class Backend:
    name = "base"

    def upsert(self, documents: list[IndexedDocument]) -> None:
        raise NotImplementedError

    def delete(self, keys: list[DocumentKey]) -> None:
        raise NotImplementedError

    def unavailable(self, error: Exception) -> bool:
        """Whether ``error`` says the engine is unavailable (down, overloaded), as opposed
        to a document it cannot index: the drain then leaves every row for later."""
        return isinstance(error, (ConnectionError, TimeoutError))

    def settle(self) -> None:
        """After bulk writes (``index_rebuild``, a drain of ``BULK_ROWS`` or more): finish
        deferred index work. Optional."""

    def clear(self) -> None:
        raise NotImplementedError

    def count(self) -> int:
        raise NotImplementedError

    def search(self, query: Query, *, viewer: ViewerScope, filters: Filters, sort: str,
               page: int, page_size: int, with_facets: bool = True) -> SearchResult:
        raise NotImplementedError

    def document(self, key: DocumentKey, *, viewer: ViewerScope):
        """The ``Hit`` of one document with its whole ``body``, or None if it is not
        indexed or the viewer may not see it."""
        raise NotImplementedError

    def related(self, key: DocumentKey, *, viewer: ViewerScope, limit: int,
                kind: str | None = None, others_only: bool = False) -> list:
        """Documents like ``key`` the viewer may see (none if it may not see ``key``);
        ``kind``: of that kind only; ``others_only``: none of the viewer's committee."""
        raise NotImplementedError


def title_html(title: str, query: Query) -> str:
    if not query.has_positive:
        return html.escape(title)
    frags = highlight(title, query, fragment_size=4 * len(title) + 4, max_fragments=1)
    return frags[0] if frags else html.escape(title)


def snippet_html(body: str, query: Query) -> str:
    if not query.has_positive:
        text = body[:SNIPPET_CHARS]
        return html.escape(text) + ("…" if len(body) > SNIPPET_CHARS else "")
    # highlight() folds the text character by character: give it a window around the
    # first plain occurrence instead of a 6,000-character body (figures: benchmarks/README.md).
    lowered = body.lower()
    found = [i for i in (lowered.find(t) for t in highlight_terms(query)) if i >= 0]
    if found:
        start = max(0, min(found) - SNIPPET_CHARS // 2)
        window = body[start:start + 6 * SNIPPET_CHARS]
    else:
        start, window = 0, body[:4000]
    frags = highlight(window, query, fragment_size=SNIPPET_CHARS, max_fragments=2)
    return ("…" if start else "") + " … ".join(frags)


# Words too common in this corpus to say what a material is about.
GENERIC_WORDS = frozenset(
    "政协 协商 工作 委员 发展 我们 进行 开展 推进 加强 建设 坚持 推动 全面 重要 积极 "
    "一是 二是 三是 四是 五是 通过 围绕 同时 以及 不断 进一步 实现 提高 提升 问题 "
    "社会 服务 群众 人民 中国 全国 主席 会议 活动 组织 单位 方面 作用 能力 相关 "
    "市政协 县政协 省政协 区政协 政协委员 委员会 一个 这个 没有 已经 就是 可以".split()
)


#: keywords stored per material: the first 12 find related materials, all of them feed
#: back into the ranking (``ranking.feedback``)
KEYWORDS_STORED = 40


def keywords(counts: dict[str, int], limit: int = KEYWORDS_STORED) -> list[str]:
    """The words that say what a material is about (for related materials and the
    ranking's feedback), from token counts of its ``segmented()`` text (title counted
    thrice): frequent words of 2+ characters, longer ones favoured, generic words left
    out; the most telling first."""
    ranked = sorted(
        ((w, n) for w, n in counts.items() if len(w) > 1 and not w.isdigit() and w not in GENERIC_WORDS),
        key=lambda kv: (-kv[1] * (1 + 0.3 * (len(kv[0]) - 2)), kv[0]),
    )
    return [w for w, _ in ranked[:limit]]


def text_keywords(title: str, body: str) -> list[str]:
    """``keywords`` of a title and body as indexed (search-mode words, the title's thrice),
    for a backend that does not count the words itself."""
    counts = Counter(tokens_for_index(body))
    for word in tokens_for_index(title):
        counts[word] += 3
    return keywords(counts)
