"""What the search index needs to know about a material (the contract with shared.materials).

The materials app provides ``shared.materials.selectors.material_documents(ids)`` returning
one ``IndexedDocument`` per existing material (missing ids = deleted → removed from the
index) and ``material_ids_all()`` for reindexing. Everything else about a material stays in
its own app.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass

VISIBILITY_DRAFT = "draft"
VISIBILITY_PROVINCE = "province"
VISIBILITY_PLATFORM = "platform"
VISIBILITIES = (VISIBILITY_DRAFT, VISIBILITY_PROVINCE, VISIBILITY_PLATFORM)

LEVELS = ("province", "city", "county")


@dataclass(frozen=True)
class IndexedDocument:
    id: int                  # Material id (public schema)
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
    visibility: str          # "draft" | "province" | "platform"
