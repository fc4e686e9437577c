"""The to-do list of the proposal work and of the reports: each person sees what waits for them, on
their workspace (a handling unit's staff: on their own page), each entry linking where it is done."""
import datetime as dt
import re

import pytest
from django.utils import timezone

from tests.tenants.proposals.conftest import draft

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _chinese_after():
    """A request in English leaves English active in this thread: the next test calls services in Chinese."""
    yield
    from django.utils import translation

    translation.activate("zh-hans")


def _section(body: str, key: str) -> dict[str, str]:
    """The entries of to-do section `key`: link text (data marks left out) → its address; absent: None."""
    found = re.search(rf'<article data-testid="todo-{key}">(.*?)</article>', body, re.S)
    if found is None:
        return None
    return {re.sub(r"<[^>]+>", "", text).strip(): href
            for href, text in re.findall(r'<a href="([^"]+)">(.*?)</a>', found.group(1), re.S)
            if not href.startswith("/proposals/?") and "全部" not in text}


def _page(site, username: str, url: str = "/") -> str:
    response = site("ziyang", username).get(url)
    assert response.status_code == 200, (username, response.status_code)
    return response.content.decode()


def test_a_proposal_waits_in_the_to_do_of_whoever_acts_next(site, season):
    from tenants.proposals.services import answers, drafting, handling, review

    units = season["units"]
    proposal = draft(season)
    drafting.cosigners_invite(actor=season["lead"], proposal=proposal, members=[season["co_member"]])
    detail = f"/proposals/{proposal.pk}/"
    # the co-signer confirms before the deadline; the lead signer has a draft
    co = _page(site, "p_co")
    assert _section(co, "proposal_cosign") == {"关于优化城区公交线网的建议": detail}
    deadline = season["year"].submission_deadline.strftime("%Y年%-m月%-d日")
    assert deadline in co[co.index('data-testid="todo-proposal_cosign"'):]
    assert _section(_page(site, "p_lead"), "proposal_drafts") == {"关于优化城区公交线网的建议": detail}
    assert _section(_page(site, "p_other"), "proposal_cosign") == {}
    drafting.cosign_respond(actor=season["co"], proposal=proposal, accept=True)
    drafting.proposal_submit(actor=season["lead"], proposal=proposal)
    assert _section(_page(site, "p_co"), "proposal_cosign") == {}
    # the office reviews it
    assert _section(_page(site, "ziyang_admin"), "proposal_review")["关于优化城区公交线网的建议"] == detail
    assert _section(_page(site, "ziyang_viewer"), "proposal_review") is None  # not the office
    review.proposal_decide(actor=season["office"], proposal=proposal, decision="accept")
    proposal = handling.proposal_assign(actor=season["office"], proposal=proposal, lead=units["traffic"],
                                        cooperating=[units["housing"]])
    title = f"{proposal.number} {proposal.title}"
    # the lead unit answers it; its deadline is on the entry, and marked once passed
    page = _page(site, "h_traffic", "/proposals/handling/")
    [(text, url)] = _section(page, "handling_answer").items()
    assert text == title and url.startswith("/proposals/handling/")
    assert site("ziyang", "h_traffic").get(url).status_code == 200
    assert "已逾期" not in page.split('data-testid="handling"', 1)[1]
    assert _section(_page(site, "h_housing", "/proposals/handling/"), "handling_answer") == {}
    assert _section(_page(site, "h_finance", "/proposals/handling/"), "handling_answer") == {}
    type(proposal).objects.filter(pk=proposal.pk).update(answer_due_on=timezone.localdate() - dt.timedelta(days=1))
    page = _page(site, "h_traffic", "/proposals/handling/")
    assert "已逾期" in page[page.index('data-testid="todo-handling_answer"'):page.index("</article>")]
    assert "已逾期" in page.split('data-testid="handling"', 1)[1]  # and in the table of every assignment
    assert _section(_page(site, "ziyang_admin"), "proposal_overdue")[title] == detail
    # a change request waits for the office
    [housing_assignment] = proposal.assignments.filter(handling_unit=units["housing"])
    handling.change_request_create(actor=season["housing"], assignment=housing_assignment, reason="不属本单位职责。")
    assert _section(_page(site, "ziyang_admin"), "proposal_changes")[title] == detail
    # the answer sent: the cooperating unit countersigns, then the office reviews it
    answer = answers.answer_save(actor=season["traffic"], proposal=proposal, unit=units["traffic"],
                                 reply_number="资交提〔2031〕1号", text="已调整线路。", contact="王科长", outcome="A")
    answer = answers.answer_submit(actor=season["traffic"], answer=answer)
    assert _section(_page(site, "h_traffic", "/proposals/handling/"), "handling_answer") == {}
    assert _section(_page(site, "h_housing", "/proposals/handling/"), "handling_countersign") == {
        title: f"/proposals/handling/{housing_assignment.pk}/"}
    answers.countersign(actor=season["housing"], answer=answer, unit=units["housing"], agree=True)
    assert _section(_page(site, "h_housing", "/proposals/handling/"), "handling_countersign") == {}
    assert _section(_page(site, "ziyang_admin"), "proposal_answers")[title] == detail
    answers.answer_review(actor=season["office"], answer=answer, approve=True)
    assert title not in _section(_page(site, "ziyang_admin"), "proposal_answers")
    # delivered: each signer rates it, and it leaves their list once rated
    assert _section(_page(site, "p_lead"), "proposal_rate") == {title: detail}
    answers.rating_give(actor=season["lead"], answer=answer, satisfaction="satisfied")
    assert _section(_page(site, "p_lead"), "proposal_rate") == {}
    assert _section(_page(site, "p_co"), "proposal_rate") == {title: detail}
    assert _section(_page(site, "p_other"), "proposal_rate") == {}


def test_the_reports_office_sees_reports_waiting_to_be_handled(site, season):
    from tenants.opinions.services.submission import report_submit

    report = report_submit(actor=season["lead"], origin="member", title="关于城区停车难的反映",
                           situation="停车位不足。", suggestions="建设立体停车场。")
    assert _section(_page(site, "ziyang_admin"), "opinions_waiting")["关于城区停车难的反映"] == f"/opinions/{report.pk}/"
    assert _section(_page(site, "p_lead"), "opinions_waiting") is None


def test_a_handlers_to_do_is_in_english_too(site, season):
    client = site("ziyang", "h_traffic")
    client.cookies["django_language"] = "en"
    body = client.get("/proposals/handling/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Proposals to answer" in body and "Answers to countersign" in body and "待答复的提案" not in body
