"""Seconds to make a new committee (tenant) ready: our path against plain `migrate_schemas`.

Run: ``.venv/bin/python benchmarks/provisioning.py [--sizes 5,500] [--quick] [-k 5] [--no-clone]``

At each size N (existing tenants), the tenant count is first grown to N with our
path, then k new tenants are made each way, interleaved, in the same run:

- ours:  tenancy.services.organisation_create (row + domain + schema replayed
         from the recorded template, one transaction);
- plain: the Organisation row, its Domain, then
         organisation.create_schema(check_if_exists=True, sync_schema=True)
         (django-tenants runs migrate_schemas for that one schema);
- clone: the row, its Domain, then django-tenants'
         CloneSchema().clone_schema(base, new) from an empty base schema
         (DATA mode, so the django_migrations rows come along).

Uses a throw-away database (see benchmarks/_django.py), never the demo one.
Goal: ours under 0.3 s and flat as tenants grow; ≥5× faster than plain.
"""
from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _django  # noqa: E402


def plain_create(index: int, province):
    from tenancy.models import Domain, Level, Organisation
    from tenancy.services import organisation_domain_name

    slug = f"p{index:05d}"
    organisation = Organisation(
        name=f"基准测试市政协p{index}", short_name=f"基准p{index}", level=Level.CITY,
        region_code=str(700000 + index), schema_name=slug, parent=province, province=province,
    )
    organisation.save()
    Domain.objects.create(domain=organisation_domain_name(slug), tenant=organisation, is_primary=True)
    organisation.create_schema(check_if_exists=True, sync_schema=True, verbosity=0)
    return organisation


CLONE_BASE = "clone_base"


def clone_base_create() -> None:
    from django.db import connection, transaction

    from tenancy.provisioning import schema_create_from_template

    with transaction.atomic():
        schema_create_from_template(CLONE_BASE)
    connection.set_schema_to_public()


def clone_create(index: int, province):
    from django.db import connection, transaction
    from django_tenants.clone import CloneSchema

    from tenancy.models import Domain, Level, Organisation
    from tenancy.services import organisation_domain_name

    slug = f"c{index:05d}"
    with transaction.atomic():
        organisation = Organisation(
            name=f"基准测试市政协c{index}", short_name=f"基准c{index}", level=Level.CITY,
            region_code=str(800000 + index), schema_name=slug, parent=province, province=province,
        )
        organisation.save()
        Domain.objects.create(domain=organisation_domain_name(slug), tenant=organisation, is_primary=True)
        CloneSchema().clone_schema(CLONE_BASE, slug)
    connection.set_schema_to_public()
    return organisation


def schema_signature(schema: str) -> dict[str, set]:
    """What a schema holds, with its own name masked, to compare schemas made different ways."""
    from django.db import connection

    mask = re.compile(rf'\b"?{re.escape(schema)}"?\.')

    def rows(sql: str) -> set:
        with connection.cursor() as cursor:
            cursor.execute(sql, [schema])
            return {tuple(mask.sub("S.", str(v)) if v is not None else None for v in r) for r in cursor.fetchall()}

    return {
        "columns": rows(
            "SELECT table_name, column_name, data_type, is_nullable, column_default, "
            "character_maximum_length, is_identity FROM information_schema.columns WHERE table_schema = %s"
        ),
        "indexes": rows("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = %s"),
        "constraints": rows(
            "SELECT c.conrelid::regclass::text, c.conname, c.contype, pg_get_constraintdef(c.oid) "
            "FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = %s"
        ),
        "sequences": rows(
            "SELECT sequence_name, data_type, start_value, increment FROM information_schema.sequences "
            "WHERE sequence_schema = %s"
        ),
        "migrations": _migrations(schema),
    }


def _migrations(schema: str) -> set:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f'SELECT app, name FROM "{schema}".django_migrations')
        return set(cursor.fetchall())


