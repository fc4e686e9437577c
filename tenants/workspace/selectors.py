"""The workspace 工作台: what is the signed-in person's to do in the active committee, by role.

Each section is a list of entries, each linking to the page where it is done. The
sections a person gets follow their access: unit staff (reports of their unit, golden
ideas to review, indicator values), the office (reports waiting for review, ideas at its
stages), members (their own golden ideas), provincial officers (values waiting for
review); everyone: publications of the province and the deadlines of the next 14 days.
The proposals' and the social-conditions reports' sections are in ``proposals_opinions``.
A fixed number of queries whatever the number of rows.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ui.templatetags.ui_text import data as _data

from accounts.models import Role
from operations import freshness
from roles.policy import Access, Capability
from tenants.golden_ideas.models import GoldenIdea, Selection, Stage
from tenants.programmes.models import MonthlyReport, ReportState, report_due_on
from tenants.programmes.selectors import items_active_in, report_review_queue, report_scope
from tenants.reminders.selectors import DEADLINE_WINDOW_DAYS, deadline_list_due, deadline_list_open

MONTHLY_SOURCE = "programmes.monthly_report"  # programmes.services.reporting.DEADLINE_SOURCE
SHOWN = 10  # entries listed per section; the count says how many there are


@dataclass(frozen=True)
class Entry:
    title: str
    url: str
    detail: str = ""
    due_on: dt.date | None = None
    overdue: bool = False


@dataclass
class Section:
    key: str
    heading: str
    entries: list[Entry] = field(default_factory=list)
    total: int | None = None  # when more exist than are listed
    more_url: str = ""

    @property
    def count(self) -> int:
        return self.total if self.total is not None else len(self.entries)


def _month_label(month: dt.date) -> str:
    return date_format(month, "YEAR_MONTH_FORMAT")  # 2026年11月, Nov 2026


def _report_url(item_id: int, month: dt.date) -> str:
    return f"{reverse('programmes:report_form', args=[item_id])}?month={month:%Y-%m}"


def _reports_due(scope, today: dt.date) -> Section:
    """Items of my unit (every lead unit, for the office) whose report of a month is missing: the
    months and units come from the open monthly-report deadlines (this month's, and earlier ones
    still open: overdue)."""
    section = Section("reports_due", _("待填报的月报"), more_url=reverse("programmes:home"))
    deadlines = deadline_list_open().filter(source=MONTHLY_SOURCE)
    if scope.unit_id is not None:
        deadlines = deadlines.filter(unit_id=scope.unit_id)
    months: dict[dt.date, set[int]] = {}
    for key, unit_id in deadlines.values_list("key", "unit_id"):
        try:
            month = dt.datetime.strptime(key.rsplit(":", 1)[1], "%Y-%m").date()
        except (IndexError, ValueError):
            continue
        months.setdefault(month, set()).add(unit_id)
    entries, total = [], 0
    for month in sorted(months):  # oldest first: the overdue months lead
        items = (items_active_in(month.year).filter(lead_unit_id__in=months[month])
                 .exclude(reports__month=month))
        count = items.count()
        total += count
        room = SHOWN - len(entries)
        if count == 0 or room <= 0:
            continue
        due = report_due_on(month)
        rows = (items.order_by("lead_unit__order", "id")
                .values("pk", "title", "lead_unit__name")[:room])
        for item in rows:
            entries.append(Entry(
                title=_marked(_("%(item)s：%(month)s月报"), item=_data(item["title"]), month=_month_label(month)),
                detail=_data(item["lead_unit__name"]) if item["lead_unit__name"] else "",
                url=_report_url(item["pk"], month), due_on=due, overdue=due < today,
            ))
    section.entries, section.total = entries, total
    return section


def _reports_returned(user, scope) -> Section:
    section = Section("reports_returned", _("退回修改的月报"))
    mine = Q(filed_by_id=user.pk)
    if scope.unit_id is not None:
        mine |= Q(item__lead_unit_id=scope.unit_id)
    reports = list(MonthlyReport.objects.filter(mine, state=ReportState.RETURNED)
                   .select_related("item").order_by("month", "id")[:SHOWN + 1])
    section.entries = [
        Entry(title=_marked(_("%(item)s：%(month)s月报"), item=_data(r.item.title), month=_month_label(r.month)),
              detail=_data(r.reviewer_comment), url=_report_url(r.item_id, r.month))
        for r in reports[:SHOWN]
    ]
    return section


def _reports_to_review() -> Section:
    section = Section("reports_review", _("待审核的月报"), more_url=reverse("programmes:review"))
    queue = report_review_queue()
    reports = list(queue.prefetch_related(None)[:SHOWN])
    section.total = queue.count() if len(reports) == SHOWN else len(reports)
    section.entries = [
        Entry(title=_marked(_("%(item)s：%(month)s月报"), item=_data(r.item.title), month=_month_label(r.month)),
              detail=_data(r.item.lead_unit.name) if r.item.lead_unit else "",
              url=reverse("programmes:report_review", args=[r.pk]))
        for r in reports
    ]
    return section


def _ideas(user, access: Access) -> Section | None:
    """Golden ideas of the latest selection waiting at a stage where I act."""
    selection = Selection.objects.order_by("-year").first()
    if selection is None:
        return None
    ideas = GoldenIdea.objects.filter(selection=selection).select_related("unit")
    if access.allows(Capability.ADMINISTER):
        waiting = ideas.filter(stage__in=[Stage.RECOMMENDED, Stage.SHORTLISTED, Stage.APPROVED])
        heading = _("待处理的金点子")
    else:  # reviewers: ideas open for scoring, not their own, not yet scored by them
        waiting = (ideas.filter(stage__in=[Stage.RECOMMENDED, Stage.SHORTLISTED])
                   .exclude(recommended_by_id=user.pk).exclude(reviews__reviewer_id=user.pk))
        heading = _("待评审的金点子")
    rows = list(waiting.order_by("stage", "id")[:SHOWN + 1])
    section = Section("ideas", heading, more_url=reverse("golden_ideas:selection", args=[selection.pk]))
    section.entries = [
        Entry(title=_data(idea.title), detail=_marked("%(stage)s · %(unit)s", stage=Stage(idea.stage).label,
                                                      unit=_data(idea.unit.name)),
              url=reverse("golden_ideas:idea", args=[idea.pk]))
        for idea in rows[:SHOWN]
    ]
    if len(rows) > SHOWN:
        section.total = waiting.count()
    return section


def _my_ideas(user) -> Section:
    rows = list(GoldenIdea.objects.filter(recommended_by_id=user.pk).select_related("selection")
                .order_by("-selection__year", "id")[:SHOWN])
    section = Section("my_ideas", _("我推荐的金点子"))
    section.entries = [
        Entry(title=_data(idea.title), detail=f"{idea.selection.year} · {Stage(idea.stage).label}",
              url=reverse("golden_ideas:idea", args=[idea.pk]))
        for idea in rows
    ]
    return section


def _benchmark(user, access: Access) -> list[Section]:
    """Indicator values to submit or returned, values waiting for a provincial officer, and
    the province's publications (shared.benchmark's selectors, read only)."""
    from shared.benchmark import selectors as benchmark
    from shared.benchmark.models import ValueStatus

    viewer = benchmark.viewer_get(user)
    sections = []
    if viewer.province is None:
        return sections
    publications = list(benchmark.publication_list(viewer))
    report_url = reverse("benchmark:report")
    if access.allows(Capability.EDIT) and viewer.organisation.level in ("city", "county"):
        published = {p.period_id for p in publications}
        period = next((p for p in benchmark.period_list() if p.pk not in published), None)
        section = Section("values", _("待报送的比学赶超指标"), more_url=report_url)
        if period is not None:
            indicators = benchmark.indicator_list(province=viewer.province, level=viewer.organisation.level)
            values = {v.indicator_id: v for v in benchmark.own_values_list(viewer=viewer, period=period)}
            url = f"{report_url}?period={period.pk}"
            for indicator in indicators:
                value = values.get(indicator.pk)
                if value is not None and value.status == ValueStatus.RETURNED:
                    section.entries.append(Entry(title=_data(indicator.name), url=url,
                                                 detail=_marked(_("%(period)s · 已退回：%(note)s"),
                                                                period=period.label, note=_data(value.review_note))))
                elif value is None or value.status == ValueStatus.DRAFT:
                    section.entries.append(Entry(title=_data(indicator.name), url=url,
                                                 detail=_("%(period)s · 待报送") % {"period": period.label}))
        section.total = len(section.entries)
        section.entries = section.entries[:SHOWN]
        sections.append(section)
    if viewer.can_review:
        queue = benchmark.review_list(viewer=viewer)
        section = Section("values_review", _("待审核的指标数值"), more_url=reverse("benchmark:review"))
        rows = list(queue[:SHOWN])
        section.entries = [Entry(title=_data(f"{v.organisation.short_name} · {v.indicator.name}"),
                                 detail=v.period.label, url=reverse("benchmark:review")) for v in rows]
        section.total = queue.count() if len(rows) == SHOWN else len(rows)
        sections.append(section)
    section = Section("publications", _("本省发布的比学赶超结果"), more_url=reverse("benchmark:home"))
    section.entries = [Entry(title=p.period.label, detail=_("发布于 %(day)s") % {
        "day": date_format(timezone.localtime(p.published_at), "DATE_FORMAT")},
        url=f"{reverse('benchmark:home')}?period={p.period_id}") for p in publications[:3]]
    sections.append(section)
    return sections


def _deadlines(rows, today: dt.date) -> Section:
    section = Section("deadlines", _("近 14 天的截止事项"), more_url=reverse("reminders:list"))
    programmes, reminders = reverse("programmes:home"), reverse("reminders:list")
    section.entries = [
        Entry(title=_data(d.title), detail=_data(d.unit.name) if d.unit else "",
              due_on=d.due_on, overdue=d.due_on < today,
              url=programmes if d.source == MONTHLY_SOURCE else reminders)
        for d in rows
    ]
    return section


def todo_list(*, user, access: Access, today: dt.date | None = None) -> list[Section]:
    """The person's to-do sections in the active committee, in the order the page shows them.

    The committee's own sections are cached per person, language and day under the
    committee's write generation (operations.freshness: any write in the committee makes
    them stale); the benchmark's also under the shared benchmark generation, which any
    committed write to the benchmark's tables moves (a provincial officer's review, a
    publication), whichever committee's host it came from."""
    today = today or timezone.localdate()
    own, deadlines = freshness.cached(
        "todo", lambda: _committee_sections(user=user, access=access, today=today),
        user.pk, translation.get_language(), today.isoformat(), ",".join(sorted(access.roles)))
    benchmark = freshness.cached(
        "todo-benchmark", lambda: _benchmark(user, access),
        user.pk, translation.get_language(), today.isoformat(), ",".join(sorted(access.roles)),
        shared=("benchmark",))
    return [*own, *benchmark, deadlines]


def _committee_sections(*, user, access: Access, today: dt.date) -> tuple[list[Section], Section]:
    sections: list[Section] = []
    can_edit, can_administer = access.allows(Capability.EDIT), access.allows(Capability.ADMINISTER)
    deadlines = list(deadline_list_due(today=today, within_days=DEADLINE_WINDOW_DAYS))
    if can_edit:
        scope = report_scope(user)
        sections.append(_reports_due(scope, today))
        sections.append(_reports_returned(user, scope))
    if can_administer:
        sections.append(_reports_to_review())
    if can_edit:
        ideas = _ideas(user, access)
        if ideas is not None:
            sections.append(ideas)
    if Role.MEMBER in access.roles or can_edit:
        sections.append(_my_ideas(user))
    if Role.MEMBER in access.roles or can_edit:  # members, and the offices (administrators, unit staff)
        from tenants.workspace.proposals_opinions import committee_sections

        sections += committee_sections(user=user, today=today)
    return sections, _deadlines(deadlines, today)


def _marked(text: str, **params) -> str:
    """A translated sentence as HTML: its parameters escaped, the data among them (``_data``) marked."""
    return mark_safe(conditional_escape(text) % {name: conditional_escape(value) for name, value in params.items()})
