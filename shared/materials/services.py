"""Writes on exchange materials and compilations.

The writing committee is always the active one (`organisation_current()`);
only its tenant administrators and unit staff (Capability.EDIT) may write.
Every write that changes what the index holds calls `search.services.index_later`
inside the transaction (the search outbox indexes after commit).

Files: an upload is extracted (and so validated) before anything is written;
the file and the row are saved together, and a failure removes the file, so a
refused upload leaves nothing behind (`shared.materials.uploads`; a process
killed mid-save leaves a file no row references, which the daily sweep removes).
The same upload sent again within `RETRY_WINDOW` (same committee, title and
content) is not saved twice: the service raises `AlreadySaved` naming the first.

Credit: the uploading committee is the keeper; a material credited to another
committee waits for that committee to accept or reject the credit
(`material_credit_decide`); until it accepts, only the keeper changes it.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from documents.extraction import ExtractedDocument, extract_document
from operations.services import audit_record
from roles.policy import Capability, access_in
from shared.materials.credit import attribution
from shared.materials.credit import document_date as dated
from shared.materials.models import (
    Compilation, Credit, Material, Occasion, Theme, Visibility, material_file_path, shared_media_storage,
)
from shared.materials.uploads import UploadFiles
from tenancy.models import Level, Organisation
from tenancy.selectors import organisation_current

MAX_FREE_TAG_LENGTH = 30
SHARED_VISIBILITIES = (Visibility.PROVINCE, Visibility.PLATFORM)
# How long the same upload, sent again (a retry after a lost answer, a second click),
# is recognised as the one already saved.
RETRY_WINDOW = dt.timedelta(minutes=30)

# The provincial theme list every province starts with (programme names of the network).
DEFAULT_THEMES = ("有事来协商", "双助", "提案", "书香政协", "凝聚共识", "党建", "委员管理", "数字政协",
                  "民主监督", "金点子")


def _index_later(ids: list[int]) -> None:
    from search.services import index_later

    index_later(kind="material", ids=ids)


def _writer(actor) -> Organisation:
    """The active committee, if `actor` may write its materials."""
    organisation = organisation_current()
    if not access_in(actor, organisation).allows(Capability.EDIT):
        raise PermissionDenied("只有本会的管理员和委室工作人员可以维护交流材料。")
    return organisation


def compilation_import_allowed(actor, organisation: Organisation) -> bool:
    """Editors of a committee import compilations; so does a provincial officer on the province's own site
    (the exchange meeting's volume is the province's, and its officers hold no editing role there)."""
    access = access_in(actor, organisation)
    if access.allows(Capability.EDIT):
        return True
    return organisation.level == Level.PROVINCE and Role.PROVINCIAL_OFFICER in access.roles


def _compiler(actor) -> Organisation:
    """The active committee, if `actor` may import a compilation into it."""
    organisation = organisation_current()
    if not compilation_import_allowed(actor, organisation):
        raise PermissionDenied(_("只有本会的管理员和委室工作人员（在省政协网站上还有省政协工作人员）可以导入汇编。"))
    return organisation


def _held(material: Material, organisation: Organisation) -> None:
    if not material.is_held_by(organisation.id):
        raise PermissionDenied(_("这份材料不是本会上传的，不能修改。"))


def _kept(material: Material, organisation: Organisation) -> None:
    if organisation.id != material.keeper_id:
        raise PermissionDenied(_("只有上传这份材料的单位可以删除它。"))


class AlreadySaved(ValidationError):
    """The upload was saved moments ago (a retry): `saved` is what the first attempt saved."""

    def __init__(self, saved: Material | Compilation, message: str):
        super().__init__(message, code="duplicate")
        self.saved = saved


def _content_sha256(data: bytes | str) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


def _retry_lock(organisation: Organisation, digest: str) -> None:
    """Serialise saves of the same content by one committee (two clicks racing), until commit."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"materials:{organisation.id}:{digest}"])


def _visibility(value: str) -> str:
    if value not in Visibility.values:
        raise ValidationError({"visibility": "公开范围无效。"})
    return value


# --- themes and occasions ---------------------------------------------------------


@transaction.atomic
def themes_ensure_listed(*, province: Organisation, names: Sequence[str] = DEFAULT_THEMES) -> list[Theme]:
    """The provincial theme list of `province` (created once; order follows `names`)."""
    themes = []
    for order, name in enumerate(names):
        theme, _ = Theme.objects.get_or_create(
            province=province, name=name, defaults={"is_listed": True, "order": order}
        )
        themes.append(theme)
    return themes


