"""Compilations read from a file or built from materials: split, review, import, build.

``compilation_split_preview`` splits an uploaded volume (``shared.materials.splitting``)
and matches each speech's printed organisation to a committee, saving nothing;
``compilation_import`` saves the reviewed rows; ``compilation_build`` makes a
compilation of readable materials. The shared helpers (the writing committee,
retry lock, themes, index outbox) live in ``shared.materials.services``, which
re-exports these names.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.extraction import extract_document
from shared.materials.models import (
    Compilation, CompilationEntry, Credit, Material, Occasion, Visibility, compilation_file_path,
)
from shared.materials.services import (
    RETRY_WINDOW, SHARED_VISIBILITIES, AlreadySaved, _compiler, _content_sha256, _index_later, _retry_lock,
    _themes_for, _writer,
)
from shared.materials.splitting import organisation_short_name, split_compilation
from shared.materials.uploads import UploadFiles
from tenancy.models import Level, Organisation
from tenancy.selectors import organisation_current


# --- compilations: split an uploaded volume ---------------------------------------


@dataclass
class SplitRow:
    """One material of a compilation, as the preview shows it and the user corrects it."""

    title: str
    organisation_name: str  # as printed in the volume
    organisation_id: int | None  # the committee it was matched to, if any
    body: str
    toc_number: int | None = None


@dataclass
class SplitPreview:
    title: str
    rows: list[SplitRow] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def organisation_match(name: str) -> Organisation | None:
    """The committee of the active committee's province that a printed name means (full or short name)."""
    name = (name or "").strip()
    if not name:
        return None
    viewer = organisation_current()
    candidates = list(
        Organisation.objects.filter(province_id=viewer.province_id).exclude(level=Level.PLATFORM)
    )
    for organisation in candidates:
        if organisation.name == name:
            return organisation
    short = organisation_short_name(name)
    matches = [o for o in candidates if short in (o.short_name, organisation_short_name(o.name))]
    return matches[0] if len(matches) == 1 else None


def compilation_split_preview(*, filename: str, data: bytes) -> SplitPreview:
    """Extract and split a compilation for the user to review. Saves nothing.

    Raises DocumentError for a file that cannot be read.
    """
    extracted = extract_document(filename, data)
    draft = split_compilation(extracted.paragraphs)
    rows = []
    warnings = list(draft.warnings)
    for material in draft.materials:
        matched = organisation_match(material.organisation)
        if matched is None:
            warnings.append(f"“{material.title}”的撰写单位“{material.organisation}”不在本省名录中，请选择。")
        rows.append(SplitRow(
            title=material.title, organisation_name=material.organisation,
            organisation_id=matched.id if matched else None, body=material.body,
            toc_number=material.toc_number,
        ))
    if not rows:
        warnings.append("没有拆分出任何材料，请检查文件是否为带目录的汇编。")
    return SplitPreview(title=draft.title or "", rows=rows, warnings=warnings)


@dataclass
class ImportRow:
    title: str
    organisation_id: int | None
    body: str
    author: str = ""


