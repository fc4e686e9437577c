"""Upgrading thousands of tenant schemas: find who is behind in one query, migrate only those, in parallel.

A plain `migrate_schemas` builds a migration executor, loads the graph and
reads `django_migrations` for every schema in turn, even when nothing is to be
applied (figures in benchmarks/README.md, "Upgrades"). Here one SQL statement reads the applied
migrations of every tenant schema (in statements of ``BATCH`` schemas: one
statement over all 3,400 schemas of a country took 79 s to plan, batches of 100 take
0.4 s in all), and only schemas that lack some
migration are migrated, by a pool of worker processes, each running django-tenants'
own per-schema migration (`migrate_schemas --schema`), so what is applied is
exactly what the plain path applies.
"""
from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor, as_completed

from django.db import connection
from django.db.migrations.loader import MigrationLoader

from tenancy.models import Level, Organisation

#: Schemas per statement: planning a UNION ALL grows faster than its branches
#: (3,400 in one: 79 s; 1,000: 7 s; 250: 0.8 s; 100: 0.4 s, all 3,400 schemas read).
BATCH = 100


def expected_migrations() -> set[tuple[str, str]]:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return set(loader.graph.nodes)


def schemas_behind(schema_names: list[str] | None = None) -> list[str]:
    """Tenant schemas missing at least one migration of the code, one round trip per BATCH schemas."""
    if schema_names is None:
        schema_names = list(
            Organisation.objects.exclude(level=Level.PLATFORM).order_by("schema_name")
            .values_list("schema_name", flat=True)
        )
    if not schema_names:
        return []
    expected = expected_migrations()
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nspname FROM pg_namespace n JOIN pg_class c ON c.relnamespace = n.oid "
            "WHERE c.relname = 'django_migrations' AND nspname = ANY(%s)", [schema_names])
        with_table = {row[0] for row in cursor.fetchall()}
        behind = [s for s in schema_names if s not in with_table]
        present = [s for s in schema_names if s in with_table]
        wanted = [f"{app}.{name}" for app, name in expected]
        counts: dict[str, int] = {}
        for start in range(0, len(present), BATCH):
            batch = present[start:start + BATCH]
            union = " UNION ALL ".join(
                f"SELECT %s AS schema_name, app, name FROM {quote(s)}.django_migrations" for s in batch
            )
            cursor.execute(
                f"SELECT schema_name, count(*) FROM ({union}) applied "
                f"WHERE (app || '.' || name) = ANY(%s) GROUP BY schema_name",
                [*batch, wanted],
            )
            counts.update(cursor.fetchall())
        behind += [s for s in present if counts.get(s, 0) < len(expected)]
    return sorted(behind)


def _migrate_one(schema_name: str) -> str:
    from django.core.management import call_command

    call_command("migrate_schemas", schema_name=schema_name, interactive=False, verbosity=0)
    return schema_name


def _worker_init() -> None:
    import django

    django.setup()


def migrate_behind(schemas: list[str], *, parallel: int = 0, progress=None) -> list[str]:
    """Migrate `schemas` with `parallel` worker processes (0 = one per core)."""
    if not schemas:
        return []
    workers = parallel or os.cpu_count() or 1
    if workers == 1:
        done = []
        for schema in schemas:
            done.append(_migrate_one(schema))
            if progress:
                progress(len(done), len(schemas), schema)
        return done
    connection.close()  # never share a connection with forked workers
    done = []
    with ProcessPoolExecutor(max_workers=workers, initializer=_worker_init) as pool:
        futures = [pool.submit(_migrate_one, schema) for schema in schemas]
        for future in as_completed(futures):
            done.append(future.result())
            if progress:
                progress(len(done), len(schemas), done[-1])
    return sorted(done)
