"""``{% load search_tags %}{% related_materials material.id %}`` on a material page;
``{{ hit|hit_url }}`` and ``{{ hit.kind|kind_label }}`` on any list of hits."""
from django import template

from search import links, selectors
from search.contract import PUBLIC_SCHEMA, DocumentKey

register = template.Library()


@register.inclusion_tag("search/partials/related.html")
def related_materials(material_id, limit: int = 5):
    """Related materials the active committee may see (none for someone else's draft)."""
    key = DocumentKey("material", PUBLIC_SCHEMA, material_id)
    return {"related_hits": selectors.related(key, limit=limit, kind="material")}


register.filter("hit_url", links.hit_url)
register.filter("kind_label", links.kind_label)
