"""Writes of the annual appraisal (年评比): criteria, scores, automatic scoring, publication.

Two kinds of criteria: automatic ones (target completion, punctuality,
acceptance) are computed from the year's items and reports and cannot be set
by hand, so a recalculation never wipes anything typed; manual ones are
typed in one grid per criterion. Items without targets are left out of
target completion: a unit none of whose items has a target gets no completion
score, and the ranking leaves that criterion out for it (its weight is spread
over the others) instead of counting 0 %. Publishing locks the appraisal
(``Appraisal.published_at``): the ranking is recorded in the change log and
every write here refuses a published appraisal; the admin shows it read-only.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from tenants.history.services import change_record, change_value
from tenants.programmes.network_push import item_completion, network_status_push_later
from tenants.programmes.models import Appraisal, Criterion, MonthlyReport, ReportState, Target, UnitScore
from tenants.programmes.selectors import items_active_in, report_unit_stats
from tenants.programmes.selectors_appraisal import PUBLISH_ACTION, appraisal_is_locked, appraisal_ranking
from tenants.structure.models import Unit

from .values import parse_number, parse_year


DEFAULT_CRITERIA = [
    {"name": "目标完成率", "source": Criterion.Source.COMPLETION, "weight": 50},
    {"name": "月报按时率", "source": Criterion.Source.PUNCTUALITY, "weight": 20},
    {"name": "月报采纳率", "source": Criterion.Source.ACCEPTANCE, "weight": 10},
    {"name": "工作创新", "source": Criterion.Source.MANUAL, "weight": 20},
]


def _require_open(appraisal: Appraisal) -> None:
    if appraisal_is_locked(appraisal):
        raise ValidationError(_("“%(t)s”已发布，评分已锁定，不能再修改。") % {"t": appraisal.title})


def _require_manual(criterion: Criterion) -> None:
    if criterion.source != Criterion.Source.MANUAL:
        raise ValidationError({"criterion": _("“%(c)s”由系统自动计算，不能手工修改得分。") % {"c": criterion.name}})


def _score_read(raw, *, label: str) -> Decimal:
    value = parse_number(raw, label=label)
    if value > 100:
        raise ValidationError(_("“%(l)s”应在 0 至 100 之间。") % {"l": label})
    return value


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
    change_record(
        actor=actor, obj=appraisal, action="create", summary=f"创建“{appraisal.title}”",
        changes={"criteria": [[c["name"], change_value(Decimal(str(c["weight"])))] for c in specs]},
    )
    return appraisal


@transaction.atomic
def unit_score_set(*, actor=None, criterion: Criterion, unit: Unit, score) -> UnitScore:
    """One manual score. Refused on an automatic criterion and once the appraisal is published.

    Side effects: the UnitScore row, one ChangeLog.
    """
    _require_open(criterion.appraisal)
    _require_manual(criterion)
    try:
        value = parse_number(score, label=f"{criterion.name}得分")
    except ValidationError as error:
        raise ValidationError({"score": error.messages}) from None
    row = UnitScore.objects.filter(criterion=criterion, unit=unit).first() or UnitScore(criterion=criterion, unit=unit)
    old = row.score
    row.score = value
    row.full_clean()
    row.save()
    change_record(
        actor=actor, obj=criterion.appraisal, action="score",
        summary=f"{unit.name}“{criterion.name}”得分 {change_value(value)}",
        changes={"unit": unit.name, "criterion": criterion.name, "score": [change_value(old), change_value(value)]},
    )
    return row


@transaction.atomic
def unit_scores_set(*, actor=None, criterion: Criterion, scores: dict[int, str]) -> int:
    """The grid of a manual criterion: every unit's score at once (blank clears it), all or nothing.

    ``scores`` maps unit ids to what was typed. Every cell is read before
    anything is written; a bad cell raises a ValidationError keyed
    ``score_<unit id>`` and nothing is saved. Side effects: UnitScore rows,
    one ChangeLog. Returns the number of scores changed.
    """
    _require_open(criterion.appraisal)
    _require_manual(criterion)
    units = {u.pk: u for u in Unit.objects.filter(pk__in=scores)}
    errors: dict[str, list[str]] = {}
    wanted: dict[int, Decimal | None] = {}
    for unit_id, raw in scores.items():
        unit = units.get(unit_id)
        if unit is None:
            errors[f"score_{unit_id}"] = [_("委室不存在。")]
            continue
        if raw is None or not str(raw).strip():
            wanted[unit_id] = None
            continue
        try:
            wanted[unit_id] = _score_read(raw, label=f"{unit.name}“{criterion.name}”得分")
        except ValidationError as error:
            errors[f"score_{unit_id}"] = error.messages
    if errors:
        raise ValidationError(errors)
    existing = {s.unit_id: s for s in UnitScore.objects.filter(criterion=criterion, unit_id__in=wanted)}
    changes = []
    for unit_id, value in wanted.items():
        row = existing.get(unit_id)
        old = row.score if row is not None else None
        if old == value:
            continue
        if value is None:
            row.delete()
        else:
            row = row or UnitScore(criterion=criterion, unit_id=unit_id)
            row.score = value
            row.full_clean()
            row.save()
        changes.append([units[unit_id].name, change_value(old), change_value(value)])
    if changes:
        change_record(
            actor=actor, obj=criterion.appraisal, action="score",
            summary=_("“%(c)s”评分：%(n)d 个委室") % {"c": criterion.name, "n": len(changes)},
            changes={"criterion": criterion.name, "scores": changes},
        )
    return len(changes)


def _completion_by_unit(*, year: int) -> dict[int, Decimal]:
    """Per lead unit: the mean share of target reached over its items that have targets this year.

    Items without a target are left out; a unit with no such item is absent.
    """
    items = list(
        items_active_in(year).filter(lead_unit__isnull=False)
        .prefetch_related(Prefetch("targets", queryset=Target.objects.filter(year=year)))
    )
    latest: dict[int, MonthlyReport] = {}
    reports = (MonthlyReport.objects.filter(item__in=items, month__year=year).exclude(state=ReportState.RETURNED)
               .prefetch_related("values").order_by("-month"))
    for report in reports:
        latest.setdefault(report.item_id, report)
    shares: dict[int, list[Decimal]] = defaultdict(list)
    for item in items:
        targets = list(item.targets.all())
        if targets:
            shares[item.lead_unit_id].append(item_completion(targets, latest.get(item.pk)))
    return {unit_id: (sum(values) / len(values)).quantize(Decimal("0.01")) for unit_id, values in shares.items()}


@transaction.atomic
def appraisal_compute(*, actor=None, appraisal: Appraisal, today: dt.date | None = None) -> int:
    """Score every lead unit of the year on the automatic criteria (manual scores are never touched).

    Target completion counts only items with targets; a unit without any gets
    no completion score (a stale one is removed). Refused once published.
    Side effects: UnitScore rows of automatic criteria, one ChangeLog, the
    committee's network figures (after commit). Returns the number of scores written.
    """
    _require_open(appraisal)
    stats = report_unit_stats(year=appraisal.year, today=today)
    completion = _completion_by_unit(year=appraisal.year)
    written = 0
    for criterion in appraisal.criteria.exclude(source=Criterion.Source.MANUAL):
        computed: dict[int, Decimal] = {}
        for unit_id, unit_stats in stats.items():
            if criterion.source == Criterion.Source.COMPLETION:
                score = completion.get(unit_id)
            else:
                score = unit_stats.get(criterion.source, Decimal(0))
            if score is not None:
                computed[unit_id] = Decimal(str(score)).quantize(Decimal("0.01"))
        UnitScore.objects.filter(criterion=criterion).exclude(unit_id__in=computed).delete()
        for unit_id, score in computed.items():
            UnitScore.objects.update_or_create(criterion=criterion, unit_id=unit_id, defaults={"score": score})
            written += 1
    change_record(actor=actor, obj=appraisal, action="compute", summary=f"计算“{appraisal.title}”自动评分（{written} 项）")
    network_status_push_later()
    return written


@transaction.atomic
def appraisal_publish(*, actor=None, appraisal: Appraisal) -> None:
    """Publish the ranking and lock the appraisal (no score, computation or grid may change it afterwards).

    Side effects: Appraisal.published_at (the lock every write of the appraisal checks); one
    ChangeLog (action ``publish``) holding the published ranking and who published it.
    """
    locked = Appraisal.objects.select_for_update().get(pk=appraisal.pk)
    _require_open(locked)
    ranking = appraisal_ranking(locked)
    if not ranking:
        raise ValidationError(_("尚未评分，不能发布。"))
    locked.published_at = appraisal.published_at = timezone.now()
    locked.save(update_fields=["published_at"])
    change_record(
        actor=actor, obj=appraisal, action=PUBLISH_ACTION,
        summary=_("发布“%(t)s”（%(n)d 个委室）") % {"t": appraisal.title, "n": len(ranking)},
        changes={"published_on": change_value(timezone.localdate()),
                 "ranking": [[row.rank, row.unit.name, change_value(row.total)] for row in ranking]},
    )
