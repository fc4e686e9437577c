"""Reads of the change log (the active schema is the committee)."""
from django.db.models import QuerySet

from tenants.history.models import ChangeLog


def changelog_for(obj) -> QuerySet[ChangeLog]:
    """The entries about one object, newest first."""
    return ChangeLog.objects.filter(model=obj._meta.model_name, object_id=obj.pk)


def changelog_recent(*, limit: int = 50) -> QuerySet[ChangeLog]:
    return ChangeLog.objects.all()[:limit]
