"""notify: recipients only of the committee, idempotent by key; email after commit, retried with
backoff, kept while the broker is down, not sent when turned off; the inbox's reads."""
import datetime as dt
import smtplib
import time

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.utils import timezone

from notifications.models import EmailState, Kind, Notification
from notifications.selectors import email_outbox_state, notification_list, unread_count
from notifications.services import (
    email_pending_send, notification_mark_read, notify, preference_set, retry_delay,
)

pytestmark = pytest.mark.django_db

TITLE = "“%(item)s”%(month)s 月报被退回"


def _rows():
    """The rows these tests made (the demo's own workflows notified people too)."""
    return Notification.objects.filter(title=TITLE)


def _notify(people, recipients, **extra):
    return notify(organisation=people["ziyang"], recipients=recipients, kind=Kind.REPORT_RETURNED,
                  title=TITLE, body="退回意见：%(comment)s",
                  params={"item": "提案培训", "month": "2026-11", "comment": "请补充数据"},
                  url="/programmes/", **extra)


def test_only_people_of_the_committee_and_its_provinces_officers_are_notified(people):
    everyone = [people[n] for n in ("staff", "member", "jinhua_admin", "jinhua_staff", "sichuan_officer",
                                    "zhejiang_officer")]
    _notify(people, everyone)
    got = set(_rows().filter(organisation=people["ziyang"]).values_list("user__username", flat=True))
    assert not _rows().exclude(organisation=people["ziyang"]).exists()
    assert got == {"ziyang_staff", "ziyang_member", "sichuan_officer"}
    row = _rows().get(user=people["staff"])
    assert (row.title_text(), row.body_text(), row.kind, row.url) == (
        "“提案培训”2026-11 月报被退回", "退回意见：请补充数据", Kind.REPORT_RETURNED, "/programmes/")


def test_an_inactive_person_is_not_notified(people):
    people["member"].is_active = False
    people["member"].save(update_fields=["is_active"])
    assert _notify(people, [people["member"], people["staff"]])
    assert list(_rows().values_list("user__username", flat=True)) == ["ziyang_staff"]


def test_the_same_key_notifies_each_person_once(people):
    _notify(people, [people["staff"]], key="report:1:returned")
    _notify(people, [people["staff"], people["admin"]], key="report:1:returned")
    assert sorted(_rows().values_list("user__username", flat=True)) == ["ziyang_admin", "ziyang_staff"]


def test_the_email_is_sent_after_commit_with_a_link_to_the_committees_site(
        people, django_capture_on_commit_callbacks, settings):
    settings.CPPCC_SITE_SCHEME, settings.CPPCC_SITE_PORT = "https", ""
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _notify(people, [people["staff"]])
        assert mail.outbox == []  # nothing leaves before the transaction commits
    assert _rows().get().email_state == EmailState.PENDING
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ziyang_staff@example.cn"]
    assert message.subject == "[资阳] “提案培训”2026-11 月报被退回"
    assert "退回意见：请补充数据" in message.body
    assert "https://ziyang.localhost/programmes/" in message.body
    assert _rows().get().email_state == EmailState.SENT


def test_no_address_or_email_turned_off_means_no_email(people, django_capture_on_commit_callbacks):
    preference_set(user=people["staff"], email_enabled=False)
    people["member"].email = ""
    people["member"].save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        _notify(people, [people["staff"], people["member"], people["admin"]])
    assert [m.to for m in mail.outbox] == [["ziyang_admin@example.cn"]]
    states = dict(_rows().values_list("user__username", "email_state"))
    assert states == {"ziyang_staff": EmailState.SKIPPED, "ziyang_member": EmailState.SKIPPED,
                      "ziyang_admin": EmailState.SENT}
    assert _rows().filter(user=people["staff"], read_at__isnull=True).count() == 1  # still in the inbox


def test_turning_email_off_stops_emails_still_pending(people):
    _notify(people, [people["staff"]])  # no commit in this test: the email is pending
    preference_set(user=people["staff"], email_enabled=False)
    assert email_pending_send() == 0 and mail.outbox == []
    assert _rows().get().email_state == EmailState.SKIPPED


class FailingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("mail server went away")


