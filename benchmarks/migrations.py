"""Upgrading many tenant schemas: plain `migrate_schemas` against `migrate_tenants`, same run.

Usage: .venv/bin/python benchmarks/migrations.py [--tenants 200] [--parallel 2]

Measures, at N tenants (made with the fast provisioning path):
  1. nothing to apply: plain `migrate_schemas` vs `migrate_tenants` (one query finds nobody behind);
  2. one app's migration to apply in every schema (the `reminders` tables are dropped and its
     rows removed from django_migrations in every tenant, so both paths must create them again):
     plain `migrate_schemas` vs `migrate_tenants --parallel P`.
Prints seconds in all and per 100 tenants. Uses its own database (benchmarks/_django.py).
``--no-plain`` measures `migrate_tenants` alone (at national scale the plain path takes
longer than anyone waits: its per-100 figure from a smaller run is the comparison).
"""
from __future__ import annotations

import argparse
import time

import _django


def lag_every_schema(schemas: list[str]) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for schema in schemas:
            cursor.execute(f'DROP TABLE IF EXISTS "{schema}".reminders_notice, "{schema}".reminders_deadline')
            cursor.execute(f'DELETE FROM "{schema}".django_migrations WHERE app = %s', ["reminders"])


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tenants", type=int, default=200)
    parser.add_argument("--parallel", type=int, default=2)
    parser.add_argument("--no-plain", action="store_true", help="skip plain migrate_schemas")
    parser.add_argument("--reuse", action="store_true",
                        help="keep the database and the tenants it holds (no new ones made)")
    args = parser.parse_args()
    _django.REUSE = args.reuse

    info = _django.setup()
    from django.core.management import call_command

    from tenancy.migrating import schemas_behind
    from tenancy.models import Level, Organisation
    from tenancy.services import organisation_create

    print(f"database: {info['where']}; PostgreSQL {_django.server_version()}")
    started = time.perf_counter()
    made = Organisation.objects.filter(schema_name__regex=r"^m[0-9]{5}$").count() if args.reuse else 0
    for i in range(made, args.tenants):
        organisation_create(name=f"基准市{i:04d}", short_name=f"市{i:04d}", level=Level.CITY,
                            region_code=f"{300000 + i}", slug=f"m{i:05d}", parent=info["province"])
    print(f"made {args.tenants - made} tenants in {time.perf_counter() - started:.1f} s"
          + (f" ({made} kept from an earlier run)" if made else ""))
    lagging = len(schemas_behind()) if args.reuse else 0
    if lagging:  # a kept database a stopped run left behind (its reminders dropped everywhere): measure that
        ours_apply = timed(lambda: call_command("migrate_tenants", "--parallel", str(args.parallel)))
        ours_idle = timed(lambda: call_command("migrate_tenants", "--parallel", str(args.parallel)))
        print(f"\n{lagging} tenant schemas behind by one app's migrations, {args.parallel} worker processes")
        print(f"one migration each: {ours_apply:.2f} s, {ours_apply / lagging * 100:.2f} s per 100")
        print(f"nothing to apply:   {ours_idle:.2f} s, {ours_idle / lagging * 100:.2f} s per 100")
        return
    schemas = list(Organisation.objects.exclude(level=Level.PLATFORM).values_list("schema_name", flat=True))
    n = len(schemas)
    quiet = {"interactive": False, "verbosity": 0}

    skipped = float("nan")
    plain_idle = skipped if args.no_plain else timed(lambda: call_command("migrate_schemas", **quiet))
    ours_idle = timed(lambda: call_command("migrate_tenants", "--parallel", str(args.parallel)))
    if not args.no_plain:
        lag_every_schema(schemas)
        assert len(schemas_behind()) == n
    plain_apply = skipped if args.no_plain else timed(lambda: call_command("migrate_schemas", **quiet))
    assert schemas_behind() == []
    lag_every_schema(schemas)
    ours_apply = timed(lambda: call_command("migrate_tenants", "--parallel", str(args.parallel)))
    assert schemas_behind() == []

    per100 = lambda s: s / n * 100  # noqa: E731
    print(f"\n{n} tenant schemas (the benchmark province included), {args.parallel} worker processes")
    print(f"{'case':<34}{'plain migrate_schemas':>24}{'migrate_tenants':>18}")
    print(f"{'nothing to apply, total s':<34}{plain_idle:>24.2f}{ours_idle:>18.2f}")
    print(f"{'nothing to apply, s per 100':<34}{per100(plain_idle):>24.2f}{per100(ours_idle):>18.2f}")
    print(f"{'one migration each, total s':<34}{plain_apply:>24.2f}{ours_apply:>18.2f}")
    print(f"{'one migration each, s per 100':<34}{per100(plain_apply):>24.2f}{per100(ours_apply):>18.2f}")


if __name__ == "__main__":
    main()
