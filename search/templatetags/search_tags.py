"""``{% load search_tags %}{% related_materials material.id %}`` on a material page."""
from django import template
from django.db import connection

from search import selectors

register = template.Library()


@register.inclusion_tag("search/partials/related.html", takes_context=True)
def related_materials(context, material_id, limit: int = 5):
    """Related materials the requesting committee may see (none for someone else's draft)."""
    request = context.get("request")
    viewer = getattr(request, "tenant", None) or getattr(connection, "tenant", None)
    return {"related_hits": selectors.related(material_id, viewer=viewer, limit=limit)}
