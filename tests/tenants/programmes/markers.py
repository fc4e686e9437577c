"""Rows carrying a marker text, for the tenant-isolation check (tests/isolation/checks.py).

Use tests.isolation.checks.MARKER_ID as the id of every marker row.
"""
import datetime as dt


def plant_markers(text: str) -> None:
    """Write this app's marker rows (containing `text`) into the active schema."""
    from tenants.history.models import ChangeLog
    from tenants.programmes.models import (
        Appraisal, Criterion, DutyRecord, Item, Milestone, MonthlyReport, Programme, ReportValue,
        Section, Target, UnitScore,
    )
    from tenants.structure.models import Member, Unit
    from tests.isolation.checks import MARKER_ID

    unit = Unit.objects.filter(pk=MARKER_ID).first() or Unit.objects.first()
    programme = Programme.objects.create(id=MARKER_ID, kind="generic", title=f"{text}项目", description=text,
                                         start_year=2024, end_year=2024)
    section = Section.objects.create(id=MARKER_ID, programme=programme, number=1, heading=f"{text}部分")
    item = Item.objects.create(id=MARKER_ID, programme=programme, section=section, number=1, title=f"{text}事项",
                               description=text, lead_unit=unit)
    Milestone.objects.create(id=MARKER_ID, item=item, year=2024, text=f"{text}任务")
    target = Target.objects.create(id=MARKER_ID, item=item, indicator=f"{text}指标", unit_of_measure="次",
                                   year=2024, value=10)
    report = MonthlyReport.objects.create(id=MARKER_ID, item=item, month=dt.date(2024, 2, 1), progress=f"{text}进展",
                                          status="on_track", reviewer_comment=text, filed_by_name=text)
    ReportValue.objects.create(id=MARKER_ID, report=report, target=target, actual=5)
    appraisal = Appraisal.objects.create(id=MARKER_ID, year=2024, title=f"{text}评比")
    criterion = Criterion.objects.create(id=MARKER_ID, appraisal=appraisal, name=f"{text}评比项", weight=10)
    UnitScore.objects.create(id=MARKER_ID, criterion=criterion, unit=unit, score=80)
    member = Member.objects.filter(pk=MARKER_ID).first() or Member.objects.first()
    DutyRecord.objects.create(id=MARKER_ID, member=member, date=dt.date(2024, 2, 3), text=f"{text}履职", item=item)
    ChangeLog.objects.create(id=MARKER_ID, user_name=text, model="programme", object_id=MARKER_ID,
                             action="create", summary=f"{text}变更")