def _themes_for(organisation: Organisation, theme_ids: Iterable[int], free_tags: Iterable[str]) -> list[Theme]:
    theme_ids = list(theme_ids or [])
    themes = list(Theme.objects.filter(id__in=theme_ids, province_id=organisation.province_id))
    if len(themes) != len(set(theme_ids)):
        raise ValidationError({"themes": "所选主题不在本省主题目录中。"})
    for raw in free_tags or []:
        name = raw.strip().strip("#＃")
        if not name:
            continue
        if len(name) > MAX_FREE_TAG_LENGTH:
            raise ValidationError({"themes": f"标签“{name[:10]}…”过长（不超过 {MAX_FREE_TAG_LENGTH} 字）。"})
        theme, _ = Theme.objects.get_or_create(province_id=organisation.province_id, name=name)
        if theme not in themes:
            themes.append(theme)
    return themes


@transaction.atomic
def occasion_ensure(*, name: str, held_on: dt.date, host: Organisation | None = None) -> Occasion:
    """The exchange meeting of that name and date (created if new)."""
    name = name.strip()
    occasion = Occasion.objects.filter(name=name, held_on=held_on).first()
    if occasion is None:
        occasion = Occasion(name=name, held_on=held_on, host=host)
        occasion.full_clean()
        occasion.save()
    return occasion


# --- upload: extract, preview, confirm ----------------------------------------------


def material_extract(*, filename: str, data: bytes) -> ExtractedDocument:
    """The text of an upload, for the confirmation step. Saves nothing.

    Raises documents.extraction.DocumentError with a message for the user.
    """
    return extract_document(filename, data)


def _delete_file_after_commit(name: str) -> None:
    if name:
        storage = shared_media_storage()
        transaction.on_commit(lambda: storage.delete(name))


