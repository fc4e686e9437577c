"""Reads on programmes and the reporting cycle (the active schema is the committee)."""
from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tenants.programmes.models import (
    Appraisal, DutyRecord, Item, Milestone, MonthlyReport, Programme, ReportState, ReportStatus,
    ReportValue, Section, Target, report_due_on,
)
from tenants.history.selectors import changelog_for, changelog_recent  # noqa: F401  the pages and API use these names
from tenants.structure.models import Leader, Unit

# Short names used in documents for the units of the demo and of most committees.
UNIT_ALIASES = {
    "地联委": "联络委员会",
    "联络委": "联络委员会",
    "民宗外侨委": "民族宗教和外事侨务委员会",
    "文化文史学习委": "文化文史和学习委员会",
    "文史委": "文化文史和学习委员会",
    "社法委": "社会和法制委员会",
    "经济委": "经济委员会",
}


def unit_match(name: str) -> Unit | None:
    """The committee's unit a document names (办公室, 提案委, 地联委 …), or None."""
    name = (name or "").strip()
    for prefix in ("市政协", "县政协", "区政协", "政协"):
        if name.startswith(prefix) and len(name) > len(prefix) + 1:
            name = name[len(prefix):]
    if not name:
        return None
    units = list(Unit.objects.all())
    by_name = {u.name: u for u in units}
    candidates = [name, UNIT_ALIASES.get(name, "")]
    if name.endswith("委"):
        candidates.append(name + "员会")
    for candidate in candidates:
        if candidate in by_name:
            return by_name[candidate]
    core = name.removesuffix("委员会").removesuffix("委").removesuffix("（室）").removesuffix("(室)")
    if len(core) >= 2:
        for unit in units:
            if core in unit.name:
                return unit
        # A short name keeps the characters of the full one in order: 民宗外侨委, 社法委, 文化文史学习委.
        spelled = [unit for unit in units if _spells(core, unit.name)]
        if len(spelled) == 1:
            return spelled[0]
    return None


def _spells(short: str, full: str) -> bool:
    rest = iter(full)
    return all(char in rest for char in short)


_LEADER_PREFIXES = ("市政协", "县政协", "区政协", "政协")


def leader_match(text: str, *, leaders=None) -> Leader | None:
    """The committee's leader a document names as responsible, or None.

    By name (``张建国``, ``张建国副主席``), by the unit they oversee (``分管提案委的市政协领导``:
    the leader over that unit, a vice-chair before the secretary-general and the chair), or by an
    office only one person holds (``秘书长``, ``主席``). ``主席会议成员`` and other phrases that name
    several people match nobody."""
    text = (text or "").strip()
    if not text:
        return None
    leaders = list(leaders) if leaders is not None else list(Leader.objects.prefetch_related("units"))
    named = [leader for leader in leaders if leader.name and leader.name in text]
    # 程静国 names 程静国, not 程静 too
    named = [leader for leader in named if not any(leader.name in other.name and leader.name != other.name
                                                   for other in named)]
    if len(named) == 1:
        return named[0]
    oversees = re.search(r"分管(?P<unit>[^的，,、]{2,30}?)(?:工作)?的", text)
    if oversees:
        unit = unit_match(oversees.group("unit"))
        if unit is None:
            return None
        rank = {Leader.Title.VICE_CHAIR: 0, Leader.Title.SECRETARY_GENERAL: 1, Leader.Title.CHAIR: 2}
        over = sorted((leader for leader in leaders if unit in leader.units.all()),
                      key=lambda leader: (rank.get(leader.title, 3), leader.order, leader.pk))
        return over[0] if over else None
    office = text
    for prefix in _LEADER_PREFIXES:
        office = office.removeprefix(prefix)
    by_title = {"秘书长": Leader.Title.SECRETARY_GENERAL, "主席": Leader.Title.CHAIR}
    if office in by_title:
        holders = [leader for leader in leaders if leader.title == by_title[office]]
        return holders[0] if len(holders) == 1 else None
    return None


