"""The inbox page, the header's unread count, mark read, following a link, the email switch, the API."""
import re

import pytest
from django.utils import translation
from rest_framework.test import APIClient

from notifications.models import EmailState, Kind, Notification
from notifications.services import notify

pytestmark = pytest.mark.django_db


@pytest.fixture
def inbox(people):
    """ziyang_staff's inbox in 资阳: two unread notifications (the demo's removed); one of 金华 for jinhua_admin."""
    from tenancy.models import Organisation

    Notification.objects.all().delete()
    ziyang = people["ziyang"]
    first, = notify(organisation=ziyang, recipients=[people["staff"]], kind=Kind.REPORT_RETURNED,
                    title="“%(item)s”%(month)s 月报被退回", params={"item": "提案培训", "month": "2026-11"},
                    url="/programmes/", key="t:1")
    notify(organisation=ziyang, recipients=[people["staff"]], kind=Kind.DEADLINE_APPROACHING,
           title="%(title)s：今天截止", params={"title": "年度总结"}, url="/", key="t:2")
    notify(organisation=Organisation.objects.get(schema_name="jinhua"), recipients=[people["jinhua_admin"]],
           kind=Kind.REPORT_FILED, title="金华的月报待审核", url="/programmes/")
    with translation.override("zh-hans"):  # a request of an earlier test may have left English active
        return {row.title_text(): row for row in Notification.objects.filter(organisation=ziyang)}


def test_the_inbox_lists_ones_own_notifications_with_the_unread_count_in_the_header(site, inbox):
    body = site("ziyang", "ziyang_staff").get("/notifications/").content.decode()
    read = re.sub(r"</?span[^>]*>", "", body)  # the page as read: the marks around data left out
    assert "“提案培训”2026-11 月报被退回" in read and "年度总结：今天截止" in read
    assert "月报被退回" in body  # the kind's label
    assert 'data-testid="inbox-unread-count"' in body and ">2</span>" in body
    assert "金华的月报待审核" not in body
    other = site("ziyang", "ziyang_admin").get("/notifications/").content.decode()
    assert "提案培训" not in other and 'data-testid="inbox-unread-count"' not in other


def test_every_page_of_the_site_shows_the_count(site, inbox):
    body = site("ziyang", "ziyang_staff").get("/structure/units/").content.decode()
    assert 'href="/notifications/"' in body and ">2</span>" in body


def test_mark_one_read_then_all(site, inbox):
    client = site("ziyang", "ziyang_staff")
    row = inbox["年度总结：今天截止"]
    assert client.post("/notifications/read/", {"id": row.pk}).status_code == 302
    row.refresh_from_db()
    assert row.read_at is not None
    assert client.get("/notifications/?show=unread").content.decode().count('data-testid="notification"') == 1
    client.post("/notifications/read/")
    assert not Notification.objects.filter(user=row.user, read_at__isnull=True).exists()
    assert 'data-testid="inbox-unread-count"' not in client.get("/notifications/").content.decode()


def test_a_bad_mark_read_request_gets_a_message_not_an_error(site, inbox):
    client = site("ziyang", "ziyang_staff")
    response = client.post("/notifications/read/", {"id": "x"}, follow=True)
    assert response.status_code == 200 and "要标记的通知不存在。" in response.content.decode()
    assert Notification.objects.filter(user__username="ziyang_staff", read_at__isnull=True).count() == 2


def test_following_a_notification_marks_it_read_and_opens_its_page(site, inbox):
    row = inbox["“提案培训”2026-11 月报被退回"]
    response = site("ziyang", "ziyang_staff").get(f"/notifications/{row.pk}/open/")
    assert (response.status_code, response["Location"]) == (302, "/programmes/")
    row.refresh_from_db()
    assert row.read_at is not None


def test_another_persons_or_committees_notification_cannot_be_opened(site, inbox):
    row = inbox["“提案培训”2026-11 月报被退回"]
    assert site("ziyang", "ziyang_admin").get(f"/notifications/{row.pk}/open/").status_code == 404
    jinhua_row = Notification.objects.get(organisation__schema_name="jinhua")
    # the admin of 金华 on 资阳's site: no role there
    assert site("ziyang", "jinhua_admin").get(f"/notifications/{jinhua_row.pk}/open/").status_code == 403
    # 金华's notification named on 资阳's site by someone with a role in both
    from accounts.models import Role
    from accounts.services import membership_grant

    membership_grant(user=jinhua_row.user, organisation=inbox[next(iter(inbox))].organisation, role=Role.VIEWER)
    assert site("ziyang", "jinhua_admin").get(f"/notifications/{jinhua_row.pk}/open/").status_code == 404
    jinhua_row.refresh_from_db()
    assert jinhua_row.read_at is None