def compilation_import(
    *, actor, title: str, rows: Sequence[ImportRow], occasion: Occasion | None = None,
    visibility: str = Visibility.PROVINCE, theme_ids: Iterable[int] = (),
    file_name: str | None = None, file_data: bytes | None = None,
) -> Compilation:
    """Save a reviewed compilation: one material per row, credited to its committee, in order.

    The materials are shared (province or platform): a published volume is not
    a draft. A row credited to another committee is a credit pending that
    committee's answer (`material_credit_decide`); until it accepts, the material
    is shown as the active committee's. Side effects: a Compilation with its
    entries, one Material per row (kept by the active committee), the original
    file, search outbox entries. Raises AlreadySaved (and saves nothing) when the
    committee saved the same file under the same title within RETRY_WINDOW.
    """
    organisation = _compiler(actor)
    if visibility not in SHARED_VISIBILITIES:
        raise ValidationError({"visibility": "汇编中的材料须选择“全省交流”或“全平台交流”。"})
    if not title.strip():
        raise ValidationError({"title": "请填写汇编名称。"})
    if not rows:
        raise ValidationError({"__all__": "汇编中没有材料可以保存。"})
    allowed = {o.id: o for o in Organisation.objects.filter(province_id=organisation.province_id)}
    errors = []
    for number, row in enumerate(rows, start=1):
        if not row.title.strip():
            errors.append(f"第 {number} 篇缺少标题。")
        if row.organisation_id not in allowed:
            errors.append(f"第 {number} 篇“{row.title.strip()[:20]}”请选择本省的撰写单位。")
        if not row.body.strip():
            errors.append(f"第 {number} 篇“{row.title.strip()[:20]}”没有正文。")
    if errors:
        raise ValidationError({"__all__": errors})
    if file_data is not None:
        extract_document(file_name or "", file_data)  # the same checks as the preview

    compilation = Compilation(
        title=title.strip(), organisation=organisation, occasion=occasion,
        file_name=(file_name or "")[-200:] if file_data is not None else "",
        content_sha256=_content_sha256(file_data) if file_data is not None else "",
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    compilation.full_clean(exclude=["file"])
    files = UploadFiles()
    try:
        with transaction.atomic():
            if compilation.content_sha256:
                _retry_lock(organisation, compilation.content_sha256)
                saved = Compilation.objects.filter(
                    organisation=organisation, title=compilation.title, content_sha256=compilation.content_sha256,
                    created_at__gte=timezone.now() - RETRY_WINDOW,
                ).order_by("id").first()
                if saved is not None:
                    raise AlreadySaved(saved, _("汇编“%(title)s”刚才已经保存过，没有重复保存。") % {"title": saved.title})
            themes = _themes_for(organisation, theme_ids, ())
            if file_data is not None:
                compilation.file.name = files.save(compilation_file_path(compilation, file_name or "upload"), file_data)
            compilation.save()
            ids = []
            for position, row in enumerate(rows, start=1):
                credited = allowed[row.organisation_id]
                material = Material(
                    title=row.title.strip(), organisation=credited, keeper=organisation,
                    credit=Credit.OWN if credited.id == organisation.id else Credit.PENDING,
                    author=row.author.strip(), occasion=occasion, body=row.body.strip(),
                    visibility=visibility, created_by=actor if getattr(actor, "pk", None) else None,
                )
                material.full_clean(exclude=["file"])
                material.save()
                material.themes.set(themes)
                CompilationEntry.objects.create(compilation=compilation, material=material, position=position)
                ids.append(material.id)
            _index_later(ids)
    except BaseException:
        files.discard()
        raise
    return compilation


# --- compilations: build one from materials ---------------------------------------


@transaction.atomic
def compilation_build(
    *, actor, title: str, material_ids: Sequence[int], occasion: Occasion | None = None,
) -> Compilation:
    """A compilation of readable materials in the given order. Side effects: Compilation and entries."""
    from shared.materials.selectors import material_list

    organisation = _writer(actor)
    if not title.strip():
        raise ValidationError({"title": "请填写汇编名称。"})
    ordered = list(dict.fromkeys(int(i) for i in material_ids))
    if not ordered:
        raise ValidationError({"materials": "请至少选择一篇材料。"})
    readable = set(material_list().filter(id__in=ordered).values_list("id", flat=True))
    if readable != set(ordered):
        raise ValidationError({"materials": "所选材料不存在或本会无权查看。"})
    compilation = Compilation(title=title.strip(), organisation=organisation, occasion=occasion)
    compilation.full_clean(exclude=["file"])
    compilation.save()
    CompilationEntry.objects.bulk_create(
        CompilationEntry(compilation=compilation, material_id=material_id, position=position)
        for position, material_id in enumerate(ordered, start=1)
    )
    return compilation
