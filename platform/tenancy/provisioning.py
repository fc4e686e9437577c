"""Fast tenant schemas: record the DDL of a fully migrated schema once, replay it per tenant.

Running every migration for each new committee gets slower with every
migration written, and django-tenants' `clone_schema` slows down as the
catalogs grow. Instead, the first provisioning after a code change migrates a
scratch schema while recording every write statement Django sends (DDL and the
`django_migrations` rows), stores that script in `SchemaTemplate` keyed by a
fingerprint of the migration graph, and drops the scratch schema. Each new
tenant schema is then `CREATE SCHEMA` plus the script, sent as one string in
the caller's transaction. `migrate_schemas` later sees every migration as
applied, so upgrades work exactly as for schemas made the plain way.
"""
from __future__ import annotations

import functools
import hashlib
import json
import re

import django
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

from tenancy.models import SchemaTemplate

SCRATCH_SCHEMA = "_tenant_template"
# Statements worth replaying. Reads, savepoints and search_path changes are not.
_REPLAYED = re.compile(r"^\s*(CREATE|ALTER|DROP|INSERT|UPDATE|DELETE|COMMENT)\b", re.IGNORECASE)


@functools.cache
def migration_fingerprint() -> str:
    """Changes whenever a migration is added, removed or renamed (fixed for a process)."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    nodes = sorted(f"{app}.{name}" for app, name in loader.graph.nodes)
    payload = json.dumps([django.get_version(), nodes])
    return hashlib.sha256(payload.encode()).hexdigest()


def _quote(schema_name: str) -> str:
    return connection.ops.quote_name(schema_name)


def _record_template_statements() -> list[str]:
    statements: list[str] = []

    def recorder(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if _REPLAYED.match(sql):
            if many:
                statements.extend(connection.ops.compose_sql(sql, p) for p in params)
            elif params:
                statements.append(connection.ops.compose_sql(sql, params))
            else:
                statements.append(sql)
        return result

    with connection.cursor() as cursor:
        cursor.execute(f"DROP SCHEMA IF EXISTS {_quote(SCRATCH_SCHEMA)} CASCADE")
        cursor.execute(f"CREATE SCHEMA {_quote(SCRATCH_SCHEMA)}")
    previous = connection.schema_name
    connection.set_schema(SCRATCH_SCHEMA)
    try:
        executor = MigrationExecutor(connection)
        targets = executor.loader.graph.leaf_nodes()
        with connection.execute_wrapper(recorder):
            executor.migrate(targets)
    finally:
        connection.set_schema(previous)
        with connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {_quote(SCRATCH_SCHEMA)} CASCADE")
    return statements


def schema_template_get() -> SchemaTemplate:
    """The template for the current code, recorded now if this is its first use."""
    fingerprint = migration_fingerprint()
    template = SchemaTemplate.objects.filter(fingerprint=fingerprint).first()
    if template is None:
        with transaction.atomic():
            template, _ = SchemaTemplate.objects.get_or_create(
                fingerprint=fingerprint,
                defaults={"statements": _record_template_statements()},
            )
    return template


def schema_create_from_template(schema_name: str) -> None:
    """Create `schema_name` with every tenant table, in the caller's transaction."""
    template = schema_template_get()
    quoted = _quote(schema_name)
    # One round trip: the statements are rendered SQL with literal values, and
    # without parameters psycopg sends the string as one simple query.
    script = ";\n".join(
        [f"CREATE SCHEMA {quoted}", f"SET LOCAL search_path TO {quoted}, public", *template.statements]
    )
    with connection.cursor() as cursor:
        cursor.execute(script)
    # django-tenants caches the search_path it last set: make the next cursor set it again.
    connection.search_path_set_schemas = None
