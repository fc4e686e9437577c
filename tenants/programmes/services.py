"""Writes on programmes, reports and appraisals (the active schema is the committee).

Every service is keyword-only, atomic, validates with ``full_clean`` and
writes a ``ChangeLog`` row naming the actor. Validation errors are
``django.core.exceptions.ValidationError`` with Chinese messages.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from tenants.programmes.models import (
    Appraisal, ChangeLog, Criterion, DutyRecord, Item, Milestone, MonthlyReport, Programme,
    ReportAttachment, ReportState, ReportValue, Section, Target, UnitScore,
)
from tenants.programmes.selectors import report_scope, report_unit_stats, unit_match
from tenants.structure.models import Unit

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
REPORT_DUE_DAY = 5  # a month's report is due on the 5th of the next month


# ---------------------------------------------------------------------------
# History
# ---------------------------------------------------------------------------


def _actor_fields(actor) -> dict:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return {"user_id": None, "user_name": "系统"}
    return {"user_id": actor.pk, "user_name": getattr(actor, "display_name", "") or actor.get_username()}


def _log(actor, obj, action: str, summary: str, changes: dict | None = None) -> ChangeLog:
    return ChangeLog.objects.create(
        model=obj._meta.model_name, object_id=obj.pk, action=action,
        summary=summary[:500], changes=changes or {}, **_actor_fields(actor),
    )


def _plain(value):
    if isinstance(value, Decimal):
        return str(value.normalize()) if value == value.to_integral() else str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if hasattr(value, "pk"):
        return str(value)
    return value


def parse_number(raw, *, label: str) -> Decimal:
    """A user's number (``"50"``, ``"95%"``, ``"1,200"``) or a ValidationError naming the field."""
    if isinstance(raw, Decimal):
        value = raw
    elif isinstance(raw, (int, float)) and not isinstance(raw, bool):
        value = Decimal(str(raw))
    else:
        text = str(raw or "").strip().replace(",", "").replace("，", "").rstrip("%％").strip()
        if not text:
            raise ValidationError(f"请填写“{label}”。")
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise ValidationError(f"“{label}”的值“{str(raw)[:20]}”不是有效的数字。") from None
    if not value.is_finite():
        raise ValidationError(f"“{label}”的值不是有效的数字。")
    if value < 0:
        raise ValidationError(f"“{label}”不能为负数。")
    if value >= Decimal("1e10"):
        raise ValidationError(f"“{label}”的值过大。")
    return value.quantize(Decimal("0.01"))


def parse_year(raw, *, label: str = "年度") -> int:
    try:
        year = int(str(raw).strip())
    except (TypeError, ValueError):
        raise ValidationError(f"“{label}”应为四位数年份。") from None
    if not 2000 <= year <= 2100:
        raise ValidationError(f"“{label}”应在 2000 至 2100 之间。")
    return year


# ---------------------------------------------------------------------------
# Programmes, sections, items
# ---------------------------------------------------------------------------


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
    _log(actor, programme, "create", f"创建“{programme.title}”（{programme.period_label}）")
    return programme


PROGRAMME_FIELDS = ("title", "description", "start_year", "end_year", "kind")


@transaction.atomic
def programme_update(*, actor=None, programme: Programme, **fields) -> Programme:
    """Side effects: the Programme row, a ChangeLog with the old and new values."""
    changes = {}
    for name, value in fields.items():
        if name not in PROGRAMME_FIELDS:
            raise ValidationError(f"不能修改字段 {name}。")
        old = getattr(programme, name)
        if old != value:
            changes[name] = [_plain(old), _plain(value)]
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
    _log(actor, programme, "update", f"修改“{programme.title}”", changes)
    return programme


@transaction.atomic
def section_create(*, actor=None, programme: Programme, number: int, heading: str, intro: str = "") -> Section:
    section = Section(programme=programme, number=number, heading=heading, intro=intro)
    section.full_clean()
    section.save()
    _log(actor, section, "create", f"“{programme.title}”新增部分：{heading}")
    return section


@transaction.atomic
def item_create(
    *, actor=None, programme: Programme, number: int, title: str, section: Section | None = None,
    description: str = "", lead_unit: Unit | None = None, cooperating_units=(),
    responsible_leader=None, responsibility_note: str = "", start_year: int | None = None,
    end_year: int | None = None, order: int | None = None,
) -> Item:
    """Side effects: one Item (and its cooperating units), one ChangeLog."""
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
    _log(actor, item, "create", f"“{programme.title}”新增事项 {number}. {item.title}")
    return item


