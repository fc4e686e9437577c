"""Document handling shared by every app: safe, bounded text extraction from uploads.

Pure Python, no Django import at module level, so it can run in web workers,
Celery tasks and scripts alike. Reading happens in a child process under
``documents.limits`` (``documents.sandbox``); ``documents.workbooks`` reads the
rows of an uploaded .xlsx under the same limits.
"""

from documents.errors import DocumentError, ExtractedDocument
from documents.extraction import DEFAULT_MAX_BYTES, extract_document
from documents.limits import ExtractionLimits, limits_current

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DocumentError",
    "ExtractedDocument",
    "ExtractionLimits",
    "extract_document",
    "limits_current",
]
