"""Published proposals: on the committee's site for anyone, in the network's search; drafts and
unpublished ones never leave the committee."""
import re

import pytest
from django_tenants.utils import schema_context

from search.services import index_pending
from tenants.proposals.models import Proposal, Status

pytestmark = pytest.mark.django_db


def _search(client, q):
    response = client.get("/api/search/", {"q": q, "kind": "proposal"})
    assert response.status_code == 200, response.content
    return [re.sub(r"<[^>]+>", "", hit["title_html"]) for hit in response.json()["hits"]]


def test_the_office_publishes_an_answered_proposal_and_the_network_finds_it(site):
    with schema_context("ziyang"):
        answered = Proposal.objects.get(title="关于优化中心城区公交线网的建议")
        draft = Proposal.objects.filter(status=Status.DRAFT).first()
        submitted = Proposal.objects.filter(status=Status.SUBMITTED).first()
    office = site("ziyang", "ziyang_admin")
    # not answered yet: refused with a message
    refused = office.post(f"/proposals/{submitted.pk}/publish/", {"public": "1"}, follow=True)
    assert "只有已答复的提案可以公开。" in refused.content.decode()
    assert office.post(f"/proposals/{answered.pk}/publish/", {"public": "1"}).status_code == 302
    index_pending()
    anonymous = site("ziyang")
    listing = anonymous.get("/proposals/public/").content.decode()
    assert "关于优化中心城区公交线网的建议" in listing and draft.title not in listing
    page = anonymous.get(f"/proposals/public/{answered.pk}/")
    assert page.status_code == 200 and "新开通微循环线路 3 条" in page.content.decode()
    assert anonymous.get(f"/proposals/public/{draft.pk}/").status_code == 404
    # another committee's staff find it in the shared search; drafts are not indexed
    other = site("jinhua", "jinhua_admin")
    assert "关于优化中心城区公交线网的建议" in _search(other, "公交线网")
    assert draft.title not in _search(other, draft.title[2:8])
    # withdrawn: gone from the site and from the search
    assert office.post(f"/proposals/{answered.pk}/publish/", {"public": "0"}).status_code == 302
    index_pending()
    assert anonymous.get(f"/proposals/public/{answered.pk}/").status_code == 404
    assert "关于优化中心城区公交线网的建议" not in _search(other, "公交线网")
