"""The year's figures as the 提案工作报告 states them, computed from the proposals behind them, and
the files an office downloads."""
import datetime as dt
import io

import pytest
from docx import Document
from openpyxl import load_workbook

from tenants.proposals import exports, statistics
from tenants.proposals.models import Proposal
from tenants.proposals.services import answers, drafting, handling, review
from tests.tenants.proposals.conftest import draft

pytestmark = pytest.mark.django_db


def _accepted(season, title):
    return review.proposal_decide(actor=season["office"], decision="accept", proposal=drafting.proposal_submit(
        actor=season["lead"], proposal=draft(season, title=title)))


def _answered(season, proposal, outcome):
    unit = season["units"]["traffic"]
    handling.proposal_assign(actor=season["office"], proposal=proposal, lead=unit)
    a = answers.answer_save(actor=season["traffic"], proposal=proposal, unit=unit, reply_number="函1",
                            text="已办理。", outcome=outcome)
    answers.answer_submit(actor=season["traffic"], answer=a)
    answers.answer_review(actor=season["office"], answer=a, approve=True)
    return a


def test_the_year_figures_count_what_happened(season):
    year = season["year"]
    on_time = _accepted(season, "按期答复的提案")
    late = _accepted(season, "逾期答复的提案")
    open_late = _accepted(season, "逾期未答复的提案")
    not_due = _accepted(season, "尚未到期的提案")
    review.proposal_decide(actor=season["office"], decision="decline", reason="不属于本级职权。",
                           proposal=drafting.proposal_submit(actor=season["lead"], proposal=draft(season, title="不予立案的")))
    drafting.proposal_submit(actor=season["lead"], proposal=draft(season, title="待审查的"))
    draft(season, title="还是草稿的")

    first = _answered(season, on_time, "A")
    second = _answered(season, late, "B")
    Proposal.objects.filter(pk=late.pk).update(first_due_on=dt.date.today() - dt.timedelta(days=1))
    handling.proposal_assign(actor=season["office"], proposal=open_late, lead=season["units"]["housing"])
    Proposal.objects.filter(pk=open_late.pk).update(first_due_on=dt.date.today() - dt.timedelta(days=3),
                                                    answer_due_on=dt.date.today() - dt.timedelta(days=3))
    handling.proposal_assign(actor=season["office"], proposal=not_due, lead=season["units"]["housing"])
    answers.rating_give(actor=season["lead"], answer=first, satisfaction="satisfied")
    answers.rating_give(actor=season["lead"], answer=second, satisfaction="basic")
    review.proposal_excellent_set(actor=season["office"], proposal=on_time, excellent=True)

    figures = statistics.year_figures(year)
    assert (figures.submitted, figures.accepted, figures.declined, figures.answered, figures.excellent) == (6, 4, 1, 2, 1)
    # counted: the two answered and the one past its deadline; the one not yet due is not
    assert (figures.on_time, figures.due, figures.on_time_rate) == (1, 3, 33.3)
    assert (figures.ratings_total, figures.satisfaction_rate) == (2, 100.0)
    assert (figures.outcomes["A"], figures.outcomes["B"], figures.outcomes["C"]) == (1, 1, 0)
    assert figures.overdue_open == 1
    assert [(u.name, u.assigned, u.answered, u.overdue) for u in figures.units] == [
        ("测试交通运输局", 2, 2, 0), ("测试住房和城乡建设局", 2, 0, 1)]

    book = load_workbook(io.BytesIO(exports.register_xlsx(year, figures)))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[0][:3] == ("提案号", "案由", "提案人") and len(rows) == 1 + 6  # no draft
    assert ("按期办复率", "33.3%") in [row[:2] for row in book.worksheets[1].iter_rows(values_only=True)]
    text = "\n".join(p.text for p in Document(io.BytesIO(exports.proposal_docx(on_time))).paragraphs)
    assert "测试交通运输局关于第 1 号提案的答复" in text and "一是调整线路；二是增设站点。" in text


def test_the_statistics_page_and_register_for_each_role(site):
    office = site("ziyang", "ziyang_admin")
    page = office.get("/proposals/statistics/")
    assert page.status_code == 200 and 'data-testid="on-time"' in page.content.decode()
    register = office.get("/proposals/register.xlsx")
    assert register.status_code == 200 and register["Content-Type"].startswith("application/vnd.openxml")
    assert site("ziyang", "ziyang_member").get("/proposals/register.xlsx").status_code == 403
    assert site("ziyang", "ziyang_member").get("/proposals/statistics/").status_code == 200
