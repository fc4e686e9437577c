"""Celery tasks: each runs in the schema of the committee that queued it (tenant-schemas-celery)."""
from celery import shared_task
from django.db import connection

from tenants.structure.services import member_count_push


@shared_task(name="structure.member_count_push", acks_late=True)
def member_count_push_task() -> dict:
    """Daily (beat sends it to every committee): the safety net for member counts changed outside the services."""
    return {"schema": connection.schema_name, "members": member_count_push()}
