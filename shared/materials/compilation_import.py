"""Compilations read from a file or built from materials: split, review, import, build.

``compilation_split_preview`` splits an uploaded volume (``shared.materials.splitting``)
and matches each speech's printed organisation to a committee, saving nothing;
``compilation_import`` saves the reviewed rows; ``compilation_build`` makes a
compilation of readable materials. The shared helpers (the writing committee,
retry lock, themes, index outbox) live in ``shared.materials.services``, which
re-exports these names.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.extraction import extract_document
from shared.materials.credit import committee_match, document_date
from shared.materials.models import (
    Compilation, CompilationEntry, Credit, Material, Occasion, Visibility, compilation_file_path,
)
from shared.materials.services import (
    RETRY_WINDOW, SHARED_VISIBILITIES, AlreadySaved, _compiler, _content_sha256, _index_later, _retry_lock,
    _themes_for, _writer,
)
from shared.materials.splitting import split_compilation
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
    author: str = ""
    document_date: dt.date | None = None


@dataclass
class SplitPreview:
    title: str
    rows: list[SplitRow] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    document_date: dt.date | None = None  # the volume's date line


def organisation_match(name: str) -> Organisation | None:
    """The committee of the platform that a printed name means (full name, or a short name
    only one committee has, the active committee's province first); None: an outside
    organisation, or a name the user must settle."""
    return committee_match(name)


def _iso_date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def compilation_split_preview(*, filename: str, data: bytes) -> SplitPreview:
    """Extract and split a compilation for the user to review. Saves nothing.

    Raises DocumentError for a file that cannot be read.
    """
    extracted = extract_document(filename, data)
    draft = split_compilation(extracted.paragraphs)
    viewer = organisation_current()
    rows = []
    warnings = list(draft.warnings)
    for material in draft.materials:
        matched = organisation_match(material.organisation)
        if material.organisation and matched is None:
            warnings.append(
                f"“{material.title}”的撰写单位“{material.organisation}”不是本平台的政协，"
                "将作为外部单位署名；如是本平台的政协，请改为其全称。"
            )
        elif not material.organisation:
            warnings.append(f"“{material.title}”没有找到撰写单位，请填写。")
        elif matched.province_id != viewer.province_id:
            warnings.append(f"“{material.title}”署名外省的{matched.name}，保存时须选择“全平台交流”。")
        rows.append(SplitRow(
            title=material.title, organisation_name=material.organisation,
            organisation_id=matched.id if matched else None, body=material.body,
            toc_number=material.toc_number, author=material.author, document_date=_iso_date(material.date),
        ))
    return SplitPreview(title=draft.title or "", rows=rows, warnings=warnings, document_date=_iso_date(draft.date))


@dataclass
class ImportRow:
    """A reviewed row. Its credit: ``organisation_id`` (a committee of the platform), else
    ``organisation_name`` matched to one, else ``organisation_name`` as an outside organisation."""

    title: str
    organisation_id: int | None
    body: str
    author: str = ""
    organisation_name: str = ""
    outside_region: str = ""
    document_date: dt.date | None = None


@dataclass(frozen=True)
class RowCredit:
    committee: Organisation | None  # a committee of the platform
    outside: str = ""  # else an organisation outside it, by name


def row_credit(*, organisation_id: int | None, organisation_name: str) -> RowCredit:
    """Who a row is credited to (the preview shows it, the import saves it)."""
    if organisation_id:
        committee = Organisation.objects.exclude(level=Level.PLATFORM).filter(pk=organisation_id).first()
        if committee is not None:
            return RowCredit(committee)
    name = " ".join((organisation_name or "").split())
    if not name:
        return RowCredit(None)
    committee = organisation_match(name)
    return RowCredit(committee) if committee else RowCredit(None, outside=name[:120])


def _row_errors(number: int, row: ImportRow, credit: RowCredit, organisation: Organisation, visibility: str):
    label = f"第 {number} 篇“{row.title.strip()[:20]}”" if row.title.strip() else f"第 {number} 篇"
    if not row.title.strip():
        yield f"第 {number} 篇缺少标题。"
    if credit.committee is None and not credit.outside:
        yield f"{label}请填写撰写单位：本平台的政协，或外部单位的名称。"
    elif (credit.committee is not None and credit.committee.province_id != organisation.province_id
          and visibility != Visibility.PLATFORM):
        yield f"{label}署名外省的{credit.committee.name}，请选择“全平台交流”。"
    if not row.body.strip():
        yield f"{label}没有正文。"


def compilation_import(
    *, actor, title: str, rows: Sequence[ImportRow], occasion: Occasion | None = None,
    visibility: str = Visibility.PROVINCE, theme_ids: Iterable[int] = (),
    file_name: str | None = None, file_data: bytes | None = None,
) -> Compilation:
    """Save a reviewed compilation: one material per row, credited as the row says, in order.

    The materials are shared (province or platform): a published volume is not
    a draft. A row credited to another committee of the platform is a credit
    pending that committee's answer (`material_credit_decide`); until it accepts,
    the material is shown as the active committee's. A row whose organisation is
    no committee of the platform is credited to it as an outside organisation
    (kept and shown by the active committee). Each material bears its document
    date: the row's, else the occasion's, else a date line of its text.
    Side effects: a Compilation with its entries, one Material per row (kept by
    the active committee), the original file, search outbox entries. Raises
    ValidationError naming every bad row (and saves nothing), AlreadySaved when
    the committee saved the same file under the same title within RETRY_WINDOW.
    """
    organisation = _compiler(actor)
    if visibility not in SHARED_VISIBILITIES:
        raise ValidationError({"visibility": "汇编中的材料须选择“全省交流”或“全平台交流”。"})
    if not title.strip():
        raise ValidationError({"title": "请填写汇编名称。"})
    if not rows:
        raise ValidationError({"__all__": "汇编中没有材料可以保存。"})
    credits = [row_credit(organisation_id=row.organisation_id, organisation_name=row.organisation_name)
               for row in rows]
    errors = [message for number, (row, credit) in enumerate(zip(rows, credits), start=1)
              for message in _row_errors(number, row, credit, organisation, visibility)]
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
            for position, (row, credit) in enumerate(zip(rows, credits), start=1):
                credited = credit.committee or organisation
                material = Material(
                    title=row.title.strip(), organisation=credited, keeper=organisation,
                    credit=Credit.OWN if credited.id == organisation.id else Credit.PENDING,
                    outside_organisation=credit.outside, outside_region=row.outside_region.strip() if credit.outside else "",
                    author=row.author.strip(), occasion=occasion, body=row.body.strip(),
                    document_date=document_date(entered=row.document_date, occasion=occasion, body=row.body),
                    visibility=visibility, created_by=actor if getattr(actor, "pk", None) else None,
                )
                try:
                    material.full_clean(exclude=["file"])
                except ValidationError as error:
                    raise ValidationError({"__all__": [
                        f"第 {position} 篇“{material.title[:20]}”：{message}" for message in error.messages
                    ]}) from None
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
