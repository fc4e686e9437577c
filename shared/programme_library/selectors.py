"""Reads on the template library, always as seen by the active committee."""
from django.db.models import Q, QuerySet

from shared.programme_library.models import ProgrammeTemplate


def template_list_visible() -> QuerySet[ProgrammeTemplate]:
    """Templates the active committee may use: the platform's and its own province's.

    The committee is the active schema's tenant; callers cannot name another.
    On the bare host (public schema) only the platform's templates are listed.
    """
    from tenancy.selectors import organisation_current

    visible = Q(owner__isnull=True)
    try:
        organisation = organisation_current()
    except Exception:  # no tenant row for the active schema
        organisation = None
    if organisation is not None and organisation.schema_name != "public":
        province_id = organisation.province_id or (organisation.id if organisation.level == "province" else None)
        if province_id:
            visible |= Q(owner_id=province_id)
    return ProgrammeTemplate.objects.filter(visible).select_related("owner")


def template_get_visible(*, template_id: int) -> ProgrammeTemplate | None:
    return template_list_visible().filter(pk=template_id).first()
