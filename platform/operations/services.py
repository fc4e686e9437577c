"""Writing the audit log. Callers: login/logout adapters, provisioning, roles, exports, publications.

Services write their own audit events (``actor=``); the client address then comes from
the request being served (``RequestContextMiddleware`` keeps it for the request's
duration), so a page and an API call of the same service leave the same event.
"""
from __future__ import annotations

import contextvars

from django.db import connection

from accounts.client_address import client_address
from operations.models import AuditEvent

#: the client address of the request being served (set by RequestContextMiddleware)
request_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_ip", default=None)


def _client_ip(request) -> str | None:
    if request is None:
        return request_ip.get()
    return client_address(request)


def audit_record(action: str, *, request=None, actor=None, organisation=None, detail: dict | None = None) -> AuditEvent:
    """Append one event. The organisation defaults to the active tenant; never raises on a missing actor."""
    if actor is None and request is not None and getattr(request, "user", None) is not None:
        actor = request.user if request.user.is_authenticated else None
    tenant = organisation if organisation is not None else getattr(connection, "tenant", None)
    organisation_id = getattr(tenant, "id", None)
    return AuditEvent.objects.create(
        action=action,
        actor_id=getattr(actor, "id", None),
        actor_name=getattr(actor, "username", "") or (detail or {}).get("username", ""),
        organisation_id=organisation_id,
        schema_name=getattr(tenant, "schema_name", connection.schema_name) or "",
        ip=_client_ip(request),
        detail=detail or {},
    )
