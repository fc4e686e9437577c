"""Reads of duty points (履职积分): the office's rules, a record's points, the committee's ranking of members.

A record's points are its outcome's rule at the time of reading (the rule's co-signer points for a
co-signer's record); voided records count nothing. So a changed rule changes every member's points
and the ranking at once. The active schema is the committee.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from tenants.programmes.models import DutyOutcome, DutyRecord, DutyRule, DutyShare, duty_points_default
from tenants.structure.models import Member

#: outcomes grouped as the ranking shows them
FAMILIES = [
    ("proposals", _("提案")),
    ("opinions", _("社情民意")),
    ("ideas", _("金点子")),
    ("activity", _("履职活动")),
]


def family_of(outcome: str) -> str:
    if outcome.startswith("proposal_"):
        return "proposals"
    if outcome.startswith("opinion_"):
        return "opinions"
    if outcome.startswith("idea_"):
        return "ideas"
    return "activity"


@dataclass
class Rule:
    outcome: str
    label: str
    points: Decimal
    cosigner_points: Decimal
    is_default: bool

    @property
    def has_cosigners(self) -> bool:
        """Only proposals have co-signers (联名)."""
        return self.outcome.startswith("proposal_")


def duty_rules() -> dict[str, Rule]:
    """Every outcome's rule, in the outcomes' order: the office's row, else the default (one query)."""
    rows = {r.outcome: r for r in DutyRule.objects.all()}
    rules = {}
    for outcome in DutyOutcome:
        row = rows.get(outcome.value)
        own, cosigner = (row.points, row.cosigner_points) if row is not None else duty_points_default(outcome)
        rules[outcome.value] = Rule(outcome=outcome.value, label=str(outcome.label), points=own,
                                    cosigner_points=cosigner, is_default=row is None)
    return rules


def record_points(record: DutyRecord, rules: dict[str, Rule]) -> Decimal:
    if record.voided_at is not None:
        return Decimal(0)
    rule = rules[record.outcome]
    return rule.cosigner_points if record.share == DutyShare.COSIGNER else rule.points


def records_with_points(records, rules: dict[str, Rule] | None = None) -> list[DutyRecord]:
    """The records, each given ``points`` (read with the current rules)."""
    rules = rules or duty_rules()
    records = list(records)
    for record in records:
        record.points = record_points(record, rules)
    return records


@dataclass
class RankingRow:
    member: Member
    points: dict[str, Decimal] = field(default_factory=dict)
    outcomes: int = 0   # records of outcomes (not activities)
    activities: int = 0
    rank: int = 0

    @property
    def total(self) -> Decimal:
        return sum(self.points.values(), Decimal(0))

    @property
    def cells(self) -> list[Decimal]:
        return [self.points.get(key, Decimal(0)) for key, _label in FAMILIES]


def member_ranking(*, year: int, rules: dict[str, Rule] | None = None) -> list[RankingRow]:
    """Every member ranked by their points in ``year`` (ties share a rank; then by name). Two queries."""
    rules = rules or duty_rules()
    members = list(Member.objects.select_related("sector").order_by("name", "id"))
    rows = {m.pk: RankingRow(member=m, points=dict.fromkeys((k for k, _l in FAMILIES), Decimal(0))) for m in members}
    records = (DutyRecord.objects.filter(date__year=year, voided_at__isnull=True)
               .values_list("member_id", "outcome", "share"))
    for member_id, outcome, share in records:
        row = rows.get(member_id)
        if row is None:
            continue
        rule = rules[outcome]
        row.points[family_of(outcome)] += rule.cosigner_points if share == DutyShare.COSIGNER else rule.points
        if outcome == DutyOutcome.ACTIVITY:
            row.activities += 1
        else:
            row.outcomes += 1
    ranked = sorted(rows.values(), key=lambda r: (-r.total, r.member.name, r.member.pk))
    for index, row in enumerate(ranked):
        row.rank = ranked[index - 1].rank if index and ranked[index - 1].total == row.total else index + 1
    return ranked


def member_points(*, member: Member, year: int, rules: dict[str, Rule] | None = None) -> dict:
    """A member's points in ``year`` by family, their total and their rank among the members."""
    ranking = member_ranking(year=year, rules=rules)
    row = next((r for r in ranking if r.member.pk == member.pk), None)
    if row is None:
        return {"families": [], "total": Decimal(0), "rank": None, "of": len(ranking)}
    return {"families": [(label, value) for (_key, label), value in zip(FAMILIES, row.cells)],
            "total": row.total, "rank": row.rank, "of": len(ranking)}
