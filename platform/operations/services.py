"""Writing the audit log. Callers: login/logout adapters, provisioning, roles, exports, publications."""
from __future__ import annotations

from django.db import connection

from operations.models import AuditEvent


def _client_ip(request) -> str | None:
    if request is None:
        return None
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    return (forwarded.split(",")[0].strip() or request.META.get("REMOTE_ADDR")) or None


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
