"""Rebuild a search backend from every source's objects: ``manage.py reindex [--backend postgres|elasticsearch]``.

Run once after upgrading past migration ``search.0007`` (documents keyed by kind,
schema and id) when Elasticsearch is the backend: its documents' ``_id`` became
``<kind>:<schema>:<id>``, so the documents indexed under the old ``_id`` stay until the
index is rebuilt. (On PostgreSQL the migrations queue what is needed: ``search.0007``
every indexed material, ``golden_ideas.0003`` every existing golden idea; ``reindex``
only does it at once.)"""
import time

from django.core.management.base import BaseCommand, CommandError

from search.backends import BACKEND_NAMES, get_backend
from search.selectors import outbox_state
from search.services import index_rebuild, outbox_size


class Command(BaseCommand):
    help = ("Rebuild the search index from every document of every source (materials, golden ideas), then "
            "drain the outbox. Needed once with Elasticsearch after migration search.0007 (new document ids).")

    def add_arguments(self, parser):
        parser.add_argument("--backend", choices=BACKEND_NAMES, default=None,
                            help="default: the active one (elasticsearch when ELASTICSEARCH_URL is set)")
        parser.add_argument("--batch", type=int, default=200)

    def handle(self, *args, backend=None, batch=200, **options):
        try:
            engine = get_backend(backend)
        except Exception as exc:  # noqa: BLE001 - a clear message, not a traceback
            raise CommandError(f"search backend {backend or 'default'} unavailable: {exc}") from exc
        started = time.perf_counter()
        self.stdout.write(f"reindexing into {engine.name} ({outbox_size()} waiting in the outbox)")

        def progress(plural, done, total):
            rate = done / max(time.perf_counter() - started, 1e-9)
            self.stdout.write(f"  {done}/{total} {plural} ({100 * done // max(total, 1)}%), {rate:.0f}/s")

        try:
            counts = index_rebuild(backend=engine, batch=batch, progress=progress)
        except Exception as exc:  # noqa: BLE001
            raise CommandError(f"reindex failed, nothing lost (the outbox keeps pending rows): {exc}") from exc
        self.stdout.write(self.style.SUCCESS(
            f"done: {', '.join(f'{n} {plural}' for plural, n in counts.items())} "
            f"in {time.perf_counter() - started:.1f} s; "
            f"{engine.count()} in the index, {outbox_size()} left in the outbox"
        ))
        failing = outbox_state()["failing"]
        if failing:
            self.stdout.write(self.style.WARNING(
                f"{failing} document(s) failed to index and wait for a retry: manage.py search_outbox"))
