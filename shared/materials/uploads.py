"""The original files of uploads: written with their row, removed again when the save fails.

A file is written into its final place inside the transaction that saves its
row; an ordinary failure removes it at once (`UploadFiles.discard`).
"""
from __future__ import annotations

from django.core.files.base import ContentFile

from shared.materials.models import shared_media_storage


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
