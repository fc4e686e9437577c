"""Document sources: what each app declares to the shared index.

An app that lets the index hold its objects declares a ``Source`` and registers it from
its ``AppConfig.ready()``::

    source_register(Source(kind="material", label=_("材料"), plural="materials",
                           documents=material_documents, ids_all=material_ids_all))

``documents(ids)`` returns one ``IndexedDocument`` per object that still exists (a missing
id is a deleted object: the index drops it), stating its visibility in the index's terms
(``search.visibility``); ``ids_all()`` lists every id (reindexing). With
``per_tenant=True`` the objects live in each committee's schema: the index calls both
functions inside that schema (``tenancy.selectors.in_organisation``), and the documents
name that committee as their owner. Search imports no app: it only calls what they
registered.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from search.contract import PUBLIC_SCHEMA, IndexedDocument


@dataclass(frozen=True)
class Source:
    kind: str                # "material", "golden_idea": the hits' kind, a facet value
    label: str               # what users read for the kind (Chinese, translated)
    plural: str              # what the reindex command prints ("materials")
    documents: Callable[[list[int]], list[IndexedDocument]]
    ids_all: Callable[[], Iterable[int]]
    per_tenant: bool = False  # rows in each committee's schema, else in the public one
    #: the object's own page, in its committee's site (the owner's link), or None
    url: Callable[[int], str] | None = None
    #: names of the authors outside the platform (``IndexedDocument.outside``) that
    #: contain a text, for ``-乐山`` / ``机构:乐山`` (``search.authors``); None: it has none
    outside_names: Callable[[str], list[str]] | None = None


_SOURCES: dict[str, Source] = {}


def source_register(source: Source) -> None:
    """Declare a source (from the app's ``ready()``; registering a kind again replaces it)."""
    _SOURCES[source.kind] = source


def source_get(kind: str) -> Source | None:
    return _SOURCES.get(kind)


def source_list() -> list[Source]:
    return list(_SOURCES.values())


def kind_labels() -> dict[str, str]:
    return {s.kind: str(s.label) for s in _SOURCES.values()}


def _organisation(schema: str):
    from tenancy.models import Organisation

    return Organisation.objects.filter(schema_name=schema).first()


def documents_load(kind: str, schema: str, ids: list[int]) -> list[IndexedDocument]:
    """The documents of these objects, loaded in the schema they live in. An unknown kind
    (its app removed) or schema (its committee removed) has none: the index drops them."""
    from tenancy.selectors import in_organisation

    source = source_get(kind)
    if source is None or not ids:
        return []
    if not source.per_tenant:
        return list(source.documents(ids)) if schema == PUBLIC_SCHEMA else []
    organisation = _organisation(schema)
    if organisation is None:
        return []
    return in_organisation(organisation, lambda: list(source.documents(ids)))


def ids_all(source: Source) -> Iterable[tuple[str, list[int]]]:
    """(schema, every id) of a source: one pair, or one per committee."""
    from tenancy.selectors import for_each_organisation

    if not source.per_tenant:
        yield PUBLIC_SCHEMA, list(source.ids_all())
        return
    # collected first: the caller then runs in the public schema, not inside the last committee's
    pairs = [(o.schema_name, ids) for o, ids in for_each_organisation(lambda _o: list(source.ids_all()))]
    yield from pairs