def test_a_failed_send_waits_with_backoff_and_the_retry_sends_it(people, settings):
    _notify(people, [people["staff"]])
    settings.EMAIL_BACKEND = "tests.platform.notifications.test_services.FailingBackend"
    assert email_pending_send() == 0
    row = _rows().get()
    assert (row.email_state, row.attempts) == (EmailState.PENDING, 1)
    assert "mail server went away" in row.last_error
    assert row.next_attempt_at > timezone.now() + dt.timedelta(seconds=50)
    assert email_outbox_state() == {"pending": 1, "failing": 1, "failed": 0}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert email_pending_send() == 0  # not due yet
    _rows().update(next_attempt_at=timezone.now() - dt.timedelta(seconds=1))
    assert email_pending_send() == 1
    assert len(mail.outbox) == 1 and _rows().get().email_state == EmailState.SENT
    assert [retry_delay(n) for n in (1, 2, 3)] == [dt.timedelta(minutes=m) for m in (1, 2, 4)]
    assert retry_delay(30) == dt.timedelta(days=1)


def test_the_management_command_retries_failing_rows_now(people, settings, capsys):
    _notify(people, [people["staff"]])
    settings.EMAIL_BACKEND = "tests.platform.notifications.test_services.FailingBackend"
    email_pending_send()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("notifications_email")
    assert mail.outbox == []  # waiting for its next attempt
    call_command("notifications_email", "--retry")
    assert len(mail.outbox) == 1
    assert "sent 1; pending 0" in capsys.readouterr().out


def test_with_the_broker_down_the_service_answers_at_once_and_the_row_waits_for_beat(
        people, dead_broker, django_capture_on_commit_callbacks):
    start = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _notify(people, [people["staff"]])
    assert callbacks and time.monotonic() - start < 2.0
    assert mail.outbox == [] and _rows().get().email_state == EmailState.PENDING
    from notifications.tasks import email_send_task

    assert email_send_task.apply().get() == 1  # what beat's minute sends, once a worker can be reached
    assert len(mail.outbox) == 1


def test_mark_read_touches_only_the_persons_own_rows_of_this_committee(people):
    from tenancy.models import Organisation

    jinhua = Organisation.objects.get(schema_name="jinhua")
    Notification.objects.all().delete()  # what the demo's workflows sent
    _notify(people, [people["staff"]])
    _notify(people, [people["staff"], people["admin"]])
    notify(organisation=jinhua, recipients=[people["jinhua_admin"]], kind=Kind.REPORT_FILED, title="金华的通知")
    staff_rows = list(notification_list(user=people["staff"], organisation=people["ziyang"]).order_by("id"))
    assert notification_mark_read(user=people["admin"], organisation=people["ziyang"],
                                  ids=[r.pk for r in staff_rows]) == 0
    assert notification_mark_read(user=people["staff"], organisation=people["ziyang"], ids=[staff_rows[0].pk]) == 1
    assert unread_count(user=people["staff"], organisation=people["ziyang"]) == 1
    assert notification_mark_read(user=people["staff"], organisation=people["ziyang"]) == 1
    assert unread_count(user=people["staff"], organisation=people["ziyang"]) == 0
    assert unread_count(user=people["admin"], organisation=people["ziyang"]) == 1
    assert unread_count(user=people["jinhua_admin"], organisation=jinhua) == 1


def test_an_unknown_kind_is_refused(people):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        notify(organisation=people["ziyang"], recipients=[people["staff"]], kind="nonsense", title="x")
    assert not Notification.objects.filter(title="x").exists()


def test_the_beat_sends_pending_emails_every_minute_in_the_public_schema():
    from config.celery import app

    app.loader.import_default_modules()
    entry = app.conf.beat_schedule["notifications-email-pending"]
    assert entry == {"task": "notifications.email_send", "schedule": 60.0, "tenant_schemas": ["public"]}
    assert "notifications.email_send" in app.tasks


def test_readiness_reports_the_email_outbox(people, site):
    Notification.objects.exclude(title=TITLE).delete()
    _notify(people, [people["staff"]])
    report = site(None).get("/readyz").json()["reports"]["notifications_email"]
    assert report == {"pending": 1, "failing": 0, "failed": 0}


def test_notifying_many_people_takes_a_fixed_number_of_queries(people, django_assert_max_num_queries):
    from accounts.models import Role
    from accounts.services import membership_grant, user_ensure

    many = []
    for i in range(12):
        user = user_ensure(username=f"ziyang_many{i}", display_name=f"资阳{i}")
        membership_grant(user=user, organisation=people["ziyang"], role=Role.VIEWER)
        many.append(user)
    with django_assert_max_num_queries(8):
        rows = _notify(people, many, key="many")
    assert len(rows) == 12
