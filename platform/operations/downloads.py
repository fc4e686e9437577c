"""The one audited download: every export a person takes away (a page or an API call)
leaves an EXPORT audit event with what was exported."""
from __future__ import annotations

from urllib.parse import quote

from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header

from operations.models import AuditEvent
from operations.services import audit_record

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def download_audited(request, content, *, filename: str, content_type: str, kind: str,
                     detail: dict | None = None, ascii_name: str | None = None):
    """``content`` (bytes, or an open binary file streamed as it is) as an attachment named
    ``filename``, never content-sniffed; records the export (``kind`` and ``detail``).

    ``ascii_name``: a plain-ASCII name for old clients, given beside the UTF-8 one."""
    audit_record(AuditEvent.Action.EXPORT, request=request, detail={"kind": kind, **(detail or {})})
    if hasattr(content, "read"):
        response = FileResponse(content, as_attachment=True, filename=filename, content_type=content_type)
    else:
        response = HttpResponse(content, content_type=content_type)
        if ascii_name:
            response["Content-Disposition"] = (
                f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}")
        else:
            response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response
