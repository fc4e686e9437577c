"""Work-points import in two steps: preview (nothing saved), then confirm.

The preview parses the upload with ``tenants.programmes.work_points`` and hands the
draft back to the browser as a signed token, so nothing is stored between the
two steps and a confirmed import writes exactly what was previewed.
"""
from __future__ import annotations

from dataclasses import asdict

from django.core import signing

from documents.extraction import DEFAULT_MAX_BYTES

from tenants.programmes.work_points import (
    ItemDraft, SectionDraft, WorkPointsDraft, WorkPointsImportError, work_points_from_file,
)

MAX_UPLOAD_BYTES = DEFAULT_MAX_BYTES  # the one upload limit of every importer
TOKEN_SALT = "programmes.work_points_import"
TOKEN_MAX_AGE = 6 * 3600


def draft_from_upload(upload) -> WorkPointsDraft:
    """Parse an uploaded file; WorkPointsImportError (Chinese message) for anything unusable.

    The size is checked before the file is read, so a 30 MB upload is refused at once.
    """
    if upload is None:
        raise WorkPointsImportError("请选择要导入的文件（.docx、.txt 或 .md）。", code="missing")
    if upload.size > MAX_UPLOAD_BYTES:
        raise WorkPointsImportError(
            f"文件超过 {MAX_UPLOAD_BYTES // (1024 * 1024)} MB 上限（本文件 {upload.size / 1024 / 1024:.1f} MB）。",
            code="too_large",
        )
    return work_points_from_file(upload.name or "", upload.read())


def draft_sign(draft: WorkPointsDraft) -> str:
    return signing.dumps(asdict(draft), salt=TOKEN_SALT, compress=True)


def draft_unsign(token: str) -> WorkPointsDraft:
    try:
        data = signing.loads(token or "", salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.SignatureExpired:
        raise WorkPointsImportError("预览已过期，请重新上传文件。", code="expired") from None
    except signing.BadSignature:
        raise WorkPointsImportError("预览数据无效，请重新上传文件。", code="bad_token") from None
    sections = [
        SectionDraft(
            number=s["number"], heading=s["heading"], intro=s.get("intro", ""),
            items=[ItemDraft(**i) for i in s["items"]],
        )
        for s in data["sections"]
    ]
    return WorkPointsDraft(title=data["title"], preamble=data["preamble"], sections=sections,
                           warnings=data.get("warnings", []))