def material_create(
    *, actor, title: str, body: str = "", author: str = "", occasion: Occasion | None = None,
    theme_ids: Iterable[int] = (), free_tags: Iterable[str] = (), visibility: str = Visibility.DRAFT,
    file_name: str | None = None, file_data: bytes | None = None,
    credited_id: int | None = None, outside_organisation: str = "", outside_region: str = "",
    document_date: dt.date | None = None,
) -> Material:
    """A material of the active committee, optionally with its original file.

    Credit (``shared.materials.credit``): ``credited_id`` names another committee of
    the platform (a credit pending its answer), or ``outside_organisation`` (and
    ``outside_region``) an author outside the platform; neither: the active committee.
    ``document_date``: entered, else the occasion's date, else a date line of the text.

    With a file, the text is extracted from it (DocumentError if it cannot be);
    `body`, when given, is the text the user confirmed after the preview.
    Side effects: one Material row, its theme links and new free tags, the file
    in shared storage, a search outbox entry. Nothing is left if any step fails.
    Raises AlreadySaved (and saves nothing) when the committee saved the same
    title and content within RETRY_WINDOW.
    """
    organisation = _writer(actor)
    if file_data is not None:
        extracted = extract_document(file_name or "", file_data)
        body = body.strip() or extracted.text
    credit = attribution(keeper=organisation, credited_id=credited_id,
                         outside_organisation=outside_organisation, outside_region=outside_region)
    material = Material(
        title=title.strip(), organisation=credit.organisation, keeper=organisation, credit=credit.credit,
        outside_organisation=credit.outside_organisation, outside_region=credit.outside_region,
        document_date=dated(entered=document_date, occasion=occasion, body=body),
        author=author.strip(), occasion=occasion, body=body.strip(), visibility=_visibility(visibility),
        file_name=(file_name or "")[-200:] if file_data is not None else "",
        content_sha256=_content_sha256(file_data if file_data is not None else body.strip()),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    material.full_clean(exclude=["file"])
    files = UploadFiles()
    try:
        with transaction.atomic():
            _retry_lock(organisation, material.content_sha256)
            saved = Material.objects.filter(
                keeper=organisation, title=material.title, content_sha256=material.content_sha256,
                created_at__gte=timezone.now() - RETRY_WINDOW,
            ).order_by("id").first()
            if saved is not None:
                raise AlreadySaved(saved, _("“%(title)s”刚才已经保存过，没有重复保存。") % {"title": saved.title})
            themes = _themes_for(organisation, theme_ids, free_tags)
            if file_data is not None:
                material.file.name = files.save(material_file_path(material, file_name or "upload"), file_data)
            material.save()
            material.themes.set(themes)
            _index_later([material.id])
    except BaseException:
        files.discard()
        raise
    return material


@transaction.atomic
def material_update(
    *, actor, material: Material, title: str | None = None, body: str | None = None,
    author: str | None = None, occasion: Occasion | None | bool = False,
    theme_ids: Iterable[int] | None = None, free_tags: Iterable[str] = (),
    visibility: str | None = None, credited_id: int | None | bool = False,
    outside_organisation: str | None = None, outside_region: str | None = None,
    document_date: dt.date | None | bool = False,
) -> Material:
    """Change a material the active committee holds. Side effects: the row, theme links, a search outbox entry.

    Arguments left out (None, or False where None means something) keep their value.
    Only the uploader changes the credit (``credited_id``, ``outside_*``): naming another
    committee anew makes it a credit pending that committee's answer again.
    ``document_date=None`` clears the date (the occasion's, or the upload date, is shown).
    """
    organisation = _writer(actor)
    _held(material, organisation)
    changed = []
    if credited_id is not False or outside_organisation is not None or outside_region is not None:
        changed += _credit_change(material, organisation, credited_id, outside_organisation, outside_region)
    if document_date is not False:
        material.document_date = document_date
        changed.append("document_date")
    for name, value in (("title", title), ("body", body), ("author", author)):
        if value is not None:
            setattr(material, name, value.strip())
            changed.append(name)
    if occasion is not False:
        material.occasion = occasion
        changed.append("occasion")
        if occasion is not None and document_date is False and material.document_date is None:
            material.document_date = occasion.held_on
            changed.append("document_date")
    if visibility is not None:
        material.visibility = _visibility(visibility)
        changed.append("visibility")
    material.full_clean(exclude=["file"])
    material.save(update_fields=[*changed, "updated_at"])
    if theme_ids is not None or free_tags:
        current = [] if theme_ids is not None else [t.id for t in material.themes.all()]
        material.themes.set(_themes_for(organisation, list(theme_ids or []) + current, free_tags))
    _index_later([material.id])
    return material


def _credit_change(material: Material, organisation: Organisation, credited_id, outside_organisation,
                   outside_region) -> list[str]:
    """Apply a new credit (``material_update``); the changed field names."""
    if organisation.id != material.keeper_id:
        raise PermissionDenied(_("只有上传这份材料的单位可以修改署名。"))
    if credited_id is False:
        credited_id = material.organisation_id
    credit = attribution(
        keeper=organisation, credited_id=credited_id,
        outside_organisation=material.outside_organisation if outside_organisation is None else outside_organisation,
        outside_region=material.outside_region if outside_region is None else outside_region)
    if credit.organisation.id != material.organisation_id:
        material.credit, material.credit_decided_by, material.credit_decided_at = credit.credit, None, None
    material.organisation = credit.organisation
    material.outside_organisation, material.outside_region = credit.outside_organisation, credit.outside_region
    return ["organisation", "credit", "credit_decided_by", "credit_decided_at", "outside_organisation",
            "outside_region"]


def material_share(*, actor, material: Material, visibility: str) -> Material:
    """Keep a material as a draft, or share it with the province or the platform."""
    return material_update(actor=actor, material=material, visibility=visibility)


@transaction.atomic
def material_delete(*, actor, material: Material) -> None:
    """Delete a material the active committee uploaded; its file goes after commit, the index entry with it."""
    organisation = _writer(actor)
    _kept(material, organisation)
    material_id, file_name = material.id, material.file.name
    material.delete()
    _delete_file_after_commit(file_name)
    _index_later([material_id])


# --- credit -------------------------------------------------------------------------


@transaction.atomic
def material_credit_decide(*, actor, material: Material, accept: bool) -> Material:
    """The credited committee (the active one, by a tenant administrator) accepts or rejects
    a material credited to it by another committee; it may change its answer later.

    Accepted, the material is shown and searched under the credited committee, which may
    then edit it too; rejected, it is shown under its uploader again and the credited
    committee may not edit it. Side effects: the row, a search outbox entry (the index
    document's organisation follows), an audit event (a publication: whose name it bears).
    """
    organisation = organisation_current()
    if not access_in(actor, organisation).allows(Capability.ADMINISTER):
        raise PermissionDenied(_("只有本会的管理员可以确认或拒绝署名。"))
    if not material.credited_elsewhere or material.organisation_id != organisation.id:
        raise PermissionDenied(_("这份材料没有署名本会，不能由本会确认。"))
    material.credit = Credit.ACCEPTED if accept else Credit.REJECTED
    material.credit_decided_by = actor
    material.credit_decided_at = timezone.now()
    material.full_clean(exclude=["file"])
    material.save(update_fields=["credit", "credit_decided_by", "credit_decided_at"])
    _index_later([material.id])
    audit_record("publication", actor=actor, detail={
        "what": "material_credit", "decision": material.credit, "material_id": material.id,
        "title": material.title[:200], "keeper_id": material.keeper_id})
    return material


@transaction.atomic
def compilation_delete(*, actor, compilation: Compilation) -> None:
    """Delete a compilation of the active committee (its materials stay)."""
    organisation = _writer(actor)
    if compilation.organisation_id != organisation.id:
        raise PermissionDenied("这本汇编不属于本会。")
    file_name = compilation.file.name
    compilation.delete()
    _delete_file_after_commit(file_name)


# --- compilations: in shared.materials.compilation_import, reachable from here too ------

_COMPILATION_NAMES = frozenset({
    "ImportRow", "SplitPreview", "SplitRow", "compilation_build", "compilation_import",
    "compilation_split_preview", "organisation_match",
})


def __getattr__(name: str):
    """``services.compilation_import`` and the others, imported on first use (no import cycle)."""
    if name in _COMPILATION_NAMES:
        from shared.materials import compilation_import

        return getattr(compilation_import, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
