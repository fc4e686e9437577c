"""A report adopted by a higher level gives its author the duty record naming that level: the
national committee's adoption at once, the province's (recorded on the province's site) with the
committee's nightly figures; the record reads in the reader's language."""
import re

import pytest
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context

from accounts.models import User
from shared.opinion_exchange.models import ForwardedReport
from shared.opinion_exchange.services import province_adopt
from tenants.opinions.benchmark_push import benchmark_push_task
from tenants.opinions.services import office, outcomes
from tests.tenants.opinions.conftest import submit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _chinese_after():
    yield
    from django.utils import translation

    translation.activate("zh-hans")


def _adopted(member):
    from tenants.programmes.models import DutyRecord

    return list(DutyRecord.objects.filter(member=member, outcome="opinion_adopted", voided_at__isnull=True)
                .values_list("text", "date"))


def _page(site, member, language: str) -> str:
    client = site("ziyang", "ziyang_admin")
    client.cookies["django_language"] = language
    html = client.get(f"/programmes/members/{member.pk}/duty/?year={timezone.localdate().year}",
                      HTTP_ACCEPT_LANGUAGE=language).content.decode()
    return re.sub(r"<[^>]+>", "", html)


def test_the_provinces_adoption_reaches_the_authors_record_overnight(people, site):
    report = office.report_decide(actor=people["admin"], report=submit(people, title="电梯分摊省采用"), use=True)
    report = office.report_forward(actor=people["admin"], report=report, to_province=True, to_national=False)
    copy = ForwardedReport.objects.get(organisation__schema_name="ziyang", report_id=report.pk)
    today = timezone.localdate()
    with schema_context("sichuan"):
        province_adopt(actor=User.objects.get(username="sichuan_officer"), forwarded=copy, adopted_on=today,
                       issue="四川社情民意第3期")
    connection.set_schema("ziyang")
    assert _adopted(people["author_member"]) == []  # the province wrote only its own rows

    result = benchmark_push_task.apply().get()
    assert result["duty_synced"] >= 1
    assert _adopted(people["author_member"]) == [("社情民意信息“电梯分摊省采用”被省级采用", today)]
    assert "社情民意信息“电梯分摊省采用”被省级采用" in _page(site, people["author_member"], "zh-hans")
    assert "Report “电梯分摊省采用” adopted at provincial level" in _page(site, people["author_member"], "en")
    connection.set_schema("ziyang")
    benchmark_push_task.apply().get()  # nothing more the next night
    assert len(_adopted(people["author_member"])) == 1


def test_the_national_adoption_names_its_level_in_both_languages(people, site):
    report = office.report_decide(actor=people["admin"], report=submit(people, title="电梯分摊国采用"), use=True)
    report = office.report_forward(actor=people["admin"], report=report, to_province=True, to_national=True)
    outcomes.national_adoption_record(actor=people["admin"], report=report, adopted_on=timezone.localdate())
    copy = ForwardedReport.objects.get(organisation__schema_name="ziyang", report_id=report.pk)
    with schema_context("sichuan"):  # the province too, the same day: the record stays the national one
        province_adopt(actor=User.objects.get(username="sichuan_officer"), forwarded=copy,
                       adopted_on=timezone.localdate(), issue="四川社情民意第4期")
    connection.set_schema("ziyang")
    benchmark_push_task.apply().get()
    assert len(_adopted(people["author_member"])) == 1
    assert _adopted(people["author_member"])[0][0] == "社情民意信息“电梯分摊国采用”被国家级采用"
    assert "社情民意信息“电梯分摊国采用”被国家级采用" in _page(site, people["author_member"], "zh-hans")
    english = _page(site, people["author_member"], "en")
    assert "Report “电梯分摊国采用” adopted at national level" in english and "“电梯分摊国采用” adopted by a higher level" not in english
