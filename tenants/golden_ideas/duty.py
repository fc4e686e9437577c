"""What a commended golden idea (表扬) gives the members it names in their duty records (履职积分),
recorded by ``services.idea_advance`` (``tenants.programmes.services.duty_outcomes``). The members
are those whose names the 申报对象 gives (对象类型 委员), as the duty pages read them."""
from __future__ import annotations

from tenants.golden_ideas.models import GoldenIdea, Stage


def idea_deserved(idea: GoldenIdea) -> list:
    from tenants.programmes.duty_selectors import applicant_names
    from tenants.programmes.models import DutyOutcome
    from tenants.programmes.services.duty_outcomes import Deserved, local_day
    from tenants.structure.models import Member

    if idea.stage != Stage.COMMENDED or idea.applicant_kind != GoldenIdea.ApplicantKind.MEMBER:
        return []
    change = idea.stage_changes.filter(to_stage=Stage.COMMENDED).order_by("-at").first()
    day = local_day(change.at) if change else None
    members = Member.objects.filter(name__in=applicant_names(idea.applicant)).values_list("id", flat=True)
    return [Deserved(member_id=pk, outcome=DutyOutcome.IDEA_COMMENDED, date=day,
                     text=f"金点子“{idea.title}”获表扬") for pk in members]


def idea_duty_sync(*, actor=None, idea: GoldenIdea) -> None:
    """Side effects: the named members' DutyRecord rows (see duty_outcomes_sync)."""
    from tenants.programmes.services.duty_outcomes import duty_outcomes_sync

    duty_outcomes_sync(actor=actor, source=idea, deserved=idea_deserved(idea))


def ideas_duty_backfill() -> int:
    count = 0
    for idea in GoldenIdea.objects.filter(stage=Stage.COMMENDED):
        idea_duty_sync(idea=idea)
        count += 1
    return count
