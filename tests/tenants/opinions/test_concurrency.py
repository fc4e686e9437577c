"""Two office people deciding at once, on the real database with two connections: one transition only,
and two reports used at once never share an issue number.

Threads need committed rows (each has its own connection), so this test writes reports of its own into
资阳's committed schema and deletes them afterwards."""
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django_tenants.utils import schema_context

from accounts.models import User

TITLE = "并发测试信息"


@pytest.fixture
def committed(django_db_setup, django_db_blocker):
    from tenants.history.models import ChangeLog
    from tenants.opinions.models import OpinionReport

    def clean():
        with schema_context("ziyang"):
            ids = list(OpinionReport.objects.filter(title__startswith=TITLE).values_list("pk", flat=True))
            ChangeLog.objects.filter(model="opinionreport", object_id__in=ids).delete()
            OpinionReport.objects.filter(pk__in=ids).delete()

    with django_db_blocker.unblock():
        clean()
        yield
        clean()
        connection.set_schema_to_public()


def _race(actions) -> list:
    barrier = threading.Barrier(len(actions))
    results: list = [None] * len(actions)

    def run(i):
        from django.db import connection as thread_connection

        try:
            thread_connection.set_schema("ziyang")
            barrier.wait()
            results[i] = actions[i]()
        except Exception as error:  # noqa: BLE001 - the outcome is what the test checks
            results[i] = error
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(actions))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def _submitted(n: int):
    from tenants.opinions.models import OpinionReport
    from tenants.structure.models import Sector

    sector = Sector.objects.first()
    return [OpinionReport.objects.create(title=f"{TITLE}{i}", situation="情况", suggestions="建议", origin="sector",
                                         sector=sector) for i in range(n)]


def test_two_decisions_at_once_make_exactly_one(committed):
    from tenants.opinions.models import OpinionReport
    from tenants.opinions.services.office import report_decide

    admin = User.objects.get(username="ziyang_admin")
    with schema_context("ziyang"):
        report = _submitted(1)[0]
    results = _race([lambda: report_decide(actor=admin, report=report, use=True),
                     lambda: report_decide(actor=admin, report=report, use=False, reason="重复")])
    won = [r for r in results if isinstance(r, OpinionReport)]
    lost = [r for r in results if isinstance(r, ValidationError)]
    assert len(won) == 1 and len(lost) == 1, results
    assert "可能已被他人处理" in lost[0].messages[0]
    with schema_context("ziyang"):
        assert OpinionReport.objects.get(pk=report.pk).status == won[0].status


def test_two_reports_used_at_once_get_two_issue_numbers(committed):
    from tenants.opinions.models import OpinionReport
    from tenants.opinions.services.office import report_decide

    admin = User.objects.get(username="ziyang_admin")
    with schema_context("ziyang"):
        first, second = _submitted(2)
    results = _race([lambda: report_decide(actor=admin, report=first, use=True),
                     lambda: report_decide(actor=admin, report=second, use=True)])
    assert all(isinstance(r, OpinionReport) for r in results), results
    assert len({r.bulletin_issue for r in results}) == 2
