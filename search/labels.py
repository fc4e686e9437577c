"""Facet labels, the same for every backend: what a facet value (an id, a code) shows."""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from search.sources import kind_labels

LEVEL_LABELS = {"province": _("省级"), "city": _("市级"), "county": _("县级")}


def facet_labels(facets: dict[str, list[tuple[str, int]]]) -> dict[str, dict[str, str]]:
    """facet → value → label for the buckets of a search."""
    from tenancy.models import Organisation

    ids = {int(v) for v, _ in facets.get("organisation", []) + facets.get("province", [])}
    names = dict(Organisation.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}
    return {
        "organisation": {str(k): v for k, v in names.items()},
        "province": {str(k): v for k, v in names.items()},
        "level": LEVEL_LABELS,
        "kind": kind_labels(),
    }
