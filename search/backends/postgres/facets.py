"""Facets and the total of a search in one pass over its hits (``GROUPING SETS``)."""
from __future__ import annotations

from search.labels import facet_labels
from search.results import FACET_NAMES, FacetBucket, Filters

FACET_SIZE = 30

#: The facets in ONE pass over the hits' rows, as two grouping sets: (organisation, level,
#: province, year), at most organisations × years groups, summed here into four facets
#: and the total; and (occasion, theme list), a hit's themes one hash key, split here.
#: Five sets, one per facet, cost more than these two; unnesting the themes into a
#: UNION ALL, or a MATERIALIZED CTE feeding the sets and the newest hits, doubled the
#: time (figures: benchmarks/README.md).
_FACETS_SQL = """
    SELECT GROUPING(organisation_id, level, province_id, year, kind, occasion, themes),
           organisation_id, level, province_id, year, kind, occasion, themes, count(*)
    FROM search_entry e WHERE {where}
    GROUP BY GROUPING SETS ((organisation_id, level, province_id, year, kind), (occasion, themes))
"""


#: The documents written outside the platform among the hits, by keeper and name: counted
#: under their outside name, not under the committee that keeps them. The few documents
#: marked ``~w1`` are found first (MATERIALIZED: one GIN lookup, nothing without any), and
#: only they are tested against the search's condition, however many hits it has.
_OUTSIDE_SQL = """
    WITH outside AS MATERIALIZED (SELECT doc_id FROM search_entry WHERE vector @@ %s::tsquery)
    SELECT e.organisation_id, t.organisation_name, count(*)
    FROM outside o JOIN search_entry e ON e.doc_id = o.doc_id JOIN search_text t ON t.doc_id = e.doc_id
    WHERE {where}
    GROUP BY e.organisation_id, t.organisation_name
"""


def facets_run(cursor, where: str, params: list) -> tuple[int, dict[str, dict[str, int]]]:
    """(total, facet → value → count) of the hits of ``where``: one pass for the facets
    (``_FACETS_SQL``), and one over the hits written outside the platform, whose
    committee is only their keeper (``outside_counts``)."""
    from search.backends.postgres.markers import OUTSIDE, _m

    cursor.execute(_FACETS_SQL.format(where=where), params)
    total, raw = facet_counts(cursor.fetchall())
    cursor.execute(_OUTSIDE_SQL.format(where=where), [_m(*OUTSIDE), *params])
    outside_counts(raw, cursor.fetchall())
    return total, raw


def outside_counts(raw: dict[str, dict[str, int]], rows) -> None:
    """Move the hits written outside the platform (keeper id, outside name, count) from
    their keeper's organisation bucket to their own ``outside`` bucket."""
    for keeper, name, count in rows:
        key = str(keeper)
        if key in raw["organisation"]:
            raw["organisation"][key] -= count
        if name:
            raw["outside"][name] = raw["outside"].get(name, 0) + count


def facet_counts(rows) -> tuple[int, dict[str, dict[str, int]]]:
    """(total, facet → value → count) from the GROUPING SETS rows of ``_FACETS_SQL``.
    Summed per facet over the first set's rows in plain dicts, then keyed by text (a
    function call per value and row cost a search with facets 5 ms of Python)."""
    total = 0
    first: list[dict] = [{} for _ in range(5)]  # organisation, level, province, year, kind
    occasions: dict = {}
    themes_count: dict = {}
    # GROUPING bits, most significant first: organisation, level, province, year, kind, occasion, themes
    for grouping, org, level, prov, year, kind, occasion, themes, count in rows:
        if grouping == 0b0000011:  # every hit is in one group of this set
            total += count
            for sums, value in zip(first, (org, level, prov, year, kind)):
                sums[value] = sums.get(value, 0) + count
        elif grouping == 0b1111100:
            occasions[occasion] = occasions.get(occasion, 0) + count
            for theme in dict.fromkeys(themes or ()):
                themes_count[theme] = themes_count.get(theme, 0) + count
    raw: dict[str, dict[str, int]] = {name: {} for name in FACET_NAMES}
    named = zip(("organisation", "level", "province", "year", "kind", "occasion", "theme"),
                (*first, occasions, themes_count))
    for name, sums in named:
        out = raw[name]
        for value, count in sums.items():
            if value is not None and value != "":
                key = str(value)
                out[key] = out.get(key, 0) + count
    return total, raw

def facet_buckets(raw: dict[str, dict[str, int]], filters: Filters) -> dict[str, list[FacetBucket]]:
    lists = {name: [(v, c) for v, c in values.items() if c > 0] for name, values in raw.items()}
    labels = facet_labels(lists)
    facets = {}
    for name, buckets in lists.items():
        if name == "year":
            buckets.sort(key=lambda b: -int(b[0]))
        else:
            buckets.sort(key=lambda b: (-b[1], b[0]))
        chosen = filters.selected(name)
        kept = buckets[:FACET_SIZE] + [b for b in buckets[FACET_SIZE:] if b[0] in chosen]
        facets[name] = [
            FacetBucket(value=v, label=labels.get(name, {}).get(v, v), count=c, selected=v in chosen)
            for v, c in kept
        ]
    return facets
