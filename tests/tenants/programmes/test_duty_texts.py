"""A duty record made from an outcome reads in the reader's language: its sentence is the outcome's,
translated when shown, with the source's title as data; a record typed by hand shows what was typed."""
import re

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context
from rest_framework.test import APIClient

from accounts.models import User
from accounts.services import api_token_create
from tests.tenants.programmes.test_duty_outcomes import _proposal, people  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _chinese_after():
    """A request in English leaves English active in this thread: the next test calls services in Chinese."""
    yield
    from django.utils import translation

    translation.activate("zh-hans")


def _unmarked(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def _outside_marks(html: str) -> str:
    """The page's text without what is marked as data (translate="no")."""
    return re.sub(r'<(span|td|a)[^>]*translate="no"[^>]*>.*?</\1>', "", html, flags=re.S)


@pytest.fixture
def accepted(people):  # noqa: F811
    from tenants.programmes.services.duty import duty_record_add
    from tenants.proposals.services.drafting import proposal_submit
    from tenants.proposals.services.review import proposal_decide

    with schema_context("ziyang"):
        proposal = proposal_submit(actor=people["lead"], proposal=_proposal(people))
        proposal = proposal_decide(actor=people["office"], proposal=proposal, decision="accept")
        duty_record_add(member=people["co_member"], date=timezone.localdate(), text="参加专题协商会并发言")
    return proposal


def test_the_member_page_reads_the_outcomes_in_english_and_in_chinese(site, people, accepted):
    url = f"/programmes/members/{people['co_member'].pk}/duty/?year={timezone.localdate().year}"
    chinese = _unmarked(site("ziyang", "ziyang_viewer").get(url).content.decode())
    assert f"联名提案第 {accepted.number} 号“关于积分测试的建议”立案" in chinese and "联名提交提案" in chinese
    assert "参加专题协商会并发言" in chinese
    client = site("ziyang", "ziyang_viewer")
    client.cookies["django_language"] = "en"
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"Proposal No. {accepted.number} “关于积分测试的建议” (co-signer) accepted" in _unmarked(page)
    assert "Co-signed a proposal" in _unmarked(page)
    assert "参加专题协商会并发言" in _unmarked(page)  # typed by hand: data, as typed
    assert not re.search(r"[\u4e00-\u9fff]", _unmarked(_outside_marks(page.split("<tbody>", 1)[1].split("</tbody>", 1)[0])))


def test_the_api_follows_the_language_asked_for(people, accepted):
    client = APIClient(HTTP_HOST="ziyang.localhost")
    key = api_token_create(user=User.objects.get(username="ziyang_admin"), name="t")[1]
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    url = f"/api/members/{people['lead_member'].pk}/duty-records/"
    texts = {r["text"] for r in client.get(url, HTTP_ACCEPT_LANGUAGE="en").json()["results"]}
    assert texts == {"Submitted a proposal as lead signer",
                     f"Proposal No. {accepted.number} “关于积分测试的建议” (lead signer) accepted"}
    texts = {r["text"] for r in client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").json()["results"]}
    assert texts == {"领衔提交提案", f"领衔提案第 {accepted.number} 号“关于积分测试的建议”立案"}


def test_the_stored_text_stays_as_it_was_written(people, accepted):
    from tenants.programmes.models import DutyRecord

    with schema_context("ziyang"):
        stored = set(DutyRecord.objects.filter(member=people["lead_member"]).values_list("text", flat=True))
    assert stored == {"领衔提交提案", f"领衔提案第 {accepted.number} 号“关于积分测试的建议”立案"}
