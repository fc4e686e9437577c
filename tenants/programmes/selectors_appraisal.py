"""Reads of the annual appraisal (年评比): its ranking, its grids, whether it is published."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from tenants.history.models import ChangeLog
from tenants.programmes.models import Appraisal, Criterion, UnitScore
from tenants.structure.models import Unit

PUBLISH_ACTION = "publish"


def appraisal_is_locked(appraisal: Appraisal) -> bool:
    """Whether the appraisal is published, read from the database (the lock the services enforce)."""
    return Appraisal.objects.filter(pk=appraisal.pk, published_at__isnull=False).exists()


def appraisal_publication(appraisal: Appraisal) -> ChangeLog | None:
    """The change-log entry that published the appraisal (who, when, the ranking), or None while it is
    open (``Appraisal.published_at`` is the lock; the entry says who published it)."""
    if appraisal.published_at is None:
        return None
    entry = ChangeLog.objects.filter(
        model=Appraisal._meta.model_name, object_id=appraisal.pk, action=PUBLISH_ACTION,
    ).order_by("at", "id").first()
    return entry if entry is not None else ChangeLog(at=appraisal.published_at, user_name="")


def appraisal_published_ids() -> set[int]:
    """Ids of the published appraisals (one query, for the list)."""
    return set(Appraisal.objects.filter(published_at__isnull=False).values_list("id", flat=True))


@dataclass
class RankingRow:
    unit: Unit
    scores: list[Decimal | None]
    total: Decimal
    rank: int = 0
    #: per criterion: True where it does not apply to the unit (an automatic criterion without a score,
    #: e.g. target completion for a unit none of whose items has a target); its weight goes to the others
    excluded: list[bool] = field(default_factory=list)

    @property
    def cells(self) -> list[tuple[Decimal | None, bool]]:
        """(score, excluded) per criterion, in the criteria's order."""
        return list(zip(self.scores, self.excluded))


def appraisal_ranking(appraisal: Appraisal) -> list[RankingRow]:
    """Units ranked by the weighted mean of their scores; ties share a rank.

    A missing manual score counts 0; a missing automatic score means the
    criterion does not apply to the unit and is left out of its mean.
    """
    criteria = list(appraisal.criteria.prefetch_related("scores"))
    unit_ids = {s.unit_id for c in criteria for s in c.scores.all()}
    units = {u.pk: u for u in Unit.objects.filter(pk__in=unit_ids)}
    rows = []
    for unit_id, unit in units.items():
        scores, excluded = [], []
        total = weight = Decimal(0)
        for criterion in criteria:
            score = next((s.score for s in criterion.scores.all() if s.unit_id == unit_id), None)
            skipped = score is None and criterion.source != Criterion.Source.MANUAL
            scores.append(score)
            excluded.append(skipped)
            if not skipped:
                total += (score or Decimal(0)) * criterion.weight
                weight += criterion.weight
        mean = (total / weight).quantize(Decimal("0.01")) if weight else Decimal("0.00")
        rows.append(RankingRow(unit=unit, scores=scores, total=mean, excluded=excluded))
    rows.sort(key=lambda r: (-r.total, r.unit.order, r.unit.name))
    for index, row in enumerate(rows):
        row.rank = rows[index - 1].rank if index and rows[index - 1].total == row.total else index + 1
    return rows


@dataclass(frozen=True)
class GridRow:
    unit: Unit
    score: Decimal | None


def appraisal_grid(criterion: Criterion) -> list[GridRow]:
    """Every unit of the committee with its score on one criterion (None when unscored)."""
    scores = dict(UnitScore.objects.filter(criterion=criterion).values_list("unit_id", "score"))
    return [GridRow(unit=u, score=scores.get(u.pk)) for u in Unit.objects.order_by("order", "name", "id")]
