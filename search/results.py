"""What a search returns, the same from every backend."""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from search.contract import DocumentKey

#: facet name → the filter key that selects it (the same names, kept explicit)
FACET_NAMES = ("kind", "organisation", "level", "province", "year", "theme", "occasion")

SORTS = ("relevance", "date")
MAX_PAGE_SIZE = 50
MAX_PAGE = 500


@dataclass(frozen=True)
class Hit:
    id: int                  # the object's id in its own table (its kind's, in its schema)
    title_html: str          # HTML-escaped, matches in <mark>
    snippet_html: str        # HTML-escaped, matches in <mark>
    organisation_id: int
    organisation_name: str
    author: str
    level: str
    year: int | None
    published_on: datetime.date | None
    themes: tuple[str, ...]
    occasion: str
    visibility: str
    score: float = 0.0
    kind: str = "material"   # the source's kind
    schema: str = "public"   # the schema the object lives in
    body: str = ""           # the whole text: only from ``Backend.document``

    @property
    def key(self) -> DocumentKey:
        return DocumentKey(self.kind, self.schema, self.id)


@dataclass(frozen=True)
class FacetBucket:
    value: str               # as it appears in the filter (ids as strings)
    label: str
    count: int
    selected: bool = False


@dataclass(frozen=True)
class SearchResult:
    query: str
    hits: list[Hit]
    total: int
    facets: dict[str, list[FacetBucket]] = field(default_factory=dict)
    page: int = 1
    page_size: int = 10
    sort: str = "relevance"
    #: False when ``total`` is a lower bound (a search without facets stops counting).
    total_exact: bool = True

    @property
    def pages(self) -> int:
        return max(1, min(MAX_PAGE, -(-self.total // self.page_size)))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


@dataclass(frozen=True)
class Filters:
    """Validated filters: values within one facet are OR-ed, facets AND-ed."""

    kind: tuple[str, ...] = ()
    organisation: tuple[int, ...] = ()
    level: tuple[str, ...] = ()
    province: tuple[int, ...] = ()
    year: tuple[int, ...] = ()
    theme: tuple[str, ...] = ()
    occasion: tuple[str, ...] = ()

    @classmethod
    def parse(cls, raw: dict | None) -> "Filters":
        """From a dict of str → value or list of values; bad values are dropped, never raise."""
        raw = raw or {}

        def values(key):
            v = raw.get(key)
            if hasattr(raw, "getlist"):
                v = raw.getlist(key)
            if v is None:
                return []
            if isinstance(v, (str, int)):
                v = [v]
            return [x for x in v if x not in (None, "")][:50]

        def ints(key):
            out = []
            for x in values(key):
                try:
                    n = int(str(x).strip())
                except (TypeError, ValueError):
                    continue
                if -2**31 < n < 2**31 and n not in out:
                    out.append(n)
            return tuple(out)

        def strs(key, max_len=200):
            out = []
            for x in values(key):
                s = str(x).strip()[:max_len]
                if s and s not in out:
                    out.append(s)
            return tuple(out)

        return cls(
            kind=tuple(x for x in strs("kind", 30) if x.replace("_", "").isalnum()),
            organisation=ints("organisation"),
            level=tuple(x for x in strs("level") if x in ("province", "city", "county")),
            province=ints("province"),
            year=ints("year"),
            theme=strs("theme", 50),
            occasion=strs("occasion"),
        )

    def selected(self, facet: str) -> set[str]:
        return {str(v) for v in getattr(self, facet)}

    def as_query(self) -> list[tuple[str, str]]:
        return [(name, str(v)) for name in FACET_NAMES for v in getattr(self, name)]
