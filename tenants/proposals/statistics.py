"""The year's proposal figures (what the 提案工作报告 reports): counts by state, category, origin and
handling unit; the on-time answer rate (按期办复率), the satisfaction rate, the A/B/C split.

Definitions, written once (the page, the .xlsx and the benchmark's computed indicators use them):
- submitted: every proposal of the year that left the draft stage;
- accepted (立案): accepted, assigned, answered or closed;
- answered on time: the proposal's first answer day on or before its answer deadline; the rate is over
  the accepted proposals whose deadline has passed or that are answered (an open one not yet due does
  not count against it);
- satisfaction rate: ratings 满意 or 基本满意 over all ratings of delivered answers;
- A/B/C: the outcome of each delivered answer of the proposal's latest round.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from tenants.proposals.models import (
    Answer, Assignment, AssignmentRole, Origin, Proposal, ProposalYear, Rating, Satisfaction, Status,
)

ACCEPTED_STATES = (Status.ACCEPTED, Status.ASSIGNED, Status.ANSWERED, Status.CLOSED)
ANSWERED_STATES = (Status.ANSWERED, Status.CLOSED)


def _rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


@dataclass
class UnitFigures:
    name: str
    assigned: int = 0
    lead: int = 0
    answered: int = 0
    overdue: int = 0


@dataclass
class YearFigures:
    year: int
    submitted: int = 0
    accepted: int = 0
    declined: int = 0
    forwarded: int = 0
    merged: int = 0
    key: int = 0
    excellent: int = 0
    answered: int = 0
    due: int = 0                 # accepted proposals answered or past their deadline
    on_time: int = 0
    overdue_open: int = 0
    ratings: Counter = field(default_factory=Counter)
    outcomes: Counter = field(default_factory=Counter)
    by_status: dict = field(default_factory=dict)
    by_category: list = field(default_factory=list)
    by_origin: list = field(default_factory=list)
    units: list = field(default_factory=list)

    @property
    def on_time_rate(self) -> float | None:
        return _rate(self.on_time, self.due)

    @property
    def satisfaction_rate(self) -> float | None:
        total = sum(self.ratings.values())
        return _rate(self.ratings[Satisfaction.SATISFIED] + self.ratings[Satisfaction.BASIC], total)

    @property
    def ratings_total(self) -> int:
        return sum(self.ratings.values())


def on_time_ids(year: ProposalYear, *, today: dt.date | None = None) -> tuple[set[int], set[int]]:
    """(ids counted for the on-time rate, ids of those answered on time). The first round counts: it is
    answered on the day its last answer was delivered (a second handling does not undo that)."""
    today = today or timezone.localdate()
    delivered_on: dict[int, dt.date] = {}
    for pk, at in Answer.objects.filter(proposal__year=year, round=1, state=Answer.State.DELIVERED) \
            .values_list("proposal_id", "delivered_at"):
        day = timezone.localdate(at)
        if pk not in delivered_on or day > delivered_on[pk]:
            delivered_on[pk] = day
    counted, on_time = set(), set()
    rows = Proposal.objects.filter(year=year, status__in=ACCEPTED_STATES, first_due_on__isnull=False)
    for pk, status, due, round_ in rows.values_list("pk", "status", "first_due_on", "round"):
        first_round_done = status in ANSWERED_STATES or round_ > 1
        if first_round_done and pk in delivered_on:
            counted.add(pk)
            if delivered_on[pk] <= due:
                on_time.add(pk)
        elif due < today:
            counted.add(pk)
    return counted, on_time


def year_figures(year: ProposalYear, *, today: dt.date | None = None) -> YearFigures:
    today = today or timezone.localdate()
    figures = YearFigures(year=year.year)
    rows = Proposal.objects.filter(year=year).exclude(status=Status.DRAFT)
    figures.by_status = dict(rows.values_list("status").annotate(n=Count("id")))
    figures.submitted = sum(figures.by_status.values())
    figures.accepted = sum(figures.by_status.get(s, 0) for s in ACCEPTED_STATES)
    figures.declined = figures.by_status.get(Status.DECLINED, 0)
    figures.forwarded = figures.by_status.get(Status.FORWARDED, 0)
    figures.merged = figures.by_status.get(Status.MERGED, 0)
    figures.answered = sum(figures.by_status.get(s, 0) for s in ANSWERED_STATES)
    figures.key = rows.filter(is_key=True).count()
    figures.excellent = rows.filter(is_excellent=True).count()
    counted, on_time = on_time_ids(year, today=today)
    figures.due, figures.on_time = len(counted), len(on_time)
    figures.overdue_open = rows.filter(status=Status.ASSIGNED, answer_due_on__lt=today).count()
    figures.ratings = Counter(dict(Rating.objects.filter(answer__proposal__year=year)
                                   .values_list("satisfaction").annotate(n=Count("id"))))
    latest = Answer.objects.filter(proposal__year=year, state=Answer.State.DELIVERED).exclude(outcome="")
    figures.outcomes = Counter(a.outcome for a in latest.select_related("proposal") if a.round == a.proposal.round)
    figures.by_category = list(rows.filter(status__in=ACCEPTED_STATES).values_list("category__name")
                               .annotate(n=Count("id")).order_by("-n"))
    figures.by_origin = [(Origin(o).label, n) for o, n in rows.values_list("origin").annotate(n=Count("id"))
                         .order_by("-n")]
    units: dict[int, UnitFigures] = {}
    assignments = Assignment.objects.filter(proposal__year=year, withdrawn_at__isnull=True) \
        .select_related("handling_unit", "proposal")
    for a in assignments:
        if a.round != a.proposal.round:
            continue
        unit = units.setdefault(a.handling_unit_id, UnitFigures(name=a.handling_unit.name))
        unit.assigned += 1
        unit.lead += a.role != AssignmentRole.COOPERATING
        if a.proposal.status in ANSWERED_STATES:
            unit.answered += 1
        elif a.proposal.status == Status.ASSIGNED and a.proposal.answer_due_on and a.proposal.answer_due_on < today:
            unit.overdue += 1
    figures.units = sorted(units.values(), key=lambda u: (-u.assigned, u.name))
    return figures


def accepted_per_member(year: ProposalYear) -> tuple[int, list[int]]:
    """Accepted proposals signed (lead or confirmed co-signer) by a member: (count, proposal ids)."""
    ids = list(Proposal.objects.filter(year=year, status__in=ACCEPTED_STATES)
               .filter(Q(signers__confirmed_at__isnull=False, signers__declined_at__isnull=True))
               .values_list("pk", flat=True).distinct())
    return len(ids), ids
