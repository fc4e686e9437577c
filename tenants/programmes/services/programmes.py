"""Writes on programmes, their sections, items, milestones and targets (the active schema is the committee)."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from tenants.history.services import change_record, change_value
from tenants.programmes.models import Item, Milestone, MonthlyReport, Programme, Section, Target
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
    first, last = programme.start_year, programme.end_year
    used = (
        {m.year for m in Milestone.objects.filter(item__programme=programme)}
        | {r.month.year for r in MonthlyReport.objects.filter(item__programme=programme).only("month")}
        | {y for pair in programme.items.values_list("start_year", "end_year") for y in pair if y is not None}
    )
    outside_years = sorted(year for year in used if not first <= year <= last)
    if outside_years:
        raise ValidationError({"end_year": _(
            "%(years)s 年已有年度任务、目标或月报，新的周期必须包含这些年度。"
        ) % {"years": "、".join(str(year) for year in outside_years)}})
    programme.save()
    change_record(actor=actor, obj=programme, action="update", summary=f"修改“{programme.title}”", changes=changes)
    if {"start_year", "end_year"} & changes.keys():
        report_deadlines_refresh(units=Unit.objects.filter(led_items__programme=programme).distinct())
    return programme


@transaction.atomic
def section_create(
    *, actor=None, programme: Programme, number: int | None = None, heading: str, intro: str = "",
) -> Section:
    """A section of the plan; without ``number`` it goes last. Side effects: one Section, one ChangeLog."""
    heading = (heading or "").strip()
    if not heading:
        raise ValidationError({"heading": _("请填写部分标题。")})
    if number is None:
        number = (programme.sections.aggregate(top=Max("number"))["top"] or 0) + 1
    section = Section(programme=programme, number=number, heading=heading[:300], intro=(intro or "").strip())
    section.full_clean()
    section.save()
    change_record(actor=actor, obj=section, action="create", summary=f"“{programme.title}”新增部分：{section.heading}")
    return section


@transaction.atomic
def item_create(
    *, actor=None, programme: Programme, number: int | None = None, title: str, section: Section | None = None,
    description: str = "", lead_unit: Unit | None = None, cooperating_units=(),
    responsible_leader=None, responsibility_note: str = "", start_year: int | None = None,
    end_year: int | None = None, order: int | None = None,
) -> Item:
    """Side effects: one Item (and its cooperating units), one ChangeLog; when the item runs in a month
    whose report is still to come, its lead unit's report deadline for that month (reminders).

    Without ``number`` (an item added on the plan page) the item goes last in its section and the
    plan's items are numbered again in their order (``items_renumber``)."""
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("请填写事项标题。")})
    if section is not None and section.programme_id != programme.pk:
        raise ValidationError({"section": _("所属部分不在本计划中。")})
    renumber = number is None
    continues = numbering_continues(programme) if renumber else None
    if order is None:
        order = (programme.items.aggregate(top=Max("order"))["top"] or 0) + 1
    if number is None:
        number = order
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
    if renumber:
        items_renumber(programme=programme, continues=continues)
        item.refresh_from_db(fields=["number", "order"])
    change_record(
        actor=actor, obj=item, action="create", summary=f"“{programme.title}”新增事项 {item.number}. {item.title}",
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
        if name in ("title", "description", "responsibility_note") and isinstance(value, str):
            value = value.strip()
        old = getattr(item, name)
        if old != value:
            changes[name] = [change_value(old), change_value(value)]
            setattr(item, name, value)
    if not item.title:
        raise ValidationError({"title": _("请填写事项标题。")})
    item.full_clean()
    if {"start_year", "end_year"} & changes.keys():
        _period_check(item)
    if "section" in changes:
        continues = numbering_continues(item.programme)
        item.order = (item.programme.items.aggregate(top=Max("order"))["top"] or 0) + 1
    item.save()
    if "section" in changes:
        items_renumber(programme=item.programme, continues=continues)
        item.refresh_from_db(fields=["number", "order"])
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


def _period_check(item: Item) -> None:
    """A new period must still hold the item's milestones, targets and monthly reports."""
    first, last = item.first_year, item.last_year
    outside = sorted(
        {m.year for m in item.milestones.all()} | {t.year for t in item.targets.all()}
        | {r.month.year for r in item.reports.all()}
    )
    outside = [year for year in outside if not first <= year <= last]
    if outside:
        raise ValidationError({"end_year": _(
            "%(years)s 年已有年度任务、目标或月报，新的周期必须包含这些年度。"
        ) % {"years": "、".join(str(year) for year in outside)}})


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


@transaction.atomic
def milestone_remove(*, actor=None, item: Item, year) -> bool:
    """Remove the item's milestone of a year (when there is one). Side effects: one Milestone, one ChangeLog."""
    year = parse_year(year)
    milestone = Milestone.objects.filter(item=item, year=year).first()
    if milestone is None:
        return False
    old = milestone.text
    milestone.delete()
    change_record(
        actor=actor, obj=item, action="milestone", summary=f"删除“{item.title}”{year} 年度任务",
        changes={"year": year, "text": [old, ""]},
    )
    return True


@transaction.atomic
def milestones_set(*, actor=None, item: Item, texts: dict) -> int:
    """Set the item's milestones of several years at once (a blank text removes that year's).

    All or nothing. Side effects: Milestone rows, one ChangeLog per year changed. Returns how many changed."""
    changed = 0
    current = {m.year: m.text for m in Milestone.objects.filter(item=item)}
    for year, text in texts.items():
        year, text = parse_year(year), (text or "").strip()
        if text and current.get(year) != text:
            milestone_set(actor=actor, item=item, year=year, text=text)
            changed += 1
        elif not text and year in current:
            changed += milestone_remove(actor=actor, item=item, year=year)
    return changed


@transaction.atomic
def target_remove(*, actor=None, target: Target) -> None:
    """Remove a target nobody has reported on yet; one with reported values is refused.

    Side effects: one Target, one ChangeLog on its item."""
    reported = target.actuals.count()
    if reported:
        raise ValidationError(_(
            "“%(indicator)s”%(year)s 年目标已有 %(n)s 条月报完成值，不能删除。"
        ) % {"indicator": target.indicator, "year": target.year, "n": reported})
    item = target.item
    old = change_value(target.value)
    target.delete()
    change_record(
        actor=actor, obj=item, action="target", summary=f"删除“{item.title}”{target.indicator} {target.year} 年目标",
        changes={"indicator": target.indicator, "year": target.year, "value": [old, None]},
    )


# ---------------------------------------------------------------------------
# The plan's layout: sections and items edited, reordered, removed, numbered
# ---------------------------------------------------------------------------

UP, DOWN = "up", "down"


def _sections_in_order(programme: Programme) -> list[Section]:
    return list(Section.objects.filter(programme=programme).order_by("number", "id"))


def _items_in_order(programme: Programme) -> list[Item]:
    """The plan's items as the page shows them: section by section, each section's items by order."""
    position = {section.pk: index for index, section in enumerate(_sections_in_order(programme))}
    items = list(Item.objects.filter(programme=programme).order_by("order", "number", "id"))
    return sorted(items, key=lambda i: (position.get(i.section_id, len(position)), i.order, i.number, i.pk))


def _numbering_continues(programme: Programme, items: list[Item]) -> bool:
    """Does the plan number its items across sections (金华: 1 … 40) rather than from 1 in each?"""
    first_in_section: dict = {}
    for item in items:
        first_in_section.setdefault(item.section_id, item.number)
    firsts = list(first_in_section.values())
    return len(firsts) > 1 and any(number != 1 for number in firsts[1:])


def numbering_continues(programme: Programme) -> bool:
    """The plan's numbering style as it stands (taken before a change, which may hide it)."""
    return _numbering_continues(programme, _items_in_order(programme))


def items_renumber(*, programme: Programme, continues: bool | None = None) -> int:
    """Number the plan's sections 1, 2, … and its items in the order shown, keeping the plan's style
    (numbers running on across sections, or starting at 1 in each). Called by the services that add,
    move or remove; writes no ChangeLog of its own (the change that caused it does).
    Side effects: Section.number, Item.number and Item.order. Returns how many rows changed."""
    changed = 0
    for number, section in enumerate(_sections_in_order(programme), start=1):
        if section.number != number:
            section.number = number
            section.save(update_fields=["number"])
            changed += 1
    items = _items_in_order(programme)
    if continues is None:
        continues = _numbering_continues(programme, items)
    number, previous_section = 0, object()
    for order, item in enumerate(items, start=1):
        if not continues and item.section_id != previous_section:
            number = 0
        number += 1
        previous_section = item.section_id
        if (item.number, item.order) != (number, order):
            item.number, item.order = number, order
            item.save(update_fields=["number", "order"])
            changed += 1
    return changed


def _direction(direction: str) -> int:
    if direction not in (UP, DOWN):
        raise ValidationError({"direction": _("请选择上移或下移。")})
    return -1 if direction == UP else 1


@transaction.atomic
def section_update(*, actor=None, section: Section, heading: str, intro: str = "") -> Section:
    """Change a section's heading and introduction. Side effects: the Section, one ChangeLog."""
    heading = (heading or "").strip()
    if not heading:
        raise ValidationError({"heading": _("请填写部分标题。")})
    changes = {}
    for name, value in (("heading", heading[:300]), ("intro", (intro or "").strip())):
        if getattr(section, name) != value:
            changes[name] = [getattr(section, name), value]
            setattr(section, name, value)
    if changes:
        section.full_clean()
        section.save()
        change_record(actor=actor, obj=section, action="update", summary=f"修改部分“{section.heading}”",
                      changes=changes)
    return section


@transaction.atomic
def section_move(*, actor=None, section: Section, direction: str) -> Section:
    """Move a section one place up or down; sections and items are numbered again.

    Side effects: Section and Item numbers, one ChangeLog on the programme."""
    step = _direction(direction)
    continues = numbering_continues(section.programme)
    sections = _sections_in_order(section.programme)
    index = next(i for i, s in enumerate(sections) if s.pk == section.pk)
    if not 0 <= index + step < len(sections):
        raise ValidationError({"direction": _("该部分已在最前。") if step < 0 else _("该部分已在最后。")})
    sections[index], sections[index + step] = sections[index + step], sections[index]
    for number, each in enumerate(sections, start=1):
        if each.number != number:
            each.number = number
            each.save(update_fields=["number"])
    items_renumber(programme=section.programme, continues=continues)
    section.refresh_from_db()
    change_record(
        actor=actor, obj=section.programme, action="reorder",
        summary=f"“{section.programme.title}”部分“{section.heading}”{'上移' if step < 0 else '下移'}至第 {section.number} 部分",
    )
    return section


def _removal_refusal(items) -> str:
    """Why these items cannot be removed (their monthly reports or duty records), or ''."""
    blocked = []
    for item in items:
        reports, duties = item.reports.count(), item.duty_records.count()
        if reports or duties:
            blocked.append(_("“%(title)s”（%(reports)s 份月报、%(duties)s 条履职档案）") % {
                "title": item.title, "reports": reports, "duties": duties})
    if not blocked:
        return ""
    return _("%(items)s已有月报或履职档案，不能删除，以免这些记录一并丢失。如该事项不再推进，可修改其周期或标题。") % {
        "items": "、".join(blocked)}


@transaction.atomic
def section_remove(*, actor=None, section: Section) -> int:
    """Remove a section with its items; refused (ValidationError) when one of them has monthly reports
    or duty records. Sections and items are numbered again.
    Side effects: the Section, its Items with their Milestone and Target rows, the lead units' report
    deadlines (reminders), one ChangeLog on the programme. Returns how many items went with it."""
    items = list(section.items.select_related("lead_unit"))
    refusal = _removal_refusal(items)
    if refusal:
        raise ValidationError(refusal)
    programme, leads = section.programme, {item.lead_unit for item in items if item.lead_unit is not None}
    continues = numbering_continues(programme)
    gone = {"heading": section.heading, "number": section.number, "items": [f"{i.number}. {i.title}" for i in items]}
    section.delete()  # its items go with it (Item.section cascades)
    items_renumber(programme=programme, continues=continues)
    if leads:
        report_deadlines_refresh(units=leads)
    change_record(actor=actor, obj=programme, action="section_remove",
                  summary=f"“{programme.title}”删除部分“{gone['heading']}”（{len(items)} 个事项）", changes=gone)
    return len(items)


@transaction.atomic
def item_remove(*, actor=None, item: Item) -> None:
    """Remove an item with its milestones and targets; the items after it are numbered again.

    An item with monthly reports or duty records is refused (ValidationError): removing it would
    delete them, and they are the committee's record of the work done.
    Side effects: the Item and its Milestone and Target rows, Item numbers, its lead unit's report
    deadlines (reminders), one ChangeLog on the programme."""
    refusal = _removal_refusal([item])
    if refusal:
        raise ValidationError(refusal)
    programme, lead = item.programme, item.lead_unit
    continues = numbering_continues(programme)
    gone = {"number": item.number, "title": item.title, "lead_unit": change_value(lead),
            "section": change_value(item.section)}
    item.delete()
    items_renumber(programme=programme, continues=continues)
    if lead is not None:
        report_deadlines_refresh(units=[lead])
    change_record(actor=actor, obj=programme, action="item_remove",
                  summary=f"“{programme.title}”删除事项 {gone['number']}. {gone['title']}", changes=gone)


@transaction.atomic
def item_move(*, actor=None, item: Item, direction: str) -> Item:
    """Move an item one place up or down within its section; the plan's items are numbered again.

    Side effects: Item numbers and order, one ChangeLog on the item."""
    step = _direction(direction)
    siblings = [i for i in _items_in_order(item.programme) if i.section_id == item.section_id]
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == item.pk)
    if not 0 <= index + step < len(siblings):
        raise ValidationError({"direction": _("该事项已是本部分第一项。") if step < 0 else _("该事项已是本部分最后一项。")})
    other, continues = siblings[index + step], numbering_continues(item.programme)
    item_order, other_order = item.order, other.order
    if item_order == other_order:
        other_order = item_order + step
    Item.objects.filter(pk=item.pk).update(order=other_order)
    Item.objects.filter(pk=other.pk).update(order=item_order)
    old_number = item.number
    items_renumber(programme=item.programme, continues=continues)
    item.refresh_from_db()
    change_record(actor=actor, obj=item, action="reorder",
                  summary=f"事项“{item.title}”{'上移' if step < 0 else '下移'}：{old_number} → {item.number}",
                  changes={"number": [old_number, item.number]})
    return item


