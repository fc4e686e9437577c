"""Celery tasks: each runs in the schema of the committee that queued it (tenant-schemas-celery)."""
from celery import shared_task
from django.db import connection

from tenants.reminders.services import reminders_send


# These two keep their results (the project ignores results by default): beat and operators
# send them, never a web request, and their result says where they ran and what they sent.
@shared_task(name="reminders.send", acks_late=True, ignore_result=False)
def reminders_send_task() -> dict:
    """Daily (beat sends it to every committee): remind people of what is due."""
    sent = reminders_send()
    return {"schema": connection.schema_name, "sent": sent}


@shared_task(name="reminders.where_am_i", ignore_result=False)
def where_am_i_task() -> str:
    """The schema this task ran in: how operators and tests check tenant routing."""
    return connection.schema_name
