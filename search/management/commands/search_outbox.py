"""The search outbox for the operator: ``manage.py search_outbox [--retry [ID ...]] [--drop ID]``.

Without options, lists the rows set aside because their document failed to index
(kind, schema, object id, attempts, next attempt, last error), after the outbox's size.
``--retry`` makes them (or the rows given) due now: the drain tries them again at once
(their attempts are kept, so a new failure waits longer). ``--drop ID`` deletes one
row: its document stays as the index has it, until the object is saved again.
"""
from django.core.management.base import BaseCommand, CommandError

from search.models import OutboxEntry
from search.selectors import outbox_failing_list, outbox_state
from search.services import index_pending, outbox_drop, outbox_retry

ERROR_COLUMN = 160  # characters of the last error on the list (the row keeps more)


class Command(BaseCommand):
    help = ("List the search outbox's rows whose document failed to index, retry them now "
            "(--retry [ID ...]) or drop one (--drop ID).")

    def add_arguments(self, parser):
        parser.add_argument("--retry", nargs="*", type=int, metavar="ID",
                            help="retry these failing rows now (every one without IDs), then drain")
        parser.add_argument("--drop", type=int, metavar="ID", help="delete this outbox row")

    def handle(self, *args, retry=None, drop=None, **options):
        if drop is not None:
            try:
                row = outbox_drop(id=drop)
            except OutboxEntry.DoesNotExist as exc:
                raise CommandError(f"no outbox row {drop}") from exc
            self.stdout.write(f"dropped row {drop}: {row.kind} {row.schema_name}.{row.object_id}")
        if retry is not None:
            n = outbox_retry(ids=retry or None)
            done = index_pending()
            self.stdout.write(f"retried {n} failing row(s); the drain indexed {done} row(s)")
        state = outbox_state()
        self.stdout.write(f"outbox: {state['size']} row(s) waiting, {state['failing']} failing")
        rows = list(outbox_failing_list())
        if not rows:
            return
        self.stdout.write(f"{'id':>8}  {'kind':<12} {'schema':<16} {'object':>8}  {'attempts':>8}  "
                          f"{'next attempt':<25}  last error")
        for row in rows:
            error = " ".join(row.last_error.split())[:ERROR_COLUMN]
            next_at = row.next_attempt_at.isoformat(timespec="seconds") if row.next_attempt_at else "now"
            self.stdout.write(f"{row.id:>8}  {row.kind:<12} {row.schema_name:<16} {row.object_id:>8}  "
                              f"{row.attempts:>8}  {next_at:<25}  {error}")
