"""What a search returns, the same from every backend."""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from search.contract import DocumentKey

#: facet name → the filter key that selects it (the same names, kept explicit).
#: ``organisation`` holds committees (ids); ``outside`` authors outside the platform (their
#: names): together they are who wrote a document, OR-ed as one facet.
FACET_NAMES = ("kind", "organisation", "outside", "level", "province", "year", "theme", "occasion")
#: exclusions: documents of these committees (ids) or outside authors (names) are left out
#: (a facet bucket's "−", or ``-乐山`` / ``-机构:乐山`` in the query: ``search.authors``)
EXCLUSION_NAMES = ("not_organisation", "not_outside")
FILTER_NAMES = FACET_NAMES + EXCLUSION_NAMES

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
    #: True when hits matching only part of the query follow the full matches (there
    #: were few of those: ``search.backends.ranking``); ``total`` and the facets count both.
    partial: bool = False
    #: How many hits match the whole query (equals ``total`` unless ``partial``).
    full_total: int | None = None

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
    outside: tuple[str, ...] = ()
    level: tuple[str, ...] = ()
    province: tuple[int, ...] = ()
    year: tuple[int, ...] = ()
    theme: tuple[str, ...] = ()
    occasion: tuple[str, ...] = ()
    not_organisation: tuple[int, ...] = ()
    not_outside: tuple[str, ...] = ()

    @property
    def has_author(self) -> bool:
        """Whether the author facet (committees or outside organisations) is narrowed."""
        return bool(self.organisation or self.outside)

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
            outside=strs("outside", 120),
            level=tuple(x for x in strs("level") if x in ("province", "city", "county")),
            province=ints("province"),
            year=ints("year"),
            theme=strs("theme", 50),
            occasion=strs("occasion"),
            not_organisation=ints("not_organisation"),
            not_outside=strs("not_outside", 120),
        )

    def selected(self, facet: str) -> set[str]:
        return {str(v) for v in getattr(self, facet)}

    def as_query(self) -> list[tuple[str, str]]:
        return [(name, str(v)) for name in FILTER_NAMES for v in getattr(self, name)]
