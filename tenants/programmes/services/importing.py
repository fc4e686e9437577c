"""Plans written from a library template, a full structure, or an imported work-points document."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tenants.history.services import change_record
from tenants.programmes.models import Programme
from tenants.programmes.selectors import draft_assignments, unit_match
from tenants.structure.models import Unit

from .programmes import item_create, milestone_set, programme_create, section_create, target_set
from .values import parse_year


def _units_named(names) -> list[Unit]:
    units = []
    for name in names or []:
        unit = unit_match(name)
        if unit is not None and unit not in units:
            units.append(unit)
    return units


def _fill_structure(*, actor, programme: Programme, structure: dict) -> None:
    years = programme.years
    for s_index, section_spec in enumerate(structure.get("sections", []), start=1):
        section = None
        if section_spec.get("heading"):
            section = section_create(
                actor=actor, programme=programme, number=section_spec.get("number") or s_index,
                heading=section_spec["heading"], intro=section_spec.get("intro", ""),
            )
        for i_index, spec in enumerate(section_spec.get("items", []), start=1):
            leads = _units_named([spec["lead_unit"]] if isinstance(spec.get("lead_unit"), str) else spec.get("lead_units", []))
            item = item_create(
                actor=actor, programme=programme, section=section, number=spec.get("number") or i_index,
                title=spec["title"], description=spec.get("description", ""),
                lead_unit=leads[0] if leads else None,
                cooperating_units=leads[1:] + _units_named(spec.get("cooperating_units", [])),
                responsibility_note=spec.get("responsibility_note", ""),
            )
            for offset, text in enumerate(spec.get("milestones", [])):
                if text and offset < len(years):
                    milestone_set(actor=actor, item=item, year=years[offset], text=text)
            for target_spec in spec.get("targets", []):
                for offset, value in enumerate(target_spec.get("values", [])):
                    if value is not None and offset < len(years):
                        target_set(
                            actor=actor, item=item, indicator=target_spec["indicator"], year=years[offset],
                            value=value, unit_of_measure=target_spec.get("unit", ""),
                        )


@transaction.atomic
def programme_from_template(*, actor=None, template_id: int, start_year, title: str = "") -> Programme:
    """Instantiate a library template for a period starting in ``start_year``.

    Only templates visible to the active committee (the platform's and its
    province's) can be used. Lead units are matched to this committee's units
    by name; the programme is then the committee's own to change.
    Side effects: Programme, Section, Item, Milestone, Target and ChangeLog rows.
    """
    from shared.programme_library.selectors import template_get_visible

    template = template_get_visible(template_id=template_id)
    if template is None:
        raise ValidationError({"template": "模板不存在或不可用。"})
    start_year = parse_year(start_year, label="起始年度")
    end_year = start_year + template.years - 1
    programme = programme_create(
        actor=actor, kind=template.kind, title=title or template.title.replace("{year}", str(start_year)),
        start_year=start_year, end_year=end_year, description=template.description,
        source_template_id=template.pk,
    )
    _fill_structure(actor=actor, programme=programme, structure=template.structure)
    return programme


@transaction.atomic
def programme_from_structure(
    *, actor=None, kind: str, title: str, start_year: int, end_year: int, structure: dict, description: str = ""
) -> Programme:
    """A programme written out in full (the demo, scripts). Same structure format as templates."""
    programme = programme_create(
        actor=actor, kind=kind, title=title, start_year=start_year, end_year=end_year, description=description
    )
    _fill_structure(actor=actor, programme=programme, structure=structure)
    return programme


@transaction.atomic
def work_points_import(*, actor=None, draft, year, title: str = "", assignments=None) -> Programme:
    """Write a parsed work-points document (``tenants.programmes.work_points.WorkPointsDraft``) as a plan.

    ``assignments`` (``selectors.ItemAssignment``, one per item of ``draft.items``) says who does each
    item, as chosen in the preview; without it, the units and leaders the document names are matched
    (``selectors.draft_assignments``). The leaders as written are kept as the item's responsibility note.
    All or nothing: any error rolls the whole import back.
    Side effects: Programme (kind work_points), its sections and items, ChangeLog rows, the lead
    units' report deadlines (reminders).
    """
    year = parse_year(year)
    if not draft.sections or not draft.items:
        raise ValidationError("文档中没有可导入的部分和事项。")
    if assignments is None:
        assignments = draft_assignments(draft)
    assignments = list(assignments)
    if len(assignments) != len(draft.items):
        raise ValidationError(_("事项分配与预览不一致，请重新上传文件。"))
    programme = programme_create(
        actor=actor, kind=Programme.Kind.WORK_POINTS, title=(title or draft.title or f"{year}年工作要点")[:200],
        start_year=year, end_year=year, description=draft.preamble,
    )
    order = 0
    for section_draft in draft.sections:
        section = section_create(
            actor=actor, programme=programme, number=section_draft.number,
            heading=section_draft.heading[:300], intro=section_draft.intro,
        )
        for item_draft in section_draft.items:
            assignment = assignments[order]
            order += 1
            item_create(
                actor=actor, programme=programme, section=section, number=item_draft.number,
                title=item_draft.title, description=item_draft.body, order=order,
                lead_unit=assignment.lead_unit, cooperating_units=assignment.cooperating_units,
                responsible_leader=assignment.responsible_leader,
                responsibility_note="、".join(getattr(item_draft, "leaders", []) or [])[:200],
            )
    change_record(
        actor=actor, obj=programme, action="import",
        summary=f"导入“{programme.title}”：{len(draft.sections)} 个部分，{len(draft.items)} 个事项",
    )
    return programme
