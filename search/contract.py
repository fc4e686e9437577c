"""What the search index needs to know about a document (the contract with the apps).

An app declares a ``search.sources.Source`` for each kind of document it lets the index
hold (materials, golden ideas): a function returning one ``IndexedDocument`` per existing
object id (missing ids = deleted → removed from the index), one listing every id for
reindexing, and whether its rows live in the public schema or in each committee's. A
document is identified by its ``DocumentKey``: (kind, schema, object id). Everything else
about an object stays in its own app.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import NamedTuple

VISIBILITY_DRAFT = "draft"
VISIBILITY_PROVINCE = "province"
VISIBILITY_PLATFORM = "platform"
VISIBILITIES = (VISIBILITY_DRAFT, VISIBILITY_PROVINCE, VISIBILITY_PLATFORM)

LEVELS = ("province", "city", "county")


PUBLIC_SCHEMA = "public"


class DocumentKey(NamedTuple):
    """Which document: its source's kind, the schema its object lives in, the object's id."""

    kind: str
    schema: str
    id: int


@dataclass(frozen=True)
class IndexedDocument:
    id: int                  # the object's id in its own table
    title: str
    body: str
    author: str
    organisation_id: int     # the committee that wrote it
    organisation_name: str
    level: str               # "province" | "city" | "county"
    province_id: int | None
    year: int | None         # published_on's year (None without a date): pages read by year rely on it
    published_on: datetime.date | None
    themes: tuple[str, ...]
    occasion: str            # meeting name, "" if none
    visibility: str          # "draft" | "province" | "platform" (search.visibility)
    kind: str = "material"   # the Source's kind
    schema: str = PUBLIC_SCHEMA  # where the object lives: public, or its committee's schema
    #: the name of an author outside the platform ("" if none): ``organisation_id`` is then
    #: the committee that keeps the document (its visibility), and the organisation facet
    #: and the exclusion by organisation treat the outside name as the author instead
    outside: str = ""

    @property
    def key(self) -> DocumentKey:
        return DocumentKey(self.kind, self.schema, self.id)
