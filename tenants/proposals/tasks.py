"""Celery tasks: each runs in the schema of the committee that queued it (tenant-schemas-celery)."""
from tenants.proposals.benchmark_push import benchmark_push_task  # noqa: F401
