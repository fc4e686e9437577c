"""Reminders of the proposal work: an answer deadline reminds the staff of the units the proposal is
assigned to (not the committee's offices, nor anyone of another committee); an open co-sign
invitation reminds the invited member as the submission deadline comes near."""
import datetime as dt

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from notifications.models import EmailState, Kind, Notification
from tests.tenants.proposals.conftest import draft

pytestmark = pytest.mark.django_db


def _told(since: int, kind: str) -> dict[str, tuple[str, str]]:
    """username -> (title as sent, url) of the notifications of `kind` made after `since`."""
    return {n.user.username: (n.title % n.params, n.url)
            for n in Notification.objects.filter(pk__gt=since, kind=kind).select_related("user")}


def _last() -> int:
    return Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def test_an_answer_deadline_reminds_the_assigned_units_staff(site, season):
    from tenants.proposals.services import handling, review
    from tenants.reminders.models import Deadline
    from tenants.reminders.services import reminders_send

    units, today = season["units"], timezone.localdate()
    proposal = draft(season)
    from tenants.proposals.services.drafting import proposal_submit

    proposal_submit(actor=season["lead"], proposal=proposal)
    review.proposal_decide(actor=season["office"], proposal=proposal, decision="accept")
    proposal = handling.proposal_assign(actor=season["office"], proposal=proposal, lead=units["traffic"],
                                        cooperating=[units["housing"]])
    Deadline.objects.exclude(key=f"answer:{proposal.pk}:1").delete()  # the demo's, and nothing else
    Deadline.objects.filter(key=f"answer:{proposal.pk}:1").update(due_on=today + dt.timedelta(days=3))
    since = _last()
    reminders_send(today=today)
    reminders_send(today=today)  # twice the same day: once each
    told = _told(since, Kind.DEADLINE_APPROACHING)
    title = f"提案答复：{proposal.number}号 关于优化城区公交线网的建议：还有 3 天截止"
    assert told == {"h_traffic": (title, "/proposals/handling/"), "h_housing": (title, "/proposals/handling/")}
    # by e-mail too, when they have an address (sent after commit from the outbox)
    assert set(Notification.objects.filter(pk__gt=since).values_list("email_state", flat=True)) <= {
        EmailState.PENDING, EmailState.SKIPPED}
    # the handler reads it in their inbox, and opening it lands on their own page
    inbox = site("ziyang", "h_traffic").get("/notifications/").content.decode()
    assert "还有 3 天截止" in inbox
    # passed: the units are told once more
    since = _last()
    reminders_send(today=today + dt.timedelta(days=5))
    assert set(_told(since, Kind.DEADLINE_PASSED)) == {"h_traffic", "h_housing"}


def test_a_co_sign_invitation_reminds_the_invited_member_until_they_answer(season):
    from tenants.proposals.services.drafting import cosign_respond, cosigners_invite
    from tenants.reminders.services import reminders_send

    deadline = season["year"].submission_deadline  # in 10 days
    proposal = draft(season)
    cosigners_invite(actor=season["lead"], proposal=proposal, members=[season["co_member"], season["other_member"]])
    since = _last()
    reminders_send(today=timezone.localdate())
    reminders_send(today=timezone.localdate())
    told = _told(since, Kind.PROPOSAL_COSIGN)
    title = "联名邀请“关于优化城区公交线网的建议”还有 10 天截止确认"
    assert told == {"p_co": (title, f"/proposals/{proposal.pk}/"), "p_other": (title, f"/proposals/{proposal.pk}/")}
    # p_co confirms; three days before the deadline only p_other is reminded again
    cosign_respond(actor=season["co"], proposal=proposal, accept=True)
    since = _last()
    reminders_send(today=deadline - dt.timedelta(days=3))
    assert set(_told(since, Kind.PROPOSAL_COSIGN)) == {"p_other"}
    # after the deadline nothing more
    since = _last()
    reminders_send(today=deadline + dt.timedelta(days=1))
    assert _told(since, Kind.PROPOSAL_COSIGN) == {}


def test_reminders_of_one_committee_reach_nobody_of_another(season):
    from tenants.reminders.services import reminders_send

    draft_ = draft(season)
    from tenants.proposals.services.drafting import cosigners_invite

    cosigners_invite(actor=season["lead"], proposal=draft_, members=[season["co_member"]])
    since = _last()
    with schema_context("jinhua"):
        reminders_send(today=timezone.localdate())
    assert not Notification.objects.filter(pk__gt=since, kind=Kind.PROPOSAL_COSIGN).exists()
    assert not Notification.objects.filter(pk__gt=since, organisation__schema_name="jinhua",
                                           user__username__startswith="h_").exists()
