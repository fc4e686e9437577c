"""Writes of the change log (the active schema is the committee)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from tenants.history.models import ChangeLog
from ui.numbers import number_text  # the one formatter; imported from here by older callers

__all__ = ["actor_fields", "change_record", "change_value", "number_text"]

SYSTEM_NAME = "系统"


def actor_fields(actor) -> dict:
    """The ``user_id`` and ``user_name`` recorded for ``actor`` (the system when nobody is signed in)."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return {"user_id": None, "user_name": SYSTEM_NAME}
    return {"user_id": actor.pk, "user_name": getattr(actor, "display_name", "") or actor.get_username()}


def change_value(value):
    """A value as the change log stores it: JSON-ready, numbers as people write them (``number_text``)."""
    if isinstance(value, Decimal):
        return number_text(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if hasattr(value, "pk"):
        return str(value)
    return value


def change_record(*, actor, obj, action: str, summary: str, changes: dict | None = None) -> ChangeLog:
    """Record that ``actor`` did ``action`` on ``obj`` (a saved model instance).

    Called by services inside their own transaction, so the entry exists
    exactly when the change does. Side effects: one ChangeLog row.
    """
    return ChangeLog.objects.create(
        model=obj._meta.model_name, object_id=obj.pk, action=action,
        summary=summary[:500], changes=changes or {}, **actor_fields(actor),
    )
