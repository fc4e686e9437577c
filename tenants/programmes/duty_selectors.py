"""Reads of members' duty records (履职档案): a member's place, the item picker, the yearly summaries.

A record's kind (履职类别) is the kind of the plan its item belongs to (工作要点, 协商计划,
好品牌 …); a record linked to no item is 其他履职活动. A member's golden ideas are the 金点子
filed for them (对象类型 委员, 申报对象 naming them). The active schema is the committee.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from shared.programme_library.models import ProgrammeKind
from tenants.programmes.duty_points import family_of
from tenants.programmes.models import DutyOutcome, DutyRecord, Item, Programme
from tenants.structure.models import Member

OTHER_KIND = "other"
GOLDEN_IDEA_KIND = "golden_idea"
#: the kinds of records the proposal, report and golden-idea services write (履职积分)
OUTCOME_KINDS = {"proposals": "outcome_proposals", "opinions": "outcome_opinions", "ideas": "outcome_ideas"}
NAME_SEPARATORS = re.compile(r"[、,，;；/\s]+")


def kind_labels() -> list[tuple[str, str]]:
    """The kinds a summary counts, in print order: the plan kinds, other activities, golden ideas."""
    return [*[(value, str(label)) for value, label in ProgrammeKind.choices],
            (OTHER_KIND, _("其他履职活动")), (OUTCOME_KINDS["proposals"], _("提案")),
            (OUTCOME_KINDS["opinions"], _("社情民意信息")), (OUTCOME_KINDS["ideas"], _("金点子获表扬")),
            (GOLDEN_IDEA_KIND, _("金点子"))]


def member_get(*, pk: int) -> Member | None:
    return Member.objects.select_related("sector", "unit").filter(pk=pk).first()


def member_of_user(user) -> Member | None:
    """The member (委员) whose platform account is ``user``, or None."""
    if user is None or not user.is_authenticated:
        return None
    return Member.objects.select_related("sector", "unit").filter(user_id=user.pk).order_by("id").first()


def member_records(*, member: Member, year: int | None = None) -> QuerySet[DutyRecord]:
    """The member's records that count (voided outcomes left out), newest first."""
    records = DutyRecord.objects.filter(member=member, voided_at__isnull=True).select_related(
        "item", "item__programme", "item__section", "report", "proposal", "opinion_report", "golden_idea")
    if year is not None:
        records = records.filter(date__year=year)
    return records.order_by("-date", "-id")


def record_kind(record: DutyRecord) -> str:
    if record.outcome != DutyOutcome.ACTIVITY:
        return OUTCOME_KINDS[family_of(record.outcome)]
    return record.item.programme.kind if record.item_id else OTHER_KIND


def item_label(item: Item) -> str:
    """An item as its plan numbers it: 《plan》 二、section heading 3. title."""
    section = f"{item.section.numeral}、" if item.section_id else ""
    return f"《{item.programme.title}》{section}{item.number}. {item.title}"


# ---------------------------------------------------------------------------
# The item picker: the committee's plans, by programme and section, in the plan's own numbering
# ---------------------------------------------------------------------------

@dataclass
class ItemGroup:
    label: str
    options: list[tuple[int, str]] = field(default_factory=list)


def item_choice_groups() -> list[ItemGroup]:
    """One group per programme section (or programme, for items outside a section): newest plans first."""
    items = (Item.objects.select_related("programme", "section")
             .order_by("-programme__start_year", "programme__kind", "programme_id",
                       "section__number", "section_id", "order", "number", "id"))
    groups: dict[tuple[int, int | None], ItemGroup] = {}
    for item in items:
        key = (item.programme_id, item.section_id)
        if key not in groups:
            label = item.programme.title
            if item.section_id:
                label += f" · {item.section.numeral}、{item.section.heading}"
            groups[key] = ItemGroup(label=label)
        groups[key].options.append((item.pk, f"{item.number}. {item.title}"))
    return list(groups.values())


def programme_choices() -> list[tuple[int, str]]:
    return [(p.pk, p.title) for p in Programme.objects.order_by("-start_year", "kind", "id")]


def items_numbered(*, programme: Programme, number: int, section_number: int | None = None) -> list[Item]:
    """The items a plan numbers ``number`` (in section ``section_number`` when given)."""
    items = Item.objects.filter(programme=programme, number=number).select_related("programme", "section")
    if section_number is not None:
        items = items.filter(section__number=section_number)
    return list(items.order_by("section__number", "id"))


# ---------------------------------------------------------------------------
# Golden ideas filed for a member
# ---------------------------------------------------------------------------