@dataclass
class ItemAssignment:
    """Who does one item of an imported document: as matched from its text, or as chosen in the preview."""

    lead_unit: Unit | None = None
    cooperating_units: list[Unit] = field(default_factory=list)
    responsible_leader: Leader | None = None
    unknown: list[str] = field(default_factory=list)  # names written in the text that match nobody


def draft_assignments(draft) -> list[ItemAssignment]:
    """One ItemAssignment per item of a ``WorkPointsDraft`` (in ``draft.items`` order), matched from the
    names the document writes: the first lead unit leads, the other lead units and the cooperating
    units cooperate, the first leader who matches is responsible."""
    leaders = list(Leader.objects.prefetch_related("units"))
    result = []
    for item in draft.items:
        assignment, units = ItemAssignment(), []
        for name in [*item.lead_units, *item.cooperating_units]:
            unit = unit_match(name)
            if unit is None:
                assignment.unknown.append(name)
            elif unit not in units:
                units.append(unit)
        leads = [unit for name in item.lead_units if (unit := unit_match(name)) is not None]
        assignment.lead_unit = leads[0] if leads else None
        assignment.cooperating_units = [unit for unit in units if unit != assignment.lead_unit]
        for name in item.leaders:
            leader = leader_match(name, leaders=leaders)
            if leader is not None:
                assignment.responsible_leader = assignment.responsible_leader or leader
            else:
                assignment.unknown.append(name)
        result.append(assignment)
    return result


def programme_list() -> QuerySet[Programme]:
    return Programme.objects.annotate(item_count=Count("items", distinct=True)).order_by("-start_year", "kind", "id")


def programme_get(*, pk: int) -> Programme | None:
    return Programme.objects.filter(pk=pk).first()


@dataclass
class TargetRow:
    indicator: str
    unit_of_measure: str
    by_year: dict[int, Decimal] = field(default_factory=dict)
    target_ids: dict[int, int] = field(default_factory=dict)


def _target_rows(targets) -> list[TargetRow]:
    rows: dict[str, TargetRow] = {}
    for target in targets:
        row = rows.setdefault(target.indicator, TargetRow(target.indicator, target.unit_of_measure))
        row.by_year[target.year] = target.value
        row.target_ids[target.year] = target.pk
    return list(rows.values())


def item_queryset() -> QuerySet[Item]:
    return Item.objects.select_related("programme", "section", "lead_unit", "responsible_leader").prefetch_related(
        "cooperating_units",
        Prefetch("targets", queryset=Target.objects.order_by("indicator", "year")),
        Prefetch("milestones", queryset=Milestone.objects.order_by("year")),
    )


def programme_tree(programme: Programme) -> list[dict]:
    """Sections in order, each with its items; items carry ``target_rows`` (one per indicator)."""
    items = list(item_queryset().filter(programme=programme).order_by("order", "number", "id"))
    for item in items:
        item.target_rows = _target_rows(item.targets.all())
        item.milestone_by_year = {m.year: m.text for m in item.milestones.all()}
    sections = list(Section.objects.filter(programme=programme).order_by("number", "id"))
    tree = [{"section": s, "items": [i for i in items if i.section_id == s.pk]} for s in sections]
    loose = [i for i in items if i.section_id is None]
    if loose:
        tree.append({"section": None, "items": loose})
    return tree


def item_get(*, pk: int) -> Item | None:
    item = item_queryset().filter(pk=pk).first()
    if item is not None:
        item.target_rows = _target_rows(item.targets.all())
        item.milestone_by_year = {m.year: m.text for m in item.milestones.all()}
    return item


def report_queryset() -> QuerySet[MonthlyReport]:
    return MonthlyReport.objects.select_related("item", "item__programme", "item__lead_unit").prefetch_related(
        Prefetch("values", queryset=ReportValue.objects.select_related("target")),
        "attachments",
    )


def report_list_for_item(*, item: Item) -> QuerySet[MonthlyReport]:
    return report_queryset().filter(item=item).order_by("-month")


