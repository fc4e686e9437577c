"""Rows carrying a marker text, for the tenant-isolation check (tests/isolation/checks.py).

Use tests.isolation.checks.MARKER_ID as the id of every marker row in the committee's schema.
"""


def plant_markers(text: str) -> None:
    """A forwarded report by a marker member with an edit kept, a national adoption and an instruction, a
    declined report with a marker reason, the bulletin's name, and the copy the province reads (public
    schema, stamped with this committee; its id from the sequence, as both committees share the table)."""
    from django.db import connection
    from django.utils import timezone

    from shared.opinion_exchange.models import ForwardedReport
    from tenancy.models import Organisation
    from tenants.opinions.models import Adoption, Instruction, OpinionReport, OpinionSettings, Revision
    from tenants.structure.models import Member, Sector
    from tests.isolation.checks import MARKER_ID

    OpinionSettings.objects.update_or_create(pk=1, defaults={"bulletin_name": f"{text}刊物"})
    member = Member.objects.filter(id=MARKER_ID).first() or Member.objects.create(
        id=MARKER_ID, name=f"{text}委员", sector=Sector.objects.first())
    now = timezone.now()
    report = OpinionReport.objects.create(
        id=MARKER_ID, title=f"{text}社情民意", situation=text, views=text, suggestions=text, origin="member",
        member=member, status="forwarded", bulletin_year=2099, bulletin_issue=9001, to_province=True,
        to_national=True, forwarded_at=now, decided_at=now)
    Revision.objects.create(id=MARKER_ID, report=report, title=f"{text}原标题", situation=f"{text}原文",
                            views=text, suggestions=text, note=text)
    Adoption.objects.create(id=MARKER_ID, report=report, level="national", adopted_on=now.date(), issue=f"{text}期号")
    Instruction.objects.create(id=MARKER_ID, report=report, leader=f"{text}领导", level="province",
                               instructed_on=now.date(), text=f"{text}批示")
    OpinionReport.objects.create(
        id=MARKER_ID + 1, title=f"{text}不采用信息", situation=text, suggestions=text, origin="member", member=member,
        status="declined", decline_reason=f"{text}理由")
    ForwardedReport.objects.create(
        organisation=Organisation.objects.get(schema_name=connection.schema_name), report_id=MARKER_ID,
        title=f"{text}报送信息", text=text, author=text, to_province=True, forwarded_at=now,
        province_issue=f"{text}省期号")
