"""Writes on programmes, their sections, items, milestones and targets (the active schema is the committee)."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from tenants.history.services import change_record, change_value
from tenants.programmes.models import Item, Milestone, Programme, Section, Target
from tenants.programmes.selectors import unit_match
from tenants.structure.models import Unit

from .reporting import report_deadlines_refresh, report_months_open
from .values import parse_number, parse_year


@transaction.atomic
def programme_create(
    *, actor=None, kind: str, title: str, start_year: int, end_year: int | None = None,
    description: str = "", source_template_id: int | None = None,
) -> Programme:
    """Side effects: one Programme, one ChangeLog."""
    programme = Programme(
        kind=kind, title=title, description=description, start_year=start_year,
        end_year=end_year if end_year is not None else start_year, source_template_id=source_template_id,
    )
    programme.full_clean()
    programme.save()
    change_record(
        actor=actor, obj=programme, action="create", summary=f"创建“{programme.title}”（{programme.period_label}）",
    )
    return programme


PROGRAMME_FIELDS = ("title", "description", "start_year", "end_year", "kind")


@transaction.atomic
def programme_update(*, actor=None, programme: Programme, **fields) -> Programme:
    """Side effects: the Programme row, a ChangeLog with the old and new values; a change of period
    brings its lead units' monthly-report deadlines up to date (``report_deadlines_refresh``)."""
    changes = {}
    for name, value in fields.items():
        if name not in PROGRAMME_FIELDS:
            raise ValidationError(f"不能修改字段 {name}。")
        old = getattr(programme, name)
        if old != value:
            changes[name] = [change_value(old), change_value(value)]
            setattr(programme, name, value)
    if not changes:
        return programme
    programme.full_clean()
    outside = Target.objects.filter(item__programme=programme).exclude(
        year__gte=programme.start_year, year__lte=programme.end_year
    )
    if outside.exists():
        raise ValidationError({"end_year": "已有目标值的年度超出新的周期，请先调整目标。"})
    programme.save()
    change_record(actor=actor, obj=programme, action="update", summary=f"修改“{programme.title}”", changes=changes)
    if {"start_year", "end_year"} & changes.keys():
        report_deadlines_refresh(units=Unit.objects.filter(led_items__programme=programme).distinct())
    return programme


@transaction.atomic
def section_create(*, actor=None, programme: Programme, number: int, heading: str, intro: str = "") -> Section:
    section = Section(programme=programme, number=number, heading=heading, intro=intro)
    section.full_clean()
    section.save()
    change_record(actor=actor, obj=section, action="create", summary=f"“{programme.title}”新增部分：{heading}")
    return section


@transaction.atomic
def item_create(
    *, actor=None, programme: Programme, number: int, title: str, section: Section | None = None,
    description: str = "", lead_unit: Unit | None = None, cooperating_units=(),
    responsible_leader=None, responsibility_note: str = "", start_year: int | None = None,
    end_year: int | None = None, order: int | None = None,
) -> Item:
    """Side effects: one Item (and its cooperating units), one ChangeLog; when the item runs in a month
    whose report is still to come, its lead unit's report deadline for that month (reminders)."""
    if order is None:
        order = programme.items.count() + 1
    item = Item(
        programme=programme, section=section, number=number, title=title[:300], description=description,
        lead_unit=lead_unit, responsible_leader=responsible_leader,
        responsibility_note=responsibility_note[:200], start_year=start_year, end_year=end_year, order=order,
    )
    item.full_clean()
    item.save()
    item.cooperating_units.set([u for u in cooperating_units if u is not None and u != lead_unit])
    if lead_unit is not None and any(item.first_year <= month.year <= item.last_year for month in report_months_open()):
        report_deadlines_refresh(units=[lead_unit])
    change_record(
        actor=actor, obj=item, action="create", summary=f"“{programme.title}”新增事项 {number}. {item.title}",
    )
    return item


ITEM_FIELDS = (
    "title", "description", "lead_unit", "responsible_leader", "responsibility_note",
    "start_year", "end_year", "number", "section",
)


