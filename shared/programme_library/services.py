"""Writes on the template library (public schema)."""
from django.db import transaction

from shared.programme_library.models import ProgrammeTemplate


@transaction.atomic
def template_ensure(
    *, owner=None, kind: str, title: str, years: int, structure: dict, description: str = ""
) -> ProgrammeTemplate:
    """Create the template, or update the one of the same owner and title.

    Side effects: one ProgrammeTemplate row. Idempotent (the demo runs it again).
    """
    template = ProgrammeTemplate.objects.filter(owner=owner, title=title).first() or ProgrammeTemplate(
        owner=owner, title=title
    )
    template.kind = kind
    template.years = years
    template.structure = structure
    template.description = description
    template.full_clean()
    template.save()
    return template
