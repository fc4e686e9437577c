"""Where the database is: `DATABASE_URL` when given, else an embedded PostgreSQL.

The embedded server is `pgserver` (PostgreSQL 16 in a wheel). It listens on a
Unix socket only, and stops when the last Python process that opened it exits.
Its data folder is chosen so that running as root does not open up the
permissions of the repository's parent folders (pgserver makes every parent
folder of its data folder world-traversable when run as root).
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

REPO_ROOT = Path(__file__).resolve().parents[2]
EMBEDDED_DATABASE_NAME = "cppcc"
#: seconds a connection stays open between requests when DATABASE_CONN_MAX_AGE is unset
DEFAULT_CONN_MAX_AGE = 60


def embedded_data_dir() -> Path:
    configured = os.environ.get("CPPCC_PGDATA")
    if configured:
        return Path(configured)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # /var/tmp is already world-traversable and survives reboots.
        tag = hashlib.sha256(str(REPO_ROOT).encode()).hexdigest()[:12]
        return Path("/var/tmp") / f"cppcc-network-{tag}" / "pgdata"
    return REPO_ROOT / ".var" / "pgdata"


def embedded_database_url() -> str:
    import warnings

    with warnings.catch_warnings():
        # pgserver asks for the user's runtime folder at import; without a
        # session (CI, root shells) platformdirs warns and falls back to /tmp.
        warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
        import pgserver  # imported lazily: production never loads it

    data_dir = embedded_data_dir()
    data_dir.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(data_dir, cleanup_mode="stop")
    exists = server.psql(
        f"SELECT 1 FROM pg_database WHERE datname = '{EMBEDDED_DATABASE_NAME}';"
    )
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {EMBEDDED_DATABASE_NAME};")
    return server.get_uri(database=EMBEDDED_DATABASE_NAME)


def database_url() -> str:
    return os.environ.get("DATABASE_URL") or embedded_database_url()


def database_settings(url: str) -> dict:
    """Django's DATABASES['default'] for a postgres:// URL (socket hosts allowed)."""
    parsed = urlparse(url)
    if parsed.scheme not in ("postgres", "postgresql"):
        raise ValueError(f"DATABASE_URL must be a postgres:// URL, not {parsed.scheme}://")
    query = parse_qs(parsed.query)
    host = query.get("host", [parsed.hostname or ""])[0]
    return {
        "ENGINE": "django_tenants.postgresql_backend",
        "NAME": unquote(parsed.path.lstrip("/")),
        "USER": unquote(parsed.username or "postgres"),
        "PASSWORD": unquote(parsed.password or ""),
        "HOST": host,
        "PORT": str(parsed.port or ""),
        # Persistent connections: a request reuses its worker's connection instead of
        # paying a new PostgreSQL backend (fork, authentication, catalogue caches) each
        # time. Safe with django-tenants: the tenant middleware sets the search_path on
        # every request, and TENANT_LIMIT_SET_CALLS only skips the SET when the
        # connection already has that schema (tests/deploy/test_connections.py).
        # Health checks drop a connection the server closed while it sat idle.
        "CONN_MAX_AGE": int(os.environ.get("DATABASE_CONN_MAX_AGE", str(DEFAULT_CONN_MAX_AGE))),
        "CONN_HEALTH_CHECKS": True,
        "TEST": {"NAME": os.environ.get("DATABASE_TEST_NAME") or None},
    }


def database_url_for(settings_dict: dict) -> str:
    """The inverse: a URL for another process (a Celery worker in tests)."""
    user = settings_dict.get("USER") or "postgres"
    password = settings_dict.get("PASSWORD") or ""
    host = settings_dict.get("HOST") or ""
    port = settings_dict.get("PORT") or ""
    name = settings_dict["NAME"]
    if host.startswith("/"):
        return f"postgresql://{user}:{password}@/{name}?host={host}"
    return f"postgresql://{user}:{password}@{host}{':' + port if port else ''}/{name}"
