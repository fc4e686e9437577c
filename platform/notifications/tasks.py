"""Celery tasks of the inbox (thin): send the pending emails."""
from celery import shared_task

from notifications.services import email_pending_send


@shared_task(name="notifications.email_send", acks_late=True)
def email_send_task() -> int:
    """Send every pending notification email that is due. Idempotent; beat sends it every minute."""
    return email_pending_send()
