"""Search backends: Elasticsearch (when ELASTICSEARCH_URL is set) and PostgreSQL FTS."""
from __future__ import annotations

from django.conf import settings

from search.backends.base import Backend

BACKEND_NAMES = ("postgres", "elasticsearch")


def get_backend(name: str | None = None) -> Backend:
    """The named backend, or the active one: Elasticsearch when ELASTICSEARCH_URL is set."""
    if name is None:
        name = "elasticsearch" if getattr(settings, "ELASTICSEARCH_URL", "") else "postgres"
    if name == "postgres":
        from search.backends.postgres import PostgresBackend

        return PostgresBackend()
    if name == "elasticsearch":
        from search.backends.elasticsearch import ElasticsearchBackend

        return ElasticsearchBackend(getattr(settings, "ELASTICSEARCH_URL", ""))
    raise ValueError(f"unknown search backend {name!r}")
