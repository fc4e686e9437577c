"""The change log the programme services write: who changed what, when."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from tenants.programmes.models import ChangeLog


def actor_fields(actor) -> dict:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return {"user_id": None, "user_name": "系统"}
    return {"user_id": actor.pk, "user_name": getattr(actor, "display_name", "") or actor.get_username()}


def change_log(actor, obj, action: str, summary: str, changes: dict | None = None) -> ChangeLog:
    return ChangeLog.objects.create(
        model=obj._meta.model_name, object_id=obj.pk, action=action,
        summary=summary[:500], changes=changes or {}, **actor_fields(actor),
    )


def plain(value):
    if isinstance(value, Decimal):
        return str(value.normalize()) if value == value.to_integral() else str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if hasattr(value, "pk"):
        return str(value)
    return value
