"""What a member's social-conditions report gives its author in the duty record (履职积分), kept in
step by the services that move it (``tenants.programmes.services.duty_outcomes``): submitted, used
(采用), forwarded (报送), adopted by a higher level, and one instruction (批示) per leaders' level.
A report's title is written only once it is used (the committee's members may read used reports);
reports of units and 界别 groups give no member points."""
from __future__ import annotations

import datetime as dt

from tenants.opinions.models import Level, OpinionReport, Origin, Status
from tenants.opinions.services.upward import province_adoptions

INSTRUCTED = {"city": "opinion_instructed_city", "province": "opinion_instructed_province",
              "national": "opinion_instructed_national"}
#: the level as the stored text names it (always Chinese, whatever the language of the request)
LEVEL_TEXT = {Level.CITY: "市级", Level.PROVINCE: "省级", Level.NATIONAL: "国家级"}


def first_adoption(report: OpinionReport) -> tuple[str, dt.date] | None:
    """(level, day) of a forwarded report's first adoption by a higher level: the national committee's,
    recorded here, or the province's, recorded on the province's site (shared.opinion_exchange)."""
    if report.status != Status.FORWARDED:
        return None
    found = [(adoption.adopted_on, adoption.level) for adoption in report.adoptions.all()]
    if report.to_province:
        province = province_adoptions([report.pk]).get(report.pk)
        if province is not None:
            found.append((province[0], Level.PROVINCE))
    if not found:
        return None
    day, level = min(found, key=lambda pair: (pair[0], pair[1] != Level.NATIONAL))  # the same day: national
    return level, day


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
        adoption = first_adoption(report)
        if adoption is not None:
            level, day = adoption
            deserved.append(Deserved(member_id=member, outcome=DutyOutcome.OPINION_ADOPTED, date=day,
                                     text=f"社情民意信息“{report.title}”被{LEVEL_TEXT.get(level, '上级')}采用"))
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


def province_adoptions_duty_sync() -> int:
    """The records of the reports the province adopted on its site (shared code never writes this
    schema, so the committee picks them up: every night, with the benchmark's figures). Idempotent.
    Returns the reports looked at."""
    upward = OpinionReport.objects.filter(status=Status.FORWARDED, to_province=True, origin=Origin.MEMBER,
                                          member__isnull=False)
    adopted = province_adoptions(upward.values_list("pk", flat=True))
    for report in upward.filter(pk__in=list(adopted)):
        report_duty_sync(report=report)
    return len(adopted)


def reports_duty_backfill() -> int:
    """Every member's report's records, for work done before the duty points came (idempotent)."""
    count = 0
    for report in OpinionReport.objects.filter(origin=Origin.MEMBER, member__isnull=False):
        report_duty_sync(report=report)
        count += 1
    return count