def test_turning_email_off_and_on_from_the_inbox(site, inbox, people):
    client = site("ziyang", "ziyang_staff")
    response = client.post("/notifications/settings/", {"next": "/notifications/"}, follow=True)
    assert "已关闭邮件通知" in response.content.decode()
    assert set(Notification.objects.filter(user=people["staff"]).values_list("email_state", flat=True)) == {
        EmailState.SKIPPED}
    notify(organisation=people["ziyang"], recipients=[people["staff"]], kind=Kind.REPORT_FILED, title="关闭后")
    assert Notification.objects.get(title="关闭后").email_state == EmailState.SKIPPED
    client.post("/notifications/settings/", {"email_enabled": "on"})
    notify(organisation=people["ziyang"], recipients=[people["staff"]], kind=Kind.REPORT_FILED, title="开启后")
    assert Notification.objects.get(title="开启后").email_state == EmailState.PENDING
    assert 'name="email_enabled" role="switch" checked' in client.get("/notifications/").content.decode()


def test_a_member_reads_their_inbox_too(site, people):
    notify(organisation=people["ziyang"], recipients=[people["member"]], kind=Kind.IDEA_COMMENDED,
           title="金点子“%(title)s”获表扬", params={"title": "社区食堂"}, url="/golden-ideas/")
    client = site("ziyang", "ziyang_member")
    assert "金点子“社区食堂”获表扬" in re.sub(r"</?span[^>]*>", "", client.get("/notifications/").content.decode())
    assert client.post("/notifications/read/").status_code == 302
    assert not Notification.objects.filter(user=people["member"], read_at__isnull=True).exists()


def test_the_inbox_in_english(site, inbox):
    client = site("ziyang", "ziyang_staff")
    client.cookies["django_language"] = "en"
    body = client.get("/notifications/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Notifications" in body and "Mark all as read" in body
    assert "Monthly report returned" in body
    assert "returned" in body and "提案培训" in body


def _api(username):
    from accounts.models import User

    client = APIClient(HTTP_HOST="ziyang.localhost")
    client.force_authenticate(User.objects.get(username=username))
    return client


def test_the_api_lists_filters_and_marks_read(inbox):
    client = _api("ziyang_staff")
    listed = client.get("/api/notifications/").json()
    assert listed["count"] == 2
    assert {r["title"] for r in listed["results"]} == {"“提案培训”2026-11 月报被退回", "年度总结：今天截止"}
    row = inbox["年度总结：今天截止"]
    answer = client.post(f"/api/notifications/{row.pk}/read/").json()
    assert answer == {"marked": 1, "unread": 1}
    assert client.get(f"/api/notifications/{row.pk}/read/").json()["unread"] is False
    unread = client.get("/api/notifications/", {"unread": "true"}).json()
    assert [r["kind"] for r in unread["results"]] == ["report_returned"]
    assert client.get("/api/notifications/unread/").json() == {"marked": 0, "unread": 1}
    assert client.post("/api/notifications/unread/", {"ids": [row.pk + 1000]}, format="json").json() == {
        "marked": 0, "unread": 1}
    assert client.post("/api/notifications/unread/", {}, format="json").json() == {"marked": 1, "unread": 0}


def test_the_api_refuses_bad_input_and_other_peoples_rows(inbox):
    client = _api("ziyang_admin")
    row = inbox["年度总结：今天截止"]
    assert client.post(f"/api/notifications/{row.pk}/read/").status_code == 404
    bad = client.post("/api/notifications/unread/", {"ids": ["x"]}, format="json")
    assert bad.status_code == 400 and bad.json()["code"] == "invalid"
    row.refresh_from_db()
    assert row.read_at is None
    assert _api("jinhua_admin").get("/api/notifications/").status_code == 403


def test_the_account_page_has_the_email_switch(site, people):
    client = site("ziyang", "ziyang_staff")
    page = client.get("/account/").content.decode()
    assert 'data-testid="account-notifications"' in page and 'name="email_enabled" role="switch" checked' in page
    client.post("/notifications/settings/", {"next": "/account/"})
    page = client.get("/account/").content.decode()
    assert 'name="email_enabled" role="switch">' in page
    # the console's account page has no inbox: no switch, no error
    console = site(None, "operator").get("/account/")
    assert console.status_code == 200 and 'data-testid="account-notifications"' not in console.content.decode()
