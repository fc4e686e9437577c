"""Document handling shared by every app: safe text extraction from uploads.

Pure Python, no Django import, so it can run in web workers, Celery tasks and
scripts alike.
"""

from documents.extraction import (
    DEFAULT_MAX_BYTES,
    DocumentError,
    ExtractedDocument,
    extract_document,
)

__all__ = ["DEFAULT_MAX_BYTES", "DocumentError", "ExtractedDocument", "extract_document"]
