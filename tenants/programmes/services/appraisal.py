"""Writes of the annual appraisal (年评比): criteria, scores, automatic scoring."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from tenants.history.services import change_record, change_value
from tenants.programmes.models import Appraisal, Criterion, UnitScore
from tenants.programmes.selectors import report_unit_stats
from tenants.structure.models import Unit

from .values import parse_number, parse_year


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
    change_record(
        actor=actor, obj=appraisal, action="create", summary=f"创建“{appraisal.title}”",
        changes={"criteria": [[c["name"], change_value(Decimal(str(c["weight"])))] for c in specs]},
    )
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
    change_record(
        actor=actor, obj=criterion.appraisal, action="score",
        summary=f"{unit.name}“{criterion.name}”得分 {change_value(value)}",
        changes={"unit": unit.name, "criterion": criterion.name, "score": [change_value(old), change_value(value)]},
    )
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
    change_record(actor=actor, obj=appraisal, action="compute", summary=f"计算“{appraisal.title}”自动评分（{written} 项）")
    return written