@transaction.atomic
def item_update(*, actor=None, item: Item, cooperating_units=None, **fields) -> Item:
    """Side effects: the Item row, a ChangeLog with old and new values; a change of lead unit or years
    brings the old and new lead units' monthly-report deadlines up to date (reminders)."""
    changes = {}
    old_lead = item.lead_unit if "lead_unit" in fields else None
    for name, value in fields.items():
        if name not in ITEM_FIELDS:
            raise ValidationError(f"不能修改字段 {name}。")
        old = getattr(item, name)
        if old != value:
            changes[name] = [change_value(old), change_value(value)]
            setattr(item, name, value)
    item.full_clean()
    item.save()
    if {"lead_unit", "start_year", "end_year"} & changes.keys():
        report_deadlines_refresh(units={unit for unit in (old_lead, item.lead_unit) if unit is not None})
    if cooperating_units is not None:
        old_names = sorted(u.name for u in item.cooperating_units.all())
        new = [u for u in cooperating_units if u != item.lead_unit]
        if old_names != sorted(u.name for u in new):
            changes["cooperating_units"] = [old_names, sorted(u.name for u in new)]
            item.cooperating_units.set(new)
    if changes:
        change_record(actor=actor, obj=item, action="update", summary=f"修改事项“{item.title}”", changes=changes)
    return item


@transaction.atomic
def milestone_set(*, actor=None, item: Item, year, text: str) -> Milestone:
    """Set the item's milestone text for a year. Side effects: one Milestone, one ChangeLog."""
    year = parse_year(year)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "请填写年度任务。"})
    milestone = Milestone.objects.filter(item=item, year=year).first() or Milestone(item=item, year=year)
    old = milestone.text
    milestone.text = text
    milestone.full_clean()
    milestone.save()
    change_record(
        actor=actor, obj=item, action="milestone", summary=f"设置“{item.title}”{year} 年度任务",
        changes={"year": year, "text": [old, text]},
    )
    return milestone


@transaction.atomic
def target_set(*, actor=None, item: Item, indicator: str, year, value, unit_of_measure: str = "") -> Target:
    """Set the item's target for an indicator and year.

    A year outside the item's period, an invalid or negative number: a
    ValidationError with a Chinese message, nothing written.
    Side effects: one Target, one ChangeLog.
    """
    indicator = (indicator or "").strip()
    if not indicator:
        raise ValidationError({"indicator": "请填写指标名称。"})
    year = parse_year(year)
    try:
        number = parse_number(value, label=f"{indicator}（{year}年）目标值")
    except ValidationError as error:
        raise ValidationError({"value": error.messages}) from None
    target = Target.objects.filter(item=item, indicator=indicator, year=year).first() or Target(
        item=item, indicator=indicator, year=year
    )
    old = target.value
    target.value = number
    target.unit_of_measure = unit_of_measure or target.unit_of_measure
    target.full_clean()
    target.save()
    change_record(
        actor=actor, obj=item, action="target",
        summary=f"设置“{item.title}”{indicator} {year} 年目标 {change_value(number)}{target.unit_of_measure}",
        changes={"indicator": indicator, "year": year, "value": [change_value(old), change_value(number)]},
    )
    return target


# ---------------------------------------------------------------------------
# From a template, from an imported document
# ---------------------------------------------------------------------------


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
def work_points_import(*, actor=None, draft, year, title: str = "") -> Programme:
    """Write a parsed work-points document (``tenants.programmes.work_points.WorkPointsDraft``) as a plan.

    All or nothing: any error rolls the whole import back.
    Side effects: Programme (kind work_points), its sections and items, ChangeLog rows.
    """
    year = parse_year(year)
    if not draft.sections or not draft.items:
        raise ValidationError("文档中没有可导入的部分和事项。")
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
            order += 1
            leads = _units_named(item_draft.lead_units)
            item_create(
                actor=actor, programme=programme, section=section, number=item_draft.number,
                title=item_draft.title, description=item_draft.body, order=order,
                lead_unit=leads[0] if leads else None, cooperating_units=leads[1:],
            )
    change_record(
        actor=actor, obj=programme, action="import",
        summary=f"导入“{programme.title}”：{len(draft.sections)} 个部分，{len(draft.items)} 个事项",
    )
    return programme
