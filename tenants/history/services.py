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


def state_moved(obj, *, from_states, to: str, message: str, labels, field: str = "status", **fields):
    """Move ``obj`` from one of ``from_states`` to ``to`` with a conditional UPDATE (with ``fields``) and
    refresh it: two people acting at once make one transition. The other gets ``message`` (a
    translated text with ``%(state)s``) naming the state it is in now; nothing is written.

    ``labels``: the TextChoices of the state field (for that name)."""
    from django.core.exceptions import ValidationError

    model = type(obj)
    from_states = [from_states] if isinstance(from_states, str) else list(from_states)
    changed = model.objects.filter(pk=obj.pk, **{f"{field}__in": from_states}).update(**{field: to}, **fields)
    if not changed:
        current = model.objects.filter(pk=obj.pk).values_list(field, flat=True).first()
        raise ValidationError(message % {"state": labels(current).label if current else "?"}, code="out_of_turn")
    obj.refresh_from_db()
    return obj
