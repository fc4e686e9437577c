"""Reads on the tenant registry, and the one sanctioned loop over tenant schemas."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TypeVar

from django_tenants.utils import schema_context

from tenancy.models import Level, Organisation

T = TypeVar("T")


def organisation_list():
    return Organisation.objects.exclude(level=Level.PLATFORM).select_related("parent", "province")


def for_each_organisation(fn: Callable[[Organisation], T]) -> Iterator[tuple[Organisation, T]]:
    """Run `fn` inside each committee's schema in turn (fan-out jobs, the demo)."""
    for organisation in organisation_list().order_by("region_code"):
        with schema_context(organisation.schema_name):
            yield organisation, fn(organisation)


def in_organisation(organisation: Organisation, fn: Callable[[], T]) -> T:
    """Run `fn` inside one committee's schema (CLI and fan-out edges only)."""
    with schema_context(organisation.schema_name):
        return fn()


def organisation_current() -> Organisation:
    """The committee whose schema is active (set by the request, task or command edge)."""
    from django.db import connection

    tenant = connection.tenant
    if isinstance(tenant, Organisation):
        return tenant
    return Organisation.objects.get(schema_name=connection.schema_name)
