"""The original files of uploads: written with their row, removed again when the save fails,
and swept when the process saving them was killed.

A file is written into its final place (`materials/<committee>/…`,
`compilations/<committee>/…` in the shared storage) inside the transaction that
saves its row; an ordinary failure removes it at once (`UploadFiles.discard`).
A process killed mid-save (a worker timeout, an out-of-memory kill) runs no
cleanup and its transaction never commits: its file is then one that no row
references. Such a file is an orphan once it is older than `ORPHAN_AGE` (no save
takes that long, so a file of an upload still in progress is never one), and
`orphan_files_sweep` (``manage.py materials_sweep_orphans``, daily by beat)
removes it.
"""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.utils import timezone

from shared.materials.models import Compilation, Material, shared_media_storage

logger = logging.getLogger(__name__)

#: the folders of the shared storage holding uploads, one sub-folder per committee, and
#: the model whose `file` references them
UPLOAD_ROOTS = {"materials": Material, "compilations": Compilation}
ORPHAN_AGE = dt.timedelta(hours=1)


class UploadFiles:
    """Files written during one save, removed again if the save fails."""

    def __init__(self):
        self.storage = shared_media_storage()
        self.names: list[str] = []

    def save(self, path: str, data: bytes) -> str:
        name = self.storage.save(path, ContentFile(data))
        self.names.append(name)
        return name

    def discard(self) -> None:
        for name in self.names:
            try:
                self.storage.delete(name)
            except OSError:
                pass


@dataclass(frozen=True)
class OrphanFile:
    name: str            # in the shared storage, e.g. materials/ziyang/<uuid>.docx
    committee: str       # the committee folder (its schema name)
    size: int            # bytes
    modified: dt.datetime


def orphan_files_find(*, older_than: dt.timedelta = ORPHAN_AGE) -> list[OrphanFile]:
    """Upload files, per committee folder, that no material or compilation references and
    that were last written more than `older_than` ago. Reads only."""
    storage = shared_media_storage()
    cutoff = timezone.now() - older_than
    orphans = []
    for root, model in UPLOAD_ROOTS.items():
        if not storage.exists(root):
            continue
        committees, _ = storage.listdir(root)
        for committee in sorted(committees):
            folder = f"{root}/{committee}/"
            referenced = set(model.objects.filter(file__startswith=folder).values_list("file", flat=True))
            for file_name in sorted(storage.listdir(folder)[1]):
                name = folder + file_name
                if name in referenced:
                    continue
                modified = storage.get_modified_time(name)
                if modified < cutoff:
                    orphans.append(OrphanFile(name=name, committee=committee, size=storage.size(name),
                                              modified=modified))
    return orphans


def orphan_files_sweep(*, delete: bool = False, older_than: dt.timedelta = ORPHAN_AGE) -> list[OrphanFile]:
    """The orphaned upload files (`orphan_files_find`); with `delete`, removed from storage.

    Side effects (with `delete` only): the files are deleted, one log line per file.
    """
    orphans = orphan_files_find(older_than=older_than)
    if delete:
        storage = shared_media_storage()
        for orphan in orphans:
            storage.delete(orphan.name)
            logger.info("orphaned upload deleted", extra={"file": orphan.name, "bytes": orphan.size})
    return orphans
