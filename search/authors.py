"""Who wrote a document, named in the query: ``-乐山`` and ``机构:乐山`` / ``-机构:乐山``
(``search.query``) → filters on the author (``search.results.Filters``), the same for
every backend.

A name means the committees of the platform it names (its short name contains it, e.g.
乐山 → 政协乐山市委员会; or, for three characters or more, its full name does, e.g.
乐山市) and the organisations outside the platform whose name contains it (as the
sources declare them: ``Source.outside_names``). So:

* ``-乐山`` leaves out texts saying 乐山 (the query's own exclusion) and the documents
  of 乐山 (``not_organisation`` / ``not_outside``);
* ``-机构:乐山`` leaves out only the documents of 乐山;
* ``机构:乐山`` keeps only them (with a name that matches nobody: no document).
"""
from __future__ import annotations

from dataclasses import replace

from django.db.models import Q

from search.query import Phrase, Query, Term
from search.results import Filters
from search.segmentation import normalize
from search.sources import source_list

#: a name shorter than this matches committees by their short name only (政协, 市 are in every full name)
FULL_NAME_MIN_CHARS = 3
#: ``机构:<a name matching nobody>``: an organisation id no row has, so nothing is found
NOBODY = 0


def committees_named(text: str) -> list[int]:
    """Ids of the committees of the platform that ``text`` names."""
    from tenancy.models import Level, Organisation

    text = normalize(text).strip()
    if not text:
        return []
    named = Q(short_name__icontains=text) | Q(name=text)
    if len(text) >= FULL_NAME_MIN_CHARS:
        named |= Q(name__icontains=text)
    return list(Organisation.objects.exclude(level=Level.PLATFORM).filter(named)
                .order_by("id").values_list("id", flat=True)[:200])


def outside_named(text: str) -> list[str]:
    """Names of the organisations outside the platform that ``text`` names (every source's)."""
    text = normalize(text).strip()
    names: list[str] = []
    for source in source_list():
        if text and source.outside_names is not None:
            names += [n for n in source.outside_names(text) if n not in names]
    return names[:200]


def _merged(current: tuple, more: list) -> tuple:
    return tuple(dict.fromkeys([*current, *more]))


def author_filters(query: Query, filters: Filters) -> Filters:
    """``filters`` with the authors the query names (see the module's docstring)."""
    excluded = [c.text for c in query.negative if isinstance(c, (Term, Phrase))]
    excluded += [a.text for a in query.authors if a.negated]
    chosen = [a.text for a in query.authors if not a.negated]
    if not excluded and not chosen:
        return filters
    not_ids, not_names = [], []
    for text in excluded:
        not_ids += committees_named(text)
        not_names += outside_named(text)
    changes = {"not_organisation": _merged(filters.not_organisation, not_ids),
               "not_outside": _merged(filters.not_outside, not_names)}
    if chosen:
        ids, names = [], []
        for text in chosen:
            ids += committees_named(text)
            names += outside_named(text)
        if filters.has_author:  # the facet's choice, within what the query names
            ids = [i for i in filters.organisation if i in ids]
            names = [n for n in filters.outside if n in names]
        changes["organisation"] = tuple(dict.fromkeys(ids)) or ((NOBODY,) if not names else ())
        changes["outside"] = tuple(dict.fromkeys(names))
    return replace(filters, **changes)
