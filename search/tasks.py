"""Celery tasks of the shared index (public schema; thin)."""
from celery import shared_task

from search.services import index_pending


@shared_task(name="search.index_pending", acks_late=True, autoretry_for=(Exception,),
             retry_backoff=True, max_retries=5)
def index_pending_task() -> int:
    """Drain the outbox into the active backend. Idempotent; beat also sends it every minute."""
    return index_pending()
