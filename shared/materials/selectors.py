"""Reads on exchange materials, always from the point of view of the active committee.

A committee sees its own materials (drafts included), materials shared with
its province by committees of that province, and materials shared with the
whole platform. Callers cannot name another committee: the viewer is
`organisation_current()`.
"""
from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Case, Count, Prefetch, Q, QuerySet, Value, When

from search.backends.base import ViewerScope
from search.contract import IndexedDocument
from search.visibility import OWNER, PROVINCE, visible_q
from shared.materials.models import Compilation, CompilationEntry, Credit, Material, Occasion, Theme
from tenancy.models import Level, Organisation
from tenancy.selectors import organisation_current


def _visible_filter(viewer: Organisation) -> Q:
    """The materials ``viewer`` may read: the index's rule (``search.visibility``), a
    material being owned by its writer and by its keeper alike."""
    return visible_q(ViewerScope(organisation_id=viewer.id, province_id=viewer.province_id), fields={
        OWNER: ("organisation_id", "keeper_id"), PROVINCE: "organisation__province_id"})


def material_list(*, own_only: bool = False, theme_id: int | None = None,
                  occasion_id: int | None = None) -> QuerySet[Material]:
    """Materials the active committee may read, newest first."""
    viewer = organisation_current()
    qs = Material.objects.filter(_visible_filter(viewer))
    if own_only:
        qs = qs.filter(Q(organisation_id=viewer.id) | Q(keeper_id=viewer.id))
    if theme_id:
        qs = qs.filter(themes__id=theme_id)
    if occasion_id:
        qs = qs.filter(occasion_id=occasion_id)
    return (
        qs.select_related("organisation", "keeper", "occasion")
        .prefetch_related("themes")
        .order_by("-created_at", "-id")
    )


def material_get(pk: int) -> Material:
    """One readable material; raises Material.DoesNotExist for a missing or hidden one."""
    return material_list().get(pk=pk)


def material_editable(material: Material) -> bool:
    """Whether the active committee may change and share the material: it uploaded it, or
    accepted the credit (`Material.is_held_by`)."""
    return material.is_held_by(organisation_current().id)


def material_deletable(material: Material) -> bool:
    """Whether the active committee may delete the material: only the committee that uploaded it."""
    return organisation_current().id == material.keeper_id


def material_credits_pending() -> QuerySet[Material]:
    """Materials other committees uploaded in the active committee's name, awaiting its answer."""
    viewer = organisation_current()
    return (
        Material.objects.filter(organisation_id=viewer.id, credit=Credit.PENDING)
        .exclude(keeper_id=viewer.id)
        .select_related("keeper")
        .order_by("-created_at", "-id")
    )


def theme_list() -> QuerySet[Theme]:
    """The active committee's provincial theme list and the free tags used in its province."""
    viewer = organisation_current()
    return Theme.objects.filter(province_id=viewer.province_id)


def occasion_list() -> QuerySet[Occasion]:
    return Occasion.objects.select_related("host")


def organisations_for_attribution() -> QuerySet[Organisation]:
    """Committees a compilation of the active committee's province may name."""
    viewer = organisation_current()
    return Organisation.objects.filter(province_id=viewer.province_id).exclude(level=Level.PLATFORM).order_by("region_code")


def organisations_for_credit() -> QuerySet[Organisation]:
    """Committees of the platform a material of the active committee may be credited to
    (any but itself), its own province's first."""
    viewer = organisation_current()
    elsewhere = Case(When(province_id=viewer.province_id, then=Value(0)), default=Value(1))
    return (Organisation.objects.exclude(level=Level.PLATFORM).exclude(pk=viewer.pk)
            .order_by(elsewhere, "province_id", "region_code"))


def compilation_list() -> QuerySet[Compilation]:
    """Compilations of the active committee."""
    viewer = organisation_current()
    return (
        Compilation.objects.filter(organisation_id=viewer.id)
        .select_related("occasion")
        .annotate(material_count=Count("entries"))
    )


def compilation_get(pk: int) -> Compilation:
    return compilation_list().get(pk=pk)


def compilation_materials(compilation: Compilation) -> list[Material]:
    """The compilation's materials in order, leaving out any the active committee may not read."""
    visible = set(material_list().filter(compilations=compilation).values_list("id", flat=True))
    entries = (
        CompilationEntry.objects.filter(compilation=compilation, material_id__in=visible)
        .select_related("material__organisation", "material__keeper", "material__occasion")
        .order_by("position")
    )
    return [entry.material for entry in entries]


# --- the contract with the search index (search.contract) -------------------------


def material_documents(ids: list[int]) -> list[IndexedDocument]:
    """What the index stores for these materials; ids of deleted materials are simply absent.

    Network-wide by design: the index keeps `visibility` and `organisation_id`
    and filters per reader itself. The organisation is the one the material is
    shown under (`Material.shown_organisation`): the credited committee once it
    accepted the credit, else the uploader. A material written outside the platform
    is the uploader's for visibility and named by its outside organisation
    (``organisation_name`` and ``outside``: its own facet bucket, not the uploader's).
    Its date is the document's (`Material.published_on`: the document date, the
    occasion's, else the upload date): the year facet and the date order read it.
    """
    materials = (
        Material.objects.filter(id__in=list(ids))
        .select_related("organisation", "keeper", "occasion")
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("name")))
    )
    documents = []
    for material in materials:
        published_on = material.published_on
        shown = material.shown_organisation
        documents.append(
            IndexedDocument(
                id=material.id,
                title=material.title,
                body=material.body,
                author=material.author,
                organisation_id=shown.id,
                organisation_name=material.shown_organisation_name[:OUTSIDE_NAME_CHARS],
                outside=material.outside_organisation[:OUTSIDE_NAME_CHARS],
                level=shown.level,
                province_id=shown.province_id,
                year=published_on.year if published_on else None,
                published_on=published_on,
                themes=tuple(theme.name for theme in material.themes.all()),
                occasion=material.occasion.name if material.occasion_id else "",
                visibility=material.visibility,
            )
        )
    return documents


#: what the index keeps of an outside author's name (its name column's length)
OUTSIDE_NAME_CHARS = 100


def material_outside_names(text: str) -> list[str]:
    """The outside authors' names containing ``text``, as the index holds them (network-wide,
    like the index: names are not secret, the documents are filtered per reader)."""
    names = (Material.objects.exclude(outside_organisation="")
             .filter(outside_organisation__icontains=text)
             .values_list("outside_organisation", flat=True).distinct().order_by("outside_organisation")[:200])
    return list(dict.fromkeys(n[:OUTSIDE_NAME_CHARS] for n in names))


def material_ids_all() -> Iterator[int]:
    """Every material id, in order (for `reindex`)."""
    return Material.objects.order_by("id").values_list("id", flat=True).iterator(chunk_size=2000)