def report_get(*, pk: int) -> MonthlyReport | None:
    return report_queryset().filter(pk=pk).first()


@dataclass(frozen=True)
class ReportScope:
    """The items a person may file (and fix) monthly reports on in the active committee.

    Lead units report on their own items: unit staff whose membership names
    their unit (``Membership.unit_id``) may report only on the items that unit
    leads. Tenant admins, unit staff whose membership names no unit (the
    behaviour from before units were recorded) and the system (demo, scripts)
    may report on any item. Whether the person may file at all (Capability.EDIT)
    is checked at the edges, not here.
    """

    unit_id: int | None = None
    unit_name: str = ""

    @property
    def is_limited(self) -> bool:
        return self.unit_id is not None

    def allows(self, item: Item) -> bool:
        return self.unit_id is None or item.lead_unit_id == self.unit_id

    def refusal(self, item: Item) -> str:
        """Why the person may not report on ``item`` (empty when they may)."""
        if self.allows(item):
            return ""
        if item.lead_unit_id is None:
            return f"该事项尚未指定牵头委室；您是{self.unit_name}的工作人员，只能填报本委室牵头事项的月报。"
        return (f"您是{self.unit_name}的工作人员，只能填报本委室牵头事项的月报；"
                f"该事项由{item.lead_unit.name}牵头。")

    def items(self, *, year: int | None = None) -> QuerySet[Item]:
        """The items this person may report on (those running in ``year`` when given)."""
        qs = items_active_in(year) if year is not None else Item.objects.all()
        if self.unit_id is not None:
            qs = qs.filter(lead_unit_id=self.unit_id)
        return qs.select_related("programme", "lead_unit").order_by("programme__start_year", "programme_id", "order", "id")


def report_scope(user) -> ReportScope:
    """The person's ReportScope in the active committee (one query for a signed-in user)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ReportScope()
    from django.db import connection

    from accounts.models import Membership, Role

    rows = list(Membership.objects.filter(user_id=user.pk, organisation__schema_name=connection.schema_name)
                .values_list("role", "unit_id"))
    if any(role == Role.TENANT_ADMIN for role, _unit in rows):
        return ReportScope()
    unit_id = next((unit for role, unit in rows if role == Role.UNIT_STAFF and unit is not None), None)
    if unit_id is None:
        return ReportScope()
    unit = Unit.objects.filter(pk=unit_id).values_list("name", flat=True).first()
    return ReportScope(unit_id=unit_id, unit_name=unit or f"编号为 {unit_id} 的委室（已不存在）")


def _months(first: dt.date, last: dt.date):
    month = first
    while month <= last:
        yield month
        month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def report_month_due(item: Item, *, today: dt.date | None = None) -> dt.date:
    """The month an item's report form opens on: the month that is due.

    The earliest month of the item's period whose report is past its due day (the 5th of the
    next month) and not filed, or filed and returned for correction; else the current reporting
    month (last month until its due day while it is not filed, then this month); always a month of
    the item's period."""
    today = today or timezone.localdate()
    first, last = dt.date(item.first_year, 1, 1), dt.date(item.last_year, 12, 1)
    this_month = today.replace(day=1)
    filed = set(MonthlyReport.objects.filter(item=item).exclude(state=ReportState.RETURNED)
                .values_list("month", flat=True))
    for month in _months(first, min(last, this_month)):
        if report_due_on(month) > today:
            break
        if month not in filed:
            return month
    last_month = (this_month - dt.timedelta(days=1)).replace(day=1)
    current = last_month if today <= report_due_on(last_month) and last_month not in filed else this_month
    return min(max(current, first), last)


def report_review_queue() -> QuerySet[MonthlyReport]:
    return report_queryset().filter(state=ReportState.SUBMITTED).order_by("month", "item__lead_unit__order", "id")


def duty_records_for(*, member) -> QuerySet[DutyRecord]:
    return DutyRecord.objects.filter(member=member).select_related("item", "item__programme", "report")


