"""Celery tasks of exchange materials (public schema; thin)."""
from celery import shared_task

from shared.materials.uploads import orphan_files_sweep


@shared_task(name="materials.sweep_orphans")
def materials_sweep_orphans_task() -> int:
    """Delete upload files no row references, older than an hour (killed uploads). Idempotent."""
    return len(orphan_files_sweep(delete=True))
