"""The search page (HTMX swaps the results), the related-materials partial and the
read-only page of a document shared from another committee. Visibility is the active
committee's (``search.selectors``)."""
from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from roles.policy import Capability
from search import selectors
from search.contract import PUBLIC_SCHEMA, DocumentKey
from search.links import kind_label
from search.results import FACET_NAMES, FILTER_NAMES, Filters

FACET_TITLES = {
    "kind": _("类型"), "organisation": _("撰写单位"), "outside": _("平台外撰写单位"), "level": _("层级"),
    "province": _("省份"), "year": _("年份"), "theme": _("主题"), "occasion": _("会议"),
}
#: facets whose buckets can be excluded ("−"), and the exclusion filter of each
EXCLUDABLE = {"organisation": "not_organisation", "outside": "not_outside"}
SORT_LABELS = {"relevance": _("按相关度"), "date": _("按日期")}


def _querystring(q: str, sort: str, filters: Filters, **extra) -> str:
    pairs = [("q", q)] if q else []
    if sort != "relevance":
        pairs.append(("sort", sort))
    pairs += filters.as_query()
    pairs += [(k, str(v)) for k, v in extra.items()]
    return urlencode(pairs)


def _toggled(filters: Filters, facet: str, value: str) -> Filters:
    current = [str(v) for v in getattr(filters, facet)]
    values = [v for v in current if v != value] if value in current else current + [value]
    data = {name: [str(v) for v in getattr(filters, name)] for name in FILTER_NAMES}
    data[facet] = values
    return Filters.parse(data)


def _excluding(filters: Filters, facet: str, value: str) -> Filters:
    """``filters`` with the bucket ``value`` of ``facet`` excluded (and no longer chosen)."""
    data = {name: [str(v) for v in getattr(filters, name)] for name in FILTER_NAMES}
    data[facet] = [v for v in data[facet] if v != value]
    data[EXCLUDABLE[facet]] = data[EXCLUDABLE[facet]] + [value]
    return Filters.parse(data)


def _exclusions(q: str, sort: str, filters: Filters) -> list[tuple[str, str]]:
    """(label, URL without it) of each exclusion in force."""
    from search.labels import facet_labels

    ids = [(str(v), 0) for v in filters.not_organisation]
    names = facet_labels({"organisation": ids}).get("organisation", {})
    out = []
    for facet, exclusion in EXCLUDABLE.items():
        for value in (str(v) for v in getattr(filters, exclusion)):
            out.append((names.get(value, value) if facet == "organisation" else value,
                        "?" + _querystring(q, sort, _toggled(filters, exclusion, value))))
    return out


def _kinds_found(result, filters: Filters) -> set[str]:
    """The kinds among the hits, as far as the kind facet tells (empty when it does not):
    the count then says "materials" only when every hit is one."""
    kinds = {b.value for b in result.facets.get("kind", []) if b.count}
    return kinds & set(filters.kind) if filters.kind else kinds


def search_params(request) -> dict:
    return {
        "q": request.GET.get("q", "")[:500],
        "sort": request.GET.get("sort", "relevance"),
        "page": request.GET.get("page", 1),
        "filters": Filters.parse(request.GET),
    }


def home(request):
    params = search_params(request)
    result = selectors.search(params["q"], filters=params["filters"],
                              sort=params["sort"], page=params["page"], page_size=10)
    q, sort, filters = params["q"], result.sort, params["filters"]
    facet_groups = []
    for name in FACET_NAMES:
        buckets = [
            (b, "?" + _querystring(q, sort, _toggled(filters, name, b.value)),
             "?" + _querystring(q, sort, _excluding(filters, name, b.value)) if name in EXCLUDABLE else "")
            for b in result.facets.get(name, [])
        ]
        if buckets:
            facet_groups.append({"name": name, "title": FACET_TITLES[name], "buckets": buckets})
    base = _querystring(q, sort, filters)
    context = {
        "q": q,
        "result": result,
        "only_materials": _kinds_found(result, filters) == {"material"},
        "facet_groups": facet_groups,
        "sorts": [(key, label, "?" + _querystring(q, key, filters), key == sort)
                  for key, label in SORT_LABELS.items()],
        "page_url": "?" + (base + "&" if base else "") + "page=",
        "clear_url": "?" + _querystring(q, sort, Filters()),
        "exclusions": _exclusions(q, sort, filters),
        "has_filters": bool(filters.as_query()),
    }
    template = "search/partials/results.html" if request.htmx else "search/home.html"
    return render(request, template, context)


home.access_capability = Capability.VIEW


def related(request, pk: int):
    hits = selectors.related(DocumentKey("material", PUBLIC_SCHEMA, pk), limit=5, kind="material")
    return render(request, "search/partials/related.html", {"related_hits": hits})


related.access_capability = Capability.VIEW


def document(request, kind: str, schema: str, pk: int):
    """A document as the index holds it (title, text, committee), for a reader whose site
    has no page of its own for it (another committee's shared golden idea). 404 for a
    document the active committee may not see, as for one that does not exist."""
    hit = selectors.document_get(DocumentKey(kind, schema, pk))
    if hit is None:
        raise Http404
    return render(request, "search/document.html", {"hit": hit, "kind_label": kind_label(hit.kind)})


document.access_capability = Capability.VIEW