def items_active_in(year: int) -> QuerySet[Item]:
    start = Q(start_year__lte=year) | Q(start_year__isnull=True, programme__start_year__lte=year)
    end = Q(end_year__gte=year) | Q(end_year__isnull=True, programme__end_year__gte=year)
    return Item.objects.filter(start & end)


# ---------------------------------------------------------------------------
# Completion, showcase, appraisal statistics
# ---------------------------------------------------------------------------


def quarter_months(year: int, quarter: int) -> list[dt.date]:
    return [dt.date(year, 3 * (quarter - 1) + m, 1) for m in (1, 2, 3)]


def targets_reached(targets: list[Target], report: MonthlyReport | None) -> Decimal:
    """Share of the (non-empty) ``targets`` reached by the report's values, in percent: the mean over the
    targets of min(actual / target, 1), a missing value (or no report) counting 0, a target of 0 reached."""
    actual = {v.target_id: v.actual for v in report.values.all()} if report is not None else {}
    shares = []
    for target in targets:
        value = actual.get(target.pk)
        if value is None:
            shares.append(Decimal(0))
        elif target.value == 0:
            shares.append(Decimal(1))
        else:
            shares.append(min(value / target.value, Decimal(1)))
    return sum(shares) / len(shares) * 100


def _completion_of(report: MonthlyReport | None, targets: list[Target]) -> Decimal | None:
    """Average over the year's targets of min(actual / target, 1), in percent; None without data."""
    if report is None:
        return None
    if not targets:
        return Decimal(100) if report.status == ReportStatus.DONE else None
    return targets_reached(targets, report).quantize(Decimal("0.1"))


@dataclass
class ItemLine:
    item: Item
    report: MonthlyReport | None
    completion: Decimal | None
    status: str  # a ReportStatus value, or "missing"

    @property
    def status_label(self) -> str:
        return _("未报送") if self.status == "missing" else str(ReportStatus(self.status).label)


@dataclass
class Group:
    key: int
    name: str
    lines: list[ItemLine] = field(default_factory=list)

    def _count(self, status: str) -> int:
        return sum(1 for line in self.lines if line.status == status)

    @property
    def items(self) -> int:
        return len(self.lines)

    @property
    def done(self) -> int:
        return self._count(ReportStatus.DONE)

    @property
    def on_track(self) -> int:
        return self._count(ReportStatus.ON_TRACK)

    @property
    def at_risk(self) -> int:
        return self._count(ReportStatus.AT_RISK)

    @property
    def late(self) -> int:
        return self._count(ReportStatus.LATE)

    @property
    def missing(self) -> int:
        return self._count("missing")

    @property
    def completion(self) -> Decimal | None:
        values = [line.completion for line in self.lines if line.completion is not None]
        if not values:
            return None
        return (sum(values) / len(values)).quantize(Decimal("0.1"))

    @property
    def late_lines(self) -> list[ItemLine]:
        return [line for line in self.lines if line.status in (ReportStatus.LATE, "missing")]


@dataclass
class Showcase:
    year: int
    quarter: int
    by_unit: list[Group]
    by_programme: list[Group]

    @property
    def late(self) -> list[ItemLine]:
        seen, lines = set(), []
        for group in self.by_programme:
            for line in group.late_lines:
                if line.item.pk not in seen:
                    seen.add(line.item.pk)
                    lines.append(line)
        return lines

    @property
    def title(self) -> str:
        return _("%(year)s年第%(numeral)s季度工作晾晒") % {
            "year": self.year, "numeral": "一二三四"[self.quarter - 1], "quarter": self.quarter}


