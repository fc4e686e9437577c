"""Duty records filled from outcomes (履职积分), and the office's points per outcome.

The services that make an outcome happen (a proposal submitted, accepted or made 优秀提案; a report
used, forwarded, adopted or instructed; a golden idea commended) call ``duty_outcomes_sync`` inside
their own transaction with every outcome their source now deserves. The sync is idempotent: a
record per (member, outcome, source) is written once, a repeated transition changes nothing, an
outcome no longer deserved (a co-signature declined, 优秀提案 withdrawn) is voided, and one deserved
again is restored. The same call, made for every source, is the backfill of a committee's existing
work (``tenants.*.duty.*_duty_backfill``).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tenants.history.services import change_record, change_value
from tenants.programmes.models import (
    DUTY_POINTS_MAX, DutyOutcome, DutyRecord, DutyRule, DutyShare, duty_points_default,
)

#: which DutyRecord field links to a source, by the source's model
SOURCE_FIELDS = {
    "proposals.proposal": "proposal",
    "opinions.opinionreport": "opinion_report",
    "golden_ideas.goldenidea": "golden_idea",
}


@dataclass(frozen=True)
class Deserved:
    """One outcome a source gives one member now."""

    member_id: int
    outcome: str
    text: str
    date: dt.date | None = None
    share: str = DutyShare.FULL


def local_day(moment) -> dt.date | None:
    """The committee's calendar day of a moment (a source's submitted_at, decided_at …), None for none."""
    return timezone.localtime(moment).date() if moment else None


def _source_field(source) -> str:
    try:
        return SOURCE_FIELDS[source._meta.label_lower]
    except KeyError:
        raise ValueError(f"no duty outcomes from {source._meta.label}") from None


@transaction.atomic
def duty_outcomes_sync(*, actor=None, source, deserved: list[Deserved]) -> dict[str, int]:
    """Make ``source``'s duty records say exactly ``deserved``: write the missing ones (dated the day
    given, else today), restore voided ones deserved again, void the ones no longer deserved.
    Records already right are left alone (a repeated transition writes nothing).

    Side effects: DutyRecord rows; one ChangeLog per record written, restored or voided.
    Returns the counts ``{"created", "restored", "voided"}``."""
    field = _source_field(source)
    existing = {(r.member_id, r.outcome): r for r in
                DutyRecord.objects.select_for_update().select_related("member").filter(**{field: source})}
    wanted = {(d.member_id, d.outcome): d for d in deserved}
    counts = {"created": 0, "restored": 0, "voided": 0}
    now = timezone.now()
    for key, item in wanted.items():
        record = existing.get(key)
        if record is None:
            record = DutyRecord(member_id=item.member_id, outcome=item.outcome, share=item.share,
                                date=item.date or timezone.localdate(), text=item.text[:500], **{field: source})
            record.full_clean(validate_constraints=False)
            record.save()
            counts["created"] += 1
            change_record(actor=actor, obj=record, action="outcome",
                          summary=_("%(name)s履职：%(text)s") % {"name": record.member.name, "text": record.text[:60]})
        elif record.voided_at is not None or record.share != item.share:
            record.voided_at, record.share = None, item.share
            record.save(update_fields=["voided_at", "share"])
            counts["restored"] += 1
            change_record(actor=actor, obj=record, action="outcome_restore",
                          summary=_("恢复履职记录：%(text)s") % {"text": record.text[:60]})
    for key, record in existing.items():
        if key not in wanted and record.voided_at is None:
            record.voided_at = now
            record.save(update_fields=["voided_at"])
            counts["voided"] += 1
            change_record(actor=actor, obj=record, action="outcome_void",
                          summary=_("撤销履职记录：%(text)s") % {"text": record.text[:60]})
    return counts


def _points(raw, *, label: str) -> Decimal:
    try:
        value = Decimal(str(raw).strip() or "0")
    except (InvalidOperation, ValueError):
        raise ValidationError(_("“%(l)s”应为数字。") % {"l": label}) from None
    if not value.is_finite() or value < 0 or value > DUTY_POINTS_MAX:
        raise ValidationError(_("“%(l)s”应在 0 至 %(max)s 之间。") % {"l": label, "max": DUTY_POINTS_MAX})
    if value != value.quantize(Decimal("0.1")):
        raise ValidationError(_("“%(l)s”最多保留一位小数。") % {"l": label})
    return value.quantize(Decimal("0.1"))


@transaction.atomic
def duty_rules_set(*, actor=None, points: dict[str, tuple]) -> int:
    """The office sets the points of outcomes: ``points`` maps an outcome to (points, co-signer points)
    as typed. Every cell is read before anything is written; a bad cell raises a ValidationError keyed
    ``points_<outcome>`` / ``cosigner_<outcome>`` and nothing is saved. The new points count for every
    record at once (the ranking is read with the current rules).

    Side effects: DutyRule rows; one ChangeLog listing the changes. Returns the number of rules changed."""
    errors: dict[str, list[str]] = {}
    wanted: dict[str, tuple[Decimal, Decimal]] = {}
    for outcome, (own, cosigner) in points.items():
        if outcome not in DutyOutcome.values:
            errors["outcome"] = [_("没有这种履职事项。")]
            continue
        label = DutyOutcome(outcome).label
        try:
            own_value = _points(own, label=label)
        except ValidationError as error:
            errors[f"points_{outcome}"] = error.messages
            continue
        try:
            cosigner_value = _points(cosigner, label=_("%(l)s（联名）") % {"l": label})
        except ValidationError as error:
            errors[f"cosigner_{outcome}"] = error.messages
            continue
        wanted[outcome] = (own_value, cosigner_value)
    if errors:
        raise ValidationError(errors)
    rows = {r.outcome: r for r in DutyRule.objects.select_for_update().filter(outcome__in=wanted)}
    changes = []
    for outcome, (own, cosigner) in wanted.items():
        row = rows.get(outcome)
        old = (row.points, row.cosigner_points) if row is not None else duty_points_default(outcome)
        if old == (own, cosigner):
            continue
        row = row or DutyRule(outcome=outcome)
        row.points, row.cosigner_points = own, cosigner
        row.full_clean()
        row.save()
        changes.append([str(DutyOutcome(outcome).label), change_value(old[0]), change_value(own),
                        change_value(old[1]), change_value(cosigner)])
    if changes:
        change_record(actor=actor, obj=DutyRule.objects.order_by("id").first(), action="rules",
                      summary=_("修改履职积分规则：%(n)d 项") % {"n": len(changes)}, changes={"rules": changes})
    return len(changes)