ITEM_FIELDS = (
    "title", "description", "lead_unit", "responsible_leader", "responsibility_note",
    "start_year", "end_year", "number", "section",
)


@transaction.atomic
def item_update(*, actor=None, item: Item, cooperating_units=None, **fields) -> Item:
    """Side effects: the Item row, a ChangeLog with old and new values."""
    changes = {}
    for name, value in fields.items():
        if name not in ITEM_FIELDS:
            raise ValidationError(f"不能修改字段 {name}。")
        old = getattr(item, name)
        if old != value:
            changes[name] = [_plain(old), _plain(value)]
            setattr(item, name, value)
    item.full_clean()
    item.save()
    if cooperating_units is not None:
        old_names = sorted(u.name for u in item.cooperating_units.all())
        new = [u for u in cooperating_units if u != item.lead_unit]
        if old_names != sorted(u.name for u in new):
            changes["cooperating_units"] = [old_names, sorted(u.name for u in new)]
            item.cooperating_units.set(new)
    if changes:
        _log(actor, item, "update", f"修改事项“{item.title}”", changes)
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
    _log(actor, item, "milestone", f"设置“{item.title}”{year} 年度任务", {"year": year, "text": [old, text]})
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
    _log(actor, item, "target", f"设置“{item.title}”{indicator} {year} 年目标 {_plain(number)}{target.unit_of_measure}",
         {"indicator": indicator, "year": year, "value": [_plain(old), _plain(number)]})
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
    """Write a parsed work-points document (``tenants.plans.importing.WorkPointsDraft``) as a plan.

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
    _log(actor, programme, "import", f"导入“{programme.title}”：{len(draft.sections)} 个部分，{len(draft.items)} 个事项")
    return programme


# ---------------------------------------------------------------------------
# Monthly reports
# ---------------------------------------------------------------------------


def month_parse(raw) -> dt.date:
    if isinstance(raw, dt.date):
        return raw.replace(day=1)
    text = str(raw or "").strip()
    try:
        year, month = text[:7].split("-")
        return dt.date(int(year), int(month), 1)
    except (ValueError, TypeError):
        raise ValidationError({"month": "月份格式应为 YYYY-MM，例如 2024-03。"}) from None


@transaction.atomic
def report_file(
    *, actor=None, item: Item, month, progress: str, status: str, values: dict | None = None,
    attachments=(),
) -> MonthlyReport:
    """File (or re-file after it was returned) the item's report for a month.

    ``values`` maps target ids to the actual value reached. An accepted
    report can no longer change. Bad numbers, a month outside the item's
    period, an unknown status or an oversized attachment: ValidationError,
    nothing written. Lead units report on their own items: unit staff whose
    membership names their unit may file only for items that unit leads
    (``selectors.ReportScope``), anyone else is refused with PermissionDenied;
    tenant admins, unit staff with no unit on record and the system
    (``actor=None``) may file for any item.
    Side effects: MonthlyReport, ReportValue and ReportAttachment rows; the
    unit's reminder Deadline for the month is marked done once all its items
    are reported; one ChangeLog.
    """
    refusal = report_scope(actor).refusal(item)
    if refusal:
        raise PermissionDenied(refusal)
    month = month_parse(month)
    progress = (progress or "").strip()
    if not progress:
        raise ValidationError({"progress": "请填写工作进展。"})
    if status not in MonthlyReport.Status.values:
        raise ValidationError({"status": "请选择推进状态。"})
    report = MonthlyReport.objects.select_for_update().filter(item=item, month=month).first()
    action = "file"
    if report is None:
        report = MonthlyReport(item=item, month=month)
    elif report.state == ReportState.ACCEPTED:
        raise ValidationError("该月报已采纳，不能再修改。")
    else:
        action = "refile" if report.state == ReportState.RETURNED else "edit"
    old = {"progress": report.progress, "status": report.status, "state": report.state}
    report.progress = progress
    report.status = status
    report.state = ReportState.SUBMITTED
    report.filed_at = timezone.now()
    fields = _actor_fields(actor)
    report.filed_by_id, report.filed_by_name = fields["user_id"], fields["user_name"]
    report.full_clean()

    targets = {t.pk: t for t in item.targets.filter(year=month.year)}
    parsed: dict[int, Decimal] = {}
    errors = []
    for key, raw in (values or {}).items():
        try:
            target = targets[int(key)]
        except (KeyError, ValueError, TypeError):
            errors.append("完成值对应的目标不存在或不属于该年度。")
            continue
        if raw in (None, ""):
            continue
        try:
            parsed[target.pk] = parse_number(raw, label=f"{target.indicator}完成值")
        except ValidationError as error:
            errors.extend(error.messages)
    for upload in attachments:
        if upload.size > MAX_ATTACHMENT_BYTES:
            errors.append(f"附件“{upload.name}”超过 20 MB 上限。")
    if errors:
        raise ValidationError({"values": errors})
    report.save()
    for target_id, actual in parsed.items():
        ReportValue.objects.update_or_create(report=report, target_id=target_id, defaults={"actual": actual})
    for upload in attachments:
        attachment = ReportAttachment(report=report, name=upload.name[:200])
        attachment.file.save(upload.name, upload, save=False)
        attachment.save()
    _deadline_close_if_reported(item=item, month=month)
    labels = {"file": "填报", "refile": "修改后重新报送", "edit": "修改"}
    _log(actor, report, action, f"{labels[action]}“{item.title}”{month:%Y年%m月}月报",
         {"before": old, "after": {"progress": progress, "status": status, "state": report.state},
          "values": {str(k): _plain(v) for k, v in parsed.items()}})
    return report


@transaction.atomic
def report_return(*, actor=None, report: MonthlyReport, comment: str) -> MonthlyReport:
    """The office sends a report back with a comment. Side effects: the report, one ChangeLog."""
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": "退回时请写明需要修改的内容。"})
    return _review(actor=actor, report=report, state=ReportState.RETURNED, comment=comment)


@transaction.atomic
def report_accept(*, actor=None, report: MonthlyReport, comment: str = "") -> MonthlyReport:
    """The office accepts a report. Side effects: the report, one ChangeLog."""
    return _review(actor=actor, report=report, state=ReportState.ACCEPTED, comment=(comment or "").strip())


def _review(*, actor, report: MonthlyReport, state: str, comment: str) -> MonthlyReport:
    locked = MonthlyReport.objects.select_for_update().get(pk=report.pk)
    if locked.state != ReportState.SUBMITTED:
        raise ValidationError(f"该月报当前状态为“{locked.get_state_display()}”，不能再审核。")
    locked.state = state
    locked.reviewer_comment = comment
    locked.reviewed_at = timezone.now()
    locked.reviewed_by_name = _actor_fields(actor)["user_name"]
    locked.full_clean()
    locked.save(update_fields=["state", "reviewer_comment", "reviewed_at", "reviewed_by_name"])
    verb = "退回" if state == ReportState.RETURNED else "采纳"
    _log(actor, locked, state, f"{verb}“{locked.item.title}”{locked.month:%Y年%m月}月报",
         {"state": [ReportState.SUBMITTED, state], "comment": comment})
    return locked


def report_due_on(month: dt.date) -> dt.date:
    next_month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return next_month.replace(day=REPORT_DUE_DAY)


def _deadline_title(unit: Unit, month: dt.date) -> str:
    return f"月报：{unit.name} {month.year}年{month.month}月工作进展"


@transaction.atomic
def report_deadlines_register(*, month) -> int:
    """Register the month's report due date of each lead unit as a reminder Deadline.

    The daily reminder task (reminders.send) then reminds people, and the
    dashboard lists it while it is due or overdue. Idempotent.
    Side effects: up to one tenants.reminders Deadline per lead unit. Returns how many were created.
    """
    from tenants.reminders.models import Deadline
    from tenants.reminders.services import deadline_create

    month = month_parse(month)
    units = Unit.objects.filter(
        led_items__isnull=False,
    ).filter(_active_in_year(month.year, prefix="led_items__")).distinct()
    created = 0
    for unit in units:
        title = _deadline_title(unit, month)
        if Deadline.objects.filter(title=title, unit=unit).exists():
            continue
        deadline_create(title=title, due_on=report_due_on(month), unit=unit)
        created += 1
    return created


def _active_in_year(year: int, *, prefix: str = ""):
    from django.db.models import Q

    start = Q(**{f"{prefix}start_year__lte": year}) | Q(
        **{f"{prefix}start_year__isnull": True, f"{prefix}programme__start_year__lte": year}
    )
    end = Q(**{f"{prefix}end_year__gte": year}) | Q(
        **{f"{prefix}end_year__isnull": True, f"{prefix}programme__end_year__gte": year}
    )
    return start & end


def _deadline_close_if_reported(*, item: Item, month: dt.date) -> None:
    from tenants.reminders.models import Deadline

    if item.lead_unit_id is None:
        return
    pending = Item.objects.filter(_active_in_year(month.year), lead_unit_id=item.lead_unit_id).exclude(
        reports__month=month
    )
    if not pending.exists():
        Deadline.objects.filter(title=_deadline_title(item.lead_unit, month), unit_id=item.lead_unit_id).update(done=True)


# ---------------------------------------------------------------------------
# Appraisal
# ---------------------------------------------------------------------------


DEFAULT_CRITERIA = [
    {"name": "目标完成率", "source": Criterion.Source.COMPLETION, "weight": 50},
    {"name": "月报按时率", "source": Criterion.Source.PUNCTUALITY, "weight": 20},
    {"name": "月报采纳率", "source": Criterion.Source.ACCEPTANCE, "weight": 10},
    {"name": "工作创新", "source": Criterion.Source.MANUAL, "weight": 20},
]


@transaction.atomic
def appraisal_create(*, actor=None, year, title: str = "", criteria: list[dict] | None = None) -> Appraisal:
    """Side effects: Appraisal and Criterion rows, one ChangeLog. Weights need not sum to 100."""
    year = parse_year(year)
    appraisal = Appraisal(year=year, title=title or f"{year}年度委室工作评比")
    appraisal.full_clean()
    appraisal.save()
    specs = criteria or DEFAULT_CRITERIA
    if not specs:
        raise ValidationError({"criteria": "至少需要一个评比项。"})
    for order, spec in enumerate(specs):
        try:
            weight = parse_number(spec.get("weight"), label=f"{spec.get('name', '')}权重")
        except ValidationError as error:
            raise ValidationError({"criteria": error.messages}) from None
        criterion = Criterion(
            appraisal=appraisal, name=str(spec.get("name", "")).strip(), weight=weight,
            source=spec.get("source", Criterion.Source.MANUAL), order=order,
        )
        criterion.full_clean()
        criterion.save()
    _log(actor, appraisal, "create", f"创建“{appraisal.title}”",
         {"criteria": [[c["name"], _plain(Decimal(str(c["weight"])))] for c in specs]})
    return appraisal


@transaction.atomic
def unit_score_set(*, actor=None, criterion: Criterion, unit: Unit, score) -> UnitScore:
    try:
        value = parse_number(score, label=f"{criterion.name}得分")
    except ValidationError as error:
        raise ValidationError({"score": error.messages}) from None
    row = UnitScore.objects.filter(criterion=criterion, unit=unit).first() or UnitScore(criterion=criterion, unit=unit)
    old = row.score
    row.score = value
    row.full_clean()
    row.save()
    _log(actor, criterion.appraisal, "score", f"{unit.name}“{criterion.name}”得分 {_plain(value)}",
         {"unit": unit.name, "criterion": criterion.name, "score": [_plain(old), _plain(value)]})
    return row


@transaction.atomic
def appraisal_compute(*, actor=None, appraisal: Appraisal, today: dt.date | None = None) -> int:
    """Score every lead unit of the year on the automatic criteria (manual scores are kept).

    Side effects: UnitScore rows, one ChangeLog. Returns the number of scores written.
    """
    stats = report_unit_stats(year=appraisal.year, today=today)
    written = 0
    for criterion in appraisal.criteria.exclude(source=Criterion.Source.MANUAL):
        for unit_id, unit_stats in stats.items():
            score = unit_stats.get(criterion.source)
            if score is None:
                score = Decimal("0")
            UnitScore.objects.update_or_create(
                criterion=criterion, unit_id=unit_id,
                defaults={"score": Decimal(str(score)).quantize(Decimal("0.01"))},
            )
            written += 1
    _log(actor, appraisal, "compute", f"计算“{appraisal.title}”自动评分（{written} 项）")
    return written


# ---------------------------------------------------------------------------
# Members' duty record
# ---------------------------------------------------------------------------


@transaction.atomic
def duty_record_add(*, actor=None, member, date, text: str, item: Item | None = None,
                    report: MonthlyReport | None = None) -> DutyRecord:
    """Side effects: one DutyRecord, one ChangeLog."""
    if isinstance(date, str):
        try:
            date = dt.date.fromisoformat(date)
        except ValueError:
            raise ValidationError({"date": "日期格式应为 YYYY-MM-DD。"}) from None
    record = DutyRecord(member=member, date=date, text=(text or "").strip(), item=item or (report.item if report else None),
                        report=report)
    record.full_clean()
    record.save()
    _log(actor, record, "create", f"{member.name}履职：{record.text[:60]}")
    return record