def showcase_build(*, year: int, quarter: int) -> Showcase:
    """季晒: where each item stands at the end of the quarter, grouped by lead unit and by programme.

    An item's line uses its latest report of the quarter that was not returned;
    items without one are "missing" and counted as late.
    """
    months = quarter_months(year, quarter)
    items = list(
        items_active_in(year).select_related("programme", "lead_unit")
        .prefetch_related(Prefetch("targets", queryset=Target.objects.filter(year=year)))
        .order_by("programme_id", "order", "number")
    )
    reports = (
        report_queryset().filter(item__in=items, month__in=months).exclude(state=ReportState.RETURNED)
        .order_by("item_id", "-month")
    )
    latest: dict[int, MonthlyReport] = {}
    for report in reports:
        latest.setdefault(report.item_id, report)
    by_unit: dict[int, Group] = {}
    by_programme: dict[int, Group] = {}
    for item in items:
        report = latest.get(item.pk)
        line = ItemLine(
            item=item, report=report, completion=_completion_of(report, list(item.targets.all())),
            status=report.status if report else "missing",
        )
        by_programme.setdefault(item.programme_id, Group(item.programme_id, item.programme.title)).lines.append(line)
        if item.lead_unit_id:
            by_unit.setdefault(item.lead_unit_id, Group(item.lead_unit_id, item.lead_unit.name)).lines.append(line)
    unit_order = {u.pk: (u.order, u.name) for u in Unit.objects.all()}
    return Showcase(
        year=year, quarter=quarter,
        by_unit=sorted(by_unit.values(), key=lambda g: unit_order.get(g.key, (0, g.name))),
        by_programme=list(by_programme.values()),
    )


def current_quarter(today: dt.date | None = None) -> tuple[int, int]:
    today = today or timezone.localdate()
    return today.year, (today.month - 1) // 3 + 1


def report_unit_stats(*, year: int, today: dt.date | None = None) -> dict[int, dict[str, Decimal]]:
    """Per lead unit, in percent: completion (latest report of the year), punctuality, acceptance."""
    today = today or timezone.localdate()
    last_month = min(dt.date(year, 12, 1), today.replace(day=1))
    items = list(
        items_active_in(year).filter(lead_unit__isnull=False)
        .prefetch_related(Prefetch("targets", queryset=Target.objects.filter(year=year)))
    )
    reports = list(report_queryset().filter(item__in=items, month__year=year).order_by("-month"))
    by_item: dict[int, list[MonthlyReport]] = defaultdict(list)
    for report in reports:
        by_item[report.item_id].append(report)
    grouped: dict[int, dict[str, list]] = defaultdict(lambda: {"completion": [], "punctual": [], "accepted": []})
    for item in items:
        bucket = grouped[item.lead_unit_id]
        item_reports = by_item.get(item.pk, [])
        valid = [r for r in item_reports if r.state != ReportState.RETURNED]
        completion = _completion_of(valid[0] if valid else None, list(item.targets.all()))
        bucket["completion"].append(completion or Decimal(0))
        for report in item_reports:
            if report.month <= last_month:
                filed = timezone.localdate(report.filed_at) if report.filed_at else today
                bucket["punctual"].append(filed <= report_due_on(report.month))
                bucket["accepted"].append(report.state == ReportState.ACCEPTED)

    def pct(values: list[bool]) -> Decimal:
        return (Decimal(sum(values)) / len(values) * 100).quantize(Decimal("0.1")) if values else Decimal(0)

    return {
        unit_id: {
            "completion": (sum(b["completion"]) / len(b["completion"])).quantize(Decimal("0.1")),
            "punctuality": pct(b["punctual"]),
            "acceptance": pct(b["accepted"]),
        }
        for unit_id, b in grouped.items()
    }


def appraisal_list() -> QuerySet[Appraisal]:
    return Appraisal.objects.prefetch_related("criteria")


def items_overdue(*, today: dt.date | None = None) -> list[Item]:
    """Items of this year whose report for last month is missing after its due date."""
    today = today or timezone.localdate()
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    if today <= report_due_on(last_month) or last_month.year != today.year:
        return []
    return list(
        items_active_in(today.year).filter(lead_unit__isnull=False)
        .exclude(reports__month=last_month).select_related("programme", "lead_unit")
        .order_by("lead_unit__order", "programme_id", "order")
    )
