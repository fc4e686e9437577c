"""What a member's social-conditions report gives its author in the duty record (履职积分), kept in
step by the services that move it (``tenants.programmes.services.duty_outcomes``): submitted, used
(采用), forwarded (报送), adopted by a higher level, and one instruction (批示) per leaders' level.
A report's title is written only once it is used (the committee's members may read used reports);
reports of units and 界别 groups give no member points."""
from __future__ import annotations

from tenants.opinions.models import OpinionReport, Origin, Status

INSTRUCTED = {"city": "opinion_instructed_city", "province": "opinion_instructed_province",
              "national": "opinion_instructed_national"}


def report_deserved(report: OpinionReport) -> list:
    from tenants.programmes.models import DutyOutcome
    from tenants.programmes.services.duty_outcomes import Deserved, local_day

    if report.origin != Origin.MEMBER or report.member_id is None:
        return []
    member = report.member_id
    deserved = [Deserved(member_id=member, outcome=DutyOutcome.OPINION_SUBMITTED, date=local_day(report.submitted_at),
                         text="报送社情民意信息")]
    if report.status in (Status.USED, Status.FORWARDED):
        deserved.append(Deserved(member_id=member, outcome=DutyOutcome.OPINION_USED, date=local_day(report.decided_at),
                                 text=f"社情民意信息“{report.title}”被采用（{report.bulletin_label}）"))
    if report.status == Status.FORWARDED:
        deserved.append(Deserved(member_id=member, outcome=DutyOutcome.OPINION_FORWARDED,
                                 date=local_day(report.forwarded_at), text=f"社情民意信息“{report.title}”报送上级"))
        adoption = report.adoptions.order_by("adopted_on", "id").first()
        if adoption is not None:
            deserved.append(Deserved(member_id=member, outcome=DutyOutcome.OPINION_ADOPTED, date=adoption.adopted_on,
                                     text=f"社情民意信息“{report.title}”被{adoption.get_level_display()}采用"))
    if report.status in (Status.USED, Status.FORWARDED):
        first = {}
        for instruction in report.instructions.order_by("instructed_on", "id"):
            first.setdefault(instruction.level, instruction)
        for level, instruction in first.items():
            deserved.append(Deserved(member_id=member, outcome=INSTRUCTED[level], date=instruction.instructed_on,
                                     text=f"社情民意信息“{report.title}”获{instruction.get_level_display()}领导批示"))
    return deserved


def report_duty_sync(*, actor=None, report: OpinionReport) -> None:
    """Called by the report services after a change, inside their transaction.
    Side effects: the author's DutyRecord rows (see duty_outcomes_sync)."""
    from tenants.programmes.services.duty_outcomes import duty_outcomes_sync

    duty_outcomes_sync(actor=actor, source=report, deserved=report_deserved(report))


def reports_duty_backfill() -> int:
    """Every member's report's records, for work done before the duty points came (idempotent)."""
    count = 0
    for report in OpinionReport.objects.filter(origin=Origin.MEMBER, member__isnull=False):
        report_duty_sync(report=report)
        count += 1
    return count