def compare(label: str, a: str, b: str) -> bool:
    sa, sb = schema_signature(a), schema_signature(b)
    same = True
    for key in sa:
        only_a, only_b = sa[key] - sb[key], sb[key] - sa[key]
        if only_a or only_b:
            same = False
            print(f"  {label}: {key} differ: only in {a}: {sorted(only_a, key=str)[:5]}; only in {b}: {sorted(only_b, key=str)[:5]}")
    print(f"  {label}: {a} vs {b}: {'identical' if same else 'DIFFERENT'} "
          f"({len(sa['columns'])} columns, {len(sa['indexes'])} indexes, {len(sa['constraints'])} constraints, "
          f"{len(sa['migrations'])} migration rows)")
    return same


def timed(fn, *args) -> float:
    from django.db import connection

    t0 = time.perf_counter()
    fn(*args)
    elapsed = time.perf_counter() - t0
    connection.set_schema_to_public()
    return elapsed


def summary(times: list[float]) -> str:
    return f"median {statistics.median(times):.3f} s  min {min(times):.3f}  max {max(times):.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="5,500", help="existing-tenant counts to measure at (default 5,500)")
    parser.add_argument("--quick", action="store_true", help="sizes 5,50")
    parser.add_argument("-k", type=int, default=5, help="new tenants made each way at each size (default 5)")
    parser.add_argument("--no-clone", action="store_true", help="skip django-tenants' clone_schema")
    args = parser.parse_args()
    sizes = [5, 50] if args.quick else [int(s) for s in args.sizes.split(",")]
    with_clone = not args.no_clone

    t_start = time.perf_counter()
    info = _django.setup()
    province = info["province"]
    print(f"database: {info['where']}; PostgreSQL {_django.server_version()}")
    print(f"public schema migrated in {info['migrate_public_s']:.2f} s; "
          f"tenant template recorded in {info['record_template_s']:.2f} s")
    print(f"tenant schema: {_django.table_count('benchprov')} tables")
    if with_clone:
        clone_base_create()
    print(f"k = {args.k} new tenants each way per size, interleaved; 2-core machine shared with other work\n")

    results = []
    plain_index = clone_index = ours_index = 0
    checked = False
    for size in sizes:
        made, seconds = _django.grow_to(size, province)
        n = _django.tenant_count()
        if made:
            print(f"grew to {n} tenants with our path: {made} made in {seconds:.1f} s "
                  f"({seconds / made:.3f} s each, {made / seconds:.1f}/s)")
        print(f"at {n} existing tenants ({_django.schema_count()} schemas):")
        ours, plain, clone = [], [], []
        for _ in range(args.k):
            ours.append(timed(_django.city_create, ours_index, province, "n", 400000))
            ours_index += 1
            plain.append(timed(plain_create, plain_index, province))
            plain_index += 1
            if with_clone:
                clone.append(timed(clone_create, clone_index, province))
                clone_index += 1
        print(f"  ours : {summary(ours)}   [{', '.join(f'{t:.3f}' for t in ours)}]")
        print(f"  plain: {summary(plain)}   [{', '.join(f'{t:.3f}' for t in plain)}]")
        if with_clone:
            print(f"  clone: {summary(clone)}   [{', '.join(f'{t:.3f}' for t in clone)}]")
        ratio = statistics.median(plain) / statistics.median(ours)
        print(f"  plain / ours = {ratio:.1f}×")
        if not checked:
            compare("ours vs plain", "n00000", "p00000")
            if with_clone:
                compare("ours vs clone", "n00000", "c00000")
            checked = True
        results.append((n, ours, plain, clone, ratio))

    size_bytes, size_pretty = _django.database_size()
    print(f"\nfinal: {_django.tenant_count()} tenants, database {size_pretty}; "
          f"whole run {time.perf_counter() - t_start:.0f} s")
    print("\n| existing tenants | ours median (min–max) s | plain median (min–max) s |"
          + (" clone median (min–max) s |" if with_clone else "") + " plain / ours |")
    print("|---:|---:|---:|" + ("---:|" if with_clone else "") + "---:|")
    for n, ours, plain, clone, ratio in results:
        cells = [f"{n}", _cell(ours), _cell(plain)]
        if with_clone:
            cells.append(_cell(clone))
        cells.append(f"{ratio:.1f}×")
        print("| " + " | ".join(cells) + " |")


def _cell(times: list[float]) -> str:
    return f"{statistics.median(times):.3f} ({min(times):.3f}–{max(times):.3f})"


if __name__ == "__main__":
    main()
