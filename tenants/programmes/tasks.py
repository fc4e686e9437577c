"""Celery tasks: each runs in the schema of the committee that queued it (tenant-schemas-celery)."""
from celery import shared_task
from django.db import connection

from tenants.programmes.network_push import network_status_push_task  # noqa: F401  beat: the network view
from tenants.programmes.services import report_deadlines_refresh


@shared_task(name="programmes.report_deadlines_refresh", acks_late=True)
def report_deadlines_refresh_task() -> dict:
    """Daily (beat sends it to every committee, before reminders.send): the months' report deadlines.

    The safety net behind the services, which register deadlines as items change:
    a new month's deadlines appear on its first day.
    """
    return {"schema": connection.schema_name, "created": report_deadlines_refresh()}
