"""Send the pending notification emails now (what beat does every minute), and show the outbox."""
from django.core.management.base import BaseCommand

from notifications.models import EmailState, Notification
from notifications.selectors import email_outbox_state
from notifications.services import email_pending_send


class Command(BaseCommand):
    help = "Send pending notification emails that are due; --retry makes failing ones due now."

    def add_arguments(self, parser):
        parser.add_argument("--retry", action="store_true",
                            help="also retry rows waiting after a failure (and those given up)")

    def handle(self, *args, retry=False, **options):
        if retry:
            Notification.objects.filter(email_state__in=[EmailState.PENDING, EmailState.FAILED],
                                        attempts__gt=0).update(email_state=EmailState.PENDING, next_attempt_at=None)
        sent = email_pending_send()
        state = email_outbox_state()
        self.stdout.write(f"sent {sent}; pending {state['pending']} (failing {state['failing']}); "
                          f"failed {state['failed']}")
