import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from tenants.reminders.models import Deadline

DUE_SOON_DAYS = 7
#: how far ahead the workspace lists deadlines and reminders are sent
DEADLINE_WINDOW_DAYS = 14


def deadline_list_open() -> QuerySet[Deadline]:
    return Deadline.objects.filter(done=False).select_related("unit")


def deadline_list_due(*, today: dt.date | None = None, within_days: int = DUE_SOON_DAYS) -> QuerySet[Deadline]:
    today = today or timezone.localdate()
    return deadline_list_open().filter(due_on__lte=today + dt.timedelta(days=within_days))
