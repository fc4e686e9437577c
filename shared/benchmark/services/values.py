"""Reporting values and reviewing them: validation per cell, all or nothing, one version row per change."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tenancy.models import Level, Organisation
from tenancy.selectors import organisation_current
from ui.numbers import NotFinite, decimal_read

from .. import selectors
from ..models import Indicator, Period, PeriodPublication, ReportedValue, ReportedValueVersion, ValueStatus, ValueType
from .access import require_edit, require_review
from .notices import values_reviewed_notify
from .publication import publication_revise

#: a value more than this many times (or less than 1/this of) last period's needs a comment
JUMP_FACTOR = 3.0
MAX_VALUE = Decimal("999999999999")
#: what a hand edit of a computed value is told (the page, the API, the .xlsx import)
COMPUTED_REFUSAL = gettext_lazy("该数值由平台根据本会的提案、社情民意等数据自动计算，不能手工修改；请核对计算依据。")


@dataclass(frozen=True)
class Entry:
    """One cell a committee reports: the indicator, the text typed, an optional comment."""

    indicator_id: int
    raw: str
    comment: str = ""


def value_parse(
    indicator: Indicator, raw, *, previous: Decimal | None, comment: str, stored: Decimal | None = None,
) -> tuple[Decimal | None, list[str]]:
    """Check one cell: type, bounds, unit and the jump rule. Returns (value, messages); value None if empty.

    `stored` is the value the committee already has for the cell: a value equal
    to it (a row the person did not touch, e.g. in a downloaded template) is never
    refused by the jump rule, which asks only about values being changed.
    """
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, []
    try:
        value = decimal_read(raw, percent=indicator.value_type == ValueType.PERCENT)
    except NotFinite:
        return None, [_("请填写有限的数字。")]
    except ValueError:
        return None, [_("“%(raw)s”不是数字，请填写%(unit)s数。") % {"raw": str(raw)[:20], "unit": indicator.unit}]
    if value is None:
        return None, []
    messages = []
    if value < 0:
        messages.append(_("不能为负数。"))
    if abs(value) > MAX_VALUE:
        messages.append(_("数值过大。"))
    if indicator.value_type == ValueType.COUNT and value != value.to_integral_value():
        messages.append(_("计数指标应为整数（单位：%(unit)s）。") % {"unit": indicator.unit})
    if indicator.value_type == ValueType.PERCENT and value > 100:
        messages.append(_("百分比不能超过 100。"))
    if not messages and indicator.min_value is not None and value < indicator.min_value:
        messages.append(_("不能小于下限 %(bound)s%(unit)s。") % {"bound": _plain(indicator.min_value), "unit": indicator.unit})
    if not messages and indicator.max_value is not None and value > indicator.max_value:
        messages.append(_("不能大于上限 %(bound)s%(unit)s。") % {"bound": _plain(indicator.max_value), "unit": indicator.unit})
    untouched = stored is not None and value == stored
    if not messages and previous is not None and not comment.strip() and not untouched:
        prev = float(previous)
        v = float(value)
        if prev > 0 and (v > prev * JUMP_FACTOR or v < prev / JUMP_FACTOR):
            messages.append(
                _("与上期（%(prev)s）相比变化超过 %(factor)s 倍，请在说明中写明原因。")
                % {"prev": f"{prev:g}", "factor": f"{JUMP_FACTOR:g}"}
            )
    return (value if not messages else None), messages


def _plain(number: Decimal) -> str:
    """A bound as people write it: 100, 2.5 (never 1E+2)."""
    text = format(number.normalize(), "f")
    return text


def values_validate(*, organisation: Organisation, period: Period, entries: list[Entry]) -> tuple[dict[int, tuple[Decimal, str]], dict[int, list[str]]]:
    """Check every entry; returns (clean values by indicator id, messages by indicator id). Writes nothing.

    In a published period only values the province returned may change (a
    correction, resubmitted for review); an entry equal to what is stored is
    left out, any other change or a new value is refused.
    """
    published = PeriodPublication.objects.filter(province=organisation.province_id, period=period).exists()
    indicators = {
        i.pk: i for i in selectors.indicator_list(province=organisation.province, level=organisation.level)
    }
    previous_period = selectors.period_previous(period)
    previous = {}
    if previous_period is not None:
        previous = dict(
            ReportedValue.objects.filter(organisation=organisation, period=previous_period)
            .exclude(status=ValueStatus.RETURNED).values_list("indicator_id", "value")
        )
    stored = {
        v.indicator_id: v for v in ReportedValue.objects.filter(organisation=organisation, period=period)
    }
    clean: dict[int, tuple[Decimal, str]] = {}
    errors: dict[int, list[str]] = {}
    seen = set()
    for entry in entries:
        indicator = indicators.get(entry.indicator_id)
        if indicator is None:
            errors.setdefault(entry.indicator_id, []).append(_("该指标不在本委员会的指标目录中。"))
            continue
        if entry.indicator_id in seen:
            errors.setdefault(entry.indicator_id, []).append(_("同一指标填写了两次。"))
            continue
        seen.add(entry.indicator_id)
        comment = (entry.comment or "").strip()[:1000]
        row = stored.get(indicator.pk)
        computed = row is not None and row.computed_at is not None
        value, messages = value_parse(indicator, entry.raw, previous=None if computed else previous.get(indicator.pk),
                                      comment=comment, stored=row.value if row is not None else None)
        if computed:
            # the platform computes it from the committee's own data: a template row left as
            # downloaded (or an empty cell) passes, any change is refused
            if messages or (value is not None and (value != row.value or comment != row.comment)):
                errors[indicator.pk] = [str(COMPUTED_REFUSAL)]
            continue
        if messages:
            errors[indicator.pk] = messages
            continue
        if value is None:
            continue
        if published:
            unchanged = row is not None and row.value == value and row.comment == comment
            if unchanged:
                continue
            if row is None or row.status != ValueStatus.RETURNED:
                errors[indicator.pk] = [_("%(period)s已发布，只能更正被退回的数值。") % {"period": period.label}]
                continue
        clean[indicator.pk] = (value, comment)
    return clean, errors


@transaction.atomic
def values_report(*, actor, period: Period, entries: list[Entry], submit: bool = True) -> list[ReportedValue]:
    """The requesting committee reports values for a period (as drafts, or submitted for review).

    Side effects: ReportedValue rows created or given a new version (status
    draft/submitted), one ReportedValueVersion row per change. Unchanged cells
    are left alone. Raises ValidationError (messages by indicator id) and saves
    nothing if any cell is wrong. In a published period only returned values
    change, and only by submitting them (no drafts).
    """
    organisation = organisation_current()
    require_edit(actor, organisation)
    if organisation.level not in (Level.CITY, Level.COUNTY):
        raise ValidationError(_("只有市、县政协填报比学赶超数值。"))
    if not submit and PeriodPublication.objects.filter(province=organisation.province_id, period=period).exists():
        # a draft would take a returned value out of review for good: after publication corrections are submitted
        raise ValidationError(_("%(period)s已发布：更正被退回的数值请直接提交审核，不能保存为草稿。")
                              % {"period": period.label})
    clean, errors = values_validate(organisation=organisation, period=period, entries=entries)
    if errors:
        raise ValidationError({str(k): v for k, v in errors.items()})
    status = ValueStatus.SUBMITTED if submit else ValueStatus.DRAFT
    existing = {
        v.indicator_id: v
        for v in ReportedValue.objects.select_for_update().filter(organisation=organisation, period=period)
    }
    saved = []
    for indicator_id, (value, comment) in clean.items():
        row = existing.get(indicator_id)
        if row is not None:
            if row.value == value and row.comment == comment and (
                row.status == status or row.status == ValueStatus.ACCEPTED
            ):
                continue
            row.value, row.comment, row.status = value, comment, status
            row.version += 1
            row.review_note = ""
        else:
            row = ReportedValue(
                organisation=organisation, indicator_id=indicator_id, period=period,
                value=value, comment=comment, status=status,
            )
        row.full_clean()
        row.save()
        ReportedValueVersion.objects.create(
            reported_value=row, version=row.version, value=value, comment=comment, status=status, changed_by=actor
        )
        saved.append(row)
    return saved


@transaction.atomic
def values_review(*, actor, value_ids: list[int], accept: bool, note: str = "") -> int:
    """The province accepts or returns submitted values of its network, or returns accepted ones.

    In a published period the league table changes either way, so the period
    is republished as its next version (`publication_revise`) with what
    changed: accepting a value (a correction, or one pending at publication)
    adds it; returning an accepted value takes it out until its committee
    corrects and resubmits it. Returning a submitted value changes nothing
    published.

    Side effects: status accepted/returned on each value, one version row each;
    per committee and period a notice to the people who submitted and to its
    administrators. Returning needs a note. Returns the number of values changed.
    """
    viewer = selectors.viewer_get(actor)
    require_review(viewer)
    note = (note or "").strip()[:1000]
    if not value_ids:
        raise ValidationError(_("请选择要审核的数值。"))
    if not accept and not note:
        raise ValidationError(_("退回时请写明原因。"))
    rows = list(
        ReportedValue.objects.select_for_update().filter(
            pk__in=value_ids, organisation__province=viewer.province,
            status__in=[ValueStatus.SUBMITTED, ValueStatus.ACCEPTED],
        ).select_related("organisation", "indicator", "period")
    )
    if len(rows) != len(set(value_ids)):
        raise ValidationError(_("有的数值不存在、不在本省或不是待审核状态。"))
    if accept and any(r.status == ValueStatus.ACCEPTED for r in rows):
        raise ValidationError(_("有的数值已经采纳，请只选择待审核的数值。"))
    withdrawn = {r.pk for r in rows if r.status == ValueStatus.ACCEPTED}
    publications = {
        p.period_id: p for p in PeriodPublication.objects.filter(province=viewer.province,
                                                                 period__in={r.period_id for r in rows})
    }
    status = ValueStatus.ACCEPTED if accept else ValueStatus.RETURNED
    for row in rows:
        row.status = status
        row.review_note = note
        row.save(update_fields=["status", "review_note", "updated_at"])
        ReportedValueVersion.objects.create(
            reported_value=row, version=row.version, value=row.value, comment=row.comment,
            status=status, note=note, changed_by=actor,
        )
    for period_id, publication in publications.items():
        changed = [r for r in rows if r.period_id == period_id and (accept or r.pk in withdrawn)]
        if changed:
            publication_revise(actor=actor, publication=publication, rows=changed, withdrawn=not accept)
    values_reviewed_notify(rows=rows, accepted=accept, note=note)
    return len(rows)
