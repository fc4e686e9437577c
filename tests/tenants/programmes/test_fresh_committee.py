"""Monthly-report deadlines come from real events on a committee with no demo data, and reminders follow."""
import datetime as dt

import pytest
from django.utils import timezone

from accounts.models import User
from tenants.programmes import services
from tenants.programmes.tasks import report_deadlines_refresh_task
from notifications.models import Notification
from tenants.reminders.models import Deadline
from tenants.reminders.services import reminders_send
from tenants.structure.models import Unit
from tests.tenants.fresh_committee import meishan  # noqa: F401  the fixture

pytestmark = pytest.mark.django_db


def _month_after(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def test_a_plan_item_with_a_lead_unit_registers_its_months_report_deadline_and_reminders_follow(meishan):
    this_month = timezone.localdate().replace(day=1)
    unit = Unit.objects.get(name="提案委员会")
    assert not Deadline.objects.exists()
    plan = services.programme_create(kind="work_points", title="本年度工作要点", start_year=this_month.year)
    item = services.item_create(programme=plan, number=1, title="开展提案培训", lead_unit=unit)

    # This month's report, and last month's while its due day (the 5th) has not passed.
    open_months = services.report_months_open()
    assert set(Deadline.objects.values_list("source", "key")) == {
        ("programmes.monthly_report", f"{unit.pk}:{month:%Y-%m}") for month in open_months}
    deadline = Deadline.objects.get(source="programmes.monthly_report", key=f"{unit.pk}:{this_month:%Y-%m}")
    due_on = _month_after(this_month).replace(day=5)
    assert (deadline.title, deadline.due_on, deadline.unit, deadline.done) == (
        f"月报：提案委员会 {this_month.year}年{this_month.month}月工作进展", due_on, unit, False)

    assert reminders_send(today=due_on - dt.timedelta(days=2)) == len(open_months)  # one recipient: the staff
    staff = User.objects.get(username="meishan_staff")
    assert f"{deadline.title}：还有 2 天截止" in {n.title_text() for n in Notification.objects.filter(user_id=staff.pk)}

    services.report_file(item=item, month=this_month, progress="完成第一期培训", status="on_track")
    deadline.refresh_from_db()
    assert deadline.done is True


def test_moving_an_item_to_another_unit_moves_its_deadline(meishan):
    this_month = timezone.localdate().replace(day=1)
    first = Unit.objects.get(name="提案委员会")
    second = Unit.objects.create(name="文化文史和学习委员会")
    plan = services.programme_create(kind="work_points", title="本年度工作要点", start_year=this_month.year)
    item = services.item_create(programme=plan, number=1, title="开展提案培训", lead_unit=first)
    services.item_update(item=item, lead_unit=second)
    assert list(Deadline.objects.filter(key__endswith=f":{this_month:%Y-%m}").values_list("key", "unit")) == [
        (f"{second.pk}:{this_month:%Y-%m}", second.pk)]


def test_a_plan_of_another_year_registers_nothing(meishan):
    year = timezone.localdate().year
    plan = services.programme_create(kind="work_points", title="下年度工作要点", start_year=year + 1)
    services.item_create(programme=plan, number=1, title="开展提案培训", lead_unit=Unit.objects.get(name="提案委员会"))
    assert not Deadline.objects.exists()


def test_the_daily_task_registers_what_the_services_missed(meishan):
    """Items written straight to the database (an import script, the admin) get their deadline the next morning."""
    from tenants.programmes.models import Item, Programme

    this_month = timezone.localdate().replace(day=1)
    unit = Unit.objects.get(name="提案委员会")
    plan = Programme.objects.create(kind="work_points", title="本年度工作要点", start_year=this_month.year,
                                    end_year=this_month.year)
    Item.objects.create(programme=plan, number=1, title="开展提案培训", lead_unit=unit)
    assert not Deadline.objects.exists()
    result = report_deadlines_refresh_task.apply().get()
    assert result["schema"] == "meishan" and result["created"] >= 1
    assert Deadline.objects.filter(source="programmes.monthly_report", key=f"{unit.pk}:{this_month:%Y-%m}").exists()
    assert report_deadlines_refresh_task.apply().get()["created"] == 0
