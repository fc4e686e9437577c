"""Where a hit opens: its object's own page when the viewer's site has it, else the
read-only page of the indexed document (``search:document``)."""
from __future__ import annotations

from django.db import connection
from django.urls import reverse

from search.results import Hit
from search.sources import source_get


def hit_url(hit: Hit) -> str:
    source = source_get(hit.kind)
    if source is not None and source.url is not None and (
            not source.per_tenant or hit.schema == getattr(connection, "schema_name", None)):
        return source.url(hit.id)
    return reverse("search:document", args=[hit.kind, hit.schema, hit.id])


def kind_label(kind: str) -> str:
    source = source_get(kind)
    return str(source.label) if source is not None else kind
