"""Every workflow event notifies the right people, and nobody of another committee.

Monthly reports: filed → the office's reviewers (administrators); returned / accepted → whoever
filed it and the lead unit's staff. Golden ideas: recommended → the reviewers (unit staff and the
office); 初选 / 审定 → its recommender and the office; 表扬 → its recommender. Deadlines: see
tests/tenants/reminders (approaching, passed). Never the person who acted.
"""
import datetime as dt

import pytest
from django_tenants.utils import schema_context

from notifications.models import Kind, Notification
from tests.platform.notifications.conftest import network_of

pytestmark = pytest.mark.django_db


def _sent(kind, since: int) -> dict[str, str]:
    """username → title of the notifications of ``kind`` made after row ``since``."""
    rows = Notification.objects.filter(kind=kind, pk__gt=since).select_related("user", "organisation")
    for row in rows:  # the promise: nobody outside the committee's network
        assert row.user_id in network_of(row.organisation), (row.user.username, row.organisation.schema_name)
    return {row.user.username: row.title_text() for row in rows}


def _last() -> int:
    return Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


@pytest.fixture
def office_item(people):
    """An item of 资阳 led by its 办公室 (where ziyang_staff works), for 2031."""
    from tenants.programmes import services
    from tenants.structure.models import Unit

    with schema_context("ziyang"):
        programme = services.programme_create(kind="brand", title="测试通知行动", start_year=2031, end_year=2031)
        section = services.section_create(programme=programme, number=1, heading="测试")
        return services.item_create(programme=programme, section=section, number=1, title="测试通知事项",
                                    lead_unit=Unit.objects.get(name="办公室"))


def test_a_filed_report_goes_to_the_offices_reviewers(people, office_item):
    from tenants.programmes import services

    since = _last()
    with schema_context("ziyang"):
        report = services.report_file(actor=people["staff"], item=office_item, month="2031-03",
                                      progress="完成调研", status="on_track")
    sent = _sent(Kind.REPORT_FILED, since)
    assert sent == {"ziyang_admin": "“测试通知事项”2031-03 月报待审核"}
    row = Notification.objects.get(kind=Kind.REPORT_FILED, pk__gt=since)
    assert row.url == f"/programmes/reports/{report.pk}/review/"
    assert row.body_text() == "办公室报送，推进状态：按计划推进。"


def test_a_returned_report_goes_to_its_filer_and_the_units_staff_not_the_reviewer(people, office_item):
    from tenants.programmes import services

    with schema_context("ziyang"):
        report = services.report_file(actor=people["admin"], item=office_item, month="2031-03",
                                      progress="完成调研", status="on_track")
        since = _last()
        services.report_return(actor=people["admin"], report=report, comment="请补充数据")
    sent = _sent(Kind.REPORT_RETURNED, since)
    # filed by the admin, who returned it (not told); the lead unit's staff; not 提案委's staff2
    assert sent == {"ziyang_staff": "“测试通知事项”2031-03 月报被退回"}
    row = Notification.objects.get(kind=Kind.REPORT_RETURNED, pk__gt=since)
    assert row.body_text() == "退回意见：请补充数据"
    assert row.url == f"/programmes/items/{office_item.pk}/report/?month=2031-03"


def test_an_accepted_report_goes_to_its_filer_and_the_units_staff(people, office_item):
    from accounts.models import Role
    from accounts.services import membership_grant, user_ensure
    from tenants.programmes import services

    filer = user_ensure(username="ziyang_admin2", display_name="资阳第二管理员")
    membership_grant(user=filer, organisation=people["ziyang"], role=Role.TENANT_ADMIN)
    with schema_context("ziyang"):
        report = services.report_file(actor=filer, item=office_item, month="2031-04",
                                      progress="完成", status="done")
        since = _last()
        services.report_accept(actor=people["admin"], report=report)
    assert _sent(Kind.REPORT_ACCEPTED, since) == {
        "ziyang_staff": "“测试通知事项”2031-04 月报已采纳", "ziyang_admin2": "“测试通知事项”2031-04 月报已采纳"}


