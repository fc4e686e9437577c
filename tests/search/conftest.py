import datetime
import os

import pytest

from search.contract import IndexedDocument


def org(slug):
    from tenancy.models import Organisation

    return Organisation.objects.get(schema_name=slug)


def make_doc(id, slug, title, body, *, visibility="platform", year=2024, themes=(), occasion="",
             published_on=None, author="张三"):
    o = org(slug)
    return IndexedDocument(
        id=id, title=title, body=body, author=author, organisation_id=o.pk,
        organisation_name=o.name, level=o.level, province_id=o.province_id, year=year,
        published_on=published_on or datetime.date(year, 6, 1), themes=tuple(themes),
        occasion=occasion, visibility=visibility,
    )


def _elasticsearch_reason():
    url = os.environ.get("ELASTICSEARCH_URL", "")
    if not url:
        return "ELASTICSEARCH_URL is not set: no Elasticsearch node to test against"
    try:
        from elasticsearch import Elasticsearch

        if not Elasticsearch(url, request_timeout=2).ping():
            return f"no Elasticsearch node answers at {url}"
    except Exception as exc:  # noqa: BLE001
        return f"no Elasticsearch node answers at {url}: {exc}"
    return None


@pytest.fixture(params=["postgres", "elasticsearch"])
def backend(request, db):
    if request.param == "postgres":
        from search.backends.postgres import PostgresBackend

        b = PostgresBackend()
        b.clear()
        yield b
        return
    reason = _elasticsearch_reason()
    if reason:
        pytest.skip(reason)
    from search.backends.elasticsearch import ElasticsearchBackend

    b = ElasticsearchBackend(os.environ["ELASTICSEARCH_URL"], index="test_materials", refresh=True)
    b.clear()
    yield b
    b.drop()


def seen_by(viewer, fn, *args, **kwargs):
    """``fn(*args, **kwargs)`` with ``viewer`` (an Organisation, or None: anonymous, the
    public schema) as the active committee, as its request would set it."""
    from django_tenants.utils import schema_context, tenant_context

    if viewer is None:
        with schema_context("public"):
            return fn(*args, **kwargs)
    with tenant_context(viewer):
        return fn(*args, **kwargs)


def material_key(pk):
    from search.contract import DocumentKey

    return DocumentKey("material", "public", pk)
