"""The limits every extraction of an uploaded file runs under.

They bound what comes out of a file, not only how well it compresses: the
uncompressed size of the parts read, the characters of text, the pages of a
PDF, and the wall time, CPU time and memory of the child process that reads it
(``documents.sandbox``). The figures are settings (``CPPCC_EXTRACT_*`` in
config/settings.py, environment-overridable, documented in deploy/README.md);
outside Django the same environment variables apply, with the same defaults.

Measured (benchmarks/README.md): a 20 MB .docx of ordinary text is 49 MB of XML
and 11 million characters, read in about 6 s of CPU and 350 MB; a 200-page text
PDF in about 5 s. The defaults leave each at least twice that.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, fields

__all__ = ["ExtractionLimits", "gettext", "limits_current"]


@dataclass(frozen=True)
class ExtractionLimits:
    max_seconds: float = 40  # wall and CPU time of one extraction (gunicorn's timeout is 60 s)
    max_memory_mb: int = 1024  # address space the child may add to what it inherits
    max_chars: int = 20_000_000  # characters of text produced
    max_pages: int = 1000  # pages of a PDF
    max_uncompressed_mb: int = 100  # parts of an archive that are parsed (XML of a .docx or .xlsx)

    @property
    def max_uncompressed_bytes(self) -> int:
        return self.max_uncompressed_mb * 1024 * 1024


_SETTING_PREFIX = "CPPCC_EXTRACT_"


def limits_current() -> ExtractionLimits:
    """The limits from Django's settings when they are configured, else from the environment."""
    source = _django_settings()
    values = {}
    for item in fields(ExtractionLimits):
        name = _SETTING_PREFIX + item.name.upper()
        raw = getattr(source, name, None) if source is not None else os.environ.get(name)
        if raw not in (None, ""):
            values[item.name] = float(raw) if item.type in ("float", float) else int(raw)
    return ExtractionLimits(**values)


def _django_settings():
    try:
        from django.conf import settings
    except ImportError:  # a script without Django
        return None
    return settings if settings.configured else None


def gettext(message: str) -> str:
    """Django's gettext where Django is set up (web, Celery, tests), the Chinese text elsewhere."""
    if _django_settings() is None:
        return message
    from django.utils.translation import gettext as django_gettext

    return django_gettext(message)