def test_golden_idea_stages_reach_the_recommender_and_the_people_acting_next(people):
    from tests.tenants.golden_ideas.conftest import form_values, open_selection, review
    from tenants.golden_ideas.services import idea_advance, idea_recommend

    with schema_context("ziyang"):
        selection = open_selection()
        since = _last()
        idea = idea_recommend(actor=people["staff"], selection=selection, **form_values())
        recommended = _sent(Kind.IDEA_STAGE, since)
        assert set(recommended) == {"ziyang_admin", "ziyang_staff2"}  # the reviewers, not the recommender
        assert recommended["ziyang_admin"] == f"金点子“{idea.title}”进入“推荐”阶段"

        review(idea, people["staff2"])
        since = _last()
        idea_advance(actor=people["admin"], idea_id=idea.pk, to_stage="shortlisted", opinion="同意")
        assert _sent(Kind.IDEA_STAGE, since) == {"ziyang_staff": f"金点子“{idea.title}”进入“初选”阶段"}

        idea_advance(actor=people["admin"], idea_id=idea.pk, to_stage="approved", opinion="主席会同意")
        since = _last()
        idea_advance(actor=people["admin"], idea_id=idea.pk, to_stage="commended")
        assert _sent(Kind.IDEA_COMMENDED, since) == {"ziyang_staff": f"金点子“{idea.title}”获表扬"}
    assert Notification.objects.get(kind=Kind.IDEA_COMMENDED, pk__gt=since).url == f"/golden-ideas/ideas/{idea.pk}/"


def test_a_rejected_idea_tells_its_recommender(people):
    from tests.tenants.golden_ideas.conftest import form_values, open_selection
    from tenants.golden_ideas.services import idea_advance, idea_recommend

    with schema_context("ziyang"):
        idea = idea_recommend(actor=people["staff"], selection=open_selection(), **form_values())
        since = _last()
        idea_advance(actor=people["admin"], idea_id=idea.pk, to_stage="rejected", opinion="不符合条件")
    assert _sent(Kind.IDEA_STAGE, since) == {"ziyang_staff": f"金点子“{idea.title}”进入“未入选”阶段"}


def test_deadline_reminders_stay_in_their_committee(people):
    from tenants.reminders.models import Deadline
    from tenants.reminders.services import reminders_send

    since = _last()
    for slug in ("ziyang", "jinhua"):
        with schema_context(slug):
            Deadline.objects.all().delete()  # the demo's
            Deadline.objects.create(title=f"{slug}测试截止", due_on=dt.date(2031, 1, 2))
            reminders_send(today=dt.date(2031, 1, 1))
            reminders_send(today=dt.date(2031, 1, 5))
    approaching, passed = _sent(Kind.DEADLINE_APPROACHING, since), _sent(Kind.DEADLINE_PASSED, since)
    assert {"ziyang_admin", "ziyang_staff", "ziyang_staff2", "jinhua_admin", "jinhua_staff"} <= set(approaching)
    assert approaching["ziyang_staff"] == "ziyang测试截止：还有 1 天截止"
    assert passed["jinhua_staff"] == "jinhua测试截止：已逾期 3 天"
    ziyang_titles = set(Notification.objects.filter(pk__gt=since, organisation__schema_name="ziyang")
                        .values_list("params__title", flat=True))
    assert "jinhua测试截止" not in ziyang_titles


def test_returning_a_report_in_the_page_with_the_broker_down_answers_at_once_and_the_email_waits(
        people, office_item, site, dead_broker, django_capture_on_commit_callbacks):
    import time

    from django.core import mail

    from notifications.models import EmailState
    from notifications.tasks import email_send_task
    from tenants.programmes import services

    with schema_context("ziyang"):
        report = services.report_file(actor=people["staff"], item=office_item, month="2031-05",
                                      progress="完成调研", status="on_track")
    since = _last()
    client = site("ziyang", "ziyang_admin")
    start = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(f"/programmes/reports/{report.pk}/review/", {"action": "return", "comment": "请补充"})
    assert response.status_code == 302 and callbacks and time.monotonic() - start < 2.0
    row = Notification.objects.get(kind=Kind.REPORT_RETURNED, pk__gt=since)
    assert (row.user, row.email_state, mail.outbox) == (people["staff"], EmailState.PENDING, [])
    # beat's next minute, once a worker is reached (with the admin's email of the filing, which waited too)
    assert email_send_task.apply().get() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["ziyang_admin@example.cn", "ziyang_staff@example.cn"]
    row.refresh_from_db()
    assert row.email_state == EmailState.SENT