def applicant_names(applicant: str) -> set[str]:
    """The people a 申报对象 names: "张三、李四委员" gives 张三 and 李四."""
    return {name.removesuffix("委员") for name in NAME_SEPARATORS.split(applicant.strip()) if name}


def member_golden_ideas(*, member: Member, year: int | None = None) -> list:
    from tenants.golden_ideas.models import GoldenIdea

    ideas = (GoldenIdea.objects.filter(applicant_kind=GoldenIdea.ApplicantKind.MEMBER,
                                       applicant__contains=member.name)
             .select_related("selection", "category", "unit").order_by("-selection__year", "id"))
    if year is not None:
        ideas = ideas.filter(selection__year=year)
    return [idea for idea in ideas if member.name in applicant_names(idea.applicant)]


# ---------------------------------------------------------------------------
# Yearly summaries: one member (.docx) and the committee (.xlsx)
# ---------------------------------------------------------------------------

@dataclass
class KindGroup:
    kind: str
    label: str
    records: list = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.records)


@dataclass
class MemberSummary:
    member: Member
    year: int
    groups: list[KindGroup]
    golden_ideas: list

    @property
    def counts(self) -> dict[str, int]:
        return {group.kind: group.count for group in self.groups}

    @property
    def record_count(self) -> int:
        return sum(group.count for group in self.groups if group.kind != GOLDEN_IDEA_KIND)

    @property
    def total(self) -> int:
        return sum(group.count for group in self.groups)


def member_summary(*, member: Member, year: int) -> MemberSummary:
    """A member's year: their records by kind (oldest first, as a report reads), and their golden ideas."""
    groups = {kind: KindGroup(kind=kind, label=label) for kind, label in kind_labels()}
    for record in reversed(list(member_records(member=member, year=year))):
        groups[record_kind(record)].records.append(record)
    ideas = member_golden_ideas(member=member, year=year)
    groups[GOLDEN_IDEA_KIND].records.extend(ideas)
    return MemberSummary(member=member, year=year, groups=list(groups.values()), golden_ideas=ideas)


@dataclass
class CommitteeRow:
    member: Member
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def committee_summary(*, year: int) -> list[CommitteeRow]:
    """One row per member (in the members list's order) with their counts by kind in ``year``."""
    from tenants.golden_ideas.models import GoldenIdea

    kinds = [kind for kind, _label in kind_labels()]
    members = list(Member.objects.select_related("sector", "unit").order_by("sector__order", "sector__name", "name", "id"))
    rows = {m.pk: CommitteeRow(member=m, counts=dict.fromkeys(kinds, 0)) for m in members}
    records = DutyRecord.objects.filter(date__year=year, voided_at__isnull=True).values_list(
        "member_id", "item__programme__kind", "outcome")
    for member_id, kind, outcome in records:
        if outcome != DutyOutcome.ACTIVITY:
            kind = OUTCOME_KINDS[family_of(outcome)]
        rows[member_id].counts[kind or OTHER_KIND] += 1
    by_name: dict[str, list[int]] = {}
    for m in members:
        by_name.setdefault(m.name, []).append(m.pk)
    ideas = GoldenIdea.objects.filter(applicant_kind=GoldenIdea.ApplicantKind.MEMBER, selection__year=year)
    for applicant in ideas.values_list("applicant", flat=True):
        for name in applicant_names(applicant):
            for pk in by_name.get(name, []):
                rows[pk].counts[GOLDEN_IDEA_KIND] += 1
    return [rows[m.pk] for m in members]


def duty_years(*, member: Member | None = None) -> list[int]:
    """Years that have records or golden ideas (of the member, or of anyone), and this year; newest first."""
    records = DutyRecord.objects.all() if member is None else DutyRecord.objects.filter(member=member)
    years = {d.year for d in records.dates("date", "year")}
    if member is not None:
        years |= {idea.selection.year for idea in member_golden_ideas(member=member)}
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)


YEAR_RANGE = (2000, 2100)


def year_parse(value) -> int | None:
    """A year typed or chosen by a person, or None when it is not a year the platform keeps."""
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return year if YEAR_RANGE[0] <= year <= YEAR_RANGE[1] else None


def year_default(*, member: Member | None = None) -> int:
    """This year when it has records (or nothing has), else the newest year with records."""
    this_year = timezone.localdate().year
    records = DutyRecord.objects.all() if member is None else DutyRecord.objects.filter(member=member)
    years = sorted({d.year for d in records.dates("date", "year")}, reverse=True)
    return this_year if not years or this_year in years else years[0]
