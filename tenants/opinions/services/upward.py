"""The copy of a forwarded report that the province reads (shared.opinion_exchange, public schema).

Pushed by this committee's services when a report is forwarded and when something comes back, so
shared code never reads this schema; the province's own adoption is read back from there."""
from __future__ import annotations

from shared.opinion_exchange.services import Forwarded, forwarded_of_current, forwarded_push
from tenants.opinions.models import Level, OpinionReport


def upward_text(report: OpinionReport) -> str:
    parts = [report.situation, report.views, report.suggestions]
    return "\n\n".join(p for p in parts if p)


def upward_push(*, report: OpinionReport) -> None:
    national = report.adoptions.filter(level=Level.NATIONAL).values_list("adopted_on", flat=True).first()
    forwarded_push(forwarded=Forwarded(
        report_id=report.pk, title=report.title, text=upward_text(report), author=report.author_name,
        bulletin=report.bulletin_label, to_province=report.to_province, to_national=report.to_national,
        forwarded_at=report.forwarded_at, forwarded_by_user_id=report.forwarded_by_user_id,
        national_adopted_on=national, instructions=report.instructions.count(),
    ))


def province_adoptions(report_ids) -> dict:
    """Report id -> (adopted_on, issue) of the province's adoption, as recorded on the province's site."""
    return {pk: (row.province_adopted_on, row.province_issue)
            for pk, row in forwarded_of_current(report_ids).items() if row.province_adopted_on}
