"""Reminders of what is due: the service, the task in each committee's schema, a real worker."""
import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from accounts.models import Membership, User
from notifications.models import Kind, Notification
from tenancy.models import Organisation
from tenants.reminders.models import Deadline
from tenants.reminders.services import reminders_send
from tenants.reminders.tasks import reminders_send_task, where_am_i_task
from tenants.structure.models import Unit

REPO = Path(__file__).resolve().parents[3]


def _titles(**filters) -> set[str]:
    """Titles of the deadline reminders (the demo's workflows notified people of other things too)."""
    rows = Notification.objects.filter(kind__in=[Kind.DEADLINE_APPROACHING, Kind.DEADLINE_PASSED], **filters)
    return {n.title_text() for n in rows}


@pytest.mark.django_db
def test_reminders_go_to_admins_and_staff_as_deadlines_near_and_once_when_passed():
    with schema_context("ziyang"):
        ziyang = Organisation.objects.get(schema_name="ziyang")
        Deadline.objects.all().delete()
        Deadline.objects.create(title="金点子推荐截止", due_on=dt.date(2026, 12, 8))  # 6 days: the 7-day reminder
        Deadline.objects.create(title="远期事项", due_on=dt.date(2027, 3, 1))  # outside 14 days
        Deadline.objects.create(title="已办结事项", due_on=dt.date(2026, 12, 2), done=True)
        Deadline.objects.create(title="年度更新", due_on=dt.date(2026, 11, 28))  # passed
        assert reminders_send(today=dt.date(2026, 12, 2)) == 4  # 2 deadlines × (admin, staff)
        assert reminders_send(today=dt.date(2026, 12, 2)) == 0  # same day: nothing new
        assert reminders_send(today=dt.date(2026, 12, 3)) == 0  # 5 days: still the 7-day stage; passed: once
        assert reminders_send(today=dt.date(2026, 12, 5)) == 2  # 3 days: the 3-day reminder
    admin, staff, member = (User.objects.get(username=f"ziyang_{r}") for r in ("admin", "staff", "member"))
    rows = Notification.objects.filter(organisation=ziyang, kind__in=[Kind.DEADLINE_APPROACHING, Kind.DEADLINE_PASSED])
    assert set(rows.values_list("user_id", flat=True)) == {admin.pk, staff.pk}  # not the member
    assert _titles(user=staff, organisation=ziyang) == {
        "金点子推荐截止：还有 6 天截止", "年度更新：已逾期 4 天", "金点子推荐截止：还有 3 天截止"}
    assert rows.get(user=staff, title__contains="已逾期").kind == Kind.DEADLINE_PASSED
    assert not Notification.objects.filter(user=member).filter(title__contains="截止").exists()
    assert not Notification.objects.exclude(organisation=ziyang).filter(params__title="年度更新").exists()


@pytest.mark.django_db
def test_a_units_deadline_reminds_its_own_staff_and_the_office_not_other_units_staff():
    with schema_context("ziyang"):
        ziyang = Organisation.objects.get(schema_name="ziyang")
        Deadline.objects.all().delete()
        other = Unit.objects.exclude(name="办公室").first()
        Deadline.objects.create(title="他委事项", due_on=dt.date(2026, 12, 3), unit=other)
        Deadline.objects.create(title="办公室事项", due_on=dt.date(2026, 12, 3), unit=Unit.objects.get(name="办公室"))
        reminders_send(today=dt.date(2026, 12, 2))
    staff, admin = User.objects.get(username="ziyang_staff"), User.objects.get(username="ziyang_admin")
    assert _titles(user=staff, organisation=ziyang) == {"办公室事项：还有 1 天截止"}
    assert _titles(user=admin, organisation=ziyang) == {"办公室事项：还有 1 天截止", "他委事项：还有 1 天截止"}
    body = Notification.objects.get(user=staff, organisation=ziyang, kind=Kind.DEADLINE_APPROACHING).body_text()
    assert body == "截止日期 2026-12-03（办公室）"


@pytest.mark.django_db
def test_in_process_task_runs_in_the_schema_of_the_committee_that_queued_it():
    """apply() is what the eager mode (no REDIS_URL) does for every delay()."""
    with schema_context("ziyang"):
        assert where_am_i_task.apply().get() == "ziyang"
    with schema_context("jinhua"):
        result = reminders_send_task.apply().get()
        assert result["schema"] == "jinhua"
        jinhua = Organisation.objects.get(schema_name="jinhua")
        assert Notification.objects.filter(organisation=jinhua).count() >= result["sent"] > 0
    ziyang_people = set(Membership.objects.filter(organisation__schema_name="ziyang").values_list("user_id", flat=True))
    jinhua_people = set(Membership.objects.filter(organisation=jinhua).values_list("user_id", flat=True))
    notified = set(Notification.objects.filter(organisation=jinhua).values_list("user_id", flat=True))
    assert notified and notified <= jinhua_people and not notified & (ziyang_people - jinhua_people)


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL not set: no broker for a real worker")
def test_real_worker_on_redis_runs_each_task_in_its_committee(django_db_blocker):
    """A worker process on Redis alternates between committees; each task lands in its own schema."""
    from celery import current_app

    from config.database import database_url_for

    env = {**os.environ, "DATABASE_URL": database_url_for(connection.settings_dict),
           "PYTHONPATH": f"{REPO / 'platform'}:{REPO}"}
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--loglevel=warning",
         "-Q", "isolation-test"],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    try:
        with django_db_blocker.unblock():
            results = []
            for slug in ["ziyang", "jinhua", "ziyang", "anyue", "jinhua"]:
                with schema_context(slug):
                    results.append((slug, where_am_i_task.apply_async(queue="isolation-test")))
            seen = [(slug, r.get(timeout=60)) for slug, r in results]
            assert seen == [(slug, slug) for slug, _ in results]
            with schema_context("wusheng"):
                counted = reminders_send_task.apply_async(queue="isolation-test").get(timeout=60)
                assert counted["schema"] == "wusheng"
                Notification.objects.filter(organisation__schema_name="wusheng", key__startswith="deadline:").delete()
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        current_app.control  # keep the app referenced until the worker is gone


def test_beat_schedules_the_daily_reminder_for_every_committee():
    from django.conf import settings

    from config.celery import app

    entry = app.conf.beat_schedule["reminders-daily"]
    assert entry["task"] == "reminders.send"
    assert "tenant_schemas" not in entry  # no list: beat sends it to every committee
    assert settings.CELERY_BEAT_SCHEDULER.endswith("TenantAwarePersistentScheduler")


def test_beat_runs_the_safety_nets_in_every_committee_before_the_reminders():
    from config.celery import app

    app.loader.import_default_modules()  # what a worker does at start: every app's tasks.py
    schedule = app.conf.beat_schedule
    reminders = schedule["reminders-daily"]["schedule"]
    for name, task in [("report-deadlines-daily", "programmes.report_deadlines_refresh"),
                       ("member-count-daily", "structure.member_count_push")]:
        entry = schedule[name]
        assert entry["task"] == task and task in app.tasks
        assert "tenant_schemas" not in entry  # every committee
        assert (entry["schedule"].hour, entry["schedule"].minute) == ({7}, {30})
    assert (reminders.hour, reminders.minute) == ({8}, {0})