KEEP = object()  # items_assign: leave this field as it is


@transaction.atomic
def items_assign(
    *, actor=None, programme: Programme, items, lead_unit=KEEP, responsible_leader=KEEP, cooperating_units=None,
) -> int:
    """Give the selected items of a plan one lead unit, responsible leader and/or set of cooperating
    units (``cooperating_units`` replaces each item's; the lead unit is never its own cooperator).

    Items of another plan, no item, or nothing to set: ValidationError, nothing written.
    Side effects: what ``item_update`` writes, for each item that changes. Returns how many items changed."""
    items = list(items)
    if not items:
        raise ValidationError({"items": _("请先勾选要分配的事项。")})
    if any(item.programme_id != programme.pk for item in items):
        raise ValidationError({"items": _("所选事项不在本计划中。")})
    if lead_unit is KEEP and responsible_leader is KEEP and cooperating_units is None:
        raise ValidationError({"lead_unit": _("请选择要分配的牵头委室、配合委室或责任领导。")})
    fields = {}
    if lead_unit is not KEEP:
        fields["lead_unit"] = lead_unit
    if responsible_leader is not KEEP:
        fields["responsible_leader"] = responsible_leader
    changed = 0
    for item in items:
        differs = any(getattr(item, name) != value for name, value in fields.items()) or (
            cooperating_units is not None
            and {u.pk for u in item.cooperating_units.all()} != {u.pk for u in cooperating_units if u != item.lead_unit})
        if differs:
            item_update(actor=actor, item=item, cooperating_units=cooperating_units, **fields)
            changed += 1
    return changed
