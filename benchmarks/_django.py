"""Bootstrap shared by the benchmark scripts: a throw-away database, Django, the public schema.

Never touches the developer's database:
- with DATABASE_URL set, the benchmarks use a database named `cppcc_bench_<script>` on
  the same server (dropped and created again at every start);
- without it, an embedded PostgreSQL (pgserver) with its own data folder,
  <repo>/.var/bench-pgdata (CPPCC_PGDATA), holding the same `cppcc_bench_<script>`.

`setup()` then migrates the public schema, ensures the platform row and makes
one province committee to hang the benchmark tenants under.
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parents[1]
# One database per script, so two benchmarks can run at once without dropping each other's.
BENCH_DATABASE = "cppcc_bench_" + Path(sys.argv[0]).stem.replace("-", "_").lower()
BENCH_PGDATA = ROOT / ".var" / "bench-pgdata"

_server = None  # the embedded server; kept referenced so it lives as long as this process


def use_search_cluster(database: str) -> None:
    """The search benchmarks' own cluster, next to CPPCC_PGDATA, and ``database`` in it: a
    benchmark of another app running at the same time (they share <repo>/.var/bench-pgdata
    by default) cannot drop it. With DATABASE_URL, only the database name."""
    global BENCH_PGDATA, BENCH_DATABASE
    if os.environ.get("CPPCC_PGDATA") and not os.environ.get("DATABASE_URL"):
        BENCH_PGDATA = Path(os.environ["CPPCC_PGDATA"]).parent / "bench-search-pgdata"
    BENCH_DATABASE = database


def _with_database(url: str, name: str) -> str:
    parsed = urlparse(url)
    return urlunparse(parsed._replace(path="/" + name))


#: Keep the benchmark database if it exists (``--reuse``: measure again without rebuilding).
REUSE = False


def _recreate(maintenance_url: str) -> None:
    import psycopg

    with psycopg.connect(maintenance_url, autocommit=True) as conn:
        if REUSE and conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DATABASE]).fetchone():
            return
        conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{BENCH_DATABASE}"')


#: shared_buffers of the embedded benchmark cluster (initdb's default is 128MB, which a
#: 100,000-material index overflows; a server on a 24 GiB machine would have several GB).
#: 4GB holds the whole 100,000-material index (3.5 GB): with 1GB the rest came from the
#: OS page cache, which these VMs reclaim within minutes (DAMON; 810 MB cached of 24 GB),
#: and the same tree measured twice as slow from one run to the next (benchmarks/README.md).
SHARED_BUFFERS = "4GB"


def _with_shared_buffers(server, size: str):
    """Set shared_buffers on the embedded cluster (ALTER SYSTEM, then a restart)."""
    import signal

    import pgserver
    import psycopg

    with psycopg.connect(server.get_uri(database="postgres"), autocommit=True) as conn:
        if conn.execute("SHOW shared_buffers").fetchone()[0] == size:
            return server
        conn.execute(f"ALTER SYSTEM SET shared_buffers = '{size}'")
    pid = int((BENCH_PGDATA / "postmaster.pid").read_text().split()[0])
    os.kill(pid, signal.SIGINT)  # fast shutdown
    for _ in range(100):
        if not (BENCH_PGDATA / "postmaster.pid").exists():
            break
        time.sleep(0.1)
    # pgserver keeps one handle per data folder in the process: drop the stopped one,
    # else get_server returns it and nothing is listening (a fresh cluster's first run)
    pgserver.PostgresServer._instances.pop(Path(BENCH_PGDATA).expanduser().resolve(), None)
    return pgserver.get_server(BENCH_PGDATA, cleanup_mode="stop")


def _bench_database_url() -> tuple[str, str]:
    """(url of the fresh benchmark database, a label saying where it is)."""
    global _server
    given = os.environ.get("DATABASE_URL")
    if given:
        maintenance = given
        if urlparse(given).path.lstrip("/").startswith("cppcc_bench"):
            maintenance = _with_database(given, "postgres")
        _recreate(maintenance)
        parsed = urlparse(given)
        return _with_database(given, BENCH_DATABASE), f"DATABASE_URL server {parsed.hostname}:{parsed.port or 5432}"
    # Set before settings load, so nothing else can start the developer's embedded server.
    os.environ["CPPCC_PGDATA"] = str(BENCH_PGDATA)
    import pgserver

    BENCH_PGDATA.mkdir(parents=True, exist_ok=True)
    _server = pgserver.get_server(BENCH_PGDATA, cleanup_mode="stop")
    if SHARED_BUFFERS:
        _server = _with_shared_buffers(_server, SHARED_BUFFERS)
    _recreate(_server.get_uri(database="postgres"))
    return _server.get_uri(database=BENCH_DATABASE), f"embedded pgserver, data in {BENCH_PGDATA}"


def setup() -> dict:
    """Fresh database, Django configured, public schema migrated, platform + one province."""
    import warnings

    warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR")  # pgserver's platformdirs
    warnings.filterwarnings("ignore", message="No directory at")  # whitenoise: no collectstatic here
    sys.path[:0] = [str(ROOT / "platform"), str(ROOT)]
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    url, where = _bench_database_url()
    os.environ["DATABASE_URL"] = url

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.DEBUG = False  # no per-query logging in connection.queries

    from tenancy.models import Level
    from tenancy.provisioning import schema_template_get
    from tenancy.services import organisation_create, platform_ensure

    t0 = time.perf_counter()
    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    migrate_public = time.perf_counter() - t0
    platform_ensure()
    t0 = time.perf_counter()
    schema_template_get()  # first use after a code change records the template
    record_template = time.perf_counter() - t0
    from tenancy.models import Organisation

    province = Organisation.objects.filter(schema_name="benchprov").first() or organisation_create(
        name="基准测试省政协", short_name="基准省", level=Level.PROVINCE,
        region_code="200000", slug="benchprov",
    )
    return {
        "where": where,
        "province": province,
        "migrate_public_s": migrate_public,
        "record_template_s": record_template,
    }


def server_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
        cursor.execute("SHOW shared_buffers")
        return f"{version} (shared_buffers {cursor.fetchone()[0]})"


def database_size() -> tuple[int, str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_database_size(current_database()), "
            "pg_size_pretty(pg_database_size(current_database()))"
        )
        return cursor.fetchone()


def table_count(schema_name: str) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM information_schema.tables "
            "WHERE table_schema = %s AND table_type = 'BASE TABLE'",
            [schema_name],
        )
        return cursor.fetchone()[0]


def tenant_count() -> int:
    from tenancy.models import Organisation

    return Organisation.objects.exclude(schema_name="public").count()


def schema_count() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' "
            "AND nspname NOT IN ('information_schema', 'public')"
        )
        return cursor.fetchone()[0]


def city_create(index: int, province, prefix: str = "t", code_base: int = 300000):
    """Our fast path: a city committee under `province`, ready to use."""
    from tenancy.models import Level
    from tenancy.services import organisation_create

    return organisation_create(
        name=f"基准测试市政协{prefix}{index}", short_name=f"基准{prefix}{index}",
        level=Level.CITY, region_code=str(code_base + index), slug=f"{prefix}{index:05d}",
        parent=province,
    )


def grow_to(count: int, province) -> tuple[int, float]:
    """Create tenants with our path until there are `count`; returns (made, seconds)."""
    from tenancy.models import Organisation

    have = tenant_count()
    start = Organisation.objects.filter(schema_name__startswith="t").count()
    made = 0
    t0 = time.perf_counter()
    while have + made < count:
        city_create(start + made, province)
        made += 1
    return made, time.perf_counter() - t0


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q
    lo = int(k)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)
