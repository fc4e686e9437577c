"""Who may see a document: the rule, stated once, as data.

A document states its visibility as one of three levels; the viewer is the active
committee (anonymous in the public schema):

* ``platform``: everyone, anonymous included;
* ``province``: committees of the owner's province, and the owner;
* ``draft``: the owner only (a material's draft, an unshared golden idea).

``RULE`` says, per level, the alternatives under which a viewer sees a document; each
alternative names the document attributes (``OWNER``: the owning committee's id;
``PROVINCE``: the owner's province id) that must equal the viewer's (``VIEWER_ATTRIBUTE``:
its ``organisation_id`` / ``province_id``). An alternative naming none holds for everyone;
one naming an attribute the viewer lacks (anonymous, no province) never holds.

Everything that filters by visibility derives from ``RULE``: ``visible_q`` (a model's
rows, Django ORM), the PostgreSQL backend's marker tsqueries
(``search.backends.postgres.markers``), the Elasticsearch bool filter
(``search.backends.elasticsearch_schema.visibility_filter``), and ``may_see`` (one
document, in Python). Changing who sees what is an edit of ``RULE`` (and a reindex for
the PostgreSQL markers, which store the document attributes each level names).
"""
from __future__ import annotations

import operator
from collections.abc import Iterator, Mapping
from functools import reduce
from typing import Any, Protocol

from search.contract import VISIBILITIES, VISIBILITY_DRAFT, VISIBILITY_PLATFORM, VISIBILITY_PROVINCE

#: document attributes a rule may compare with the viewer's
OWNER = "owner"          # the committee that owns the document (IndexedDocument.organisation_id)
PROVINCE = "province"    # its province (IndexedDocument.province_id)

#: the viewer's attribute each document attribute must equal
VIEWER_ATTRIBUTE: dict[str, str] = {OWNER: "organisation_id", PROVINCE: "province_id"}

Alternative = tuple[str, ...]

#: level → the alternatives (any one suffices) → the document attributes that must all
#: equal the viewer's. Levels in this order everywhere (the PostgreSQL scope parts too).
RULE: dict[str, tuple[Alternative, ...]] = {
    VISIBILITY_PLATFORM: ((),),
    VISIBILITY_PROVINCE: ((PROVINCE,), (OWNER,)),
    VISIBILITY_DRAFT: ((OWNER,),),
}
assert tuple(sorted(RULE)) == tuple(sorted(VISIBILITIES))


class Viewer(Protocol):
    """Who is searching, as visibility needs it (``search.backends.base.ViewerScope``)."""

    organisation_id: int | None
    province_id: int | None


def viewer_value(viewer: Viewer | None, attribute: str) -> Any:
    """The viewer's value a document ``attribute`` must equal (None: the viewer has none)."""
    return None if viewer is None else getattr(viewer, VIEWER_ATTRIBUTE[attribute], None)


def is_everyone(level: str) -> bool:
    """Whether every viewer, anonymous included, sees documents of ``level``."""
    return any(not alternative for alternative in RULE[level])


def alternatives(viewer: Viewer | None, level: str) -> Iterator[dict[str, Any]]:
    """The alternatives of ``level`` that can hold for this viewer, each as {document
    attribute: the value it must have}; {} for one that holds whatever the document."""
    for alternative in RULE[level]:
        values = {attribute: viewer_value(viewer, attribute) for attribute in alternative}
        if all(v is not None for v in values.values()):
            yield values


def may_see(viewer: Viewer | None, *, visibility: str, owner: Any, province: Any) -> bool:
    """Whether the viewer sees one document, given its level and attributes."""
    document = {OWNER: owner, PROVINCE: province}
    return any(all(document[a] == v for a, v in values.items())
               for values in alternatives(viewer, visibility))


def visible_q(viewer: Viewer | None, *, fields: Mapping[str, str | tuple[str, ...]],
              visibility_field: str = "visibility", values: Mapping[str, str] | None = None):
    """A Django ``Q`` for the rows of a model the viewer may see.

    ``fields``: each document attribute → the model's field name (or names, any of which
    may match: a material's writer and its keeper both own it); ``values``: a level →
    the model's stored value where it differs (golden ideas store ``committee`` for
    ``draft``)."""
    from django.db.models import Q

    values = values or {}
    parts = []
    for level in RULE:
        for alternative in alternatives(viewer, level):
            part = Q(**{visibility_field: values.get(level, level)})
            for attribute, value in alternative.items():
                names = fields[attribute]
                names = (names,) if isinstance(names, str) else tuple(names)
                match = Q(**{names[0]: value})
                for name in names[1:]:
                    match |= Q(**{name: value})
                part &= match
            parts.append(part)
    return reduce(operator.or_, parts)  # never empty: someone always sees the platform level
